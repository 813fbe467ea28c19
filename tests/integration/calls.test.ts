import { parseWithZod } from '@conform-to/zod/v4'
import { beforeEach, describe, expect, it } from 'vitest'
import { CallFormSchema, GridFormSchema } from '#app/accelerator/calls/call-form.ts'
import {
  changeCallState,
  PUBLISH_ELSEWHERE_MESSAGE,
  createCall,
  findPublicCall,
  findPublicCallPage,
  getGrid,
  gridHistory,
  listOpenCalls,
  listPublicCalls,
  openAndCloseCallsOnTime,
  saveGrid,
  setOpeningScheduled,
  submittedCount,
  updateCall,
} from '#app/accelerator/calls/calls.server.ts'
import { CALLS_OPEN_CLOSE_JOB } from '#app/accelerator/jobs.server.ts'
import { PROGRAMME_CRITERIA } from '#app/accelerator/programme-defaults.ts'
import { listScopes } from '#app/auth/scopes.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { jobMap } from '#app/jobs/registry.server.ts'
import { setClockOffset, now } from '#app/utils/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { dateToParisLocal } from '#app/utils/paris-time.ts'
import * as publicCall from '#app/routes/appels.$slug._index.tsx'
import * as teamNew from '#app/routes/equipe.appels.nouveau.tsx'
import * as teamCall from '#app/routes/equipe.appels.$callId._index.tsx'
import { auditActions, createApplicationRow, createUser, grant } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser

const DAY = 24 * 3600 * 1000

beforeEach(async () => {
  const id = await createUser(app.db, 'equipe@exemple.gouv.fr', 'Camille')
  await grant(app.db, id, 'programme_team', 'global')
  team = await sessionUser(app.services, id)
})

function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  const at = now()
  return {
    title: 'Appel à projets 2027',
    slug: 'appel-2027',
    intro: 'Un appel pour accompagner des projets citoyens.',
    opensAt: dateToParisLocal(new Date(at.getTime() + 2 * DAY)),
    closesAt: dateToParisLocal(new Date(at.getTime() + 40 * DAY)),
    resultsOn: new Date(at.getTime() + 90 * DAY).toISOString().slice(0, 10),
    places: '9',
    'faq[0].question': 'Qui peut candidater ?',
    'faq[0].answer': 'Les associations.',
    'faq[1].question': '',
    'faq[1].answer': '',
    adminReviews: '2',
    citizenReviews: '3',
    citizenMode: 'majority_judgment',
    combinationRule: 'weighted',
    adminWeight: '60',
    divergenceGap: '1.5',
    ...overrides,
  }
}

function parseCall(fields: Record<string, string>) {
  const formData = new FormData()
  for (const [key, value] of Object.entries(fields)) formData.set(key, value)
  const submission = parseWithZod(formData, { schema: CallFormSchema })
  return Object.assign(submission, { error: submission.status === 'error' ? submission.error : undefined })
}

async function newCall(overrides: Record<string, string> = {}) {
  const submission = parseCall(formFields(overrides))
  if (submission.status !== 'success') throw new Error(JSON.stringify(submission.error))
  const result = await createCall(app.db, team, submission.value, { eligibleKinds: ['association'], criteria: PROGRAMME_CRITERIA })
  if (!result.ok) throw new Error(result.error.message)
  return { id: result.id, values: submission.value }
}

describe('le formulaire d’un appel', () => {
  it('lit les dates à l’heure de Paris et refuse des dates incohérentes, en français', () => {
    const ok = parseCall(formFields({ opensAt: '2027-01-10T09:00', closesAt: '2027-07-01T12:00', resultsOn: '2027-09-01' }))
    expect(ok.status).toBe('success')
    if (ok.status === 'success') {
      expect(ok.value.opensAt.toISOString()).toBe('2027-01-10T08:00:00.000Z')
      expect(ok.value.closesAt.toISOString()).toBe('2027-07-01T10:00:00.000Z')
    }
    const bad = parseCall(formFields({ opensAt: '2027-02-01T09:00', closesAt: '2027-01-01T09:00', resultsOn: '2026-12-01', slug: 'Appel 2027 !' }))
    expect(bad.status).toBe('error')
    expect(bad.error).toMatchObject({
      closesAt: ['La date limite doit être après la date d’ouverture.'],
      resultsOn: ['Les résultats ne peuvent pas être annoncés avant la date limite.'],
      slug: ['Utilisez des lettres minuscules sans accents, des chiffres et des tirets, par exemple appel-2027.'],
    })
    expect(parseCall(formFields({ combinationRule: 'sequential' })).error).toMatchObject({ topN: ['Indiquez combien de projets l’administration transmet au panel citoyen.'] })
    expect(parseCall(formFields({ opensAt: '2027-03-28T02:30' })).error).toMatchObject({ opensAt: [expect.stringContaining('heure de Paris')] })
  })

  it('une grille ouverte avant la migration 0025 envoie encore les types en français : ils sont lus en anglais (décision 113)', () => {
    const formData = new FormData()
    for (const kind of ['association', 'collectif', 'entreprise_ess', 'fondation']) formData.append('eligibleKinds', kind)
    for (const [name, value] of Object.entries({ title: 'Impact', description: 'Mesurable.', weight: '2', jury: 'both' })) formData.set(`criteria[0].${name}`, value)
    for (const level of [1, 2, 3, 4, 5]) formData.set(`criteria[0].level${level}`, `Niveau ${level}`)
    const result = parseWithZod(formData, { schema: GridFormSchema })
    expect(result.status === 'success' ? result.value.eligibleKinds : result.error).toEqual(['association', 'collective', 'social_enterprise', 'foundation'])
    formData.append('eligibleKinds', 'cooperative')
    const unknown = parseWithZod(formData, { schema: GridFormSchema })
    expect(unknown.status === 'error' ? unknown.error : null).toEqual({ 'eligibleKinds[4]': ['Choisissez dans la liste.'] })
  })

  it('une ligne de grille à moitié remplie est signalée champ par champ ; une ligne vide est ignorée', () => {
    const formData = new FormData()
    formData.append('eligibleKinds', 'association')
    formData.set('criteria[0].title', 'Impact')
    formData.set('criteria[0].description', 'Mesurable.')
    formData.set('criteria[1].title', '')
    const result = parseWithZod(formData, { schema: GridFormSchema })
    expect(result.status).toBe('error')
    expect(Object.keys((result.status === 'error' ? result.error : null) ?? {}).sort()).toEqual(
      ['criteria[0].jury', 'criteria[0].level1', 'criteria[0].level2', 'criteria[0].level3', 'criteria[0].level4', 'criteria[0].level5', 'criteria[0].weight'].sort(),
    )
    const empty = new FormData()
    empty.append('eligibleKinds', 'association')
    const none = parseWithZod(empty, { schema: GridFormSchema })
    expect(none.status === 'error' ? none.error : null).toMatchObject({ criteria: ['La grille doit contenir au moins un critère.'] })
  })
})

describe('cycle de vie d’un appel', () => {
  it('l’équipe crée un appel en brouillon, invisible du public, puis l’ouvre', async () => {
    const { id } = await newCall()
    expect((await listPublicCalls(app.db)).open).toHaveLength(0)
    expect((await listPublicCalls(app.db)).upcoming).toHaveLength(0)
    expect(await changeCallState(app.db, team, id, 'open')).toEqual({ ok: true })
    const lists = await listPublicCalls(app.db)
    expect(lists.open.map((c) => c.slug)).toEqual(['appel-2027'])
    // The leader's dashboard lists the same open calls from a lighter query.
    expect(await listOpenCalls(app.db)).toEqual(lists.open.map((c) => ({ slug: c.slug, title: c.title, closes_at: c.closes_at })))
    expect(await listOpenCalls(app.db, new Date(lists.open[0]!.closes_at.getTime() + 1))).toEqual([])
    const log = await auditActions(app.db, id)
    expect(log.map((l) => l.action)).toEqual(['call.created', 'call.opened'])
    expect(log[1]).toMatchObject({ actor_id: team.id, data: { from: 'brouillon', to: 'ouvert' } })
  })

  it('un appel sans critère ne peut pas s’ouvrir, et l’équipe sait pourquoi', async () => {
    const { id } = await newCall()
    await app.db.deleteFrom('call_criteria').where('call_id', '=', id).execute()
    const result = await changeCallState(app.db, team, id, 'open')
    expect(result).toEqual({ ok: false, message: 'La grille de critères est vide : ajoutez au moins un critère.' })
  })

  it('passe par tous les états, dans l’ordre, et refuse de sauter une étape', async () => {
    const { id } = await newCall()
    expect(await changeCallState(app.db, team, id, 'start_evaluation')).toMatchObject({ ok: false })
    for (const transition of ['open', 'close', 'start_evaluation', 'start_deliberation'] as const) {
      expect(await changeCallState(app.db, team, id, transition)).toEqual({ ok: true })
      expect(await changeCallState(app.db, team, id, transition)).toEqual({ ok: true, already: true })
    }
    // Publication only goes through publishResults and its checks of every decision (scoring-cycle.test.ts).
    expect(await changeCallState(app.db, team, id, 'publish_results')).toEqual({ ok: false, message: PUBLISH_ELSEWHERE_MESSAGE })
    const row = await app.db.selectFrom('calls').select('state').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.state).toBe('en_deliberation')
  })

  it('la grille se modifie librement en brouillon ; ouverte, chaque modification crée une version motivée ; en évaluation, elle est figée', async () => {
    const { id } = await newCall()
    const criteria = PROGRAMME_CRITERIA.slice(0, 2)
    expect(await saveGrid(app.db, team, id, { eligibleKinds: ['association', 'collective'], criteria })).toEqual({ ok: true, version: 1 })
    expect((await getGrid(app.db, id))!.criteria.map((c) => c.title)).toEqual(['Intérêt général', 'Impact'])
    await changeCallState(app.db, team, id, 'open')
    expect(await saveGrid(app.db, team, id, { eligibleKinds: ['association'], criteria })).toEqual({ ok: false, error: 'reason-required' })
    expect(await saveGrid(app.db, team, id, { eligibleKinds: ['association'], criteria: criteria.slice(0, 1), reason: 'Critère en double retiré.' })).toEqual({
      ok: true,
      version: 2,
    })
    const grid = (await getGrid(app.db, id))!
    expect(grid).toMatchObject({ version: 2, eligibleKinds: ['association'], reason: 'Critère en double retiré.' })
    expect(grid.criteria.map((c) => c.title)).toEqual(['Intérêt général'])
    expect((await getGrid(app.db, id, 1))!.criteria).toHaveLength(2)
    expect((await gridHistory(app.db, id)).map((v) => v.version)).toEqual([2, 1])
    const versioned = (await auditActions(app.db, id)).find((l) => l.action === 'call.grid_versioned')
    expect(versioned?.data).toMatchObject({ from: 1, to: 2, reason: 'Critère en double retiré.' })
    await changeCallState(app.db, team, id, 'close')
    await changeCallState(app.db, team, id, 'start_evaluation')
    expect(await saveGrid(app.db, team, id, { eligibleKinds: ['association'], criteria, reason: 'Trop tard' })).toEqual({ ok: false, error: 'frozen' })
  })

  it('une fois ouvert, la date d’ouverture ne bouge plus ; en évaluation, les règles de sélection non plus ; tout changement est tracé', async () => {
    const { id, values } = await newCall()
    await changeCallState(app.db, team, id, 'open')
    expect(await updateCall(app.db, team, id, { ...values, opensAt: new Date(values.opensAt.getTime() + DAY) })).toMatchObject({ ok: false, error: { field: 'opensAt' } })
    const later = new Date(values.closesAt.getTime() + 7 * DAY)
    expect(await updateCall(app.db, team, id, { ...values, closesAt: later })).toEqual({ ok: true })
    const change = (await auditActions(app.db, id)).find((l) => l.action === 'call.updated')
    expect(Object.keys((change?.data as { changes: object }).changes)).toEqual(['closes_at'])
    await changeCallState(app.db, team, id, 'close')
    await changeCallState(app.db, team, id, 'start_evaluation')
    expect(await updateCall(app.db, team, id, { ...values, closesAt: later, adminWeight: 70 })).toMatchObject({ ok: false, error: { field: 'form' } })
    expect(await updateCall(app.db, team, id, { ...values, closesAt: later, title: 'Nouveau titre' })).toEqual({ ok: true })
  })

  it('la tâche planifiée ouvre un appel programmé à l’heure, le clôt à la date limite, et ne refait rien deux fois', async () => {
    const { id, values } = await newCall()
    const other = await newCall({ slug: 'appel-non-programme' })
    expect(await setOpeningScheduled(app.db, team, id, true)).toEqual({ ok: true })
    expect((await listPublicCalls(app.db)).upcoming.map((c) => c.id)).toEqual([id])
    expect(await openAndCloseCallsOnTime(app.db, new Date(values.opensAt.getTime() - 60_000))).toEqual({ opened: 0, closed: 0 })
    expect(await openAndCloseCallsOnTime(app.db, new Date(values.opensAt.getTime() + 60_000))).toEqual({ opened: 1, closed: 0 })
    expect(await openAndCloseCallsOnTime(app.db, new Date(values.opensAt.getTime() + 120_000))).toEqual({ opened: 0, closed: 0 })
    const stateOf = async (callId: string) => (await app.db.selectFrom('calls').select('state').where('id', '=', callId).executeTakeFirstOrThrow()).state
    expect(await stateOf(id)).toBe('ouvert')
    expect(await stateOf(other.id)).toBe('brouillon')
    // The registered job does the same with the clock it is given.
    setClockOffset(values.closesAt.getTime() - Date.now() + 60_000)
    const job = jobMap().get(CALLS_OPEN_CLOSE_JOB)!
    await job.handler({}, { db: app.db, jobs: app.services.jobs, env: app.services.env, mailer: app.services.mailer, logger, now: now() })
    expect(await stateOf(id)).toBe('clos')
    const log = await auditActions(app.db, id)
    expect(log.filter((l) => l.action === 'call.opened' || l.action === 'call.closed').map((l) => [l.action, l.actor_id, l.actor_label])).toEqual([
      ['call.opened', null, 'tâche planifiée'],
      ['call.closed', null, 'tâche planifiée'],
    ])
  })

  it('les appels deviennent des périmètres pour inviter des agents et des membres du panel', async () => {
    const { id } = await newCall()
    expect(await listScopes(app.db, 'call')).toEqual([{ id, label: 'Appel à projets 2027' }])
  })
})

describe('pages de l’équipe et page publique', () => {
  it('seule l’équipe crée un appel ; une saisie invalide reçoit 400 et ses messages', async () => {
    const leader = await sessionUser(app.services, await createUser(app.db, 'porteur@exemple.fr'))
    const post = (user: SessionUser, fields: Record<string, string>) => app.call(teamNew.action, { user, path: '/equipe/appels/nouveau', fields })
    expect(await post(leader, formFields())).toMatchObject({ status: 403, thrown: true })
    const invalid = await post(team, formFields({ places: 'beaucoup', title: '' }))
    expect(invalid).toMatchObject({ status: 400, thrown: false })
    expect(JSON.stringify(invalid.body)).toContain('Saisissez le nombre de places, en chiffres.')
    const created = await post(team, formFields())
    expect(created).toMatchObject({ status: 302, thrown: false })
    const duplicate = await post(team, formFields())
    expect(duplicate).toMatchObject({ status: 400, thrown: false })
    expect(JSON.stringify(duplicate.body)).toContain('Cette adresse est déjà utilisée par un autre appel.')
  })

  it('la page publique, lue en une requête, montre ce que montrent les lectures séparées : grille en cours, candidatures déposées sans les brouillons', async () => {
    const { id } = await newCall()
    expect(await findPublicCallPage(app.db, 'appel-2027')).toBeUndefined()
    expect(await findPublicCallPage(app.db, 'Appel 2027 !')).toBeUndefined()
    expect(await findPublicCallPage(app.db, 'inconnu')).toBeUndefined()
    await changeCallState(app.db, team, id, 'open')
    expect(await saveGrid(app.db, team, id, { eligibleKinds: ['association'], criteria: PROGRAMME_CRITERIA.slice(0, 2), reason: 'Deux critères suffisent.' })).toMatchObject({
      ok: true,
      version: 2,
    })
    const leader = await createUser(app.db, 'porteuse@exemple.fr', 'Alex')
    await createApplicationRow(app.db, { callId: id, ownerId: leader, state: 'deposee' })
    await createApplicationRow(app.db, { callId: id, ownerId: await createUser(app.db, 'autre@exemple.fr'), state: 'brouillon' })
    const page = (await findPublicCallPage(app.db, 'appel-2027'))!
    expect(page.call).toEqual(await findPublicCall(app.db, 'appel-2027'))
    expect(page.grid).toEqual(await getGrid(app.db, id))
    expect(page.grid).toMatchObject({ version: 2, reason: 'Deux critères suffisent.' })
    expect(page.grid!.criteria.map((c) => c.position)).toEqual([1, 2])
    expect(page.submitted).toBe(await submittedCount(app.db, id))
    expect(page.submitted).toBe(1)
  })

  it('l’équipe ouvre l’appel depuis sa page ; la page publique n’existe qu’une fois l’appel publié', async () => {
    const { id } = await newCall()
    const publicPage = () => app.call(publicCall.loader, { path: '/appels/appel-2027', params: { slug: 'appel-2027' } })
    expect(await publicPage()).toMatchObject({ status: 404, thrown: true })
    const response = await app.call(teamCall.action, { user: team, path: `/equipe/appels/${id}`, params: { callId: id }, fields: { intent: 'change_state', transition: 'open' } })
    expect(response).toMatchObject({ status: 302, thrown: false })
    const opened = await publicPage()
    expect(opened.thrown).toBe(false)
    const page = opened.data as {
      status: string
      grid: { criteria: Array<{ title: string; levels: string[] }> }
      submitted: number
    }
    expect(page.status).toBe('open')
    expect(page.grid.criteria[0]).toMatchObject({ title: 'Intérêt général', levels: PROGRAMME_CRITERIA[0]!.levels })
    expect(page.submitted).toBe(0)
  })
})

