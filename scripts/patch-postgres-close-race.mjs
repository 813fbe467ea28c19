// Closes a race in postgres.js 3.4.9 that kills the whole process when PostgreSQL restarts under
// traffic (issue 16 #2, decision 081). Upstream knows it and has not released a fix:
// porsager/postgres issues #1066, #1154, #1208; guard pull requests #1168 and #1209.
//
// The sequence, reproduced here (tests/faults/postgres-close-race.test.ts): Kysely runs every query
// on a reserved connection (`sql.reserve()`, kysely-postgres-js). When the server closes that
// connection, the pool's `onclose` puts it back in its « closed » queue and sets `socket = null`,
// but the reservation still holds it: the next query on it buffers its bytes and schedules
// `nextWrite` with `setImmediate`, which calls `socket.write` on null. The TypeError is thrown from
// a timer, outside any promise: no try/catch catches it and the process dies. And when the
// reservation is released, `release()` hands the socketless connection to the open queue, where it
// fails a share of every later query (with only a guard in `nextWrite`, one query in three on a
// pool of three, for good).
//
// Five changes, to every copy of the driver Node or a bundler could load (ESM `src/`, the one the
// app loads; CommonJS `cjs/src/`; Cloudflare `cf/src/`; nested copies too):
// 1. connection.js `nextWrite`: with no socket, settle the pending queries with CONNECTION_CLOSED
//    and write nothing (as PR #1209: dropping the write alone, as PR #1168, leaves callers hanging);
// 2. connection.js `closed`: forget the buffered bytes and the cancelled timer (the cancelled
//    timer's handle stayed set, so no later write was ever scheduled on the reconnected socket,
//    and the stale bytes would have gone out before its startup message);
// 3. index.js `reserve`: a reservation whose connection closed no longer owns it: its queries are
//    refused with CONNECTION_CLOSED and its `release()` does not put the connection back in the
//    open queue (the pool reconnects it from the closed queue when it needs it);
// 4. index.js `reserve`: a reservation request that is rejected (its connection attempt failed)
//    leaves the pool's queue, so that no connection is later handed to it and lost;
// 5. index.js `onclose`: a reservation request the pool reconnects for stays in the queue until a
//    connection opens for it (it was shifted out and never answered: a request waiting forever
//    after every PostgreSQL restart, seen in tests/faults/database-mixed-traffic.test.ts).
//
// Runs from `postinstall` after scripts/patch-route-matching.mjs; idempotent. If the driver's text
// moved (a new version), it says which file and which text, and exits with code 1: the patch must
// then be reviewed again (dropped if the release has the fix) — never lost without anyone noticing.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { applyPatch } from './patch-route-matching.mjs'

export const MARKER = '/* aic: close race guarded by scripts/patch-postgres-close-race.mjs */'

/** The driver's builds, relative to its package folder. */
export const BUILDS = ['src', 'cjs/src', 'cf/src']

const connectionReplacements = [
  [
    '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n',
    '  function nextWrite(fn) {\n' +
      `    ${MARKER}\n` +
      '    if (!socket) {\n' +
      '      // Closed after this write was buffered (porsager/postgres#1208): settle, do not throw.\n' +
      '      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n' +
      '      chunk = nextWriteTimer = null\n' +
      "      error(Errors.connection('CONNECTION_CLOSED', options))\n" +
      '      return false\n' +
      '    }\n' +
      '    const x = socket.write(chunk, fn)\n',
  ],
  [
    '  async function closed(hadError) {\n    incoming = Buffer.alloc(0)\n    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n',
    '  async function closed(hadError) {\n    incoming = Buffer.alloc(0)\n    remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n' +
      // The bytes of the queries this close rejects, or of a startup message a reconnection resends.
      '    chunk = nextWriteTimer = null\n',
  ],
]

const indexReplacements = [
  [
    '    move(c, reserved)\n' +
      '    c.reserved = () => queue.length\n' +
      '      ? c.execute(queue.shift())\n' +
      '      : move(c, reserved)\n' +
      '    c.reserved.release = true\n' +
      '\n' +
      '    const sql = Sql(handler)\n' +
      '    sql.release = () => {\n' +
      '      c.reserved = null\n' +
      '      onopen(c)\n' +
      '    }\n' +
      '\n' +
      '    return sql\n' +
      '\n' +
      '    function handler(q) {\n' +
      '      c.queue === full\n' +
      '        ? queue.push(q)\n' +
      '        : c.execute(q) || move(c, full)\n' +
      '    }\n',
    '    move(c, reserved)\n' +
      `    ${MARKER}\n` +
      "    // onclose() sets c.reserved to null when the connection closes while reserved, and may hand\n" +
      '    // it to another caller: from then on this reservation does not own it.\n' +
      '    const reservation = c.reserved = () => queue.length\n' +
      '      ? c.execute(queue.shift())\n' +
      '      : move(c, reserved)\n' +
      '    c.reserved.release = true\n' +
      '    const owned = () => c.reserved === reservation\n' +
      "    const lost = () => Errors.connection('CONNECTION_CLOSED', options)\n" +
      '\n' +
      '    const sql = Sql(handler)\n' +
      '    sql.release = () => {\n' +
      '      if (!owned()) {\n' +
      '        while (queue.length)\n' +
      '          queue.shift().reject(lost())\n' +
      '        return\n' +
      '      }\n' +
      '      c.reserved = null\n' +
      '      onopen(c)\n' +
      '    }\n' +
      '\n' +
      '    return sql\n' +
      '\n' +
      '    function handler(q) {\n' +
      '      if (!owned())\n' +
      '        return q.reject(lost())\n' +
      '      c.queue === full\n' +
      '        ? queue.push(q)\n' +
      '        : c.execute(q) || move(c, full)\n' +
      '    }\n',
  ],
  [
    '        const query = { reserve: resolve, reject }\n        queries.push(query)\n',
    // Rejected (its connection attempt failed), it leaves the queue: otherwise onopen() would later
    // hand it a connection that nobody then owns, and the pool would lose that connection.
    '        const query = { reserve: resolve, reject: e => (queries.remove(query), reject(e)) }\n        queries.push(query)\n',
  ],
  [
    '    queries.length && connect(c, queries.shift())\n  }\n}\n',
    '    if (queries.length) {\n' +
      // A reservation request stays queued until a connection opens for it: connection.js drops a
      // reservation request it connected for (`initial.reserve && (initial = null)`) and leaves it
      // to onopen(), which finds it only in the queue. Shifted out here, it was never answered.
      '      const query = queries.shift()\n' +
      '      query.reserve && queries.push(query)\n' +
      '      connect(c, query)\n' +
      '    }\n' +
      '  }\n}\n',
  ],
]

/** Every installed copy of the `postgres` package: the top one and any nested under another package. */
export function driverCopies(root = 'node_modules') {
  const copies = []
  const visit = (modules, depth) => {
    if (depth > 4 || !existsSync(modules)) return
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue
      const folder = path.join(modules, entry.name)
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(folder, { withFileTypes: true })) visit(path.join(folder, scoped.name, 'node_modules'), depth + 1)
        continue
      }
      if (entry.name === 'postgres' && isPostgresJs(folder)) copies.push(folder)
      visit(path.join(folder, 'node_modules'), depth + 1)
    }
  }
  visit(root, 0)
  return copies
}

function isPostgresJs(folder) {
  try {
    return JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')).name === 'postgres'
  } catch {
    return false
  }
}

/** The patches for one copy of the driver: two files in each of its builds. */
export function patchesFor(folder) {
  return BUILDS.flatMap((build) => [
    { file: path.join(folder, build, 'connection.js'), replacements: connectionReplacements, marker: MARKER },
    { file: path.join(folder, build, 'index.js'), replacements: indexReplacements, marker: MARKER },
  ])
}

/** Applies every patch; returns one line per file and whether all of them hold now. */
export function patchAll(root = 'node_modules') {
  const lines = []
  let ok = true
  const copies = driverCopies(root)
  if (copies.length === 0) return { ok: true, lines: ['postgres absent : rien à corriger'] }
  for (const folder of copies) {
    const { version } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
    for (const patch of patchesFor(folder)) {
      const outcome = applyPatch(patch)
      // The published package ships the three builds: a missing one is a new layout, to review.
      if (outcome !== 'appliqué' && outcome !== 'déjà appliqué') ok = false
      lines.push(`${patch.file} (postgres ${version}) : ${outcome}`)
    }
  }
  return { ok, lines }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ok, lines } = patchAll()
  for (const line of lines) console.log(`patch-postgres-close-race : ${line}`)
  if (!ok) {
    console.error(
      'patch-postgres-close-race : le correctif de postgres.js ne s’applique plus (nouvelle version ?). ' +
        'Relisez scripts/patch-postgres-close-race.mjs et docs/decisions/081 : retirez-le si la version publiée corrige la fermeture, sinon adaptez le texte attendu.',
    )
    process.exit(1)
  }
}
