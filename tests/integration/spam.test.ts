// Spam held out of what the team and the public read (issue 19, decision 101), on PGlite and on
// PostgreSQL: a flood of the same comment from one address lands in « spam probable », out of the
// dashboard, the verbatims, the export and the API aggregates; the rollups stay exact (compared with
// a direct count of the reviews not held) when an agent marks « pas spam » and back; another
// organisation's review is refused, nothing changed; the migration's frozen copy agrees with the app's.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { serviceSummary } from '#app/feedback/dashboard.server.ts'
import { runExport } from '#app/feedback/exports.server.ts'
import type { ReviewFilters } from '#app/feedback/filters.ts'
import { loadReviewInProgress, recordStepAnswers, submitFirstAnswer } from '#app/feedback/reviews.server.ts'
import { foldStatDeltas, rebuildRollups } from '#app/feedback/rollups.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { listSpamQueue, markSpam, SPAM_HELD_STATUSES } from '#app/feedback/spam.server.ts'
import { searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { reviewAggregates } from '#app/experiences/stats.server.ts'
import * as spamRoute from '#app/routes/services.$serviceId.spam.tsx'
import * as downloadRoute from '#app/routes/services.exports.$exportId.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let organisationId: string
let teamMember: SessionUser
let serviceId: string
let placementId: string
let versionId: string
let otherServiceId: string
let otherPlacementId: string
let otherVersionId: string

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  organisationId = seeded.organisationId
  teamMember = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(app.db, teamMember, { organisationId, name: 'Demande de naturalisation' })
  if (!created.ok) throw new Error('service')
  serviceId = created.serviceId
  const form = await app.db.selectFrom('feedback_forms').select(['id', 'current_version_id']).where('service_id', '=', serviceId).executeTakeFirstOrThrow()
  versionId = form.current_version_id!
  placementId = (await app.db.insertInto('feedback_placements').values({ service_id: serviceId, form_id: form.id, name: 'Page de confirmation' }).returning('id').executeTakeFirstOrThrow()).id
  // Another organisation, its own service and team member.
  const otherOrganisationId = (await app.db.insertInto('organisations').values({ slug: 'sante', name: 'Ministère de la Santé' }).returning('id').executeTakeFirstOrThrow()).id
  const programme = await sessionUser(app.services, seeded.users['equipe@demo.aic.gouv.fr']!)
  await app.db.insertInto('role_assignments').values({ user_id: programme.id, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisationId }).execute()
  const other = await createService(app.db, await sessionUser(app.services, programme.id), { organisationId: otherOrganisationId, name: 'Carte Vitale' })
  if (!other.ok) throw new Error('service')
  otherServiceId = other.serviceId
  const otherForm = await app.db.selectFrom('feedback_forms').select(['id', 'current_version_id']).where('service_id', '=', otherServiceId).executeTakeFirstOrThrow()
  otherVersionId = otherForm.current_version_id!
  otherPlacementId = (await app.db.insertInto('feedback_placements').values({ service_id: otherServiceId, form_id: otherForm.id, name: 'Accueil' }).returning('id').executeTakeFirstOrThrow()).id
})

/** A review with a comment, through the functions the public form uses. */
async function giveReview(options: { comment: string; ipHash: string; placement?: string; version?: string; satisfaction?: 'tres-bien' | 'pas-bien'; shownMsAgo?: number }) {
  const at = new Date()
  const id = randomUUID()
  const placement = options.placement ?? placementId
  const outcome = await submitFirstAnswer(app.db, 'secret', {
    placementId: placement,
    fields: new URLSearchParams({
      name__confirm: '',
      avis: id,
      version: options.version ?? versionId,
      satisfaction: options.satisfaction ?? 'pas-bien',
      affiche: String(at.getTime() - (options.shownMsAgo ?? 60_000)),
    }),
    ipHash: options.ipHash,
    at,
  })
  if (outcome.kind !== 'recorded') throw new Error(outcome.kind)
  const review = (await loadReviewInProgress(app.db, 'secret', placement, id, outcome.token, at))!
  const saved = await recordStepAnswers(app.db, review, { step: 'commentaire', comment: options.comment, contact: null }, at)
  if (!saved.ok) throw new Error('commentaire')
  return id
}

const allTime: ReviewFilters = { preset: 'perso', from: '2020-01-01', to: '2030-12-31', granularity: 'mois', placementId: null, versionId: null, satisfaction: null }

/** Reviews, satisfaction points and comments counted straight from the table, held ones left out. */
async function directCounts() {
  const { rows } = await sql<{ reviews: number; sat_points: number; comments: number }>`
    SELECT count(*)::int AS reviews, coalesce(sum(satisfaction * 5), 0)::int AS sat_points, count(*) FILTER (WHERE has_comment)::int AS comments
    FROM feedback_reviews WHERE service_id = ${serviceId}::uuid AND spam_status NOT IN ('suspected', 'spam')`.execute(app.db)
  return rows[0]!
}

async function dashboardCounts() {
  const summary = await serviceSummary(app.db, { organisationId, serviceId }, allTime)
  return { reviews: summary.totals.reviews, sat_points: summary.totals.sat_points, comments: summary.totals.comments }
}

const FLOOD = 'Super offre sur les montres, écrivez-nous vite pour en profiter'

describe('un afflux du même commentaire depuis une connexion', () => {
  it('le premier compte, les suivants vont dans « spam probable », hors du tableau de bord, des commentaires, de l’export et de l’API', async () => {
    const honest = await giveReview({ comment: 'Le formulaire a planté deux fois avant de fonctionner.', ipHash: 'h-honnete', satisfaction: 'tres-bien' })
    const first = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const copies = []
    for (let index = 0; index < 4; index++) copies.push(await giveReview({ comment: `${FLOOD} !!! ${index}`, ipHash: 'h-robot' }))

    const statuses = await app.db.selectFrom('feedback_reviews').select(['id', 'spam_status', 'spam_reasons', 'spam_score']).where('service_id', '=', serviceId).execute()
    const byId = new Map(statuses.map((row) => [row.id, row]))
    expect(byId.get(honest)!.spam_status).toBe('none')
    expect(byId.get(first)!.spam_status).toBe('none')
    for (const id of copies) expect(byId.get(id)).toMatchObject({ spam_status: 'suspected', spam_reasons: ['repeated'], spam_score: 60 })

    const queue = await listSpamQueue(app.db, serviceId, 'probable', 1)
    expect(queue.items.map((item) => item.id).sort()).toEqual([...copies].sort())
    expect(queue.counts).toEqual({ probable: 4, spam: 0, 'pas-spam': 0 })

    // Dashboard (rollups + deltas, before and after the fold), equal to the direct count of reviews not held.
    expect(await dashboardCounts()).toEqual({ reviews: 2, sat_points: 10, comments: 2 })
    expect(await dashboardCounts()).toEqual(await directCounts())
    await foldStatDeltas(app.db)
    expect(await dashboardCounts()).toEqual({ reviews: 2, sat_points: 10, comments: 2 })

    // Verbatims: only the two comments not held.
    const verbatims = await searchVerbatims(app.db, { organisationId, serviceId }, allTime, { query: null, page: 1 })
    expect(verbatims.items.map((item) => item.id).sort()).toEqual([honest, first].sort())
    expect((await searchVerbatims(app.db, { organisationId, serviceId }, allTime, { query: 'montres', page: 1 })).total).toBe(1)

    // API aggregates (from the rollups).
    expect((await reviewAggregates(app.db, { organisationId, serviceId })).get(serviceId)?.reviews).toBe(2)

    // Export: the job counts and writes only the reviews not held.
    const exported = await app.db
      .insertInto('feedback_exports')
      .values({ requested_by: teamMember.id, scope_type: 'service', scope_id: serviceId, format: 'csv', filters: { ...allTime }, file_name: 'avis.csv', error: null, rows_total: null, byte_size: null, expires_at: new Date(Date.now() + 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await runExport(app.db, exported.id)
    expect(await app.db.selectFrom('feedback_exports').select(['status', 'rows_total']).where('id', '=', exported.id).executeTakeFirstOrThrow()).toEqual({ status: 'ready', rows_total: 2 })
    const response = await app.call(downloadRoute.loader, { user: teamMember, path: `/services/exports/${exported.id}`, params: { exportId: exported.id } })
    const csv = Buffer.from(response.bytes).toString('utf8')
    expect(csv).toContain('planté deux fois')
    expect(csv.split(FLOOD).length - 1).toBe(1)
  })

  it('un rebuild des agrégats laisse aussi de côté les avis retenus', async () => {
    await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    await rebuildRollups(app.db)
    expect(await dashboardCounts()).toEqual({ reviews: 1, sat_points: 0, comments: 1 })
  })
})

describe('« spam » et « pas spam » par un agent', () => {
  it('réversible, audité, un par un ou par lot, et les agrégats restent exacts à chaque étape', async () => {
    await giveReview({ comment: 'Rien à signaler, tout s’est bien passé.', ipHash: 'h-1', satisfaction: 'tres-bien' })
    await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const a = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const b = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    await foldStatDeltas(app.db)
    const check = async (expected: number) => {
      expect((await dashboardCounts()).reviews).toBe(expected)
      expect(await dashboardCounts()).toEqual(await directCounts())
    }
    await check(2)

    expect(await markSpam(app.db, teamMember, serviceId, [a], 'not_spam')).toEqual({ ok: true, changed: 1 })
    await check(3)
    // The same decision again changes nothing (a double submission counts once).
    expect(await markSpam(app.db, teamMember, serviceId, [a], 'not_spam')).toEqual({ ok: true, changed: 0 })
    await check(3)
    await foldStatDeltas(app.db)
    await check(3)
    expect(await markSpam(app.db, teamMember, serviceId, [a, b], 'spam')).toEqual({ ok: true, changed: 2 })
    await check(2)
    expect(await markSpam(app.db, teamMember, serviceId, [a, b], 'not_spam')).toEqual({ ok: true, changed: 2 })
    await check(4)
    await foldStatDeltas(app.db)
    await check(4)

    const log = await app.db.selectFrom('audit_log').select(['action', 'subject_id', 'actor_id']).where('action', 'like', 'feedback.review.marked%').orderBy('created_at').execute()
    expect(log.map((entry) => entry.action)).toEqual([
      'feedback.review.marked_not_spam',
      'feedback.review.marked_spam',
      'feedback.review.marked_spam',
      'feedback.review.marked_not_spam',
      'feedback.review.marked_not_spam',
    ])
    expect(new Set(log.map((entry) => entry.actor_id))).toEqual(new Set([teamMember.id]))
    // A later edit of the comment keeps the agent's decision.
    expect((await listSpamQueue(app.db, serviceId, 'pas-spam', 1)).counts['pas-spam']).toBe(2)
  })

  it('par la page : lot de cases cochées sans JavaScript, puis une erreur en français sans case cochée', async () => {
    await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const a = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const b = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    const post = (fields: Record<string, string | string[]>) => app.call(spamRoute.action, { user: teamMember, path: `/services/${serviceId}/spam`, params: { serviceId }, fields })
    const done = await post({ decision: 'not_spam', avis: [a, b] })
    expect(done.status).toBe(302)
    expect(done.location).toContain('fait=pas-spam&nombre=2')
    const empty = await post({ decision: 'spam' })
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.body)).toContain('Cochez au moins un avis.')
  })

  it('marquer l’avis d’une autre organisation : refusé en français, rien ne change', async () => {
    const mine = await giveReview({ comment: FLOOD, ipHash: 'h-robot' })
    await giveReview({ comment: FLOOD, ipHash: 'h-robot-2', placement: otherPlacementId, version: otherVersionId })
    const theirs = await giveReview({ comment: FLOOD, ipHash: 'h-robot-2', placement: otherPlacementId, version: otherVersionId })
    const before = await app.db.selectFrom('feedback_reviews').select(['id', 'spam_status']).orderBy('id').execute()
    const auditBefore = (await app.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n

    // Through the page of my service, with their review (alone, or mixed with one of mine).
    const post = (id: string, avis: string | string[]) => app.call(spamRoute.action, { user: teamMember, path: `/services/${id}/spam`, params: { serviceId: id }, fields: { decision: 'not_spam', avis } })
    for (const avis of [[theirs], [mine, theirs], [randomUUID()]]) {
      const response = await post(serviceId, avis)
      expect(response).toMatchObject({ status: 404, thrown: false })
      expect(JSON.stringify(response.body)).toContain('Rien n’a été modifié')
    }
    // Through the other organisation's service page: 404, as if it did not exist.
    expect(await post(otherServiceId, theirs)).toMatchObject({ status: 404, thrown: true })

    expect(await app.db.selectFrom('feedback_reviews').select(['id', 'spam_status']).orderBy('id').execute()).toEqual(before)
    expect((await app.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n).toBe(auditBefore)
  })
})

describe('la règle « retenu » est la même partout', () => {
  it('le déclencheur des agrégats (copie figée de la migration) retient exactement SPAM_HELD_STATUSES', async () => {
    const id = await giveReview({ comment: 'Un avis ordinaire et sans histoire.', ipHash: 'h-x', satisfaction: 'tres-bien' })
    for (const status of ['none', 'suspected', 'spam', 'cleared'] as const) {
      await app.db.updateTable('feedback_reviews').set({ spam_status: status }).where('id', '=', id).execute()
      expect((await dashboardCounts()).reviews, status).toBe(SPAM_HELD_STATUSES.includes(status) ? 0 : 1)
    }
  })
})
