import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { ApplicationState } from '#db/schema/accelerator.ts'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import {
  APPLICATION_STATES,
  INSTRUCTION_TRANSITIONS,
  TRANSITION_NAMES,
  TRANSITIONS,
  transitionsFrom,
  type TransitionName,
} from '#app/accelerator/applications/application-states.ts'
import { ELIGIBILITY_CHECKS } from '#app/accelerator/limits.ts'
import { submitApplication, transitionApplication } from '#app/accelerator/applications/application-state-machine.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import type { AppServices } from '#app/context.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import { acceleratorTestServices, auditActions, createApplicationRow, createCallRow, createUser, grant, outbox } from '#tests/helpers/accelerator.ts'
import { createTestServices, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
let acc: AcceleratorServices
let callId: string
let leader: SessionUser
let reviewer: SessionUser
let team: SessionUser
let otherReviewer: SessionUser

beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  acc = acceleratorTestServices(services)
})
afterAll(() => handle.close())
async function freshWorld() {
  setClockOffset(0)
  await truncateAll(handle.db)
  callId = await createCallRow(handle.db)
  const otherCall = await createCallRow(handle.db)
  leader = await sessionUser(services, await createUser(handle.db, 'porteuse@exemple.fr', 'Inès'))
  const reviewerId = await createUser(handle.db, 'agent@exemple.gouv.fr', 'Karim')
  await grant(handle.db, reviewerId, 'admin_reviewer', 'call', callId)
  reviewer = await sessionUser(services, reviewerId)
  const teamId = await createUser(handle.db, 'equipe@exemple.gouv.fr', 'Camille')
  await grant(handle.db, teamId, 'programme_team', 'global')
  team = await sessionUser(services, teamId)
  const otherId = await createUser(handle.db, 'autre.agent@exemple.gouv.fr')
  await grant(handle.db, otherId, 'admin_reviewer', 'call', otherCall)
  otherReviewer = await sessionUser(services, otherId)
}

function actorFor(name: TransitionName, owner: SessionUser): SessionUser {
  const by = TRANSITIONS[name].by
  return by === 'leader' ? owner : by === 'team' ? team : reviewer
}

async function applicationIn(state: ApplicationState) {
  return createApplicationRow(handle.db, { callId, ownerId: leader.id, state })
}

let leaderCount = 0
/** A new leader with their own application: the table below shares one database for speed. */
async function newLeaderWith(state: ApplicationState) {
  const email = `porteur-${++leaderCount}@exemple.fr`
  const user = await sessionUser(services, await createUser(handle.db, email))
  return { email, user, id: await createApplicationRow(handle.db, { callId, ownerId: user.id, state }) }
}

const ALL_YES = Object.fromEntries(ELIGIBILITY_CHECKS.map((check) => [check.key, 'yes' as const]))

const input = (name: TransitionName) => ({
  motivation: TRANSITIONS[name].motivation === 'none' ? null : 'Motif de test.',
  fields: name === 'request_correction' ? [{ section: 'project', field: 'summary' }] : [],
})

describe('la machine à états des candidatures : chaque transition, depuis chaque état', () => {
  beforeAll(freshWorld)
  for (const name of TRANSITION_NAMES) {
    const definition = TRANSITIONS[name]
    for (const state of APPLICATION_STATES) {
      const allowed = (definition.from as readonly ApplicationState[]).includes(state)
      const alreadyDone = state === definition.to || ((name === 'submit' || name === 'resubmit') && state === 'deposee')
      const expectation = allowed ? 'est permise' : alreadyDone ? 'ne fait rien (déjà faite)' : 'est refusée'
      it(`${name} depuis « ${state} » ${expectation}`, async () => {
        const { id, user, email } = await newLeaderWith(state)
        // « Recevable » comes after the checklist (tested on its own below): here it is all « oui ».
        if (name === 'declare_admissible') await handle.db.updateTable('applications').set({ eligibility: ALL_YES }).where('id', '=', id).execute()
        const actor = actorFor(name, user)
        // Drafts are invisible to reviewers: from « brouillon » a reviewer's transition is « not found ».
        const invisible = state === 'brouillon' && definition.by !== 'leader'
        const result = await transitionApplication(acc, actor, id, name, input(name))
        const row = await handle.db.selectFrom('applications').select(['state', 'state_motivation']).where('id', '=', id).executeTakeFirstOrThrow()
        const log = await auditActions(handle.db, id)
        if (allowed) {
          expect(result).toMatchObject({ ok: true, state: definition.to, already: false })
          expect(row.state).toBe(definition.to)
          const entry = log.find((l) => l.action === definition.audit)
          expect(entry?.actor_id).toBe(actor.id)
          expect(entry?.data).toMatchObject({ from: state, to: definition.to })
          if (definition.motivation !== 'none') expect(entry?.data).toMatchObject({ motivation: 'Motif de test.' })
          const mails = await outbox(handle.db, email)
          expect(mails).toHaveLength(1)
          expect(mails[0]!.template).toBe(name === 'submit' || name === 'resubmit' ? 'application-receipt' : 'application-status')
        } else {
          expect(result.ok).toBe(alreadyDone && !invisible)
          if (!result.ok) expect(result.error).toBe(invisible ? 'not-found' : 'wrong-state')
          expect(row.state).toBe(state)
          expect(log.filter((l) => l.action === definition.audit)).toHaveLength(0)
          expect(await outbox(handle.db, email)).toHaveLength(0)
        }
      })
    }
  }
})

describe('qui peut faire quoi', () => {
  beforeEach(freshWorld)
  it('un agent d’un autre appel, ou un porteur étranger, ne trouve pas la candidature', async () => {
    const id = await applicationIn('deposee')
    expect(await transitionApplication(acc, otherReviewer, id, 'start_instruction')).toMatchObject({ ok: false, error: 'not-found' })
    const stranger = await sessionUser(services, await createUser(handle.db, 'intrus@exemple.fr'))
    expect(await transitionApplication(acc, stranger, id, 'reopen')).toMatchObject({ ok: false, error: 'not-found' })
    expect(await transitionApplication(acc, stranger, 'pas-un-identifiant', 'reopen')).toMatchObject({ ok: false, error: 'not-found' })
  })

  it('seule l’équipe du programme retient ou écarte un projet présélectionné', async () => {
    const id = await applicationIn('preselectionnee')
    expect(await transitionApplication(acc, reviewer, id, 'retain', { motivation: 'Très bon projet.' })).toMatchObject({ ok: false, error: 'forbidden' })
    expect(await transitionApplication(acc, team, id, 'retain', { motivation: 'Très bon projet.' })).toMatchObject({ ok: true, state: 'retenue' })
  })

  it('un motif est exigé pour déclarer non recevable, et des champs pour demander une correction', async () => {
    const id = await applicationIn('en_instruction')
    expect(await transitionApplication(acc, reviewer, id, 'declare_inadmissible', { motivation: '   ' })).toMatchObject({ ok: false, error: 'motivation-required' })
    expect(await transitionApplication(acc, reviewer, id, 'request_correction', { motivation: 'Complétez.', fields: [] })).toMatchObject({
      ok: false,
      error: 'fields-required',
    })
    expect(
      await transitionApplication(acc, reviewer, id, 'request_correction', { motivation: 'Complétez.', fields: [{ section: 'inventee', field: 'x' }] }),
    ).toMatchObject({ ok: false, error: 'fields-required' })
    const row = await handle.db.selectFrom('applications').select('state').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.state).toBe('en_instruction')
  })
})

describe('« Recevable », après la vérification de l’éligibilité', () => {
  beforeEach(freshWorld)
  it('est refusé tant qu’un point n’est pas à « Oui », en nommant ce qui reste ; permis ensuite, tracé et annoncé aux porteurs', async () => {
    const id = await applicationIn('en_instruction')
    const refused = await transitionApplication(acc, reviewer, id, 'declare_admissible')
    expect(refused).toMatchObject({ ok: false, error: 'eligibility-pending' })
    if (!refused.ok) expect(refused.message).toContain('« Le projet relève de l’intérêt général »')
    await handle.db.updateTable('applications').set({ eligibility: { ...ALL_YES, de_minimis: 'to_check' } }).where('id', '=', id).execute()
    const still = await transitionApplication(acc, reviewer, id, 'declare_admissible')
    expect(still).toMatchObject({ ok: false, error: 'eligibility-pending' })
    if (!still.ok) expect(still.message).toMatch(/Reste à vérifier : « Les aides publiques déclarées respectent le plafond « de minimis » »\.$/)
    expect((await handle.db.selectFrom('applications').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('en_instruction')
    expect(await outbox(handle.db, 'porteuse@exemple.fr')).toHaveLength(0)

    await handle.db.updateTable('applications').set({ eligibility: ALL_YES }).where('id', '=', id).execute()
    expect(await transitionApplication(acc, reviewer, id, 'declare_admissible')).toMatchObject({ ok: true, state: 'recevable', already: false })
    const mails = await outbox(handle.db, 'porteuse@exemple.fr')
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Candidature recevable : /)])
    expect((await auditActions(handle.db, id)).find((l) => l.action === 'application.declared_admissible')).toMatchObject({ actor_id: reviewer.id })
    // Scoring takes it: pre-selection goes from « recevable ».
    expect(await transitionApplication(acc, reviewer, id, 'preselect')).toMatchObject({ ok: true, state: 'preselectionnee' })
  })
})

describe('le dépôt', () => {
  beforeEach(freshWorld)
  it('refuse une candidature incomplète en listant ce qui manque', async () => {
    const id = await createApplicationRow(handle.db, { callId, ownerId: leader.id, withFiles: false })
    const result = await submitApplication(acc, leader, id)
    expect(result).toMatchObject({ ok: false, error: 'incomplete' })
    if (!result.ok) expect(result.problems?.flatMap((s) => s.problems.map((p) => p.field))).toEqual(['fichier-statuts', 'fichier-comptes'])
  })

  it('donne une référence, garde la même au second dépôt, et date les deux', async () => {
    const id = await applicationIn('brouillon')
    const first = await submitApplication(acc, leader, id)
    expect(first).toMatchObject({ ok: true, state: 'deposee' })
    const reference = first.ok ? first.reference : null
    expect(reference).toMatch(/^AIC-\d{4}-\d{5}$/)
    expect(await transitionApplication(acc, leader, id, 'reopen')).toMatchObject({ ok: true, state: 'brouillon' })
    const second = await submitApplication(acc, leader, id)
    expect(second).toMatchObject({ ok: true, reference })
    const row = await handle.db.selectFrom('applications').select(['submission_count', 'submitted_at', 'last_submitted_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.submission_count).toBe(2)
    expect(row.last_submitted_at!.getTime()).toBeGreaterThanOrEqual(row.submitted_at!.getTime())
    const mails = await outbox(handle.db, 'porteuse@exemple.fr')
    expect(mails.map((m) => m.template)).toEqual(['application-receipt', 'application-status', 'application-receipt'])
    expect(mails[0]!.subject).toBe(`Candidature déposée : ${reference}`)
  })

  it('un double clic sur « Déposer » ne dépose qu’une fois et n’envoie qu’un accusé de réception', async () => {
    const id = await applicationIn('brouillon')
    const [a, b] = await Promise.all([submitApplication(acc, leader, id), submitApplication(acc, leader, id)])
    expect(a.ok && b.ok).toBe(true)
    expect([a, b].filter((r) => r.ok && r.already)).toHaveLength(1)
    expect(await outbox(handle.db, 'porteuse@exemple.fr')).toHaveLength(1)
    const log = await auditActions(handle.db, id)
    expect(log.filter((l) => l.action === 'application.submitted')).toHaveLength(1)
  })

  it('après la date limite, le dépôt est refusé clairement et le brouillon est gardé', async () => {
    const id = await applicationIn('brouillon')
    setClockOffset(21 * 24 * 3600 * 1000)
    const result = await submitApplication(acc, leader, id)
    expect(result).toMatchObject({ ok: false, error: 'deadline' })
    if (!result.ok) expect(result.message).toContain('Votre brouillon est conservé')
    const row = await handle.db.selectFrom('applications').select(['state', 'answers']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.state).toBe('brouillon')
    expect(row.answers.project?.title).toBe('Jardins partagés en ville')
  })

  it('après la date limite, une candidature déposée ne se rouvre plus, même si l’appel n’est pas encore clos par la tâche', async () => {
    const id = await applicationIn('deposee')
    setClockOffset(20 * 24 * 3600 * 1000 + 1000)
    expect(await transitionApplication(acc, leader, id, 'reopen')).toMatchObject({ ok: false, error: 'deadline' })
  })

  it('une correction se dépose même après la date limite, efface la demande, et ramène la candidature en instruction (pas « déposée »)', async () => {
    const id = await applicationIn('en_instruction')
    await transitionApplication(acc, reviewer, id, 'request_correction', { motivation: 'Le résumé est trop vague.', fields: [{ section: 'project', field: 'summary' }] })
    setClockOffset(30 * 24 * 3600 * 1000)
    expect(await submitApplication(acc, leader, id)).toMatchObject({ ok: true, state: 'en_instruction', already: false })
    const row = await handle.db.selectFrom('applications').select(['state', 'correction_request']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ state: 'en_instruction', correction_request: null })
    // The agent carries on: no « Passer en instruction » again, the next step is « Recevable ».
    expect(transitionsFrom('en_instruction', INSTRUCTION_TRANSITIONS)).not.toContain('start_instruction')
    const log = await auditActions(handle.db, id)
    expect(log.filter((l) => l.action === 'application.resubmitted').map((l) => l.data)).toEqual([
      expect.objectContaining({ from: 'correction_demandee', to: 'en_instruction' }),
    ])
    // A second click (or a second tab) finds it done: nothing refused, nothing sent twice.
    const mails = (await outbox(handle.db, 'porteuse@exemple.fr')).length
    expect(await submitApplication(acc, leader, id)).toMatchObject({ ok: true, state: 'en_instruction', already: true })
    expect(await outbox(handle.db, 'porteuse@exemple.fr')).toHaveLength(mails)
    const thread = await handle.db.selectFrom('application_messages').select(['body', 'fields', 'from_team']).where('application_id', '=', id).execute()
    expect(thread).toEqual([{ body: 'Le résumé est trop vague.', fields: [{ section: 'project', field: 'summary' }], from_team: true }])
  })
})
