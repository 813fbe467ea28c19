// What service teams see and do: access by organisation or by service (404 otherwise), versioned
// forms, verbatims (French full-text search, masked personal data), exports built by a job,
// alerts and digests, and the retention of texts.
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { saveDigestPreference, sendDigests, sendNegativeAlerts, sendWeeklyDigests } from '#app/feedback/alerts.server.ts'
import { MASKED_TEXT, PURGED_TEXT, runExport } from '#app/feedback/exports.server.ts'
import type { ReviewFilters } from '#app/feedback/filters.ts'
import { highlightParts } from '#app/feedback/highlight.ts'
import { purgeOldTexts } from '#app/feedback/retention.server.ts'
import { decidePersonalData, loadReviewInProgress, recordStepAnswers, submitFirstAnswer } from '#app/feedback/reviews.server.ts'
import { foldStatDeltas } from '#app/feedback/rollups.server.ts'
import { createService, saveFormVersion } from '#app/feedback/services.server.ts'
import { searchVerbatims } from '#app/feedback/verbatims.server.ts'
import { addDays } from '#app/utils/days.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import * as dashboardRoute from '#app/routes/services.$serviceId._index.tsx'
import * as newServiceRoute from '#app/routes/services.nouveau.tsx'
import * as organisationRoute from '#app/routes/services.organisations.$organisationId._index.tsx'
import * as exportsRoute from '#app/routes/services.exports._index.tsx'
import * as downloadRoute from '#app/routes/services.exports.$exportId.tsx'
import * as reviewRoute from '#app/routes/services.$serviceId.avis.$reviewId.tsx'
import * as verbatimsRoute from '#app/routes/services.$serviceId.avis._index.tsx'
import type { RouteCall, RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let organisationId: string
let otherOrganisationId: string
let teamMember: SessionUser
let serviceId: string
let otherServiceId: string
let placementId: string
let versionId: string

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
  otherOrganisationId = (await app.db.insertInto('organisations').values({ slug: 'sante', name: 'Ministère de la Santé' }).returning('id').executeTakeFirstOrThrow()).id
  const programme = await sessionUser(app.services, seeded.users['equipe@demo.aic.gouv.fr']!)
  await app.db.insertInto('role_assignments').values({ user_id: programme.id, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisationId }).execute()
  const other = await createService(app.db, await sessionUser(app.services, programme.id), { organisationId: otherOrganisationId, name: 'Carte Vitale' })
  if (!other.ok) throw new Error('service')
  otherServiceId = other.serviceId
})

/** `handler` called by `user` (roles read again from the database; null: anonymous). */
async function as<H extends RouteHandler>(user: SessionUser | null, handler: H, call: RouteCall = {}) {
  return app.call(handler, { ...call, user: user ? await sessionUser(app.services, user.id) : null })
}
/** The status of `handler` called by `user`, returned or thrown. */
const statusOf = async (user: SessionUser | null, handler: RouteHandler, call: RouteCall = {}) => (await as(user, handler, call)).status

/** A complete review given `minutesAgo`, through the same functions as the public form. */
async function giveReview(options: { satisfaction: 'tres-bien' | 'moyen' | 'pas-bien'; comment?: string; clarity?: number; minutesAgo?: number }) {
  const at = new Date(Date.now() - (options.minutesAgo ?? 0) * 60_000)
  const id = randomUUID()
  const outcome = await submitFirstAnswer(app.db, 'secret', {
    placementId,
    fields: new URLSearchParams({ name__confirm: '', avis: id, version: versionId, satisfaction: options.satisfaction }),
    ipHash: randomUUID(),
    at,
  })
  if (outcome.kind !== 'recorded') throw new Error(outcome.kind)
  const review = (await loadReviewInProgress(app.db, 'secret', placementId, id, outcome.token, at))!
  if (options.clarity) await recordStepAnswers(app.db, review, { step: 'clarte', clarity: options.clarity }, at)
  if (options.comment !== undefined) await recordStepAnswers(app.db, review, { step: 'commentaire', comment: options.comment, contact: null }, at)
  return id
}

const allTime: ReviewFilters = { preset: 'perso', from: '2020-01-01', to: '2030-12-31', granularity: 'mois', placementId: null, versionId: null, satisfaction: null }

describe('accès des équipes', () => {
  it('un membre de l’organisation voit ses services ; ceux d’une autre organisation répondent 404', async () => {
    const args = (id: string) => ({ path: `/services/${id}`, params: { serviceId: id } })
    expect(await statusOf(teamMember, dashboardRoute.loader, args(serviceId))).toBe(200)
    expect(await statusOf(teamMember, dashboardRoute.loader, args(otherServiceId))).toBe(404)
    expect(await statusOf(teamMember, dashboardRoute.loader, args('pas-un-uuid'))).toBe(404)
    expect(await statusOf(teamMember, organisationRoute.loader, { params: { organisationId: otherOrganisationId } })).toBe(404)
    const porteuse = await app.db.selectFrom('users').select('id').where('email', '=', 'porteuse@demo.aic.gouv.fr').executeTakeFirstOrThrow()
    expect(await statusOf(await sessionUser(app.services, porteuse.id), dashboardRoute.loader, args(serviceId))).toBe(403)
    expect(await statusOf(null, dashboardRoute.loader, args(serviceId))).toBe(302)
  })

  it('un membre d’un seul service voit ce service, mais ni les autres, ni l’organisation, et ne crée pas de service', async () => {
    const person = await app.db.insertInto('users').values({ email: 'agent.naturalisation@interieur.gouv.fr' }).returning('id').executeTakeFirstOrThrow()
    await app.db.insertInto('role_assignments').values({ user_id: person.id, role: 'service_team', scope_type: 'service', scope_id: serviceId }).execute()
    const agent = await sessionUser(app.services, person.id)
    const second = await createService(app.db, teamMember, { organisationId, name: 'Autre démarche' })
    expect(await statusOf(agent, dashboardRoute.loader, { params: { serviceId } })).toBe(200)
    expect(await statusOf(agent, dashboardRoute.loader, { params: { serviceId: second.ok ? second.serviceId : '' } })).toBe(404)
    expect(await statusOf(agent, organisationRoute.loader, { params: { organisationId } })).toBe(404)
    expect(await statusOf(agent, newServiceRoute.loader, { path: '/services/nouveau' })).toBe(404)
  })

  it('créer un service : nom obligatoire et unique dans l’organisation, jamais dans une autre organisation', async () => {
    // The page's answers, returned (a thrown one would show the error boundary instead of the form).
    const post = (fields: Record<string, string>) => as(teamMember, newServiceRoute.action, { path: '/services/nouveau', fields })
    const empty = await post({ organisationId, name: '' })
    expect(empty).toMatchObject({ status: 400, thrown: false })
    expect(JSON.stringify(empty.body)).toContain('Saisissez le nom de la démarche')
    const duplicate = await post({ organisationId, name: 'demande de NATURALISATION' })
    expect(duplicate.thrown).toBe(false)
    expect(JSON.stringify(duplicate.body)).toContain('Un service porte déjà ce nom')
    const foreign = await post({ organisationId: otherOrganisationId, name: 'Intrusion' })
    expect(foreign).toMatchObject({ status: 400, thrown: false })
    const ok = await post({ organisationId, name: 'Demande de visa', procedureUrl: 'https://france-visas.gouv.fr' })
    expect(ok).toMatchObject({ status: 302, thrown: false })
    const log = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'feedback.service.created').execute()
    expect(log).toHaveLength(3)
  })
})

describe('questionnaire versionné', () => {
  it('changer les questions crée une version ; les avis gardent la leur ; sans changement, rien ne bouge', async () => {
    const before = await giveReview({ satisfaction: 'moyen' })
    const form = await app.db.selectFrom('feedback_forms').select('id').where('service_id', '=', serviceId).executeTakeFirstOrThrow()
    expect(await saveFormVersion(app.db, teamMember, serviceId, form.id, { questions: ['clarity', 'help', 'comment', 'contact'], thanks: null })).toEqual({ changed: false })
    expect(await saveFormVersion(app.db, teamMember, serviceId, form.id, { questions: ['comment'], thanks: 'Merci !' })).toEqual({ changed: true, version: 2, previousRemoved: false })
    const versions = await app.db.selectFrom('feedback_form_versions').select(['version', 'retired_at']).where('form_id', '=', form.id).orderBy('version').execute()
    expect(versions.map((v) => [v.version, v.retired_at !== null])).toEqual([
      [1, true],
      [2, false],
    ])
    const old = await app.db.selectFrom('feedback_reviews').select('form_version_id').where('id', '=', before).executeTakeFirstOrThrow()
    expect(old.form_version_id).toBe(versionId)
    expect(await saveFormVersion(app.db, teamMember, otherServiceId, form.id, { questions: [], thanks: null })).toBeNull()
  })
})

describe('commentaires', () => {
  it('recherche en français (mots proches), surligne, pagine, et ne montre jamais un texte à vérifier', async () => {
    await giveReview({ satisfaction: 'pas-bien', comment: 'Les démarches sont compliquées <b>vraiment</b>.', minutesAgo: 30 })
    await giveReview({ satisfaction: 'moyen', comment: 'Formulaire compliqué au début, ensuite tout est allé vite.', minutesAgo: 20 })
    await giveReview({ satisfaction: 'tres-bien', comment: 'Parfait.', minutesAgo: 10 })
    const pii = await giveReview({ satisfaction: 'pas-bien', comment: 'Trop compliqué, écrivez à jean.dupont@exemple.fr', minutesAgo: 5 })
    const scope = { organisationId, serviceId }
    const found = await searchVerbatims(app.db, scope, allTime, { query: 'compliqué', page: 1 })
    expect(found.total).toBe(2)
    expect(found.items.map((item) => highlightParts(item.text!).filter((part) => part.marked).map((part) => part.text))).toEqual([['compliqué'], ['compliquées']])
    // Texts are returned as text: markup typed by a person is never interpreted.
    expect(highlightParts(found.items[1]!.text!).map((part) => part.text).join('')).toBe('Les démarches sont compliquées <b>vraiment</b>.')
    // Without accents, the same comments are found.
    expect((await searchVerbatims(app.db, scope, allTime, { query: 'complique', page: 1 })).total).toBe(2)
    expect((await searchVerbatims(app.db, scope, allTime, { query: 'demarches', page: 1 })).total).toBe(1)
    const all = await searchVerbatims(app.db, scope, allTime, { query: null, page: 1 })
    expect(all.total).toBe(4)
    const masked = all.items.find((item) => item.id === pii)!
    expect(masked).toMatchObject({ text: null, piiStatus: 'flagged', piiKinds: ['email'] })
    // Nor can a search reveal what a flagged text contains.
    expect((await searchVerbatims(app.db, scope, allTime, { query: 'dupont', page: 1 })).total).toBe(0)

    const decide = await as(teamMember, reviewRoute.action, { path: `/services/${serviceId}/avis/${pii}`, params: { serviceId, reviewId: pii }, fields: { decision: 'effacer' } })
    expect(decide).toMatchObject({ status: 302, thrown: false })
    const after = (await searchVerbatims(app.db, scope, allTime, { query: null, page: 1 })).items.find((item) => item.id === pii)!
    expect(after.text).toBe('Trop compliqué, écrivez à [supprimé]')
    expect(await app.db.selectFrom('audit_log').select('action').where('subject_id', '=', pii).execute()).toEqual([{ action: 'feedback.review.personal_data_erased' }])
    expect(await statusOf(teamMember, reviewRoute.action, { params: { serviceId: otherServiceId, reviewId: pii }, fields: { decision: 'afficher' } })).toBe(404)
  })

  it('une recherche compte les commentaires masqués qui correspondent et dit où les vérifier, sans jamais montrer leur texte', async () => {
    await giveReview({ satisfaction: 'moyen', comment: 'Aucun créneau libre pour un rendez-vous.', minutesAgo: 40 })
    const first = await giveReview({ satisfaction: 'pas-bien', comment: 'Rendez-vous annulé, rappelez-moi au 06 12 34 56 78', minutesAgo: 30 })
    const second = await giveReview({ satisfaction: 'pas-bien', comment: 'Mon rendez-vous : jean.dupont@exemple.fr', minutesAgo: 20 })
    await giveReview({ satisfaction: 'pas-bien', comment: 'Écrivez à marie.curie@exemple.fr pour le dossier', minutesAgo: 10 })
    const scope = { organisationId, serviceId }
    const found = await searchVerbatims(app.db, scope, allTime, { query: 'rendez-vous', page: 1, includeMasked: true })
    expect(found.total).toBe(1)
    expect(found.masked).toEqual({ total: 2, items: [expect.objectContaining({ id: second }), expect.objectContaining({ id: first })] })
    // Without the option (organisation-wide pages, dashboards), nothing about masked comments.
    expect((await searchVerbatims(app.db, scope, allTime, { query: 'rendez-vous', page: 1 })).masked).toBeNull()

    const response = await as(teamMember, verbatimsRoute.loader, { path: `/services/${serviceId}/avis?q=rendez-vous`, params: { serviceId } })
    expect(response.thrown).toBe(false)
    const body = JSON.stringify(response.body)
    expect(body).toContain(second)
    expect(body).not.toContain('dupont')
    expect(body).not.toContain('06 12 34 56 78')
    expect(body).not.toContain('annulé')
    // Someone outside the service gets nothing at all.
    const outsider = await app.db.insertInto('users').values({ email: 'agent.sante@sante.gouv.fr' }).returning('id').executeTakeFirstOrThrow()
    await app.db.insertInto('role_assignments').values({ user_id: outsider.id, role: 'service_team', scope_type: 'service', scope_id: otherServiceId }).execute()
    expect(await statusOf(await sessionUser(app.services, outsider.id), verbatimsRoute.loader, { path: `/services/${serviceId}/avis?q=rendez-vous`, params: { serviceId } })).toBe(404)
  })

  it('pagine par 20', async () => {
    for (let i = 0; i < 23; i++) await giveReview({ satisfaction: 'moyen', comment: `Commentaire numéro ${i}`, minutesAgo: 50 - i })
    const first = await searchVerbatims(app.db, { organisationId, serviceId }, allTime, { query: null, page: 1 })
    const second = await searchVerbatims(app.db, { organisationId, serviceId }, allTime, { query: null, page: 2 })
    expect([first.items.length, second.items.length, first.pageCount]).toEqual([20, 3, 2])
    expect(first.items[0]!.text).toBe('Commentaire numéro 22')
  })
})

describe('exports', () => {
  async function requestExport(format: 'csv' | 'xlsx') {
    const response = await as(teamMember, exportsRoute.action, { path: '/services/exports', fields: { portee: 'service', id: serviceId, format, filtres: 'periode=12m&pas=mois' } })
    expect(response).toMatchObject({ status: 302, thrown: false })
    const row = await app.db.selectFrom('feedback_exports').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
    return row.id
  }

  async function download(exportId: string): Promise<Buffer> {
    const response = await as(teamMember, downloadRoute.loader, { path: `/services/exports/${exportId}`, params: { exportId } })
    expect(response.thrown).toBe(false)
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="avis-demande-de-naturalisation-/)
    return Buffer.from(response.bytes)
  }

  it('un export CSV se prépare en tâche de fond, masque les textes à vérifier et ceux effacés', async () => {
    await giveReview({ satisfaction: 'tres-bien', comment: '=SOMME(A1:A2) "guillemets"; point-virgule', clarity: 5 })
    await giveReview({ satisfaction: 'pas-bien', comment: 'Mon IBAN FR76 3000 6000 0112 3456 7890 189' })
    const old = await giveReview({ satisfaction: 'moyen', comment: 'Texte ancien', minutesAgo: 60 * 24 * 200 })
    await app.db.updateTable('feedback_reviews').set({ comment: null, text_purged_at: new Date() }).where('id', '=', old).execute()
    const exportId = await requestExport('csv')
    // The job was queued with the request, in the same transaction.
    const job = await app.db.selectFrom('local_jobs').select(['queue', 'data']).where('queue', '=', 'feedback.export').executeTakeFirstOrThrow()
    expect(job.data).toEqual({ exportId })
    await runExport(app.db, exportId)
    expect(await app.db.selectFrom('feedback_exports').select(['status', 'rows_total', 'rows_done']).where('id', '=', exportId).executeTakeFirstOrThrow()).toEqual({ status: 'ready', rows_total: 3, rows_done: 3 })
    const csv = (await download(exportId)).toString('utf8')
    expect(csv.startsWith('\uFEFFDate;Service;Emplacement;')).toBe(true)
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(csv).toContain(PURGED_TEXT)
    expect(csv).toContain(MASKED_TEXT)
    expect(csv).not.toContain('FR76')
    // Quotes doubled, separator quoted, no formula.
    expect(csv).toContain(`"'=SOMME(A1:A2) ""guillemets""; point-virgule"`)
    // Only the person who asked may download it.
    const programme = await app.db.selectFrom('users').select('id').where('email', '=', 'equipe@demo.aic.gouv.fr').executeTakeFirstOrThrow()
    expect(await statusOf(await sessionUser(app.services, programme.id), downloadRoute.loader, { params: { exportId } })).toBe(404)
  })

  it('une tâche d’export qui tombe au milieu ne laisse rien à télécharger ; relancée, le fichier est complet, sans doublon', async () => {
    await giveReview({ satisfaction: 'tres-bien', comment: 'Premier' })
    await giveReview({ satisfaction: 'moyen', comment: 'Second' })
    const exportId = await requestExport('csv')
    // The handler crashes once every chunk is written, just before the export is marked ready
    // (updates: running, rows done, ready).
    let updates = 0
    const crashing = app.db.withPlugin({
      transformQuery(args) {
        const node = args.node as { kind: string; table?: { table?: { identifier?: { name?: string } } } }
        if (node.kind === 'UpdateQueryNode' && node.table?.table?.identifier?.name === 'feedback_exports' && ++updates === 3) {
          throw new Error('panne simulée au milieu de l’export')
        }
        return args.node
      },
      transformResult: async (args) => args.result,
    })
    await expect(runExport(crashing, exportId)).rejects.toThrow('panne simulée')
    expect(await app.db.selectFrom('feedback_export_chunks').select('export_id').where('export_id', '=', exportId).execute()).not.toHaveLength(0)
    expect(await statusOf(teamMember, downloadRoute.loader, { params: { exportId } })).toBe(404)
    // The queue retries: the chunks of the first attempt are not kept.
    await runExport(app.db, exportId)
    const lines = (await download(exportId)).toString('utf8').trim().split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines.filter((line) => line.includes('Premier'))).toHaveLength(1)
  })

  it('un export XLSX se relit avec un tableur', async () => {
    await giveReview({ satisfaction: 'tres-bien', comment: 'Très clair 👍', clarity: 4 })
    await giveReview({ satisfaction: 'moyen' })
    const exportId = await requestExport('xlsx')
    await runExport(app.db, exportId)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await download(exportId)) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Avis')!
    expect(sheet.rowCount).toBe(3)
    const values = [2, 3].map((row) => sheet.getRow(row).values as unknown[])
    expect(values.map((row) => row[6]).sort()).toEqual(['Moyen', 'Très bien'])
    expect(values.some((row) => row[12] === 'Très clair 👍')).toBe(true)
  })

  it('on ne peut pas exporter les avis d’un service d’une autre organisation', async () => {
    const request = (fields: Record<string, string>) => statusOf(teamMember, exportsRoute.action, { path: '/services/exports', fields })
    expect(await request({ portee: 'service', id: otherServiceId, format: 'csv' })).toBe(404)
    expect(await request({ portee: 'service', id: serviceId, format: 'pdf' })).toBe(400)
    expect(await app.db.selectFrom('feedback_exports').select('id').execute()).toEqual([])
  })
})

describe('alertes et résumés', () => {
  it('les avis « Pas bien » sont regroupés : un e-mail quand le flux s’arrête, pas un par avis', async () => {
    await app.db.insertInto('feedback_alert_subscriptions').values({ user_id: teamMember.id, service_id: serviceId, negative_reviews: true, notified_until: new Date(Date.now() - 3600_000) }).execute()
    await giveReview({ satisfaction: 'pas-bien', comment: 'Rien ne marche', minutesAgo: 2 })
    await giveReview({ satisfaction: 'pas-bien', minutesAgo: 1 })
    await giveReview({ satisfaction: 'tres-bien', minutesAgo: 1 })
    const appUrl = 'http://localhost:3000'
    expect(await sendNegativeAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, new Date())).toBe(0)
    const later = new Date(Date.now() + 6 * 60_000)
    expect(await sendNegativeAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, later)).toBe(1)
    expect(await sendNegativeAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, new Date(later.getTime() + 60_000))).toBe(0)
    const mails = await app.db.selectFrom('email_outbox').select(['to_address', 'subject', 'text']).where('template', '=', 'feedback-negative-alert').execute()
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('2 nouveaux avis « Pas bien » sur « Demande de naturalisation »')
    expect(mails[0]!.text).toContain('« Rien ne marche »')
    // A person removed from the team receives nothing more.
    await app.db.deleteFrom('role_assignments').where('user_id', '=', teamMember.id).where('role', '=', 'service_team').execute()
    await giveReview({ satisfaction: 'pas-bien' })
    expect(await sendNegativeAlerts({ db: app.db, jobs: app.services.jobs, appUrl }, new Date(Date.now() + 3600_000))).toBe(0)
  })

  it('le résumé du lundi donne les chiffres de la semaine écoulée, une seule fois', async () => {
    await app.db.deleteFrom('feedback_alert_subscriptions').execute()
    await app.db.insertInto('feedback_alert_subscriptions').values({ user_id: teamMember.id, service_id: serviceId, weekly_digest: true }).execute()
    await giveReview({ satisfaction: 'tres-bien', minutesAgo: 60 * 24 * 3 })
    await giveReview({ satisfaction: 'pas-bien', minutesAgo: 60 * 24 * 3 })
    const nextMonday = new Date()
    nextMonday.setUTCDate(nextMonday.getUTCDate() + ((8 - nextMonday.getUTCDay()) % 7 || 7))
    nextMonday.setUTCHours(8, 0, 0, 0)
    const monday = new Date(nextMonday.getTime() - 7 * 86400_000)
    const run = (at: Date) => sendWeeklyDigests({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, at)
    expect(await run(nextMonday)).toBe(1)
    expect(await run(nextMonday)).toBe(0)
    const mail = await app.db.selectFrom('email_outbox').select(['subject', 'text']).where('template', '=', 'feedback-weekly-digest').executeTakeFirstOrThrow()
    expect(mail.subject).toBe('Résumé de la semaine : « Demande de naturalisation »')
    expect(mail.text).toMatch(/a reçu (2 avis|aucun avis|1 avis)/)
    expect(monday < nextMonday).toBe(true)
  })

  it('le résumé part à l’heure choisie ; un envoi qui échoue est refait au passage suivant, jamais deux fois', async () => {
    await app.db.deleteFrom('feedback_alert_subscriptions').execute()
    await app.db.insertInto('feedback_alert_subscriptions').values({ user_id: teamMember.id, service_id: serviceId, weekly_digest: true }).execute()
    await saveDigestPreference(app.db, teamMember, { frequency: 'daily', hour: 18, weekday: 1 })
    await giveReview({ satisfaction: 'moyen', comment: 'Premier commentaire' })
    // The digest of a Paris day is sent the next Paris day: « tomorrow » is counted in Paris, not in UTC (between 23:00
    // and midnight UTC the two differ, and the test failed then: the review fell on the digest's sending day).
    const tomorrow = addDays(parisDay(new Date()), 1)
    const at = (hourUtc: number) => new Date(`${tomorrow}T${String(hourUtc).padStart(2, '0')}:30:00Z`)
    const run = (when: Date, hooks: { beforeQueue?: () => void } = {}) => sendDigests({ db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }, when, hooks)
    // The first attempt fails while it is being written: nothing is kept, the next run sends it.
    expect(await run(at(18), { beforeQueue: () => { throw new Error('panne') } })).toBe(0)
    expect(await app.db.selectFrom('email_outbox').select('id').where('template', '=', 'feedback-daily-digest').execute()).toHaveLength(0)
    expect(await run(at(18))).toBe(1)
    expect(await run(at(18))).toBe(0)
    expect(await run(at(19))).toBe(0)
    const mails = await app.db.selectFrom('email_outbox').select(['subject', 'text']).where('template', '=', 'feedback-daily-digest').execute()
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('Résumé du jour : « Demande de naturalisation »')
    expect(mails[0]!.text).toContain('chaque jour à 18 h')
    expect(mails[0]!.text).toContain('« Premier commentaire »')
    const audited = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'feedback.digest.schedule-updated').execute()
    expect(audited).toHaveLength(1)
  })
})

describe('conservation', () => {
  it('les textes de plus de 24 mois sont effacés, les statistiques restent', async () => {
    const old = await giveReview({ satisfaction: 'moyen', comment: 'Ancien commentaire', minutesAgo: 60 * 24 * 800 })
    const recent = await giveReview({ satisfaction: 'moyen', comment: 'Commentaire récent' })
    await foldStatDeltas(app.db)
    const before = await app.db.selectFrom('feedback_stats_daily').selectAll().where('service_id', '=', serviceId).orderBy('day').execute()
    expect(await purgeOldTexts(app.db, new Date())).toBe(1)
    expect(await app.db.selectFrom('feedback_reviews').select(['comment', 'has_comment']).where('id', '=', old).executeTakeFirstOrThrow()).toEqual({ comment: null, has_comment: true })
    expect((await app.db.selectFrom('feedback_reviews').select('comment').where('id', '=', recent).executeTakeFirstOrThrow()).comment).toBe('Commentaire récent')
    expect(await app.db.selectFrom('feedback_stat_deltas').selectAll().execute()).toEqual([])
    expect(await app.db.selectFrom('feedback_stats_daily').selectAll().where('service_id', '=', serviceId).orderBy('day').execute()).toEqual(before)
    await decidePersonalData(app.db, teamMember, serviceId, recent, 'afficher')
  })
})
