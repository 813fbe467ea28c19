import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import {
  acceptCoLeaderInvitation,
  addAttachment,
  findMemberApplication,
  invitationsFor,
  inviteCoLeader,
  listMyApplications,
  readableAttachment,
  removeAttachment,
  removeMember,
  saveSection,
  startApplication,
} from '#app/accelerator/applications/applications.server.ts'
import { projectTitle, sectionBySlug, sectionForCall, type Answers } from '#app/accelerator/applications/application-form.ts'
import { submitApplication } from '#app/accelerator/applications/application-state-machine.server.ts'
import { sendDeadlineReminders } from '#app/accelerator/reminders.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as sectionRoute from '#app/routes/mes-candidatures.$id.$section.tsx'
import * as overviewRoute from '#app/routes/mes-candidatures.$id._index.tsx'
import * as dashboardRoute from '#app/routes/mes-candidatures._index.tsx'
import * as attachmentsRoute from '#app/routes/mes-candidatures.$id.pieces-jointes.tsx'
import * as downloadRoute from '#app/routes/pieces-jointes.$fileId.tsx'
import { acceleratorTestServices, completeAnswers, createApplicationRow, createCallRow, createUser, outbox, pdfFile } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let acc: AcceleratorServices
let callId: string
let leader: SessionUser

const DAY = 24 * 3600 * 1000
const project = sectionBySlug('projet')!
const structure = sectionBySlug('structure')!

beforeAll(() => {
  acc = acceleratorTestServices(app.services)
})
beforeEach(async () => {
  callId = await createCallRow(app.db)
  leader = await sessionUser(app.services, await createUser(app.db, 'porteuse@exemple.fr', 'Inès Porteuse'))
})

/** The route called by `user` (null: anonymous). */
const run = <H extends RouteHandler>(handler: H, user: SessionUser | null, path: string, params: Record<string, string>, fields?: Record<string, string>) =>
  app.call(handler, { user, path, params, fields })

describe('brouillon', () => {
  it('« Déposer une candidature » cliqué deux fois crée un seul brouillon', async () => {
    const [a, b] = await Promise.all([startApplication(app.db, leader, callId), startApplication(app.db, leader, callId)])
    expect(a.ok && b.ok && a.id === b.id).toBe(true)
    expect(await app.db.selectFrom('applications').selectAll().execute()).toHaveLength(1)
    expect(await app.db.selectFrom('application_members').selectAll().execute()).toHaveLength(1)
  })

  it('un appel qui n’est pas ouvert refuse les nouveaux brouillons', async () => {
    const closed = await createCallRow(app.db, { state: 'clos', closesInDays: -1 })
    expect(await startApplication(app.db, leader, closed)).toMatchObject({ ok: false })
  })

  it('garde ce qui est tapé même quand ce n’est pas encore valide, et le signale', async () => {
    const start = await startApplication(app.db, leader, callId)
    const id = start.ok ? start.id : ''
    const saved = await saveSection(app.db, leader, id, structure, { name: 'Asso', kind: 'association', siret: '12345678901234', rna: 'X12', address: '', website: '' }, 0)
    expect(saved).toMatchObject({ ok: true, version: 1 })
    const found = await findMemberApplication(app.db, leader, id)
    expect(found.status === 'member' && found.application.answers.structure).toMatchObject({ siret: '12345678901234', rna: 'X12' })
    const page = (await run(sectionRoute.loader, leader, `/mes-candidatures/${id}/structure`, { id, section: 'structure' })).body as {
      issues: Record<string, string>
    }
    expect(page.issues).toEqual({
      siret: 'Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.',
      rna: 'Ce numéro RNA n’est pas valide : il commence par W, suivi de 9 chiffres.',
    })
  })

  it('un texte démesuré est refusé sans rien écrire (400, jamais 500)', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const response = await run(sectionRoute.action, leader, `/mes-candidatures/${id}/projet`, { id, section: 'projet' }, { version: '0', title: 'x'.repeat(5000), summary: 'ok' })
    expect(response.status).toBe(400)
    const row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers.project?.title).toBe('Jardins partagés en ville')
  })

  it('un type de structure exclu par l’appel n’est pas proposé, est refusé à côté du champ, et bloque le dépôt', async () => {
    // « Fondation » unticked on the call.
    await app.db.updateTable('call_grid_versions').set({ eligible_kinds: ['association', 'collective', 'social_enterprise'] }).where('call_id', '=', callId).execute()
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const page = (await run(sectionRoute.loader, leader, `/mes-candidatures/${id}/structure`, { id, section: 'structure' })).body as {
      eligibleKinds: readonly string[]
    }
    const offered = sectionForCall(structure, { eligibleKinds: page.eligibleKinds }).fields.find((field) => field.name === 'kind')!.options!.map((o) => o.value)
    expect(offered).toEqual(['association', 'collective', 'social_enterprise'])

    const fields = { version: '0', name: 'Fondation du Lac', kind: 'foundation', siret: '73282932000074', rna: '', address: '1 rue de la Paix, 75002 Paris', website: '' }
    const refused = await run(sectionRoute.action, leader, `/mes-candidatures/${id}/structure`, { id, section: 'structure' }, fields)
    expect(refused.status).toBe(400)
    expect((refused.body as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({
      kind: 'Cet appel à projets n’est pas ouvert aux structures de type « Fondation ou fonds de dotation ». Types admis : association, collectif citoyen (sans statut juridique), entreprise de l’économie sociale et solidaire.',
    })
    const row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers.structure?.kind).toBe('association')
    // The rule lives in the domain: whoever calls saveSection meets it, not only the page.
    const direct = await saveSection(app.db, leader, id, structure, { ...row.answers.structure, kind: 'foundation' }, 99)
    expect(direct).toMatchObject({ ok: false, reason: 'invalid', fieldErrors: { kind: expect.stringContaining('Fondation ou fonds de dotation') } })

    // A draft saved before the call narrowed its rules: the message is shown, and it cannot be submitted.
    const ownerId = await createUser(app.db, 'fondation@exemple.fr')
    const stale = await createApplicationRow(app.db, { callId, ownerId, answers: completeAnswers({ structure: { ...completeAnswers().structure, kind: 'foundation' } }), withFiles: true })
    const result = await submitApplication(acc, await sessionUser(app.services, ownerId), stale)
    expect(result).toMatchObject({ ok: false, error: 'incomplete' })
    expect(!result.ok && result.problems?.flatMap((section) => section.problems.map((problem) => problem.field))).toEqual(['kind'])
    expect((await app.db.selectFrom('applications').select('state').where('id', '=', stale).executeTakeFirstOrThrow()).state).toBe('brouillon')
  })

  it('une page ouverte avant la migration 0025 envoie encore « collectif » : la porte le range en anglais (décision 113)', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const fields = { version: '0', name: 'Collectif du Lac', kind: 'collectif', siret: '', rna: '', address: '1 rue de la Paix, 75002 Paris', website: '' }
    const saved = await run(sectionRoute.action, leader, `/mes-candidatures/${id}/structure`, { id, section: 'structure' }, fields)
    expect(saved.status).toBe(302)
    const row = await app.db.selectFrom('applications').select(['answers', 'structure_kind']).where('id', '=', id).executeTakeFirstOrThrow()
    expect([row.answers.structure?.kind, row.structure_kind]).toEqual(['collective', 'collective'])
    // A value that never was a structure kind is not translated: the call does not admit it, nothing is written.
    const unknown = await run(sectionRoute.action, leader, `/mes-candidatures/${id}/structure`, { id, section: 'structure' }, { ...fields, version: '1', kind: 'cooperative' })
    expect(unknown.status).toBe(400)
    expect((await app.db.selectFrom('applications').select('structure_kind').where('id', '=', id).executeTakeFirstOrThrow()).structure_kind).toBe('collective')
  })

  it('le HTML tapé est enregistré tel quel, comme du texte', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const title = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const result = await saveSection(app.db, leader, id, project, { title, summary: 'Résumé', problem: 'P', audience: 'A', territories: ['bretagne'] }, 0)
    expect(result.ok).toBe(true)
    const row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers.project?.title).toBe(title)
  })

  it('deux co-porteurs qui modifient la même section ne s’écrasent pas : le second apprend qui, quand, et quoi', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const coLeader = await sessionUser(app.services, await createUser(app.db, 'coporteur@exemple.fr', 'Paul Co'))
    await app.db.insertInto('application_members').values({ application_id: id, user_id: coLeader.id, role: 'co_leader', added_by: leader.id }).execute()
    const base = { summary: 'Résumé', problem: 'P', audience: 'A', territories: ['bretagne'] }
    expect(await saveSection(app.db, coLeader, id, project, { ...base, title: 'Titre de Paul' }, 0)).toMatchObject({ ok: true, version: 1 })
    const conflict = await saveSection(app.db, leader, id, project, { ...base, title: 'Titre d’Inès' }, 0)
    expect(conflict).toMatchObject({ ok: false, reason: 'conflict', version: 1, by: 'Paul Co', theirs: { title: 'Titre de Paul' } })
    let row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers.project?.title).toBe('Titre de Paul')
    // Inès chooses to keep her text: she saves again from the version she has now seen.
    expect(await saveSection(app.db, leader, id, project, { ...base, title: 'Titre d’Inès' }, 1)).toMatchObject({ ok: true, version: 2 })
    row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.answers.project?.title).toBe('Titre d’Inès')
    // The same person saving again from an older version (a save still on its way, a second tab) is never a conflict.
    expect(await saveSection(app.db, leader, id, project, { ...base, title: 'Brouillon 1' }, 2)).toMatchObject({ ok: true, version: 3 })
    expect(await saveSection(app.db, leader, id, project, { ...base, title: 'Autre onglet' }, 2)).toMatchObject({ ok: true, version: 4 })
    // Another section is independent: no conflict.
    expect(await saveSection(app.db, coLeader, id, structure, { name: 'Asso', kind: 'collective', siret: '', rna: '', address: 'Ici', website: '' }, 0)).toMatchObject({ ok: true })
  })

  it('l’enregistrement sans JavaScript répond par une redirection ; un conflit garde le texte tapé et propose de l’enregistrer', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const fields = { title: 'Nouveau titre', summary: 'Résumé', problem: 'P', audience: 'A', territories: 'bretagne' }
    const ok = await run(sectionRoute.action, leader, '/x', { id, section: 'projet' }, { ...fields, version: '0' })
    expect(ok.status).toBe(302)
    expect(ok.location).toBe(`/mes-candidatures/${id}/projet?enregistre=1`)
    // A co-leader whose page still shows version 0 saves: Inès's text is not overwritten.
    const coLeader = await sessionUser(app.services, await createUser(app.db, 'coporteur@exemple.fr', 'Paul Co'))
    await app.db.insertInto('application_members').values({ application_id: id, user_id: coLeader.id, role: 'co_leader', added_by: leader.id }).execute()
    const stale = await run(sectionRoute.action, coLeader, '/x', { id, section: 'projet' }, { ...fields, title: 'Autre titre', version: '0' })
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ status: 'conflict', values: { title: 'Autre titre' }, conflict: { version: 1, theirs: { title: 'Nouveau titre' } } })
  })

  it('la date limite passe pendant la saisie : l’enregistrement est refusé avec un message clair, le brouillon reste', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    setClockOffset(20 * DAY + 60_000)
    const fields = { title: 'Tapé trop tard', summary: 'S', problem: 'P', audience: 'A', territories: 'bretagne', version: '0' }
    const response = await run(sectionRoute.action, leader, '/x', { id, section: 'projet' }, fields)
    expect(response.status).toBe(409)
    const body = response.body as { status: string; message: string; values: { title: string } }
    expect(body.status).toBe('locked')
    expect(body.message).toMatch(/^La date limite de dépôt était le .* Votre brouillon est conservé et reste consultable/)
    expect(body.values.title).toBe('Tapé trop tard')
    const row = await app.db.selectFrom('applications').select(['state', 'answers']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.state).toBe('brouillon')
    expect(row.answers.project?.title).toBe('Jardins partagés en ville')
  })
})

describe('co-porteurs', () => {
  async function invite(email: string, id: string) {
    expect(await inviteCoLeader(acc, leader, id, email)).toEqual({ ok: true })
    const mail = (await outbox(app.db, email.toLowerCase())).at(-1)!
    expect(mail.template).toBe('co-leader-invitation')
    return mail.text.match(/rejoindre\/([\w-]+)/)![1]!
  }

  it('un co-porteur invité rejoint avec sa propre adresse seulement, puis modifie le brouillon', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const token = await invite('Paul@exemple.fr', id)
    const stranger = await sessionUser(app.services, await createUser(app.db, 'autre@exemple.fr'))
    expect(await acceptCoLeaderInvitation(app.db, stranger, token)).toEqual({ ok: false, reason: 'wrong-account' })
    const paul = await sessionUser(app.services, await createUser(app.db, 'paul@exemple.fr', 'Paul'))
    expect(await acceptCoLeaderInvitation(app.db, paul, token)).toEqual({ ok: true, applicationId: id })
    expect(await acceptCoLeaderInvitation(app.db, paul, token)).toEqual({ ok: false, reason: 'accepted' })
    expect((await findMemberApplication(app.db, paul, id)).status).toBe('member')
    expect(await saveSection(app.db, paul, id, project, { title: 'Par Paul', summary: 'S', problem: 'P', audience: 'A', territories: [] }, 0)).toMatchObject({ ok: true })
    expect(await inviteCoLeader(acc, leader, id, 'paul@exemple.fr')).toMatchObject({ ok: false, message: 'Cette personne fait déjà partie de la candidature.' })
  })

  it('un co-porteur retiré en pleine saisie ne peut plus enregistrer ; son texte lui est rendu, rien d’autre', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const paul = await sessionUser(app.services, await createUser(app.db, 'paul@exemple.fr', 'Paul'))
    await app.db.insertInto('application_members').values({ application_id: id, user_id: paul.id, role: 'co_leader', added_by: leader.id }).execute()
    expect(await removeMember(app.db, paul, id, leader.id)).toMatchObject({ ok: false })
    expect(await removeMember(app.db, leader, id, paul.id)).toEqual({ ok: true })
    expect(await saveSection(app.db, paul, id, project, { title: 'Trop tard', summary: '', problem: '', audience: '', territories: [] }, 0)).toEqual({
      ok: false,
      reason: 'not-member',
    })
    const response = await run(sectionRoute.action, paul, '/x', { id, section: 'projet' }, { title: 'Mon texte en cours', version: '0' })
    expect(response.status).toBe(403)
    expect(response.body).toMatchObject({ status: 'removed', values: { title: 'Mon texte en cours' } })
    const page = (await run(sectionRoute.loader, paul, '/x', { id, section: 'projet' })).body as Record<string, unknown>
    expect(page).toEqual({ removed: true, sectionTitle: 'Votre projet', id, slug: 'projet' })
    expect(JSON.stringify(page)).not.toContain('Jardins')
  })
})

describe('accès', () => {
  it('un porteur qui change l’adresse pour lire la candidature d’un autre obtient une 404', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const intruder = await sessionUser(app.services, await createUser(app.db, 'intrus@exemple.fr'))
    expect((await run(overviewRoute.loader, intruder, `/mes-candidatures/${id}`, { id })).status).toBe(404)
    expect((await run(sectionRoute.loader, intruder, '/x', { id, section: 'projet' })).status).toBe(404)
    expect((await run(sectionRoute.action, intruder, '/x', { id, section: 'projet' }, { title: 'pirate', version: '0' })).status).toBe(404)
    expect((await run(overviewRoute.loader, intruder, '/x', { id: 'n-importe-quoi' })).status).toBe(404)
    expect((await run(sectionRoute.loader, leader, '/x', { id, section: 'section-inventee' })).status).toBe(404)
    expect((await run(overviewRoute.loader, null, '/x', { id })).status).toBe(302)
  })
})

describe('pièces jointes', () => {
  it('accepte un vrai PDF, le sert en téléchargement aux seules personnes autorisées, et le supprime', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
    const added = await addAttachment(acc, leader, id, 'statutes', pdfFile('Statuts « 2025 ».pdf'))
    expect(added.ok).toBe(true)
    const fileId = added.ok ? added.id : ''
    const row = await app.db.selectFrom('application_files').selectAll().where('id', '=', fileId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ content_type: 'application/pdf', original_name: 'Statuts « 2025 ».pdf', storage_key: `applications/${id}/${fileId}` })
    expect(await acc.storage.exists(row.storage_key)).toBe(true)

    const stranger = await sessionUser(app.services, await createUser(app.db, 'intrus@exemple.fr'))
    expect(await readableAttachment(app.db, stranger, fileId, () => false)).toBeNull()
    // A reviewer of the call cannot read a draft's files either.
    expect(await readableAttachment(app.db, stranger, fileId, () => true)).toBeNull()
    expect(await readableAttachment(app.db, leader, fileId, () => false)).not.toBeNull()

    const removed = await removeAttachment(acc, leader, id, fileId)
    expect(removed).toEqual({ ok: true })
    expect(await acc.storage.exists(row.storage_key)).toBe(false)
  })

  it('refuse un fichier qui se dit PDF sans en être un, un fichier vide et un fichier de plus de 10 Mo', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
    const fake = new File([new TextEncoder().encode('<html><script>alert(1)</script></html>')], 'statuts.pdf', { type: 'application/pdf' })
    expect(await addAttachment(acc, leader, id, 'statutes', fake)).toEqual({
      ok: false,
      status: 400,
      message: 'Le contenu de ce fichier ne correspond pas à un fichier .pdf valide. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.',
    })
    const exe = new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])], 'comptes.pdf')
    expect(await addAttachment(acc, leader, id, 'accounts', exe)).toMatchObject({ ok: false, status: 400 })
    expect(await addAttachment(acc, leader, id, 'accounts', new File([], 'vide.pdf'))).toMatchObject({ ok: false, status: 400, message: 'Ce fichier est vide. Choisissez un autre fichier.' })
    const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'gros.pdf')
    const tooBig = await addAttachment(acc, leader, id, 'accounts', huge)
    expect(tooBig).toMatchObject({ ok: false, status: 413 })
    if (!tooBig.ok) expect(tooBig.message).toContain('la limite est de 10 Mo')
    expect(await app.db.selectFrom('application_files').selectAll().execute()).toHaveLength(0)
  })

  it('l’envoi par le formulaire répond 400 avec un message, jamais 500, quand le fichier est mauvais', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
    const fields = { intent: 'add', kind: 'statutes', fichier: new File([new TextEncoder().encode('pas un pdf')], 'faux.pdf', { type: 'application/pdf' }) }
    const context = { env: { ...app.services.env, UPLOADS_DIR: '/tmp/aic-test-uploads' } }
    const response = await app.call(attachmentsRoute.action, { user: leader, path: `/mes-candidatures/${id}/pieces-jointes`, params: { id }, fields, context })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ message: 'Le contenu de ce fichier ne correspond pas à un fichier .pdf valide. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.', field: 'fichier' })
  })

  it('le téléchargement force l’enregistrement et interdit l’interprétation du contenu', async () => {
    const id = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
    const context = { env: { ...app.services.env, UPLOADS_DIR: '/tmp/aic-test-uploads' } }
    const services2 = { ...acc, storage: (await import('#app/utils/file-storage.server.ts')).storageFor('/tmp/aic-test-uploads') }
    const added = await addAttachment(services2, leader, id, 'statutes', pdfFile('statuts été.pdf'))
    const fileId = added.ok ? added.id : ''
    const response = await app.call(downloadRoute.loader, { user: leader, path: `/pieces-jointes/${fileId}`, params: { fileId }, context })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="statuts _t_.pdf"; filename*=UTF-8''statuts%20%C3%A9t%C3%A9.pdf`)
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(new TextDecoder().decode(response.bytes.slice(0, 5))).toBe('%PDF-')
    const stranger = await sessionUser(app.services, await createUser(app.db, 'intrus@exemple.fr'))
    expect((await app.call(downloadRoute.loader, { user: stranger, path: '/x', params: { fileId } })).status).toBe(404)
  })
})

describe('rappels avant la date limite', () => {
  it('envoie un rappel à J-7 puis à J-1 aux brouillons, une seule fois chacun, jamais aux candidatures déposées', async () => {
    const draft = await createApplicationRow(app.db, { callId, ownerId: leader.id })
    const other = await createUser(app.db, 'deja.deposee@exemple.fr')
    await createApplicationRow(app.db, { callId, ownerId: other, state: 'deposee' })
    const call = await app.db.selectFrom('calls').select('closes_at').where('id', '=', callId).executeTakeFirstOrThrow()
    const at = (msBefore: number) => new Date(call.closes_at.getTime() - msBefore)
    const jobServices = { db: app.db, jobs: app.services.jobs, appUrl: 'http://localhost:3000' }
    expect(await sendDeadlineReminders(jobServices, at(10 * DAY))).toBe(0)
    expect(await sendDeadlineReminders(jobServices, at(7 * DAY))).toBe(1)
    expect(await sendDeadlineReminders(jobServices, at(6 * DAY))).toBe(0)
    expect(await sendDeadlineReminders(jobServices, at(20 * 3600 * 1000))).toBe(1)
    expect(await sendDeadlineReminders(jobServices, at(2 * 3600 * 1000))).toBe(0)
    const mails = await outbox(app.db)
    expect(mails.map((m) => [m.to_address, m.subject])).toEqual([
      ['porteuse@exemple.fr', 'Rappel : dépôt des candidatures dans 7 jours'],
      ['porteuse@exemple.fr', 'Rappel : dépôt des candidatures demain'],
    ])
    expect(mails[0]!.text).toContain(`/mes-candidatures/${draft}`)
  })
})

describe('suppression de compte', () => {
  it('efface les brouillons jamais déposés et leurs fichiers, garde les candidatures déposées, retire des co-portages', async () => {
    const { deleteAccount } = await import('#app/auth/account.server.ts')
    const draft = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
    const other = await createCallRow(app.db)
    const submitted = await createApplicationRow(app.db, { callId: other, ownerId: leader.id, state: 'deposee' })
    const friend = await createUser(app.db, 'ami@exemple.fr')
    const coLed = await createApplicationRow(app.db, { callId, ownerId: friend })
    await app.db.insertInto('application_members').values({ application_id: coLed, user_id: leader.id, role: 'co_leader', added_by: friend }).execute()
    await deleteAccount(app.db, leader)
    const remaining = await app.db.selectFrom('applications').select('id').execute()
    expect(remaining.map((r) => r.id).sort()).toEqual([submitted, coLed].sort())
    expect(remaining.map((r) => r.id)).not.toContain(draft)
    const membership = await app.db.selectFrom('application_members').select('removed_at').where('application_id', '=', coLed).where('user_id', '=', leader.id).executeTakeFirstOrThrow()
    expect(membership.removed_at).toBeInstanceOf(Date)
  })
})

describe('le tableau de bord d’une porteuse', () => {
  it('lit le titre du projet sans les réponses entières, comme projectTitle le lit dans les réponses', async () => {
    // A title, blanks, a number, no title at all.
    const cases: unknown[] = ['Un jardin partagé', '   ', 42, undefined]
    const expected = new Map<string, string>()
    for (const [index, title] of cases.entries()) {
      // One application per call and leader: one call each.
      const call = index === 0 ? callId : await createCallRow(app.db, { slug: `appel-titre-${index}` })
      const answers = completeAnswers()
      const project = { ...answers.project, title } as Record<string, unknown>
      if (title === undefined) delete project.title
      const full = { ...answers, project } as Answers
      const id = await createApplicationRow(app.db, { callId: call, ownerId: leader.id, answers: full })
      expected.set(id, projectTitle(full))
    }
    const rows = await listMyApplications(app.db, leader)
    expect(rows).toHaveLength(cases.length)
    const response = await run(dashboardRoute.loader, leader, '/mes-candidatures', {})
    const data = response.body as { applications: Array<{ id: string; title: string }>; openCalls: Array<{ slug: string }> }
    expect(Object.fromEntries(data.applications.map((a) => [a.id, a.title]))).toEqual(Object.fromEntries(expected))
    expect([...expected.values()].sort()).toEqual(['Projet sans titre', 'Projet sans titre', 'Projet sans titre', 'Un jardin partagé'])
    expect(data.openCalls).toHaveLength(cases.length)
    // An invitation shows the title the same way.
    const invited = await sessionUser(app.services, await createUser(app.db, 'invitee@exemple.fr'))
    const [titled] = [...expected.keys()]
    await inviteCoLeader(acc, leader, titled!, 'invitee@exemple.fr')
    expect((await invitationsFor(app.db, invited)).map((i) => i.project_title)).toEqual(['Un jardin partagé'])
  })
})
