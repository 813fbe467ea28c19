// `npm start`: builds if the sources changed since the last build, then serves the production
// build in demonstration mode (embedded PGlite under ./data unless DATABASE_URL is set; the
// server migrates, seeds an empty database and prints the demo sign-ins).
// A real deployment runs `npm run build` once, then `npm run serve` without DEMO_MODE.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

function newestMtime(entry) {
  if (!existsSync(entry)) return 0
  const stat = statSync(entry)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))))
}

const builtAt = existsSync('build/server.js') ? statSync('build/server.js').mtimeMs : 0
const sourcesAt = Math.max(...['app', 'db', 'emails', 'server.ts', 'remix.config.js', 'package.json'].map(newestMtime))
if (!existsSync('public/dsfr/dsfr.min.css')) spawnSync('node', ['scripts/copy-dsfr.mjs'], { stdio: 'inherit' })
if (sourcesAt > builtAt) {
  console.log('Construction de l’application…')
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const env = { NODE_ENV: 'production', DEMO_MODE: 'true', ...process.env }
if (env.DEMO_MODE === 'true') {
  // The server itself defaults to 127.0.0.1 in demo mode and warns when HOST opens it wider.
  const where = env.HOST ? `sur l’interface ${env.HOST}` : 'depuis cette machine seulement (127.0.0.1)'
  console.log(
    [
      '',
      '  ============================== MODE DÉMONSTRATION ==============================',
      '  Comptes de démonstration et boîte d’envoi locale : les liens de connexion de tous',
      '  les comptes sont visibles sur /dev/boite-mail. Jamais avec de vraies personnes.',
      `  Accessible ${where}.`,
      '  =================================================================================',
      '',
    ].join('\n'),
  )
}
const server = spawn(process.execPath, ['build/server.js'], { stdio: 'inherit', env })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
