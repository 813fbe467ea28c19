// Co-leaders with real rights (issue 20, decision 097): the completeness check for everyone, « j'ai
// terminé ma partie » with the owner's e-mail, leaving, revoking an invitation, removing a co-leader
// (refused at the next request) and handing the application over. Bad input: a French message,
// nothing changed, never a 5xx. Through the domain functions and through the route actions.
// Runs on PGlite and on PostgreSQL.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import { acceptCoLeaderInvitation, inviteCoLeader, removeMember, revokeCoLeaderInvitation, saveSection } from '#app/accelerator/applications/applications.server.ts'
import { setPartDone, teamStatus, transferOwnership } from '#app/accelerator/applications/application-team.server.ts'
import { sectionBySlug } from '#app/accelerator/applications/application-form.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as teamRoute from '#app/routes/mes-candidatures.$id.co-porteurs.tsx'
import * as depotRoute from '#app/routes/mes-candidatures.$id.depot.tsx'
import * as previewRoute from '#app/routes/mes-candidatures.$id.apercu-jurys.tsx'
import * as layoutRoute from '#app/routes/mes-candidatures.$id.tsx'
import * as sectionRoute from '#app/routes/mes-candidatures.$id.$section.tsx'
import * as joinRoute from '#app/routes/mes-candidatures.rejoindre.$jeton.tsx'
import { acceleratorTestServices, auditActions, completeAnswers, createApplicationRow, createCallRow, createUser, outbox } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let acc: AcceleratorServices
let callId: string
let owner: SessionUser
let paul: SessionUser
let id: string

const DAY = 24 * 3600 * 1000
const project = sectionBySlug('projet')!

beforeAll(() => {
  acc = acceleratorTestServices(app.services)
})
beforeEach(async () => {
  callId = await createCallRow(app.db)
  owner = await sessionUser(app.services, await createUser(app.db, 'ines@exemple.fr', 'Inès Responsable'))
  paul = await sessionUser(app.services, await createUser(app.db, 'paul@exemple.fr', 'Paul Coporteur'))
  id = await createApplicationRow(app.db, { callId, ownerId: owner.id })
  await addMember(id, paul.id)
})

async function addMember(applicationId: string, userId: string) {
  await app.db.insertInto('application_members').values({ application_id: applicationId, user_id: userId, role: 'co_leader', added_by: owner.id }).execute()
}

/** The answer of a page of the application, its body read as an object (this file reads its fields). */
type Answer = Omit<Awaited<ReturnType<typeof app.call>>, 'body'> & { body: Record<string, unknown> | null }
async function post(route: { action: RouteHandler }, user: SessionUser, path: string, fields: Record<string, string>, params: Record<string, string> = { id }): Promise<Answer> {
  return (await app.call(route.action, { user, path, fields, params })) as Answer
}

async function get(route: { loader: RouteHandler }, user: SessionUser, path: string, params: Record<string, string> = { id }): Promise<Answer> {
  return (await app.call(route.loader, { user, path, params })) as Answer
}

/** Everything that changes when the team changes: nothing of it may move after a refused request. */
async function snapshot() {
  const [application, members, invitations, mails, audits] = await Promise.all([
    app.db.selectFrom('applications').select(['owner_id', 'version', 'state']).where('id', '=', id).executeTakeFirstOrThrow(),
    app.db.selectFrom('application_members').select(['user_id', 'role', 'removed_at', 'part_done_at']).where('application_id', '=', id).orderBy('user_id').execute(),
    app.db.selectFrom('application_invitations').select(['id', 'accepted_at', 'revoked_at']).where('application_id', '=', id).orderBy('id').execute(),
    outbox(app.db),
    auditActions(app.db, id),
  ])
  return JSON.stringify({ application, members, invitations, mails: mails.length, audits: audits.length })
}

async function invite(email: string) {
  expect(await inviteCoLeader(acc, owner, id, email)).toEqual({ ok: true })
  const mail = (await outbox(app.db, email)).at(-1)!
  return mail.text.match(/rejoindre\/([\w-]+)/)![1]!
}

async function invitationId(email: string) {
  return (await app.db.selectFrom('application_invitations').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}

describe('le contrôle de complétude, pour chaque co-porteur', () => {
  it('un co-porteur voit chaque élément qui bloque le dépôt, comme la personne responsable', async () => {
    const incomplete = completeAnswers()
    delete incomplete.budget
    incomplete.project = { ...incomplete.project!, title: '' }
    await app.db.updateTable('applications').set({ answers: incomplete }).where('id', '=', id).execute()
    await app.db.deleteFrom('application_files').where('application_id', '=', id).where('kind', '=', 'accounts').execute()
    const forPaul = await get(depotRoute, paul, '/x')
    const forOwner = await get(depotRoute, owner, '/x')
    expect(forPaul.status).toBe(200)
    expect(forPaul.body!.complete).toBe(false)
    expect(forPaul.body!.problems).toEqual(forOwner.body!.problems)
    const items = (forPaul.body!.problems as Array<{ title: string; items: Array<{ label: string }> }>).flatMap((s) => s.items.map((i) => `${s.title} / ${i.label}`))
    expect(items).toContain('Votre projet / Nom du projet')
    expect(items.filter((item) => item.startsWith('Budget')).length).toBeGreaterThanOrEqual(3)
    expect(items.some((item) => item.startsWith('Pièces jointes'))).toBe(true)
    // Deposit refused for the co-leader too, with the reason.
    const refused = await post(depotRoute, paul, '/x', { intent: 'submit' })
    expect(refused.status).toBe(400)
    expect(refused.body!.message).toBe('Votre candidature n’est pas complète : corrigez les points listés, puis déposez-la.')
    expect((await app.db.selectFrom('applications').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('brouillon')
  })

  it('après la date limite, le co-porteur lit ce qui empêche le dépôt, et ce qui manquait', async () => {
    const incomplete = completeAnswers()
    delete incomplete.strategy
    await app.db.updateTable('applications').set({ answers: incomplete }).where('id', '=', id).execute()
    setClockOffset(25 * DAY)
    const page = await get(depotRoute, paul, '/x')
    expect(page.body!.edit).toMatchObject({ editable: false, reason: expect.stringMatching(/^La date limite de dépôt était le /) })
    expect((page.body!.problems as unknown[]).length).toBeGreaterThan(0)
  })
})

describe('« j’ai terminé ma partie »', () => {
  it('la personne responsable est prévenue par e-mail, une fois ; le co-porteur peut revenir en arrière', async () => {
    expect(await setPartDone(acc, paul, id, true)).toEqual({ ok: true, changed: true })
    expect(await setPartDone(acc, paul, id, true)).toEqual({ ok: true, changed: false })
    const mails = await outbox(app.db, 'ines@exemple.fr')
    expect(mails).toHaveLength(1)
    expect(mails[0]).toMatchObject({ template: 'co-leader-part-done', subject: 'Paul Coporteur a terminé sa partie de la candidature « Jardins partagés en ville »' })
    expect(mails[0]!.text).toContain(`/mes-candidatures/${id}/depot`)
    expect((await teamStatus(app.db, id)).find((m) => m.userId === paul.id)!.partDoneAt).not.toBeNull()

    expect(await setPartDone(acc, paul, id, false)).toEqual({ ok: true, changed: true })
    expect((await teamStatus(app.db, id)).find((m) => m.userId === paul.id)!.partDoneAt).toBeNull()
    expect((await auditActions(app.db, id)).map((a) => [a.action, a.actor_id])).toEqual([
      ['application.co_leader_part_done', paul.id],
      ['application.co_leader_part_reopened', paul.id],
    ])
    expect(await outbox(app.db, 'ines@exemple.fr')).toHaveLength(1)
  })

  it('par le formulaire de la page de dépôt ; la personne responsable ne peut pas le dire, une candidature déposée non plus', async () => {
    const done = await post(depotRoute, paul, '/x', { intent: 'finish_part' })
    expect(done).toMatchObject({ status: 302, location: `/mes-candidatures/${id}/depot?terminee=1` })
    const page = await get(depotRoute, owner, '/x')
    expect((page.body!.team as Array<{ userId: string; partDoneAt: string | null }>).find((m) => m.userId === paul.id)!.partDoneAt).toBeTruthy()

    const before = await snapshot()
    const byOwner = await post(depotRoute, owner, '/x', { intent: 'finish_part' })
    expect(byOwner.status).toBe(400)
    expect(byOwner.body!.message).toBe('Vous êtes responsable de la candidature : c’est à vous que les co-porteurs disent avoir terminé leur partie.')
    await app.db.updateTable('applications').set({ state: 'deposee', reference: 'AIC-TEST-1', submitted_at: new Date(), last_submitted_at: new Date() }).where('id', '=', id).execute()
    const locked = await snapshot()
    const afterDeposit = await post(depotRoute, paul, '/x', { intent: 'resume_part' })
    expect(afterDeposit.status).toBe(409)
    expect(String(afterDeposit.body!.message)).toMatch(/^Votre candidature est déposée/)
    expect(await snapshot()).toBe(locked)
    expect(before).not.toBe(locked)
  })
})

describe('annuler une invitation', () => {
  it('le lien ne fonctionne plus dès l’annulation ; annuler deux fois, ou une invitation déjà acceptée, est refusé sans rien changer', async () => {
    const token = await invite('marie@exemple.fr')
    const invitation = await invitationId('marie@exemple.fr')
    expect(await post(teamRoute, owner, '/x', { intent: 'cancel_invitation', invitationId: invitation })).toMatchObject({ status: 302, location: `/mes-candidatures/${id}/co-porteurs?annulee=1` })
    const marie = await sessionUser(app.services, await createUser(app.db, 'marie@exemple.fr', 'Marie'))
    expect(await acceptCoLeaderInvitation(app.db, marie, token)).toEqual({ ok: false, reason: 'revoked' })
    const link = await get(joinRoute, marie, '/x', { jeton: token })
    expect(link.status).toBe(410)
    expect(link.body!.error).toBe('Cette invitation a été annulée par le porteur de la candidature.')
    expect((await auditActions(app.db, id)).map((a) => a.action)).toContain('application.co_leader_invitation_revoked')

    let before = await snapshot()
    const again = await post(teamRoute, owner, '/x', { intent: 'cancel_invitation', invitationId: invitation })
    expect(again).toMatchObject({ status: 409, body: { message: 'Cette invitation est déjà annulée.' } })
    expect(await snapshot()).toBe(before)

    const used = await invite('luc@exemple.fr')
    const luc = await sessionUser(app.services, await createUser(app.db, 'luc@exemple.fr', 'Luc'))
    expect(await acceptCoLeaderInvitation(app.db, luc, used)).toMatchObject({ ok: true })
    before = await snapshot()
    expect(await revokeCoLeaderInvitation(app.db, owner, id, await invitationId('luc@exemple.fr'))).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/^Cette invitation a déjà été acceptée/),
    })
    expect(await snapshot()).toBe(before)
    expect(await post(teamRoute, owner, '/x', { intent: 'cancel_invitation', invitationId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      status: 404,
      body: { message: 'Cette invitation est introuvable.' },
    })
  })

  it('un co-porteur annule les invitations qu’il a envoyées, pas celles de la personne responsable', async () => {
    await invite('marie@exemple.fr')
    const before = await snapshot()
    expect(await revokeCoLeaderInvitation(app.db, paul, id, await invitationId('marie@exemple.fr'))).toMatchObject({ ok: false, status: 400 })
    expect(await snapshot()).toBe(before)
    expect(await inviteCoLeader(acc, paul, id, 'lea@exemple.fr')).toEqual({ ok: true })
    expect(await revokeCoLeaderInvitation(app.db, paul, id, await invitationId('lea@exemple.fr'))).toEqual({ ok: true })
  })
})

describe('retirer un co-porteur, quitter la candidature', () => {
  it('un co-porteur retiré est refusé dès la requête suivante : lire, enregistrer, l’aperçu, la page de dépôt', async () => {
    expect(await post(teamRoute, owner, '/x', { intent: 'remove_member', userId: paul.id })).toMatchObject({ status: 302, location: `/mes-candidatures/${id}/co-porteurs?retire=1` })
    expect((await auditActions(app.db, id)).map((a) => [a.action, a.actor_id, a.data])).toEqual([['application.co_leader_removed', owner.id, { userId: paul.id }]])

    expect((await get(layoutRoute, paul, '/x')).status).toBe(403)
    expect((await get(depotRoute, paul, '/x')).status).toBe(404)
    expect((await get(previewRoute, paul, '/x')).status).toBe(404)
    expect((await get(teamRoute, paul, '/x')).status).toBe(404)
    expect(await saveSection(app.db, paul, id, project, { title: 'Trop tard', summary: '', problem: '', audience: '', territories: [] }, 0)).toEqual({
      ok: false,
      reason: 'not-member',
    })
    const before = await snapshot()
    const save = await post(sectionRoute, paul, '/x', { title: 'Trop tard', version: '0' }, { id, section: 'projet' } as never)
    expect(save.status).toBe(403)
    expect(await post(depotRoute, paul, '/x', { intent: 'finish_part' })).toMatchObject({ status: 404 })
    expect(await post(teamRoute, paul, '/x', { intent: 'leave' })).toMatchObject({ status: 404 })
    expect(await snapshot()).toBe(before)
  })

  it('un co-porteur ne retire pas la personne responsable ; celle-ci ne se retire pas elle-même : message en français, rien ne change', async () => {
    const before = await snapshot()
    expect(await removeMember(app.db, paul, id, owner.id)).toEqual({ ok: false, message: 'La personne responsable de la candidature ne peut pas en être retirée.' })
    expect(await post(teamRoute, paul, '/x', { intent: 'remove_member', userId: owner.id })).toMatchObject({
      status: 400,
      body: { message: 'La personne responsable de la candidature ne peut pas en être retirée.' },
    })
    const self = { ok: false, message: 'Vous êtes responsable de la candidature : pour la quitter, confiez-la d’abord à un co-porteur.' }
    expect(await removeMember(app.db, owner, id, owner.id)).toEqual(self)
    expect(await post(teamRoute, owner, '/x', { intent: 'remove_member', userId: owner.id })).toMatchObject({ status: 400, body: { message: self.message } })
    expect(await post(teamRoute, owner, '/x', { intent: 'leave' })).toMatchObject({ status: 400, body: { message: self.message } })
    expect(await snapshot()).toBe(before)
  })

  it('quitter passe par une confirmation, puis le co-porteur n’a plus accès ; une nouvelle invitation le fait revenir, partie à refaire', async () => {
    await setPartDone(acc, paul, id, true)
    expect((await get(teamRoute, paul, '/x?quitter=1')).body!.confirmLeave).toBe(true)
    expect((await get(teamRoute, owner, '/x?quitter=1')).body!.confirmLeave).toBe(false)
    expect(await post(teamRoute, paul, '/x', { intent: 'leave' })).toMatchObject({ status: 302, location: '/mes-candidatures?quitte=1' })
    expect((await auditActions(app.db, id)).map((a) => a.action).at(-1)).toBe('application.co_leader_left')
    expect((await get(depotRoute, paul, '/x')).status).toBe(404)

    const token = await invite('paul@exemple.fr')
    expect(await acceptCoLeaderInvitation(app.db, paul, token)).toMatchObject({ ok: true })
    expect((await teamStatus(app.db, id)).find((m) => m.userId === paul.id)).toMatchObject({ role: 'co_leader', partDoneAt: null })
  })
})

describe('confier la candidature à un co-porteur', () => {
  it('le co-porteur devient responsable, l’ancienne responsable co-porteuse ; deux e-mails, une ligne au journal', async () => {
    const page = await get(teamRoute, owner, `/x?confier=${paul.id}`)
    expect(page.body!.confirmTransfer).toEqual({ userId: paul.id, name: 'Paul Coporteur' })
    expect(await post(teamRoute, owner, '/x', { intent: 'transfer_ownership', userId: paul.id })).toMatchObject({ status: 302, location: `/mes-candidatures/${id}/co-porteurs?confiee=1` })

    const application = await app.db.selectFrom('applications').select('owner_id').where('id', '=', id).executeTakeFirstOrThrow()
    expect(application.owner_id).toBe(paul.id)
    expect((await teamStatus(app.db, id)).map((m) => [m.userId, m.role])).toEqual([
      [paul.id, 'leader'],
      [owner.id, 'co_leader'],
    ])
    expect((await outbox(app.db, 'paul@exemple.fr')).map((m) => m.subject)).toEqual(['Vous êtes maintenant responsable de la candidature « Jardins partagés en ville »'])
    expect((await outbox(app.db, 'ines@exemple.fr')).map((m) => m.subject)).toEqual(['Vous avez confié la candidature « Jardins partagés en ville » à Paul Coporteur'])
    expect((await auditActions(app.db, id)).map((a) => [a.action, a.actor_id, a.data])).toEqual([
      ['application.ownership_transferred', owner.id, { from: owner.id, to: paul.id }],
    ])
    // The rights follow: the new owner may remove the former one, who can no longer hand it over.
    expect(await transferOwnership(acc, owner, id, paul.id)).toMatchObject({ ok: false, status: 400 })
    expect(await removeMember(app.db, paul, id, owner.id)).toEqual({ ok: true })
    expect((await get(depotRoute, owner, '/x')).status).toBe(404)
  })

  it('à une personne qui ne fait pas partie de la candidature, à soi-même, par un co-porteur, ou à qui porte déjà une candidature à cet appel : refusé', async () => {
    const stranger = await createUser(app.db, 'autre@exemple.fr', 'Autre')
    const before = await snapshot()
    expect(await post(teamRoute, owner, '/x', { intent: 'transfer_ownership', userId: stranger })).toMatchObject({
      status: 400,
      body: { message: 'Cette personne ne fait pas partie de la candidature : invitez-la d’abord comme co-porteur.' },
    })
    expect(await post(teamRoute, owner, '/x', { intent: 'transfer_ownership', userId: 'pas-un-identifiant' })).toMatchObject({ status: 400 })
    expect(await transferOwnership(acc, owner, id, owner.id)).toMatchObject({ ok: false, status: 400, message: 'Vous êtes déjà responsable de cette candidature : choisissez un co-porteur.' })
    expect(await transferOwnership(acc, paul, id, paul.id)).toMatchObject({
      ok: false,
      status: 400,
      message: 'Seule la personne responsable de la candidature peut la confier à quelqu’un d’autre.',
    })
    expect((await get(teamRoute, paul, `/x?confier=${paul.id}`)).body!.confirmTransfer).toBeNull()

    // A removed co-leader is no longer a member.
    const removed = await sessionUser(app.services, await createUser(app.db, 'ancien@exemple.fr', 'Ancien'))
    await addMember(id, removed.id)
    await removeMember(app.db, owner, id, removed.id)
    const afterRemoval = await snapshot()
    expect(await transferOwnership(acc, owner, id, removed.id)).toMatchObject({ ok: false, status: 400 })
    expect(await snapshot()).toBe(afterRemoval)
    expect(before).not.toBe(afterRemoval)

    // Paul already owns an application on this call: he cannot own a second one.
    await createApplicationRow(app.db, { callId, ownerId: paul.id })
    const withOwn = await snapshot()
    expect(await transferOwnership(acc, owner, id, paul.id)).toMatchObject({
      ok: false,
      status: 409,
      message: 'Paul Coporteur est déjà responsable d’une autre candidature à cet appel : celle-ci ne peut pas lui être confiée.',
    })
    expect(await snapshot()).toBe(withOwn)
  })
})
