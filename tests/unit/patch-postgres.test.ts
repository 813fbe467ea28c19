// The postgres.js close-race patch (patches/postgres+3.4.9.patch, decision 081): applied to every
// build of the installed driver, the install failing when the driver's text moved, and the part of
// it that needs no server: a connection closed while a write waits for its timer reconnects cleanly.
// The parts that need a PostgreSQL server are in tests/faults/postgres-close-race.test.ts.
// To see this file fail without the patch: POSTGRES_DRIVER_DIR=<an unpacked postgres 3.4.9>.
import { spawnSync } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type postgresType from 'postgres'
import { describe, expect, it } from 'vitest'

const driverDir = process.env.POSTGRES_DRIVER_DIR
const { default: postgres } = (await import(driverDir ? pathToFileURL(path.join(driverDir, 'src/index.js')).href : 'postgres') as { default: typeof postgresType })

/** The driver's builds, each corrected by patches/postgres+3.4.9.patch (patches/README.md, decision 081). */
const BUILDS = ['src', 'cjs/src', 'cf/src']
const MARKER = '/* aic: close race guarded (patches/README.md, decision 081) */'

describe('correctif de postgres.js (patch-package)', () => {
  it('chaque build du pilote installé le porte (une installation avec --ignore-scripts ne l’aurait pas)', () => {
    for (const build of BUILDS) {
      for (const file of ['connection.js', 'index.js']) expect(readFileSync(path.join('node_modules/postgres', build, file), 'utf8'), `${build}/${file}`).toContain(MARKER)
    }
  })

  it('l’installation échoue quand le diff ne s’applique plus (texte du pilote changé)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'aic-patch-pg-'))
    const folder = path.join(root, 'node_modules', 'postgres')
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'essai', version: '1.0.0', dependencies: { postgres: '3.4.9' } }))
    mkdirSync(path.join(root, 'patches'))
    copyFileSync('patches/postgres+3.4.9.patch', path.join(root, 'patches', 'postgres+3.4.9.patch'))
    mkdirSync(folder, { recursive: true })
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'postgres', version: '3.4.9' }))
    for (const build of BUILDS) {
      mkdirSync(path.join(folder, build), { recursive: true })
      writeFileSync(path.join(folder, build, 'connection.js'), '// rewritten upstream\n')
      writeFileSync(path.join(folder, build, 'index.js'), '// rewritten upstream\n')
    }
    const run = spawnSync(process.execPath, [path.resolve('node_modules/patch-package/index.js'), '--error-on-fail'], { cwd: root, encoding: 'utf8' })
    expect(run.status, run.stdout + run.stderr).toBe(1)
    expect(run.stdout + run.stderr).toMatch(/postgres/)
    // Nothing half-patched is left behind.
    expect(readFileSync(path.join(folder, 'src', 'connection.js'), 'utf8')).toBe('// rewritten upstream\n')
  })
})

/** A socket the test drives by hand: it records what the driver writes and answers what it is told. */
class FakeSocket extends EventEmitter {
  received: Buffer[] = []
  readyState = 'open'
  write(chunk: Uint8Array, callback?: () => void) {
    this.received.push(Buffer.from(chunk))
    callback?.()
    return true
  }
  end() {
    this.readyState = 'closed'
  }
  destroy() {
    this.readyState = 'closed'
  }
  setKeepAlive() {}
}

const AUTHENTICATION_OK = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0])
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5, 0x49])
/** A StartupMessage carries protocol 3.0 right after its length. */
const isStartupMessage = (bytes: Buffer) => bytes.length >= 8 && bytes.readInt32BE(4) === 196608

describe('postgres.js : a connection closed while a write waits for its timer', () => {
  it('rejects the query with CONNECTION_CLOSED, then reconnects and sends a clean startup message', async () => {
    const sockets: FakeSocket[] = []
    // `socket` (a function returning the connection's socket) exists in the driver, not in its types.
    const sql = postgres({
      socket: () => {
        const socket = new FakeSocket()
        sockets.push(socket)
        return socket as never
      },
      max: 1,
      fetch_types: false,
      backoff: () => 0,
      connect_timeout: 2,
      onnotice: () => {},
    } as Parameters<typeof postgres>[0] & object)
    try {
      const first = sql`select 1`.then(
        () => 'résolue',
        (error: { code?: string }) => error.code,
      )
      await expect.poll(() => sockets[0]?.received.some(isStartupMessage) ?? false, { timeout: 2_000 }).toBe(true)
      // The server accepts: the driver sends the query at the next turn of the event loop
      // (setImmediate)... and the connection closes before that turn.
      sockets[0]!.emit('data', Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY]))
      sockets[0]!.emit('close', false)
      expect(await first).toBe('CONNECTION_CLOSED')

      // The next query reconnects. Before the patch, the cancelled timer's handle stayed set, so
      // no write was ever scheduled again: the new socket got nothing (and the first query's bytes
      // were still waiting to go out before the startup message).
      const second = sql`select 2`.catch(() => null)
      await expect.poll(() => sockets[1]?.received.length ?? 0, { timeout: 2_000 }).toBeGreaterThan(0)
      expect(isStartupMessage(sockets[1]!.received[0]!)).toBe(true)
      sockets[1]!.emit('close', false)
      await second
    } finally {
      await sql.end({ timeout: 0 })
    }
  })
})
