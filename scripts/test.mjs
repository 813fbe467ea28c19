// `npm test`: typecheck, lint, unit and property tests, database tests (PGlite, and PostgreSQL
// when DATABASE_URL is set), production build, then the browser journeys with axe.
// `npm test -- --only e2e` (npm run test:e2e) runs the build and the journeys only.
import { spawnSync } from 'node:child_process'
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

const timings = {}
if (!existsSync('public/dsfr/dsfr.min.css')) run('copie des fichiers du DSFR', 'node', ['scripts/copy-dsfr.mjs'])
if (!only) {
  timings.typecheck = run('vérification des types (tsc)', 'npx', ['tsc', '--noEmit'])
  timings.lint = run('analyse statique (eslint)', 'npx', ['eslint', '.', '--max-warnings', '0'])
  timings.vitest = run(
    process.env.DATABASE_URL
      ? 'tests unitaires, de propriétés et de base de données (PGlite et PostgreSQL)'
      : 'tests unitaires, de propriétés et de base de données (PGlite ; définissez DATABASE_URL pour PostgreSQL)',
    'npx',
    ['vitest', 'run', '--project', 'unit', '--project', 'db-*'],
  )
}
if (!only || only === 'e2e') {
  ensureChromium()
  timings.build = run('construction de production', 'npm', ['run', 'build'])
  if (!only) {
    timings.faults = run('injection de pannes (PostgreSQL jetable, processus tués)', 'npx', ['vitest', 'run', '--project', 'faults'])
  }
  timings.e2e = run('parcours navigateur (Playwright + axe)', 'npx', ['playwright', 'test'])
}
console.log(`\nTout est vert. Durées (s) : ${JSON.stringify(timings)}`)
