// postgres.js 3.4.9 on a connection the server closes, as Kysely uses the driver (every query on a
// reserved connection, kysely-postgres-js): the patch of patches/postgres+3.4.9.patch
// (decision 081). Each case runs in a process of its own, so that a crash is seen as a crash.
// To see these fail without the patch: POSTGRES_DRIVER_DIR=<an unpacked postgres 3.4.9>.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startThrowawayPostgres, type ThrowawayPostgres } from '#tests/helpers/throwaway-postgres.ts'

const driver = process.env.POSTGRES_DRIVER_DIR ? pathToFileURL(path.join(process.env.POSTGRES_DRIVER_DIR, 'src/index.js')).href : 'postgres'

let pg: ThrowawayPostgres
beforeAll(async () => {
  pg = await startThrowawayPostgres()
}, 60_000)
afterAll(() => pg?.destroy())

/**
 * Runs `body` in a new Node process with `sql` (the pool under test, `max` connections), `killer`
 * (another client), `settle(promise)` (the outcome as a string, « sans réponse » after 5 s) and
 * `report(value)`. Returns what was reported and how the process ended.
 */
function scenario(max: number, body: string) {
  const script = `
    import postgres from ${JSON.stringify(driver)}
    process.on('uncaughtException', (error) => { console.log(JSON.stringify({ uncaught: error.message })); process.exit(70) })
    const sql = postgres(process.env.URL, { max: ${max}, onnotice() {} })
    const killer = postgres(process.env.URL, { max: 1, onnotice() {} })
    const settle = (promise) => Promise.race([
      promise.then(() => 'ok', (error) => error.code ?? String(error)),
      new Promise((resolve) => setTimeout(resolve, 5000, 'sans réponse')),
    ])
    const report = (value) => console.log(JSON.stringify({ report: value }))
    ${body}
    process.exit(0)
  `
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, URL: pg.url }, encoding: 'utf8', timeout: 60_000 })
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { report?: unknown; uncaught?: string })
  return { status: run.status, stderr: run.stderr, uncaught: lines.find((line) => line.uncaught)?.uncaught, reports: lines.filter((line) => 'report' in line).map((line) => line.report) }
}

describe('postgres.js : le serveur coupe une connexion réservée', () => {
  it('la requête suivante sur cette réservation est refusée (CONNECTION_CLOSED) : le processus ne meurt pas', () => {
    const outcome = scenario(
      2,
      `
      const reserved = await sql.reserve()
      const [{ pid }] = await reserved\`select pg_backend_pid() as pid\`
      await killer\`select pg_terminate_backend(\${pid})\`
      await new Promise((resolve) => setTimeout(resolve, 200))
      report(await settle(reserved\`select 1\`))
      reserved.release()
      report(await settle(sql\`select 1\`))
    `,
    )
    // Before the patch: « Cannot read properties of null (reading 'write') », thrown from a timer.
    expect(outcome.uncaught).toBeUndefined()
    expect(outcome.status, outcome.stderr).toBe(0)
    expect(outcome.reports).toEqual(['CONNECTION_CLOSED', 'ok'])
  })

  it('relâchée, la connexion coupée ne reste pas dans le pool : toutes les requêtes suivantes aboutissent, sur toutes les connexions', () => {
    const outcome = scenario(
      3,
      `
      const reserved = await sql.reserve()
      const [{ pid }] = await reserved\`select pg_backend_pid() as pid\`
      await killer\`select pg_terminate_backend(\${pid})\`
      await new Promise((resolve) => setTimeout(resolve, 200))
      await settle(reserved\`select 1\`)
      reserved.release()
      for (let round = 0; round < 3; round++) {
        const outcomes = await Promise.all(Array.from({ length: 30 }, () => sql\`select pg_backend_pid() as pid, pg_sleep(0.02)\`.then(([row]) => row.pid, (error) => error.code)))
        report({ failed: outcomes.filter((value) => typeof value !== 'number'), connections: new Set(outcomes.filter((value) => typeof value === 'number')).size })
      }
    `,
    )
    expect(outcome.uncaught).toBeUndefined()
    // With only a guard in nextWrite (upstream PR #1168 or #1209 alone), the released connection
    // stayed in the open queue without a socket and failed one query in three, for good.
    expect(outcome.reports).toEqual(Array.from({ length: 3 }, () => ({ failed: [], connections: 3 })))
  })

  it('une réservation qui attend une connexion pendant la coupure reçoit la connexion reconnectée', () => {
    const outcome = scenario(
      1,
      `
      const first = await sql.reserve()
      const [{ pid }] = await first\`select pg_backend_pid() as pid\`
      // The pool's only connection is reserved: this one waits in the queue.
      const waiting = sql.reserve().then(async (second) => {
        await second\`select 1\`
        second.release()
      })
      await killer\`select pg_terminate_backend(\${pid})\`
      // Before the patch the pool reconnected for the waiting request, then forgot it: no answer, ever.
      report(await settle(waiting))
      report(await settle(first\`select 1\`))
      first.release()
      report(await settle(sql\`select 1\`))
    `,
    )
    expect(outcome.uncaught).toBeUndefined()
    // The first reservation lost its connection: its next query is refused, it does not run on a
    // connection the pool gave to someone else.
    expect(outcome.reports).toEqual(['ok', 'CONNECTION_CLOSED', 'ok'])
  })

  it('connexion réinitialisée (erreur puis fermeture) : la requête envoyée entre les deux est refusée, elle n’attend pas pour toujours', () => {
    // A reset (ECONNRESET) emits 'error' then 'close' with hadError. The transaction's query is
    // refused on 'error'; Kysely then sends ROLLBACK on the same reservation, before 'close': that
    // query went out on a dying socket and nobody ever answered it (the fold job and a sign-in hung
    // 15 s in tests/faults/database-mixed-traffic.test.ts when PostgreSQL restarted).
    const outcome = scenario(
      2,
      `
      const net = await import('node:net')
      const sockets = []
      const connect = net.Socket.prototype.connect
      net.Socket.prototype.connect = function (...args) { sockets.push(this); return connect.apply(this, args) }
      const reserved = await sql.reserve()
      await reserved\`select 1\`
      const socket = sockets.at(-1)
      const running = reserved\`select pg_sleep(2)\`
      const rollback = running.then(() => 'ok', () => settle(reserved\`rollback\`))
      await new Promise((resolve) => setTimeout(resolve, 100))
      socket.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))
      report(await settle(running))
      report(await rollback)
      reserved.release()
      report(await settle(sql\`select 1\`))
    `,
    )
    expect(outcome.uncaught).toBeUndefined()
    expect(outcome.reports).toEqual(['ECONNRESET', 'CONNECTION_CLOSED', 'ok'])
  })

  it('une requête en attente derrière une autre sur la réservation est refusée quand la connexion ferme', () => {
    const outcome = scenario(
      2,
      `
      const reserved = await sql.reserve()
      const [{ pid }] = await reserved\`select pg_backend_pid() as pid\`
      // A parameter: the statement is described first, the connection is « full » until it answers,
      // and the next query waits in the reservation's own queue.
      const first = reserved\`select pg_sleep(\${2})\`
      const second = reserved\`select 2\`
      await new Promise((resolve) => setTimeout(resolve, 100))
      await killer\`select pg_terminate_backend(\${pid})\`
      report(await settle(first))
      // Before the patch: still queued, answered by nobody until a release that its caller never reaches.
      report(await settle(second))
      reserved.release()
      report(await settle(sql\`select 1\`))
    `,
    )
    expect(outcome.uncaught).toBeUndefined()
    // The running statement is refused too (a reset or the server's « terminating connection »).
    expect(outcome.reports[0]).not.toBe('sans réponse')
    expect(outcome.reports.slice(1)).toEqual(['CONNECTION_CLOSED', 'ok'])
  })
})
