// A spam score for public experiences (issue 19, decision 101, complément du 7 décembre): the
// reviews' signals on the story, stored with its reasons; a suspected experience waits in the
// « Spam probable » filter of the moderation queue, out of its default view, until an agent clears
// it. Reversible, audited, all or nothing. Through the routes a person uses.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { scoreExperienceSpam } from '#app/feedback/experience-spam.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { FLOOD_COMMENTS } from '#app/feedback/spam.ts'
import { now } from '#app/utils/clock.server.ts'
import * as tellRoute from '#app/routes/experiences.services.$serviceId.raconter.tsx'
import * as queueRoute from '#app/routes/services.$serviceId.experiences._index.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let team: SessionUser
let serviceId: string
let otherServiceId: string
let organisationId: string

beforeEach(async () => {
  const seeded = await seedDemoForTest(app.db)
  organisationId = seeded.organisationId
  await app.db.deleteFrom('experiences').execute()
  team = await sessionUser(app.services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(app.db, team, { organisationId: seeded.organisationId, name: 'Démarche du spam des expériences' })
  const other = await createService(app.db, team, { organisationId: seeded.organisationId, name: 'Autre démarche' })
  if (!created.ok || !other.ok) throw new Error('service')
  serviceId = created.serviceId
  otherServiceId = other.serviceId
})

const STORY = {
  title: 'Dossier bloqué depuis trois semaines',
  body: 'J’ai déposé mon dossier il y a trois semaines et personne ne répond au téléphone ni aux messages envoyés en ligne.',
  channel: 'online',
  feeling: 'negative',
  consent: 'on',
}

function trap() {
  const honeypot = app.services.honeypot.getInputProps({ validFromTimestamp: Date.now() - 10_000 })
  return { [honeypot.nameFieldName]: '', ...(honeypot.validFromFieldName ? { [honeypot.validFromFieldName]: honeypot.encryptedValidFrom } : {}) }
}

/** Tells a story shown `shownMsAgo` milliseconds ago (one minute: a person reading and writing). */
async function tell(fields: Record<string, string>, ipHash = 'ip-de-test', shownMsAgo = 60_000) {
  const path = `/experiences/services/${serviceId}/raconter`
  const affiche = String(now().getTime() - shownMsAgo)
  const response = await app.call(tellRoute.action, { user: null, path, fields: { ...trap(), affiche, ...STORY, ...fields }, params: { serviceId }, context: { ipHash } })
  expect(response.status).toBe(302)
  return (await app.db.selectFrom('experiences').select(['id', 'spam_score', 'spam_reasons', 'spam_status']).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow())
}

const queue = async (tab = 'a-moderer') =>
  (await app.call(queueRoute.loader, { user: team, path: `/services/${serviceId}/experiences?onglet=${tab}`, params: { serviceId } })).body as {
    rows: Array<{ id: string; spam_score: number; spam_reasons: string[] }>
    counts: Record<string, number>
    oldestDays: number | null
  }
const bulk = (fields: Record<string, string | string[]>, service = serviceId) =>
  app.call(queueRoute.action, { user: team, path: `/services/${service}/experiences`, fields, params: { serviceId: service } })

describe('score de spam des expériences', () => {
  it('un récit ordinaire, même écrit lentement, n’est pas retenu ; des liens publicitaires le sont, avec leurs raisons', async () => {
    // Slow (an hour: a screen reader, a switch) is never a signal: a low bound only.
    const slow = await tell({}, 'ip-lente', 3_600_000)
    expect(slow).toMatchObject({ spam_score: 0, spam_reasons: [], spam_status: 'none' })
    const ad = await tell({ title: 'Super offre', body: 'Photos d’identité pas chères sur https://photos-promo.example et www.promo-photos.shop, livraison rapide partout.' }, 'ip-pub')
    expect(ad).toMatchObject({ spam_score: 50, spam_reasons: ['links'], spam_status: 'suspected' })
    // One link to the page that failed is a weak signal alone; a very quick answer too.
    const oneLink = await tell({ body: 'La page https://www.service-public.fr/demarche renvoie une erreur depuis lundi, impossible de déposer mon dossier.' }, 'ip-lien')
    expect(oneLink).toMatchObject({ spam_score: 25, spam_reasons: ['one_link'], spam_status: 'none' })
    const quick = await tell({ body: 'Un récit envoyé une demi-seconde après l’affichage de la page, sans aucun lien dedans.' }, 'ip-rapide', 500)
    expect(quick).toMatchObject({ spam_score: 30, spam_reasons: ['too_fast'], spam_status: 'none' })
    const quickWithLink = await tell({ body: 'Envoyé très vite avec un lien : voir www.mon-site-promo.com pour plus de détails et des offres.' }, 'ip-rapide-2', 500)
    expect(quickWithLink).toMatchObject({ spam_score: 55, spam_status: 'suspected' })
    expect(quickWithLink.spam_reasons.sort()).toEqual(['one_link', 'too_fast'])
    // A display time from the future or unreadable counts for nothing.
    const future = await tell({ body: 'Un récit dont l’heure d’affichage est dans le futur, ce qui ne compte pas comme un signal.' }, 'ip-futur', -60_000)
    expect(future.spam_reasons).toEqual([])
  })

  it('le même récit envoyé deux fois depuis la même connexion est retenu la seconde fois, pas depuis une autre connexion', async () => {
    const first = await tell({}, 'ip-serie')
    expect(first.spam_status).toBe('none')
    // Case, accents, digits and punctuation changed: the same text once normalised.
    const again = await tell({ body: `${STORY.body.toUpperCase()} 123 !!!` }, 'ip-serie')
    expect(again).toMatchObject({ spam_score: 60, spam_reasons: ['repeated'], spam_status: 'suspected' })
    const elsewhere = await tell({}, 'ip-ailleurs')
    expect(elsewhere.spam_status).toBe('none')
  })

  it('un afflux d’expériences sur un service est un signal faible : seul, il ne retient rien', async () => {
    const at = now()
    await app.db
      .insertInto('experiences')
      .values(
        Array.from({ length: FLOOD_COMMENTS }, (_, index) => ({
          organisation_id: organisationId,
          service_id: serviceId,
          title: `Récit ${index}`,
          body: `Récit numéro ${index} envoyé pendant l’afflux sur le service.`,
          public_body: null,
          happened_on: null,
          channel: 'online' as const,
          feeling: 'neutral' as const,
          author_name: null,
          author_email: null,
          refusal_reason: null,
          moderated_by: null,
          answer_status: null,
          source_review_id: null,
          ip_hash: null,
          body_fingerprint: null,
          created_at: new Date(at.getTime() - 60_000),
          updated_at: at,
        })),
      )
      .execute()
    const flood = await scoreExperienceSpam(app.db, { serviceId, title: STORY.title, body: STORY.body, ipHash: 'ip-afflux', elapsedMs: 60_000 })
    expect(flood).toMatchObject({ score: 30, reasons: ['flood'], status: 'none' })
    const other = await scoreExperienceSpam(app.db, { serviceId: otherServiceId, title: STORY.title, body: STORY.body, ipHash: 'ip-afflux', elapsedMs: 60_000 })
    expect(other.reasons).toEqual([])
  })
})

describe('file « Spam probable » des expériences', () => {
  it('un récit retenu sort de la file par défaut ; « Pas spam » l’y remet, « Spam » l’en ressort ; chaque décision au journal', async () => {
    const real = await tell({}, 'ip-vraie')
    const ad = await tell({ title: 'Promo', body: 'Visitez https://promo.example et https://promo2.example pour des offres incroyables aujourd’hui.' }, 'ip-pub')
    let view = await queue()
    expect(view.rows.map((row) => row.id)).toEqual([real.id])
    expect(view.counts).toMatchObject({ pending: 1, spam: 1 })
    view = await queue('spam-probable')
    expect(view.rows).toMatchObject([{ id: ad.id, spam_score: 50, spam_reasons: ['links'] }])

    const cleared = await bulk({ intent: 'mark_not_spam_selection', experienceIds: [ad.id] })
    expect(cleared.location).toBe(`/services/${serviceId}/experiences?pas-spam=1`)
    expect((await queue()).rows.map((row) => row.id)).toEqual([real.id, ad.id])
    expect((await queue('spam-probable')).rows).toEqual([])

    const marked = await bulk({ intent: 'mark_spam_selection', experienceIds: [real.id, ad.id] })
    expect(marked.location).toBe(`/services/${serviceId}/experiences?onglet=spam-probable&spam=2`)
    view = await queue()
    expect(view.rows).toEqual([])
    expect(view.oldestDays).toBeNull()
    expect((await queue('spam-probable')).rows.map((row) => row.id)).toEqual([real.id, ad.id])
    // Still waiting for a person: nothing was published or refused, no e-mail.
    const rows = await app.db.selectFrom('experiences').select(['status', 'spam_status']).orderBy('created_at').execute()
    expect(rows).toEqual([
      { status: 'pending', spam_status: 'spam' },
      { status: 'pending', spam_status: 'spam' },
    ])
    const actions = await app.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', 'like', 'experience.marked%').orderBy('id').execute()
    expect(actions).toHaveLength(3)
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'experience.marked_not_spam', subject_id: ad.id },
        { action: 'experience.marked_spam', subject_id: ad.id },
        { action: 'experience.marked_spam', subject_id: real.id },
      ]),
    )
  })

  it('tout ou rien : une expérience d’un autre service, publiée ou inconnue, et rien ne change (404 en français) ; une saisie vide est refusée (400)', async () => {
    const ad = await tell({ title: 'Promo', body: 'Visitez https://promo.example et https://promo2.example pour des offres incroyables aujourd’hui.' }, 'ip-pub')
    const real = await tell({}, 'ip-vraie')
    await app.db.updateTable('experiences').set({ status: 'published', public_body: STORY.body, published_at: now() }).where('id', '=', real.id).execute()
    const mixed = await bulk({ intent: 'mark_not_spam_selection', experienceIds: [ad.id, real.id] })
    expect(mixed.status).toBe(404)
    expect(mixed.body).toMatchObject({ message: ['Ces expériences ne sont pas en attente sur ce service, ou n’existent pas. Rien n’a été modifié.'] })
    expect((await bulk({ intent: 'mark_not_spam_selection', experienceIds: [ad.id] }, otherServiceId)).status).toBe(404)
    expect((await bulk({ intent: 'mark_spam_selection', experienceIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(404)
    const empty = await bulk({ intent: 'mark_spam_selection' })
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({ error: { experienceIds: ['Cochez au moins une expérience.'] } })
    expect((await app.db.selectFrom('experiences').select('spam_status').where('id', '=', ad.id).executeTakeFirstOrThrow()).spam_status).toBe('suspected')
    expect(await app.db.selectFrom('audit_log').select('id').where('action', 'like', 'experience.marked%').execute()).toEqual([])
  })
})
