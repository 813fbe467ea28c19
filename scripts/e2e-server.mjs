// Starts the production build for the browser journeys, on a database of its own: a fresh
// PGlite directory, or a fresh database on the PostgreSQL server of DATABASE_URL (dropped on exit).
import { spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { proconnectTestConfig } from '../tests/e2e/proconnect-test-config.mjs'

const port = process.env.E2E_PORT ?? '3100'
// ProConnect is played by the local provider Playwright starts next to this server.
const proconnect = proconnectTestConfig(Number(port))
const env = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: port,
  HOST: '127.0.0.1',
  APP_URL: `http://localhost:${port}`,
  DEMO_MODE: 'true',
  TEST_HOOKS: 'true',
  // Journeys change a public page and read it again at once: the browser must ask each time
  // (public pages still answer public, with their ETag; decision 091).
  PUBLIC_CACHE_MAX_AGE: '0',
  // Each journey sends its own X-Forwarded-For (tests/e2e/fixtures.ts), as if behind a proxy.
  TRUST_PROXY: '1',
  SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456789',
  LOG_LEVEL: 'info',
  PROCONNECT_ISSUER: proconnect.issuer,
  PROCONNECT_CLIENT_ID: proconnect.clientId,
  PROCONNECT_CLIENT_SECRET: proconnect.clientSecret,
}
delete env.RESEND_API_KEY

const tmp = mkdtempSync(path.join(tmpdir(), 'aic-e2e-'))
let cleanup = async () => rmSync(tmp, { recursive: true, force: true })

if (process.env.DATABASE_URL) {
  const name = `e2e_${Date.now().toString(36)}_${process.pid}`
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(process.env.DATABASE_URL)
  url.pathname = `/${name}`
  env.DATABASE_URL = url.toString()
  const removeDir = cleanup
  cleanup = async () => {
    await removeDir()
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
    await admin.end()
  }
} else {
  env.PGLITE_DIR = path.join(tmp, 'pglite')
}
env.UPLOADS_DIR = path.join(tmp, 'uploads')

// The server's JSON logs go to e2e-server.log, to read when a journey fails.
const log = createWriteStream('e2e-server.log')
const server = spawn(process.execPath, ['build/server.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
server.stdout.pipe(log)
server.stderr.pipe(log)
server.stderr.pipe(process.stderr)
let stopping = false
const stop = async (code) => {
  if (stopping) return
  stopping = true
  server.kill('SIGTERM')
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)))
  await cleanup()
  process.exit(code)
}
server.on('exit', (code) => {
  if (!stopping) void cleanup().then(() => process.exit(code ?? 1))
})
process.on('SIGTERM', () => void stop(0))
process.on('SIGINT', () => void stop(0))
