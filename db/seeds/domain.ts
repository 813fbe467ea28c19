// What the seed needs to drive the domain verbs people use (jury, reviews, decisions, publication)
// instead of writing their rows: the seed's one transaction, seen by each verb as its database; the
// person acting; a job queue; and a clock set to the day each past event happened.
import { type AcceleratorServices } from '#app/accelerator/access.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { loadRoles } from '#app/auth/session.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { clockOffset, setClockOffset } from '#app/utils/clock.server.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'
import type { Db } from '../client.ts'

/**
 * `seedDemo` runs in one transaction (all the demo or nothing), and each domain verb opens its own,
 * which Kysely refuses inside a transaction. Seen through this wrapper, the seed's transaction
 * answers `transaction().execute(work)` by running `work` in itself: the verb's queries join the
 * seed's transaction, and an error in a verb still rolls the whole demo back.
 */
export function joinedTransaction(trx: Db): Db {
  const joined: Db = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') return () => ({ execute: <T>(work: (db: Db) => Promise<T>) => work(joined) })
      const value: unknown = Reflect.get(target, property)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return joined
}

/**
 * Jobs sent while seeding (the result e-mails of a publication) are not run: the e-mails stay in the
 * outbox, listed on /dev/boite-mail (first-edition.ts dates them on the results day).
 */
const SEED_JOBS: JobQueue = { kind: 'in-process', send: async () => {}, start: async () => {}, stop: async () => {} }

export function seedServices(db: Db): AcceleratorServices {
  return { db, jobs: SEED_JOBS, appUrl: process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`, storage: storageFor(process.env) }
}

/** The person acting, with their roles as a session would carry them. */
export async function seedActor(db: Db, userId: string): Promise<SessionUser> {
  const row = await db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow()
  return { id: row.id, email: row.email, displayName: row.display_name, roles: await loadRoles(db, row.id) }
}

/**
 * Runs `work` with the application's clock at `instant`, so what the verbs date with `now()`
 * (reviews, decisions, publication) happened on the demo's past days; the clock is put back after.
 * Only while seeding, before the server answers anyone.
 */
export async function atInstant<T>(instant: Date, work: () => Promise<T>): Promise<T> {
  const previous = clockOffset()
  setClockOffset(instant.getTime() - Date.now())
  try {
    return await work()
  } finally {
    setClockOffset(previous)
  }
}
