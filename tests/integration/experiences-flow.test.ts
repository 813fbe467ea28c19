// Services Publics+: a person tells an experience, a moderator redacts and publishes (or refuses
// with a reason), the service answers in public (edited for 30 minutes, then amended), internal
// comments stay private, changes are linked, public figures follow. Through the routes where a
// person would act, so validation, authorisation and the HTML-free answers are covered too.
import { randomUUID } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { purgeExperiences } from '#app/experiences/experiences.server.ts'
import { redactText } from '#app/experiences/redaction.ts'
import { publicStats, publicStatsByService } from '#app/experiences/stats.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { setClockOffset } from '#app/utils/clock.server.ts'
import * as tellRoute from '#app/routes/experiences.services.$serviceId.raconter.tsx'
import * as publicRoute from '#app/routes/experiences.$experienceId.tsx'
import * as serviceRoute from '#app/routes/experiences.services.$serviceId._index.tsx'
import * as searchRoute from '#app/routes/experiences._index.tsx'
import * as nationalRoute from '#app/routes/experiences.changements.tsx'
import * as teamRoute from '#app/routes/services.$serviceId.experiences.$experienceId.tsx'
import * as queueRoute from '#app/routes/services.$serviceId.experiences._index.tsx'
import * as changesRoute from '#app/routes/services.$serviceId.changements.tsx'
import * as transfersRoute from '#app/routes/services.organisations.$organisationId.transferts.tsx'
import * as meTooRoute from '#app/routes/experiences.$experienceId_.moi-aussi.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser
let otherTeam: SessionUser
let serviceId: string
let otherServiceId: string

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  // The demo experiences and changes are left out: each test counts its own.
  await app.db.deleteFrom('service_changes').execute()
  await app.db.deleteFrom('experiences').execute()
  team = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(app.db, team, { organisationId: seeded.organisationId, name: 'Démarche de test des expériences' })
  if (!created.ok) throw new Error('service')
  serviceId = created.serviceId
  const otherOrganisation = (await app.db.insertInto('organisations').values({ slug: 'sante', name: 'Ministère de la Santé' }).returning('id').executeTakeFirstOrThrow()).id
  const otherUser = (await app.db.insertInto('users').values({ email: 'agent@sante.gouv.fr', display_name: 'Agent santé' }).returning('id').executeTakeFirstOrThrow()).id
  await app.db.insertInto('role_assignments').values({ user_id: otherUser, role: 'service_team', scope_type: 'organisation', scope_id: otherOrganisation }).execute()
  otherTeam = await sessionUser(app.services, otherUser)
  const other = await createService(app.db, otherTeam, { organisationId: otherOrganisation, name: 'Carte Vitale' })
  if (!other.ok) throw new Error('service')
  otherServiceId = other.serviceId
})

const STORY = {
  title: 'Un rendez-vous obtenu rapidement',
  // « Jeanne Dupont » has no title or role before it: the detector cannot see it, the moderator adds it.
  body: 'J’ai appelé le 06 12 34 56 78 et Jeanne Dupont m’a donné un rendez-vous en deux jours. Écrivez-moi à jean.martin@exemple.fr si besoin.',
  channel: 'phone',
  feeling: 'positive',
  authorName: 'Jean',
  authorEmail: 'jean.martin@exemple.fr',
  consent: 'on',
}

/** The honeypot fields a real page carries (a bot that fills the trap is refused). */
function trap() {
  const honeypot = app.services.honeypot.getInputProps({ validFromTimestamp: Date.now() - 10_000 })
  return { [honeypot.nameFieldName]: '', ...(honeypot.validFromFieldName ? { [honeypot.validFromFieldName]: honeypot.encryptedValidFrom } : {}) }
}

async function tell(fields: Record<string, string> = STORY, ipHash = 'ip-de-test') {
  const path = `/experiences/services/${serviceId}/raconter`
  return app.call(tellRoute.action, { user: null, path, fields: { ...trap(), ...fields }, params: { serviceId }, context: { ipHash } })
}

async function teamAction(user: SessionUser, experienceId: string, fields: Record<string, string | string[]>, service = serviceId) {
  const path = `/services/${service}/experiences/${experienceId}`
  return app.call(teamRoute.action, { user, path, fields, params: { serviceId: service, experienceId } })
}

async function latestExperienceId() {
  return (await app.db.selectFrom('experiences').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id
}

describe('raconter une expérience', () => {
  it('enregistre le récit en attente de modération, avec les données personnelles repérées, et redirige vers la confirmation', async () => {
    const result = await tell()
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/experiences/services/${serviceId}/merci`)
    const row = await app.db.selectFrom('experiences').selectAll().executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
    expect(row.public_body).toBeNull()
    expect(row.pii_kinds.sort()).toEqual(['email', 'phone'])
    expect(row.author_email).toBe('jean.martin@exemple.fr')
    // Not public before moderation.
    expect((await app.call(publicRoute.loader, { user: null, path: `/experiences/${row.id}`, params: { experienceId: row.id } })).status).toBe(404)
  })

  it('refuse une saisie invalide avec des messages en français à côté des champs (400, rien d’enregistré)', async () => {
    const result = await tell({ title: 'Appelez le 06 12 34 56 78', body: 'court', channel: 'pigeon', feeling: '', authorEmail: 'pas-une-adresse' })
    expect(result.status).toBe(400)
    const errors = (result.body as { result: { error: Record<string, string[]> } }).result.error
    expect(errors.title?.[0]).toContain('données personnelles')
    expect(errors.body?.[0]).toContain('30 caractères')
    expect(errors.channel?.[0]).toContain('Choisissez')
    expect(errors.authorEmail?.[0]).toContain('adresse e-mail valide')
    expect(errors.consent?.[0]).toContain('Confirmez')
    expect(await app.db.selectFrom('experiences').select('id').execute()).toHaveLength(0)
  })

  it('ignore un robot qui remplit le champ piège, et limite les envois en rafale (429)', async () => {
    expect((await tell({ ...STORY, name__confirm: 'robot' })).status).toBe(400)
    // A bot that leaves the trap fields out entirely is refused too.
    const bare = await app.call(tellRoute.action, { user: null, path: `/experiences/services/${serviceId}/raconter`, fields: STORY, params: { serviceId } })
    expect(bare.status).toBe(400)
    expect(await app.db.selectFrom('experiences').select('id').execute()).toHaveLength(0)
    for (let i = 0; i < 5; i++) expect((await tell(STORY, 'rafale')).status).toBe(302)
    const sixth = await tell(STORY, 'rafale')
    expect(sixth.status).toBe(429)
    expect((sixth.body as { message: string }).message).toContain('réessayer')
    expect((await tell(STORY, 'une-autre-personne')).status).toBe(302)
  })

  it('n’accepte pas de récit sur un service inconnu ou mal formé (404)', async () => {
    for (const id of ['pas-un-uuid', randomUUID()]) {
      const result = await app.call(tellRoute.action, { user: null, path: `/experiences/services/${id}/raconter`, fields: { ...trap(), ...STORY }, params: { serviceId: id } })
      expect(result.status).toBe(404)
    }
  })
})

describe('modération', () => {
  it('refuse de publier tant qu’un passage surligné n’a pas de décision, puis publie le texte masqué en gardant l’original en privé', async () => {
    await tell()
    const id = await latestExperienceId()
    const undecided = await teamAction(team, id, { intent: 'publish', 'passage-0': 'effacer' })
    expect(undecided.status).toBe(400)
    expect((undecided.body as { message: string }).message).toContain('1 passage sans décision')
    expect((await app.db.selectFrom('experiences').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('pending')

    const published = await teamAction(team, id, { intent: 'publish', 'passage-0': 'effacer', 'passage-1': 'effacer', extra: 'Jeanne Dupont' })
    expect(published.status).toBe(302)
    const row = await app.db.selectFrom('experiences').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe('published')
    expect(row.public_body).toBe('J’ai appelé le [supprimé] et [supprimé] m’a donné un rendez-vous en deux jours. Écrivez-moi à [supprimé] si besoin.')
    expect(row.body).toBe(STORY.body)

    const page = await app.call(publicRoute.loader, { user: null, path: `/experiences/${id}`, params: { experienceId: id } })
    const json = JSON.stringify(page.body)
    expect(json).not.toContain('06 12 34 56 78')
    expect(json).not.toContain('Dupont')
    expect(json).not.toContain('jean.martin@exemple.fr')

    const mail = await app.db.selectFrom('email_outbox').select(['to_address', 'subject']).where('template', '=', 'experience-published').executeTakeFirstOrThrow()
    expect(mail).toEqual({ to_address: 'jean.martin@exemple.fr', subject: 'Votre expérience est publiée' })

    // A second click changes nothing and sends nothing more (the demo's own e-mails are in the outbox too).
    const mailsBefore = (await app.db.selectFrom('email_outbox').select('id').execute()).length
    expect((await teamAction(team, id, { intent: 'publish', 'passage-0': 'garder', 'passage-1': 'garder' })).status).toBe(302)
    expect((await app.db.selectFrom('experiences').select('public_body').where('id', '=', id).executeTakeFirstOrThrow()).public_body).toBe(row.public_body)
    expect(await app.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(mailsBefore)

    const history = await app.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).orderBy('created_at').orderBy('id').execute()
    expect(history.map((entry) => entry.action)).toEqual(['experience.submitted', 'experience.published'])
  })

  it('refuse avec un motif de la liste, prévient l’auteur ; un motif hors liste est refusé', async () => {
    await tell()
    const id = await latestExperienceId()
    expect((await teamAction(team, id, { intent: 'refuse', reason: 'critique' })).status).toBe(400)
    expect((await teamAction(team, id, { intent: 'refuse', reason: 'off_topic' })).status).toBe(302)
    const row = await app.db.selectFrom('experiences').select(['status', 'refusal_reason']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'refused', refusal_reason: 'off_topic' })
    const mail = await app.db.selectFrom('email_outbox').select(['to_address', 'text']).where('template', '=', 'experience-refused').executeTakeFirstOrThrow()
    expect(mail.to_address).toBe('jean.martin@exemple.fr')
    expect(mail.text).toContain('Sans rapport avec le service public concerné')
  })

  it('un agent d’une autre organisation ne voit ni ne modère l’expérience (404)', async () => {
    await tell()
    const id = await latestExperienceId()
    expect((await teamAction(otherTeam, id, { intent: 'refuse', reason: 'off_topic' })).status).toBe(404)
    expect((await teamAction(otherTeam, id, { intent: 'refuse', reason: 'off_topic' }, otherServiceId)).status).toBe(404)
    const loaded = await app.call(teamRoute.loader, { user: otherTeam, path: '/', params: { serviceId: otherServiceId, experienceId: id } })
    expect(loaded.status).toBe(404)
    expect((await app.db.selectFrom('experiences').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('pending')
  })

  it('la file d’attente compte les expériences par statut', async () => {
    await tell()
    // Another story: the same text twice from one connection would wait in « Spam probable » (experience-spam.test.ts).
    await tell({ ...STORY, title: 'Deuxième récit', body: 'Le guichet était fermé sans affichage, j’ai attendu une heure pour rien ce matin-là.' })
    const queue = await app.call(queueRoute.loader, { user: team, path: `/services/${serviceId}/experiences`, params: { serviceId } })
    const body = queue.body as { rows: Array<{ title: string; pii_kinds: string[] }>; counts: Record<string, number> }
    expect(body.counts).toEqual({ pending: 2 })
    expect(body.rows.map((row) => row.title)).toEqual([STORY.title, 'Deuxième récit'])
  })
})

async function publishedExperience(fields: Record<string, string> = { ...STORY, body: 'Le guichet était fermé sans affichage, j’ai attendu une heure pour rien ce matin-là.' }) {
  await tell(fields)
  const id = await latestExperienceId()
  expect((await teamAction(team, id, { intent: 'publish' })).status).toBe(302)
  return id
}

describe('réponses publiques, commentaires internes, réaffectation', () => {
  it('publie une réponse signée du service et de la fonction, prévient l’auteur ; un double envoi n’en crée qu’une', async () => {
    const id = await publishedExperience()
    const token = randomUUID()
    const fields = { intent: 'answer', token, body: 'Merci, <script>alert(1)</script> nous affichons désormais les horaires.', status: 'answered', signerRole: 'Responsable de l’accueil' }
    expect((await teamAction(team, id, fields)).status).toBe(302)
    expect((await teamAction(team, id, fields)).status).toBe(302)
    const answers = await app.db.selectFrom('experience_answers').selectAll().execute()
    expect(answers).toHaveLength(1)
    expect(answers[0]!.signer_name).toBeNull()
    const page = await app.call(publicRoute.loader, { user: null, path: `/experiences/${id}`, params: { experienceId: id } })
    const body = page.body as { experience: { answer_status: string }; answers: Array<{ signer_role: string; service_name: string; body: string }> }
    expect(body.experience.answer_status).toBe('answered')
    expect(body.answers[0]).toMatchObject({ signer_role: 'Responsable de l’accueil', service_name: 'Démarche de test des expériences' })
    const mails = await app.db.selectFrom('email_outbox').select(['to_address', 'subject']).where('template', '=', 'experience-answered').execute()
    expect(mails).toEqual([{ to_address: 'jean.martin@exemple.fr', subject: '« Démarche de test des expériences » a répondu à votre expérience' }])
  })

  it('une réponse se corrige pendant 30 minutes, puis seulement avec « modifié le » visible', async () => {
    const id = await publishedExperience()
    await teamAction(team, id, { intent: 'answer', token: randomUUID(), body: 'Première version.', status: 'in_progress', signerRole: 'Agent d’accueil', signWithName: 'on' })
    const answer = await app.db.selectFrom('experience_answers').selectAll().executeTakeFirstOrThrow()
    expect(answer.signer_name).toBe(team.displayName)
    await teamAction(team, id, { intent: 'edit_answer', answerId: answer.id, body: 'Version corrigée.', status: 'in_progress' })
    let row = await app.db.selectFrom('experience_answers').selectAll().executeTakeFirstOrThrow()
    expect(row.body).toBe('Version corrigée.')
    expect(row.amended_at).toBeNull()

    setClockOffset(31 * 60 * 1000)
    const amended = await teamAction(team, id, { intent: 'edit_answer', answerId: answer.id, body: 'Version définitive.', status: 'answered' })
    expect(amended.location).toContain('modifiee=1')
    row = await app.db.selectFrom('experience_answers').selectAll().executeTakeFirstOrThrow()
    expect(row.body).toBe('Version définitive.')
    expect(row.amended_at).not.toBeNull()
    expect((await app.db.selectFrom('experiences').select('answer_status').where('id', '=', id).executeTakeFirstOrThrow()).answer_status).toBe('answered')
    const audit = await app.db.selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'experience.answer-amended').executeTakeFirstOrThrow()
    expect(audit.data).toMatchObject({ previousBody: 'Version corrigée.' })
  })

  it('refuse de répondre à une expérience non publiée, et un agent d’une autre organisation ne peut pas répondre', async () => {
    await tell()
    const pending = await latestExperienceId()
    const early = await teamAction(team, pending, { intent: 'answer', token: randomUUID(), body: 'Réponse.', status: 'answered', signerRole: 'Agent' })
    expect(early.status).toBe(400)
    // Without JavaScript the page comes back from this reply: it names the form and carries the typed text back.
    expect(early.body).toMatchObject({
      intent: 'answer',
      message: 'Seule une expérience publiée peut recevoir une réponse.',
      result: { status: 'error', initialValue: { body: 'Réponse.', signerRole: 'Agent' } },
    })
    const id = await publishedExperience()
    expect((await teamAction(otherTeam, id, { intent: 'answer', token: randomUUID(), body: 'Réponse.', status: 'answered', signerRole: 'Agent' }, otherServiceId)).status).toBe(404)
    expect(await app.db.selectFrom('experience_answers').select('id').execute()).toHaveLength(0)
  })

  it('les commentaires internes ne sont jamais publics ; vers une autre organisation, une demande de transfert qu’elle accepte', async () => {
    const id = await publishedExperience()
    await teamAction(team, id, { intent: 'comment', token: randomUUID(), body: 'Note interne confidentielle' })
    const page = await app.call(publicRoute.loader, { user: null, path: `/experiences/${id}`, params: { experienceId: id } })
    expect(JSON.stringify(page.body)).not.toContain('confidentielle')

    const same = await teamAction(team, id, { intent: 'reassign', targetServiceId: serviceId, note: 'Même service' })
    expect(same.status).toBe(400)
    expect(same.body).toMatchObject({ intent: 'reassign', result: { error: { targetServiceId: ['Choisissez un autre service, parmi la liste.'] }, initialValue: { note: 'Même service' } } })
    expect((await teamAction(team, id, { intent: 'reassign', targetServiceId: randomUUID(), note: 'Service inconnu' })).status).toBe(400)
    const asked = await teamAction(team, id, { intent: 'reassign', targetServiceId: otherServiceId, note: 'Concerne la carte Vitale' })
    expect(asked.location).toContain('transfert=1')
    // Still with the first service until the other organisation answers; asking twice is refused in French.
    expect((await app.db.selectFrom('experiences').select(['service_id']).where('id', '=', id).executeTakeFirstOrThrow()).service_id).toBe(serviceId)
    const twice = await teamAction(team, id, { intent: 'reassign', targetServiceId: otherServiceId, note: 'Encore' })
    expect(twice.status).toBe(400)
    expect(JSON.stringify(twice.body)).toContain('déjà demandé')
    const transfer = await app.db.selectFrom('experience_transfers').selectAll().where('experience_id', '=', id).executeTakeFirstOrThrow()
    const transfers = (fields: Record<string, string>, user = otherTeam, organisationId = transfer.to_organisation_id) =>
      app.call(transfersRoute.action, { user, path: `/services/organisations/${organisationId}/transferts`, fields, params: { organisationId } })
    // The asking organisation cannot accept its own request (the page is not its own: 404).
    expect((await transfers({ intent: 'accept', transferId: transfer.id }, team)).status).toBe(404)
    expect((await transfers({ intent: 'decline', transferId: transfer.id, reason: '' })).status).toBe(400)
    expect((await transfers({ intent: 'accept', transferId: transfer.id })).status).toBe(302)
    expect((await transfers({ intent: 'accept', transferId: transfer.id })).status).toBe(409)
    const row = await app.db.selectFrom('experiences').select(['service_id']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.service_id).toBe(otherServiceId)
    const told = await app.db.selectFrom('email_outbox').select(['to_address', 'subject']).where('subject', '=', 'Votre expérience est suivie par un autre service').execute()
    expect(told.map((mail) => mail.to_address)).toEqual(['jean.martin@exemple.fr'])
    const actions = await app.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute()
    expect(actions.map((entry) => entry.action)).toEqual(expect.arrayContaining(['experience.transfer-requested', 'experience.transfer-accepted']))
    // The first team no longer sees it; the right one does, with the note.
    expect((await app.call(teamRoute.loader, { user: team, path: '/', params: { serviceId, experienceId: id } })).status).toBe(404)
    const other = await app.call(teamRoute.loader, { user: otherTeam, path: '/', params: { serviceId: otherServiceId, experienceId: id } })
    expect(JSON.stringify(other.body)).toContain('Concerne la carte Vitale')
  })
})

describe('changements et chiffres publics', () => {
  it('un changement relié à une expérience apparaît sur la page du service, la page nationale et l’expérience ; les chiffres suivent', async () => {
    const answered = await publishedExperience()
    setClockOffset(2 * 3600 * 1000)
    await teamAction(team, answered, { intent: 'answer', token: randomUUID(), body: 'Merci.', status: 'answered', signerRole: 'Agent' })
    setClockOffset(0)
    await publishedExperience({ ...STORY, title: 'Sans réponse', body: 'Un autre récit assez long pour être publié tel quel sur le site.' })
    await tell({ ...STORY, title: 'En attente' })
    // Another service's experience cannot be linked.
    await tell({ ...STORY, title: 'Autre service' })
    const foreign = await latestExperienceId()
    await app.db.updateTable('experiences').set({ service_id: otherServiceId, status: 'published', public_body: 'x', published_at: new Date() }).where('id', '=', foreign).execute()

    const token = randomUUID()
    const fields = { intent: 'record', token, title: 'Horaires affichés à l’entrée', description: 'Les horaires sont affichés.', status: 'done', doneOn: '2026-11-02', experienceIds: [answered, foreign] }
    const path = `/services/${serviceId}/changements`
    const post = async () => app.call(changesRoute.action, { user: team, path, fields, params: { serviceId } })
    expect((await post()).status).toBe(302)
    expect((await post()).status).toBe(302)
    const sources = await app.db.selectFrom('service_change_sources').selectAll().execute()
    expect(sources.map((source) => source.experience_id)).toEqual([answered])

    const missingDate = await app.call(changesRoute.action, { user: team, path, fields: { ...fields, token: randomUUID(), doneOn: '' }, params: { serviceId } })
    expect(missingDate.status).toBe(400)

    const national = await app.call(nationalRoute.loader, { user: null, path: '/experiences/changements' })
    const nationalBody = national.body as { rows: Array<{ title: string; sources: Array<{ id: string }> }> }
    expect(nationalBody.rows).toHaveLength(1)
    expect(nationalBody.rows[0]!.sources.map((s) => s.id)).toEqual([answered])

    const servicePage = await app.call(serviceRoute.loader, { user: null, path: '/', params: { serviceId } })
    const stats = (servicePage.body as { stats: Record<string, unknown> }).stats
    expect(stats).toMatchObject({ received: 3, published: 2, answered: 1, answeredRate: 50, medianAnswerHours: 2, linkedToChange: 1, linkedRate: 50, changesDone: 1, changesPlanned: 0, medianAnswerLabel: '2 h' })
    expect(await publicStats(app.db, { serviceId: otherServiceId })).toMatchObject({ received: 1, published: 1, answered: 0, answeredRate: 0, medianAnswerHours: null })
    // The open-data file computes every service's figures in one query: the same figures.
    const byService = await publicStatsByService(app.db)
    for (const id of [serviceId, otherServiceId]) expect(byService.get(id)).toEqual(await publicStats(app.db, { serviceId: id }))

    const detail = await app.call(publicRoute.loader, { user: null, path: '/', params: { experienceId: answered } })
    expect((detail.body as { changes: unknown[] }).changes).toHaveLength(1)
  })

  it('la recherche ne trouve que les expériences publiées', async () => {
    await publishedExperience()
    await tell({ ...STORY, title: 'Guichet introuvable', body: 'Le guichet était introuvable et personne pour renseigner les usagers.' })
    const search = async (q: string) => (await app.call(searchRoute.loader, { user: null, path: `/experiences?q=${encodeURIComponent(q)}` })).body as { total: number }
    expect((await search('guichet')).total).toBe(1)
    expect((await search('introuvable')).total).toBe(0)
    // Accents may be left out: « guichet ferme » finds « Le guichet était fermé ».
    expect((await search('guichet ferme')).total).toBe(1)
    expect((await search('fermé')).total).toBe(1)
    expect((await search('ETAIT FERME')).total).toBe(1)
  })
})

describe('conservation', () => {
  it('efface l’adresse de l’auteur après 12 mois, les refus après 6 mois, l’original non masqué après 24 mois', async () => {
    await tell()
    const id = await latestExperienceId()
    await teamAction(team, id, { intent: 'publish', 'passage-0': 'effacer', 'passage-1': 'effacer' })
    await tell({ ...STORY, title: 'Refusée' })
    const refused = await latestExperienceId()
    await teamAction(team, refused, { intent: 'refuse', reason: 'duplicate' })
    // The address hash (spam: the same story from one connection) is kept one day and a bit, no more.
    expect(await purgeExperiences(app.db, new Date(Date.now() + 24 * 3600 * 1000))).toEqual({ emails: 0, refused: 0, originals: 0, addresses: 0 })
    expect(await purgeExperiences(app.db, new Date(Date.now() + 3 * 24 * 3600 * 1000))).toEqual({ emails: 0, refused: 0, originals: 0, addresses: 2 })
    expect(await app.db.selectFrom('experiences').select(['ip_hash', 'body_fingerprint']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ ip_hash: null, body_fingerprint: null })
    const inFive = new Date(Date.now() + 5 * 31 * 24 * 3600 * 1000)
    expect(await purgeExperiences(app.db, inFive)).toEqual({ emails: 0, refused: 0, originals: 0, addresses: 0 })
    const inThirteen = new Date(Date.now() + 13 * 31 * 24 * 3600 * 1000)
    expect(await purgeExperiences(app.db, inThirteen)).toEqual({ emails: 1, refused: 1, originals: 0, addresses: 0 })
    const inThirty = new Date(Date.now() + 30 * 31 * 24 * 3600 * 1000)
    expect(await purgeExperiences(app.db, inThirty)).toEqual({ emails: 0, refused: 0, originals: 1, addresses: 0 })
    const row = await app.db.selectFrom('experiences').select(['body', 'public_body', 'author_email']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.body).toBe(row.public_body)
    expect(row.author_email).toBeNull()
  })
})

describe('masquage (fonction pure)', () => {
  it('remplace les passages choisis et les passages ajoutés, sans double remplacement quand ils se chevauchent', () => {
    const text = 'Appelez Paul Durand au 01 23 45 67 89, Paul Durand répondra.'
    expect(redactText(text, { erase: [true], extra: ['Paul Durand'] })).toBe('Appelez [supprimé] au [supprimé], [supprimé] répondra.')
    expect(redactText(text, { erase: [false], extra: [] })).toBe(text)
    expect(redactText(text, { erase: [true], extra: ['01 23', 'x'] })).toBe('Appelez Paul Durand au [supprimé], Paul Durand répondra.')
  })
})

describe('modération en lot et « moi aussi » (issue 19)', () => {
  it('publie une sélection sans données personnelles ; celle qui en contient reste à modérer une par une', async () => {
    await tell({ ...STORY, title: 'Sans donnée', body: 'Le guichet était fermé sans affichage, j’ai attendu une heure pour rien.', authorEmail: '' }, 'ip-lot-1')
    const plain = await latestExperienceId()
    await tell({ ...STORY, title: 'Avec téléphone' }, 'ip-lot-2')
    const flagged = await latestExperienceId()
    const path = `/services/${serviceId}/experiences`
    const bulk = (fields: Record<string, string | string[]>) =>
      app.call(queueRoute.action, { user: team, path, fields, params: { serviceId } })
    expect((await bulk({ intent: 'publish_selection' })).status).toBe(400)
    expect((await bulk({ intent: 'refuse_selection', experienceIds: [plain], reason: 'modele:00000000-0000-4000-8000-000000000000' })).status).toBe(400)
    const done = await bulk({ intent: 'publish_selection', experienceIds: [plain, flagged] })
    expect(done.location).toContain('publiees=1')
    expect(done.location).toContain('a-relire=1')
    const rows = await app.db.selectFrom('experiences').select(['id', 'status']).where('id', 'in', [plain, flagged]).execute()
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({ [plain]: 'published', [flagged]: 'pending' })
    const refused = await bulk({ intent: 'refuse_selection', experienceIds: [flagged], reason: 'off_topic' })
    expect(refused.location).toContain('refusees=1')
    const queue = await app.call(queueRoute.loader, { user: team, path, params: { serviceId } })
    expect(queue.body).toMatchObject({ oldestDays: null })
  })

  it('« moi aussi » compte une fois par personne ; une répétition est refusée en français sans rien changer', async () => {
    const id = await publishedExperience()
    const say = (ipHash: string) =>
      app.call(meTooRoute.action, { user: null, path: `/experiences/${id}/moi-aussi`, fields: {}, params: { experienceId: id }, context: { ipHash } })
    expect((await say('appareil-1')).status).toBe(302)
    const again = await say('appareil-1')
    expect(again.status).toBe(409)
    expect(JSON.stringify(again.body)).toContain('déjà dit')
    expect((await say('appareil-2')).status).toBe(302)
    const row = await app.db.selectFrom('experiences').select('me_too_count').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.me_too_count).toBe(2)
    const page = await app.call(publicRoute.loader, { user: null, path: `/experiences/${id}`, params: { experienceId: id } })
    expect(page.body).toMatchObject({ experience: { me_too_count: 2 } })
    expect((await app.call(meTooRoute.action, { user: null, path: '/x', fields: {}, params: { experienceId: randomUUID() } })).status).toBe(404)
  })
})
