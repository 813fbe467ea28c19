// Refusal templates of an organisation (issue 19, decision 102): created, edited and archived from
// /services/organisations/:id/modeles-de-refus by the people who administer the organisation's
// services, audited, picked in the moderation queue. Bad input and other people's templates: refused
// in French, nothing changed.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import {
  archiveRefusalTemplate,
  createRefusalTemplate,
  listRefusalTemplates,
  refusalChoices,
  resolveRefusal,
  updateRefusalTemplate,
} from '#app/experiences/moderation.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import * as templatesRoute from '#app/routes/services.organisations.$organisationId.modeles-de-refus.tsx'
import * as queueRoute from '#app/routes/services.$serviceId.experiences._index.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser
let otherTeam: SessionUser
let serviceOnlyAgent: SessionUser
let organisationId: string
let otherOrganisationId: string
let serviceId: string

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  organisationId = seeded.organisationId
  await app.db.deleteFrom('experience_refusal_templates').execute()
  team = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(app.db, team, { organisationId, name: 'Démarche des modèles de refus' })
  if (!created.ok) throw new Error('service')
  serviceId = created.serviceId
  otherOrganisationId = (await app.db.insertInto('organisations').values({ slug: 'sante', name: 'Ministère de la Santé' }).returning('id').executeTakeFirstOrThrow()).id
  const otherUser = (await app.db.insertInto('users').values({ email: 'agent@sante.gouv.fr', display_name: 'Agent santé' }).returning('id').executeTakeFirstOrThrow()).id
  await app.db.insertInto('role_assignments').values({ user_id: otherUser, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisationId }).execute()
  otherTeam = await sessionUser(app.services, otherUser)
  // An agent of one service only: moderates its queue, does not administer the organisation.
  const agent = (await app.db.insertInto('users').values({ email: 'agent@demo.gouv.fr', display_name: 'Agent d’un service' }).returning('id').executeTakeFirstOrThrow()).id
  await app.db.insertInto('role_assignments').values({ user_id: agent, role: 'service_team', scope_type: 'service', scope_id: serviceId }).execute()
  serviceOnlyAgent = await sessionUser(app.services, agent)
})

const path = (id = organisationId) => `/services/organisations/${id}/modeles-de-refus`
const post = (fields: Record<string, string>, user = team, id = organisationId) =>
  app.call(templatesRoute.action, { user, path: path(id), fields, params: { organisationId: id } })
const page = (user = team, id = organisationId) => app.call(templatesRoute.loader, { user, path: path(id), params: { organisationId: id } })
const TEMPLATE = { reason: 'off_topic', title: 'Autre administration', message: 'Votre récit concerne la caisse d’allocations familiales : écrivez-lui directement.' }

describe('modèles de refus : le domaine', () => {
  it('crée, modifie et archive un modèle de l’organisation, chaque fois au journal ; un modèle archivé n’est plus proposé', async () => {
    const id = await createRefusalTemplate(app.db, team, organisationId, { ...TEMPLATE, reason: 'off_topic' })
    expect((await refusalChoices(app.db, organisationId)).map((choice) => choice.value)).toContain(`modele:${id}`)
    expect(await updateRefusalTemplate(app.db, team, organisationId, id, { reason: 'duplicate', title: 'Déjà raconté', message: 'Une expérience semblable est déjà publiée.' })).toBe(true)
    expect(await listRefusalTemplates(app.db, organisationId)).toMatchObject([{ id, reason: 'duplicate', title: 'Déjà raconté', message: 'Une expérience semblable est déjà publiée.' }])
    expect(await resolveRefusal(app.db, organisationId, `modele:${id}`)).toEqual({ reason: 'duplicate', template: { id, message: 'Une expérience semblable est déjà publiée.' } })
    // Another organisation cannot change or archive it, nor pick it.
    expect(await updateRefusalTemplate(app.db, otherTeam, otherOrganisationId, id, { ...TEMPLATE, reason: 'off_topic' })).toBe(false)
    expect(await archiveRefusalTemplate(app.db, otherTeam, otherOrganisationId, id)).toBe(false)
    expect(await resolveRefusal(app.db, otherOrganisationId, `modele:${id}`)).toBeNull()
    expect(await archiveRefusalTemplate(app.db, team, organisationId, id)).toBe(true)
    expect(await archiveRefusalTemplate(app.db, team, organisationId, id)).toBe(false)
    expect(await updateRefusalTemplate(app.db, team, organisationId, id, { ...TEMPLATE, reason: 'off_topic' })).toBe(false)
    expect(await listRefusalTemplates(app.db, organisationId)).toEqual([])
    expect(await resolveRefusal(app.db, organisationId, `modele:${id}`)).toBeNull()
    // Kept (archived, not deleted) with the last text.
    expect(await app.db.selectFrom('experience_refusal_templates').select(['title']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ title: 'Déjà raconté' })
    const actions = await app.db.selectFrom('audit_log').select(['action', 'actor_id']).where('subject_id', '=', organisationId).where('action', 'like', 'refusal-template.%').orderBy('id').execute()
    expect(actions).toEqual([
      { action: 'refusal-template.created', actor_id: team.id },
      { action: 'refusal-template.updated', actor_id: team.id },
      { action: 'refusal-template.archived', actor_id: team.id },
    ])
  })
})

describe('modèles de refus : la page', () => {
  it('affiche un état vide, puis le modèle créé ; il est proposé dans la file de modération des services', async () => {
    expect((await page()).body).toMatchObject({ templates: [] })
    const created = await post({ intent: 'create', ...TEMPLATE })
    expect(created.status).toBe(302)
    expect(created.location).toBe(`${path()}?cree=1`)
    const [template] = await listRefusalTemplates(app.db, organisationId)
    expect(template).toMatchObject(TEMPLATE)
    expect((await page()).body).toMatchObject({ templates: [{ id: template!.id, title: TEMPLATE.title }] })
    const queue = await app.call(queueRoute.loader, { user: serviceOnlyAgent, path: `/services/${serviceId}/experiences`, params: { serviceId } })
    expect(JSON.stringify(queue.body)).toContain(`modele:${template!.id}`)

    const edited = await post({ intent: 'edit', templateId: template!.id, reason: 'advertising', title: 'Message automatique', message: 'Votre message ressemble à une publicité.' })
    expect(edited.location).toBe(`${path()}?modifie=1`)
    expect(await listRefusalTemplates(app.db, organisationId)).toMatchObject([{ reason: 'advertising', title: 'Message automatique' }])
    const archived = await post({ intent: 'archive', templateId: template!.id })
    expect(archived.location).toBe(`${path()}?supprime=1`)
    expect(await listRefusalTemplates(app.db, organisationId)).toEqual([])
  })

  it('refuse une saisie invalide avec des messages en français à côté des champs (400, rien d’enregistré)', async () => {
    const empty = await post({ intent: 'create', reason: '', title: '  ', message: '' })
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({
      target: 'nouveau',
      error: { reason: ['Choisissez le motif auquel ce modèle se rattache.'], title: ['Saisissez un nom pour le modèle.'], message: ['Saisissez le message envoyé à l’auteur.'] },
    })
    const tooLong = await post({ intent: 'create', reason: 'autre-chose', title: 'x'.repeat(81), message: 'y'.repeat(1001) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body).toMatchObject({ error: { title: ['Ce champ ne doit pas dépasser 80 caractères.'], message: ['Ce champ ne doit pas dépasser 1000 caractères.'] } })
    expect(await post({ intent: 'effacer-tout' })).toMatchObject({ status: 400, body: { message: 'Rechargez la page puis recommencez.' } })
    expect(await app.db.selectFrom('experience_refusal_templates').select('id').execute()).toEqual([])

    const id = await createRefusalTemplate(app.db, team, organisationId, { ...TEMPLATE, reason: 'off_topic' })
    const badEdit = await post({ intent: 'edit', templateId: id, reason: 'off_topic', title: '', message: 'Nouveau message' })
    expect(badEdit.status).toBe(400)
    expect(badEdit.body).toMatchObject({ target: id, error: { title: ['Saisissez un nom pour le modèle.'] } })
    expect((await post({ intent: 'archive', templateId: 'pas-un-uuid' })).body).toMatchObject({ error: { templateId: ['Ce modèle n’existe pas.'] }, message: 'Ce modèle n’existe pas.' })
    expect(await listRefusalTemplates(app.db, organisationId)).toMatchObject([TEMPLATE])
  })

  it('le modèle d’une autre organisation ne se modifie ni ne se supprime d’ici (404 en français, rien de changé)', async () => {
    const theirs = await createRefusalTemplate(app.db, otherTeam, otherOrganisationId, { ...TEMPLATE, reason: 'off_topic' })
    const edit = await post({ intent: 'edit', templateId: theirs, ...TEMPLATE, title: 'Piraté' })
    expect(edit.status).toBe(404)
    expect(edit.body).toMatchObject({ message: 'Ce modèle n’existe pas ou a déjà été supprimé. Rien n’a été modifié.' })
    expect((await post({ intent: 'archive', templateId: theirs })).status).toBe(404)
    expect(await listRefusalTemplates(app.db, otherOrganisationId)).toMatchObject([{ id: theirs, title: TEMPLATE.title }])
  })

  it('seules les personnes qui administrent les services de l’organisation ouvrent la page (404 sinon, connexion pour un anonyme)', async () => {
    expect((await page(otherTeam)).status).toBe(404)
    expect((await post({ intent: 'create', ...TEMPLATE }, otherTeam)).status).toBe(404)
    // The agent of one service moderates its queue but does not manage the organisation's templates.
    expect((await page(serviceOnlyAgent)).status).toBe(404)
    expect((await post({ intent: 'create', ...TEMPLATE }, serviceOnlyAgent)).status).toBe(404)
    const anonymous = await app.call(templatesRoute.loader, { user: null, path: path(), params: { organisationId } })
    expect(anonymous.status).toBe(302)
    expect(anonymous.location).toContain('/connexion')
    expect(await app.db.selectFrom('experience_refusal_templates').select('id').execute()).toEqual([])
  })
})
