// Issue 17 #4 and #6, through the instruction page's loader and action: the correction request's
// errors point at the right field and its preview shows what the leaders will receive; the
// corrected re-deposit comes back into instruction; « Recevable » follows the checklist; the page
// says at each point the state and the next action.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { submitApplication } from '#app/accelerator/applications/application-state-machine.server.ts'
import { ELIGIBILITY_CHECKS } from '#app/accelerator/limits.ts'
import * as instructionPage from '#app/routes/instruction.$callId.$applicationId.tsx'
import { outbox } from '#tests/helpers/accelerator.ts'
import { contextFor, sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
const app = useTestApp()
let users: Record<string, string>
let openCall: string
let application: { id: string; reference: string | null }
let leaderEmail: string

const AGENT = 'instructeur@demo.aic.gouv.fr'

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  openCall = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-3').executeTakeFirstOrThrow()).id
  application = await app.db
    .selectFrom('applications')
    .select(['id', 'reference'])
    .where('call_id', '=', openCall)
    .where('state', '=', 'deposee')
    .orderBy('reference')
    .executeTakeFirstOrThrow()
  leaderEmail = (
    await app.db
      .selectFrom('application_members')
      .innerJoin('users', 'users.id', 'application_members.user_id')
      .select('users.email')
      .where('application_id', '=', application.id)
      .executeTakeFirstOrThrow()
  ).email
})

const agent = async () => sessionUser(app.services, users[AGENT]!)
const params = () => ({ callId: openCall, applicationId: application.id })
const post = async (fields: Record<string, string | string[]>) => app.call(instructionPage.action, { user: await agent(), path: '/x', params: params(), fields })
const page = async () => (await app.call(instructionPage.loader, { user: await agent(), path: '/x', params: params() })).data
const stateOf = async () => (await app.db.selectFrom('applications').select('state').where('id', '=', application.id).executeTakeFirstOrThrow()).state

describe('« Demander une correction » : l’erreur sur le bon champ, et un aperçu', () => {
  beforeEach(async () => {
    expect((await post({ intent: 'transition', transition: 'start_instruction' })).status).toBe(302)
  })

  it('sans champ coché, l’erreur porte sur le groupe « Champs à corriger » et le message tapé est gardé ; sans message, elle porte sur le message', async () => {
    const noField = await post({ intent: 'transition', transition: 'request_correction', motivation: 'Précisez le budget.' })
    expect(noField.status).toBe(400)
    expect(noField.body).toMatchObject({
      transition: 'request_correction',
      field: 'fields',
      message: 'Cochez au moins un champ à corriger : le porteur y sera conduit directement.',
      values: { motivation: 'Précisez le budget.', fields: [] },
    })
    const noMessage = await post({ intent: 'transition', transition: 'request_correction', motivation: '  ', fields: ['budget.projectBudget'] })
    expect(noMessage.status).toBe(400)
    expect(noMessage.body).toMatchObject({ field: 'motivation', values: { fields: ['budget.projectBudget'] } })
    expect(await stateOf()).toBe('en_instruction')
  })

  it('« Prévisualiser » montre l’e-mail que recevront les porteurs et les champs listés, sans rien envoyer ni changer', async () => {
    const before = (await outbox(app.db, leaderEmail)).length
    const response = await post({ intent: 'preview_correction', motivation: 'Précisez le budget.', fields: ['budget.projectBudget', 'attachments.accounts'] })
    expect(response.status).toBe(200)
    const body = response.data
    const title = (await app.db.selectFrom('applications').select('answers').where('id', '=', application.id).executeTakeFirstOrThrow()).answers.project?.title
    expect(body.preview!.subject).toBe(`Correction demandée : ${title} (${application.reference})`)
    expect(body.preview!.text).toContain('Message de l’équipe : « Précisez le budget. »')
    expect(body.preview!.text).toContain('Et maintenant ? Modifiez les champs indiqués, puis déposez de nouveau votre candidature.')
    expect(body.preview!.recipients).toBeGreaterThanOrEqual(1)
    expect(body.preview!.fields.map((f: { label: string }) => f.label)).toEqual([
      'Budget et financeurs – Budget du projet pour les douze prochains mois (en euros)',
      'Pièces jointes – Derniers comptes approuvés (ou budget prévisionnel pour une structure de moins d’un an)',
    ])
    expect(body.values).toEqual({ motivation: 'Précisez le budget.', fields: ['budget.projectBudget', 'attachments.accounts'] })
    expect(await stateOf()).toBe('en_instruction')
    expect(await outbox(app.db, leaderEmail)).toHaveLength(before)
    expect(await app.db.selectFrom('application_messages').select('id').where('application_id', '=', application.id).execute()).toHaveLength(0)

    // The preview is the e-mail actually sent.
    expect((await post({ intent: 'transition', transition: 'request_correction', motivation: 'Précisez le budget.', fields: ['budget.projectBudget', 'attachments.accounts'] })).status).toBe(302)
    const sent = (await outbox(app.db, leaderEmail)).at(-1)!
    expect(sent.subject).toBe(body.preview!.subject)
    expect(sent.text.trim()).toBe(body.preview!.text)

    // The same checks as the real request: no field, no preview, the error on the group.
    const refused = await post({ intent: 'preview_correction', motivation: 'Précisez le budget.' })
    expect(refused.status).toBe(400)
  })

  it('une page ouverte avant la migration 0024 coche encore « attachments.comptes » : lu comme accounts, rangé en anglais (décision 112)', async () => {
    const preview = await post({ intent: 'preview_correction', motivation: 'Joignez vos comptes.', fields: ['attachments.comptes', 'attachments.statuts'] })
    expect(preview.status).toBe(200)
    expect(preview.data.values).toEqual({ motivation: 'Joignez vos comptes.', fields: ['attachments.accounts', 'attachments.statutes'] })
    expect((await post({ intent: 'transition', transition: 'request_correction', motivation: 'Joignez vos comptes.', fields: ['attachments.comptes'] })).status).toBe(302)
    const stored = await app.db.selectFrom('applications').select('correction_request').where('id', '=', application.id).executeTakeFirstOrThrow()
    expect(stored.correction_request?.fields).toEqual([{ section: 'attachments', field: 'accounts' }])
    const message = await app.db.selectFrom('application_messages').select('fields').where('application_id', '=', application.id).executeTakeFirstOrThrow()
    expect(message.fields).toEqual([{ section: 'attachments', field: 'accounts' }])
  })
})

describe('le chemin d’instruction dit l’état et la prochaine action', () => {
  it('déposée → en instruction → correction → corrigée : de retour en instruction → vérification → recevable', async () => {
    expect((await page()).guidance).toMatchObject({ title: 'Déposée', next: expect.stringContaining('Passez-la en instruction') })
    expect((await page()).transitions).toContain('start_instruction')

    await post({ intent: 'transition', transition: 'start_instruction' })
    const instructing = await page()
    expect(instructing.guidance).toMatchObject({ title: 'En instruction', next: expect.stringContaining('Complétez la vérification de l’éligibilité') })
    expect(instructing.transitions).toEqual(['declare_admissible', 'request_correction', 'declare_inadmissible', 'close_without_action'])

    await post({ intent: 'transition', transition: 'request_correction', motivation: 'Précisez le budget.', fields: ['budget.projectBudget'] })
    expect((await page()).guidance).toMatchObject({ title: 'Correction demandée', next: expect.stringContaining('elle reviendra en instruction') })

    const leader = await sessionUser(app.services, (await app.db.selectFrom('users').select('id').where('email', '=', leaderEmail).executeTakeFirstOrThrow()).id)
    expect(await submitApplication(acceleratorServices(await contextFor(app.services, await agent())), leader, application.id)).toMatchObject({ ok: true, state: 'en_instruction' })
    const back = await page()
    expect(back.state).toBe('en_instruction')
    expect(back.guidance.situation).toContain('Les porteurs ont déposé leur candidature corrigée le')
    expect(back.transitions).not.toContain('start_instruction')

    // « Recevable » before the checklist: refused, with what remains, next to its button.
    const early = await post({ intent: 'transition', transition: 'declare_admissible' })
    expect(early.status).toBe(400)
    expect(early.body).toMatchObject({ transition: 'declare_admissible', field: null, message: expect.stringContaining('Reste') })

    const eligibility = async () => (await app.db.selectFrom('applications').select('eligibility').where('id', '=', application.id).executeTakeFirstOrThrow()).eligibility
    const allYes = Object.fromEntries(ELIGIBILITY_CHECKS.map((c) => [c.key, 'yes']))
    // A page opened before migration 0026 posts the French answers: read, and stored, in English (decision 115).
    const french = Object.fromEntries(ELIGIBILITY_CHECKS.map((c) => [`check-${c.key}`, 'oui']))
    expect((await post({ intent: 'eligibility', ...french, 'check-de_minimis': 'non', 'check-attachments': 'a_verifier' })).status).toBe(302)
    expect(await eligibility()).toEqual({ ...allYes, de_minimis: 'no', attachments: 'to_check' })
    expect((await page()).guidance.next).toContain('Un point de l’éligibilité est à « Non »')
    const answers = Object.fromEntries(ELIGIBILITY_CHECKS.map((c) => [`check-${c.key}`, 'yes']))
    expect((await post({ intent: 'eligibility', ...answers, 'check-de_minimis': 'to_check' })).status).toBe(302)
    expect(await eligibility()).toEqual({ ...allYes, de_minimis: 'to_check' })
    expect((await page()).guidance.next).toContain('1 point à vérifier')
    expect((await post({ intent: 'eligibility', ...answers })).status).toBe(302)
    expect(await eligibility()).toEqual(allYes)
    expect((await page()).guidance.next).toBe('Chaque point de l’éligibilité est à « Oui » : déclarez la candidature recevable.')

    const declared = await post({ intent: 'transition', transition: 'declare_admissible' })
    expect(declared.status).toBe(302)
    expect(declared.location).toContain('fait=declare_admissible')
    const done = await page()
    expect(done.state).toBe('recevable')
    expect(done.guidance).toMatchObject({ title: 'Recevable', next: expect.stringContaining('évaluée par les jurys après la clôture') })
    expect(done.timeline.map((e: { label: string }) => e.label)).toEqual(
      expect.arrayContaining(['Passage en instruction', 'Correction demandée', 'Candidature corrigée et déposée de nouveau', 'Candidature déclarée recevable']),
    )
    expect(done.timeline.filter((e: { label: string }) => e.label === 'Passage en instruction')).toHaveLength(1)
  })
})
