// `npm test`: typecheck, lint, unit and property tests, database tests (PGlite, and PostgreSQL
// when DATABASE_URL is set), production build, then the browser journeys with axe.
// `npm test -- --only e2e` (npm run test:e2e) runs the build and the journeys only.
// Type checking and lint are single-threaded and the fault tests mostly wait (a stopped
// PostgreSQL, killed processes): the three run at the same time, on the two cores (decision 088).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function run(label, command, args, env = {}) {
  const started = Date.now()
  console.log(`\n▶ ${label}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${label} : échec (${seconds} s)`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${label} (${seconds} s)`)
  return seconds
}

function ensureChromium() {
  if (existsSync(chromium)) return
  console.log(`Chromium est absent (${chromium}) : installation avec apt-get…`)
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (canInstall) {
    let result = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' })
    if (result.status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit' })
      result = spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit' })
    }
  }
  if (!existsSync(chromium)) {
    console.error(
      `\n✖ Les parcours navigateur ne peuvent pas tourner : Chromium est introuvable (${chromium}).\n` +
        '  Installez-le avec « sudo apt-get install -y chromium » (Debian), ou indiquez son chemin dans CHROMIUM_PATH.\n' +
        '  Les tests ne sont pas sautés : ils échouent.',
    )
    process.exit(1)
  }
}

/**
 * Runs the phases at the same time, each with its output kept and printed whole when it ends
 * (interleaved lines would be unreadable). Fails as soon as one fails, after printing its output.
 */
async function runTogether(phases) {
  const started = Date.now()
  console.log(`\n▶ en parallèle : ${phases.map((p) => p.label).join(' ; ')}`)
  const results = await Promise.all(
    phases.map(
      ({ key, label, command, args }) =>
        new Promise((resolve) => {
          const phaseStarted = Date.now()
          const child = spawn(command, args, { env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } })
          const output = []
          child.stdout.on('data', (chunk) => output.push(chunk))
          child.stderr.on('data', (chunk) => output.push(chunk))
          child.on('close', (status) => {
            const seconds = ((Date.now() - phaseStarted) / 1000).toFixed(1)
            console.log(`\n── ${label}`)
            process.stdout.write(Buffer.concat(output))
            console.log(status === 0 ? `✔ ${label} (${seconds} s)` : `✖ ${label} : échec (${seconds} s)`)
            resolve({ key, status, seconds })
          })
        }),
    ),
  )
  for (const { key, seconds } of results) timings[key] = seconds
  timings[phases.map((p) => p.key).join('+')] = ((Date.now() - started) / 1000).toFixed(1)
  const failed = results.find((r) => r.status !== 0)
  if (failed) process.exit(failed.status ?? 1)
}

const timings = {}
const started = Date.now()
if (!existsSync('public/dsfr/dsfr.min.css')) run('copie des fichiers du DSFR', 'node', ['scripts/copy-dsfr.mjs'])
if (!only || only === 'e2e') ensureChromium()
if (!only || only === 'e2e') timings.build = run('construction de production', 'npm', ['run', 'build'])
if (!only) {
  await runTogether([
    { key: 'typecheck', label: 'vérification des types (tsc)', command: 'npx', args: ['tsc', '--noEmit'] },
    { key: 'lint', label: 'analyse statique (eslint)', command: 'npx', args: ['eslint', '.', '--max-warnings', '0'] },
    { key: 'faults', label: 'injection de pannes (PostgreSQL jetable, processus tués)', command: 'npx', args: ['vitest', 'run', '--project', 'faults'] },
  ])
  timings.vitest = run(
    process.env.DATABASE_URL
      ? 'tests unitaires, de propriétés et de base de données (PGlite et PostgreSQL)'
      : 'tests unitaires, de propriétés et de base de données (PGlite ; définissez DATABASE_URL pour PostgreSQL)',
    'npx',
    ['vitest', 'run', '--project', 'unit', '--project', 'db-*'],
  )
}
if (!only || only === 'e2e') {
  timings.e2e = run('parcours navigateur (Playwright + axe)', 'npx', ['playwright', 'test'])
}
timings.total = ((Date.now() - started) / 1000).toFixed(1)
console.log(`\nTout est vert. Durées (s) : ${JSON.stringify(timings)}`)
