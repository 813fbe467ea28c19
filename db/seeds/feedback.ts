import { randomUUID } from 'node:crypto'
import type { SeedContext } from '../seed.ts'
import { foldBatch } from '#app/feedback/rollups.server.ts'
import { personalDataKinds } from '#app/feedback/personal-data.ts'
import { DEFAULT_DEFINITION } from '#app/feedback/questionnaire.ts'
import { now } from '#app/utils/clock.server.ts'

// Demo data of « Je donne mon avis »: services of the ministère de l'Intérieur, their placements,
// and a few hundred reviews over the last six months, so the dashboards say something.

const SERVICES = [
  { name: 'Demande de carte d’identité', url: 'https://www.service-public.fr/particuliers/vosdroits/N358', weight: 1.4, mood: 0.72 },
  { name: 'Demande de passeport', url: 'https://www.service-public.fr/particuliers/vosdroits/N360', weight: 1.2, mood: 0.6 },
  { name: 'Permis de conduire', url: 'https://www.service-public.fr/particuliers/vosdroits/N530', weight: 0.9, mood: 0.5 },
  { name: 'Certificat d’immatriculation', url: 'https://www.service-public.fr/particuliers/vosdroits/N367', weight: 0.7, mood: 0.66 },
  { name: 'Pré-plainte en ligne', url: 'https://www.pre-plainte-en-ligne.gouv.fr', weight: 0.4, mood: 0.55 },
]

const PLACEMENTS = ['Page de confirmation', 'E-mail de suivi']

const COMMENTS = {
  good: [
    'Démarche rapide, j’ai eu mon rendez-vous en mairie en moins de deux semaines.',
    'Tout était clair, le suivi par e-mail est très pratique.',
    'Simple et efficace, bravo.',
    'J’ai pu faire la pré-demande en dix minutes, merci.',
    'Très bien expliqué, je n’ai eu besoin de personne.',
    'Le formulaire est simple, les pièces à fournir sont bien indiquées.',
  ],
  medium: [
    'La démarche en ligne est simple, mais l’attente pour un rendez-vous est très longue.',
    'Il a fallu s’y reprendre à deux fois pour la photo d’identité.',
    'Pas évident de savoir quelles pièces fournir quand on a déménagé.',
    'Le site a été lent au moment de payer le timbre fiscal.',
    'Correct, mais j’aurais aimé être prévenu par SMS quand le titre était prêt.',
  ],
  bad: [
    'Impossible de trouver un rendez-vous avant trois mois dans mon département.',
    'Personne ne répond au téléphone, j’ai appelé cinq fois.',
    'Le dossier a été refusé sans explication claire, je ne sais pas quoi corriger.',
    'Les instructions sont incompréhensibles, trop de jargon administratif.',
    'J’attends depuis deux mois et le statut n’a pas bougé.',
    'Le site plante à la dernière étape, j’ai dû tout recommencer.',
  ],
  personal: [
    'Merci de me rappeler au 06 12 34 56 78, mon dossier est bloqué depuis un mois.',
    'Vous pouvez m’écrire à camille.martin@exemple.fr pour le suivi du dossier.',
    'Je n’ai toujours rien reçu au 12 rue des Lilas, 75011 Paris.',
  ],
}

/** A small deterministic generator: the demo looks the same on every machine. */
function generator(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export async function seedFeedback({ db, users, organisationId }: SeedContext): Promise<void> {
  const author = users['service@demo.aic.gouv.fr'] ?? null
  const random = generator(20260417)
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const today = now()
  const reviews: Array<Record<string, unknown>> = []
  let passportId = ''

  for (const [index, service] of SERVICES.entries()) {
    const serviceId = randomUUID()
    const formId = randomUUID()
    const versionOne = randomUUID()
    const versionTwo = randomUUID()
    if (index === 1) passportId = serviceId
    await db.insertInto('feedback_services').values({ id: serviceId, organisation_id: organisationId, name: service.name, procedure_url: service.url, created_by: author }).execute()
    await db.insertInto('feedback_forms').values({ id: formId, service_id: serviceId, name: 'Questionnaire « Je donne mon avis »' }).execute()
    // The identity card form changed two months ago (the contact e-mail question was added): two versions.
    const versioned = index === 0
    await db
      .insertInto('feedback_form_versions')
      .values([
        {
          id: versionOne,
          form_id: formId,
          version: 1,
          definition: versioned ? { questions: ['clarity', 'help', 'comment'], thanks: null } : DEFAULT_DEFINITION,
          created_by: author,
          created_at: new Date(today.getTime() - 200 * 86400_000),
          retired_at: versioned ? new Date(today.getTime() - 60 * 86400_000) : null,
        },
        ...(versioned
          ? [{ id: versionTwo, form_id: formId, version: 2, definition: DEFAULT_DEFINITION, created_by: author, created_at: new Date(today.getTime() - 60 * 86400_000) }]
          : []),
      ])
      .execute()
    await db.updateTable('feedback_forms').set({ current_version_id: versioned ? versionTwo : versionOne }).where('id', '=', formId).execute()
    const placementIds: string[] = []
    for (const name of PLACEMENTS) {
      const placementId = randomUUID()
      placementIds.push(placementId)
      await db
        .insertInto('feedback_placements')
        .values({ id: placementId, service_id: serviceId, form_id: formId, name, allowed_origins: ['https://ants.gouv.fr', 'http://localhost:3000'], created_by: author })
        .execute()
    }

    const count = Math.round(90 * service.weight)
    for (let i = 0; i < count; i++) {
      // More reviews recently: days ago skewed towards 0, over about six months.
      const daysAgo = Math.floor(Math.pow(random(), 1.3) * 180)
      const createdAt = new Date(today.getTime() - daysAgo * 86400_000 - Math.floor(random() * 86400_000))
      const roll = random()
      const satisfaction = roll < service.mood ? 2 : roll < service.mood + 0.18 ? 1 : 0
      const full = random() < 0.7
      const clarity = full ? Math.min(5, Math.max(1, satisfaction * 2 + 1 + Math.floor(random() * 2))) : null
      const needHelp = full ? random() < 0.45 : null
      const channels = needHelp ? [pick(['phone', 'counter', 'email', 'internet', 'relative', 'chat'] as const), ...(random() < 0.3 ? ['internet'] : [])] : []
      const reached = needHelp ? random() < 0.6 + satisfaction * 0.15 : null
      const quality = reached ? Math.min(5, Math.max(1, satisfaction + 2 + Math.floor(random() * 2))) : null
      const commentRoll = random()
      const comment =
        full && commentRoll < 0.45
          ? commentRoll < 0.03
            ? pick(COMMENTS.personal)
            : pick(satisfaction === 2 ? COMMENTS.good : satisfaction === 1 ? COMMENTS.medium : COMMENTS.bad)
          : null
      const kinds = comment ? personalDataKinds(comment) : []
      const version = versioned && daysAgo > 60 ? versionOne : versioned ? versionTwo : versionOne
      reviews.push({
        id: randomUUID(),
        organisation_id: organisationId,
        service_id: serviceId,
        placement_id: random() < 0.7 ? placementIds[0] : placementIds[1],
        form_version_id: version,
        source: pick(['link', 'widget', 'smiley'] as const),
        created_at: createdAt,
        updated_at: createdAt,
        satisfaction,
        clarity,
        help_needed: needHelp,
        help_channels: [...new Set(channels)],
        help_reached: reached,
        help_quality: quality,
        comment,
        has_comment: comment !== null,
        pii_kinds: kinds,
        pii_status: kinds.length ? 'flagged' : 'none',
        completed_at: full ? createdAt : null,
      })
    }
  }
  for (let i = 0; i < reviews.length; i += 200) {
    await db.insertInto('feedback_reviews').values(reviews.slice(i, i + 200) as never).execute()
  }
  // The trigger logged every review as a delta: fold them into the rollups now.
  await foldBatch(db, 1_000_000)
  if (author && passportId) {
    await db.insertInto('feedback_alert_subscriptions').values({ user_id: author, service_id: passportId, negative_reviews: true, weekly_digest: true, notified_until: today }).execute()
  }
}
