// Loads the rows of the public answer rates (rates.ts) for a service, an organisation, or every
// organisation at once. Published experiences of the window only: a few thousand rows per service.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { answerRates, lastYearWindow, type AnswerRates, type RateItem, type RateWindow } from './rates.ts'

async function rateItems(db: Db, window: RateWindow, scope: { serviceId?: string; organisationId?: string }) {
  let query = db
    .selectFrom('experiences as e')
    .select([
      'e.organisation_id',
      'e.published_at',
      'e.first_answered_at',
      'e.feeling',
      sql<boolean>`EXISTS (SELECT 1 FROM service_change_sources l WHERE l.experience_id = e.id)`.as('linked'),
    ])
    .where('e.status', '=', 'published')
    .where('e.published_at', '>=', window.from)
    .where('e.published_at', '<', window.to)
  if (scope.serviceId) query = query.where('e.service_id', '=', scope.serviceId)
  if (scope.organisationId) query = query.where('e.organisation_id', '=', scope.organisationId)
  const rows = await query.execute()
  return rows.map((row) => ({
    organisationId: row.organisation_id,
    item: {
      publishedAt: new Date(row.published_at!),
      firstAnsweredAt: row.first_answered_at ? new Date(row.first_answered_at) : null,
      feeling: row.feeling,
      linkedToChange: row.linked,
    } satisfies RateItem,
  }))
}

export interface StatedRates {
  window: { from: string; to: string }
  rates: AnswerRates
}

const stated = (window: RateWindow) => ({ from: window.from.toISOString(), to: window.to.toISOString() })

export async function publicRates(db: Db, scope: { serviceId?: string; organisationId?: string }, at: Date = now()): Promise<StatedRates> {
  const window = lastYearWindow(at)
  const items = await rateItems(db, window, scope)
  return {
    window: stated(window),
    rates: answerRates(
      items.map((row) => row.item),
      window,
    ),
  }
}

/** One row per organisation that has published experiences in the window, by name. */
export async function publicRatesByOrganisation(db: Db, at: Date = now()) {
  const window = lastYearWindow(at)
  const [items, organisations] = await Promise.all([rateItems(db, window, {}), db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute()])
  const rows = organisations
    .map((organisation) => ({
      id: organisation.id,
      name: organisation.name,
      items: items.filter((row) => row.organisationId === organisation.id).map((row) => row.item),
    }))
    .filter((organisation) => organisation.items.length)
    .map((organisation) => ({ id: organisation.id, name: organisation.name, rates: answerRates(organisation.items, window) }))
  return { window: stated(window), rows }
}
