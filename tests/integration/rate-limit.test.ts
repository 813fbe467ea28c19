import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { hitRateLimit, LONG_WINDOW_PREFIX, purgeRateLimits, refundRateLimit } from '#app/utils/rate-limit.server.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())
beforeEach(() => truncateAll(handle.db))

const DAY = 24 * 3600 * 1000
const MONTH = { limit: 3, windowSeconds: 30 * 24 * 3600 }
const QUARTER_HOUR = { limit: 3, windowSeconds: 15 * 60 }
/** The first millisecond of a 30-day window (windows are aligned on the epoch). */
const monthStart = new Date(Math.floor(Date.UTC(2026, 5, 1) / (MONTH.windowSeconds * 1000)) * MONTH.windowSeconds * 1000)

async function keys() {
  const rows = await handle.db.selectFrom('rate_limits').select('key').orderBy('key').execute()
  return rows.map((row) => row.key)
}

describe('limites de débit', () => {
  it('la purge quotidienne garde une fenêtre de 30 jours jusqu’à sa fin, et efface les fenêtres courtes de la veille', async () => {
    const long = `${LONG_WINDOW_PREFIX}essai:mois`
    await hitRateLimit(handle.db, long, MONTH, monthStart)
    await hitRateLimit(handle.db, 'essai:quart-d-heure', QUARTER_HOUR, monthStart)

    expect(await purgeRateLimits(handle.db, new Date(monthStart.getTime() + 2 * DAY))).toBe(1)
    expect(await keys()).toEqual([long])
    // Still counted: the budget did not start again from zero.
    for (let i = 0; i < 2; i++) expect((await hitRateLimit(handle.db, long, MONTH, new Date(monthStart.getTime() + 3 * DAY))).allowed).toBe(true)
    expect(await hitRateLimit(handle.db, long, MONTH, new Date(monthStart.getTime() + 3 * DAY))).toMatchObject({ allowed: false, hits: 4 })

    expect(await purgeRateLimits(handle.db, new Date(monthStart.getTime() + 29 * DAY))).toBe(0)
    expect(await purgeRateLimits(handle.db, new Date(monthStart.getTime() + 32 * DAY))).toBe(1)
    expect(await keys()).toEqual([])
  })

  it('une fenêtre de plus d’un jour sans le préfixe « long: » est refusée : la purge l’effacerait trop tôt', async () => {
    await expect(hitRateLimit(handle.db, 'essai:mois', MONTH, monthStart)).rejects.toThrow(/long:/)
    await expect(hitRateLimit(handle.db, `${LONG_WINDOW_PREFIX}essai:an`, { limit: 1, windowSeconds: 365 * 24 * 3600 }, monthStart)).rejects.toThrow(/31 jours/)
    expect(await keys()).toEqual([])
  })

  it('rendre un essai le retire de la même fenêtre, sans passer sous zéro', async () => {
    const at = new Date(monthStart.getTime() + 60_000)
    await hitRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)
    await hitRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)
    await refundRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)
    await refundRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)
    await refundRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)
    expect(await hitRateLimit(handle.db, 'essai:rendu', QUARTER_HOUR, at)).toMatchObject({ allowed: true, hits: 1 })
  })
})
