// Demo data of Services Publics+: published experiences (one with a redacted passage), answers
// with their statuses, internal comments, one waiting for moderation with personal data, one
// refused, and changes linked to experiences. No audit rows: the demo history starts empty.
import { personalDataKinds } from '#app/feedback/personal-data.ts'
import { now } from '#app/utils/clock.server.ts'
import type { AnswerStatus, ExperienceChannel, ExperienceFeeling, RefusalReason } from '#db/schema/experiences.ts'
import type { SeedContext } from '../seed.ts'

const HOUR = 3600_000
const DAY = 24 * HOUR

interface DemoExperience {
  service: string
  title: string
  body: string
  publicBody?: string
  channel: ExperienceChannel
  feeling: ExperienceFeeling
  author: string | null
  daysAgo: number
  status: 'pending' | 'published' | 'refused'
  refusal?: RefusalReason
  answer?: { afterHours: number; status: AnswerStatus; role: string; body: string }
  change?: string
}

const EXPERIENCES: DemoExperience[] = [
  {
    service: 'Demande de carte d’identité',
    title: 'Aucun rendez-vous disponible avant trois mois',
    body: 'J’ai cherché un rendez-vous en mairie pour refaire ma carte d’identité avant un voyage. Toutes les mairies autour de chez moi affichaient complet pendant trois mois. J’ai fini par faire 40 kilomètres.',
    channel: 'online',
    feeling: 'negative',
    author: 'Camille',
    daysAgo: 64,
    status: 'published',
    answer: {
      afterHours: 20,
      status: 'answered',
      role: 'Responsable du pôle titres',
      body: 'Merci pour votre témoignage. Depuis septembre, les créneaux libérés par les annulations sont remis en ligne chaque matin à 8 h, et la carte des mairies affiche maintenant le premier créneau disponible de chacune.',
    },
    change: 'Créneaux annulés remis en ligne chaque matin',
  },
  {
    service: 'Demande de carte d’identité',
    title: 'Une pré-demande simple et rapide',
    body: 'La pré-demande en ligne m’a pris dix minutes. Au guichet, l’agent a tout vérifié en un quart d’heure et j’ai reçu un SMS quand la carte était prête. Rien à redire.',
    channel: 'counter',
    feeling: 'positive',
    author: null,
    daysAgo: 40,
    status: 'published',
    answer: { afterHours: 30, status: 'answered', role: 'Chargée de la relation usagers', body: 'Merci pour ce retour positif, nous le partageons avec l’équipe de la mairie.' },
  },
  {
    service: 'Demande de passeport',
    title: 'Photo refusée sans explication',
    body: 'Ma photo d’identité a été refusée au guichet alors qu’elle venait d’une cabine agréée. Personne n’a su me dire pourquoi. J’ai dû revenir une deuxième fois.',
    channel: 'counter',
    feeling: 'negative',
    author: 'Karim',
    daysAgo: 31,
    status: 'published',
    answer: {
      afterHours: 52,
      status: 'answered',
      role: 'Responsable de l’accueil',
      body: 'Nous sommes désolés de ce second déplacement. Les agents disposent maintenant d’une fiche qui liste les motifs de refus d’une photo, et le motif est écrit sur le récépissé.',
    },
    change: 'Motif de refus d’une photo écrit sur le récépissé',
  },
  {
    service: 'Demande de passeport',
    title: 'Suivi de dossier introuvable',
    body: 'Après le dépôt, je ne savais pas où en était mon passeport. Le numéro indiqué sur le récépissé ne fonctionnait pas sur le site de suivi. Une personne au téléphone, Mme Lefèvre, m’a finalement renseigné.',
    publicBody: 'Après le dépôt, je ne savais pas où en était mon passeport. Le numéro indiqué sur le récépissé ne fonctionnait pas sur le site de suivi. Une personne au téléphone, [supprimé], m’a finalement renseigné.',
    channel: 'phone',
    feeling: 'neutral',
    author: 'Jo',
    daysAgo: 12,
    status: 'published',
    answer: { afterHours: 6, status: 'in_progress', role: 'Équipe du site de suivi', body: 'Merci, nous avons reproduit le problème avec certains numéros : une correction est en cours de test.' },
  },
  {
    service: 'Permis de conduire',
    title: 'Échange de permis étranger : dossier bloqué',
    body: 'J’ai demandé l’échange de mon permis marocain il y a huit mois. Le statut n’a pas bougé depuis « en cours d’instruction » et je ne peux joindre personne.',
    channel: 'online',
    feeling: 'negative',
    author: null,
    daysAgo: 9,
    status: 'published',
    answer: { afterHours: 26, status: 'forwarded', role: 'Chargé de la relation usagers', body: 'Votre message a été transmis au centre d’expertise chargé des échanges de permis, qui vous répondra directement ici.' },
  },
  {
    service: 'Permis de conduire',
    title: 'Inscription à l’examen sans difficulté',
    body: 'J’ai pu m’inscrire seul à l’examen du code, le paiement et la convocation sont arrivés tout de suite. Très clair.',
    channel: 'online',
    feeling: 'positive',
    author: 'Léa',
    daysAgo: 3,
    status: 'published',
  },
  {
    service: 'Certificat d’immatriculation',
    title: 'Changement d’adresse en cinq minutes',
    body: 'J’ai déclaré mon déménagement sur le site, la nouvelle étiquette est arrivée par courrier en une semaine. Parfait.',
    channel: 'online',
    feeling: 'positive',
    author: 'Sam',
    daysAgo: 2,
    status: 'published',
  },
  {
    service: 'Demande de passeport',
    title: 'Attente interminable au téléphone',
    body: 'J’ai appelé plusieurs fois, attente de 45 minutes à chaque fois. Rappelez-moi au 06 12 34 56 78 ou écrivez à paul.dupont@exemple.fr, je n’en peux plus.',
    channel: 'phone',
    feeling: 'negative',
    author: 'Paul',
    daysAgo: 1,
    status: 'pending',
  },
  {
    service: 'Pré-plainte en ligne',
    title: 'Le formulaire ne fonctionne pas sur téléphone',
    body: 'Impossible de valider la dernière étape de la pré-plainte depuis mon téléphone : le bouton reste grisé. J’ai dû emprunter un ordinateur.',
    channel: 'online',
    feeling: 'negative',
    author: null,
    daysAgo: 0,
    status: 'pending',
  },
  {
    service: 'Demande de carte d’identité',
    title: 'Publicité',
    body: 'Achetez vos photos d’identité moins cher sur notre site, livraison en 24 heures partout en France !',
    channel: 'other',
    feeling: 'neutral',
    author: null,
    daysAgo: 20,
    status: 'refused',
    refusal: 'advertising',
  },
]

export async function seedExperiences({ db, users, organisationId }: SeedContext): Promise<void> {
  const agent = users['service@demo.aic.gouv.fr'] ?? null
  const services = await db.selectFrom('feedback_services').select(['id', 'name']).where('organisation_id', '=', organisationId).execute()
  const serviceId = (name: string) => services.find((service) => service.name === name)?.id
  const today = now()
  for (const demo of EXPERIENCES) {
    const service = serviceId(demo.service)
    if (!service) continue
    const createdAt = new Date(today.getTime() - demo.daysAgo * DAY - 5 * HOUR)
    const publishedAt = demo.status === 'published' ? new Date(createdAt.getTime() + 3 * HOUR) : null
    const answeredAt = demo.answer && publishedAt ? new Date(publishedAt.getTime() + demo.answer.afterHours * HOUR) : null
    const experience = await db
      .insertInto('experiences')
      .values({
        organisation_id: organisationId,
        service_id: service,
        title: demo.title,
        body: demo.body,
        public_body: demo.status === 'published' ? (demo.publicBody ?? demo.body) : null,
        happened_on: null,
        channel: demo.channel,
        feeling: demo.feeling,
        author_name: demo.author,
        author_email: null,
        pii_kinds: personalDataKinds(demo.body),
        status: demo.status,
        refusal_reason: demo.refusal ?? null,
        moderated_by: demo.status === 'pending' ? null : agent,
        moderated_at: demo.status === 'pending' ? null : new Date(createdAt.getTime() + 3 * HOUR),
        published_at: publishedAt,
        answer_status: demo.answer?.status ?? null,
        first_answered_at: answeredAt,
        source_review_id: null,
        created_at: createdAt,
        updated_at: answeredAt ?? createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (demo.answer && answeredAt) {
      await db
        .insertInto('experience_answers')
        .values({ experience_id: experience.id, service_id: service, author_id: agent, signer_role: demo.answer.role, signer_name: null, body: demo.answer.body, status: demo.answer.status, created_at: answeredAt })
        .execute()
      await db
        .insertInto('experience_comments')
        .values({ experience_id: experience.id, author_id: agent, body: 'Réponse validée avec la cheffe de service avant publication.', created_at: new Date(answeredAt.getTime() - HOUR) })
        .execute()
    }
    if (demo.change) {
      const done = demo.daysAgo > 20
      const change = await db
        .insertInto('service_changes')
        .values({
          organisation_id: organisationId,
          service_id: service,
          title: demo.change,
          description: done
            ? 'Mis en place après plusieurs expériences racontées par les usagers. Nous suivons l’effet de ce changement dans les avis.'
            : 'Prévu à la suite des expériences racontées par les usagers.',
          status: done ? 'done' : 'planned',
          planned_on: null,
          done_on: done ? new Date(today.getTime() - (demo.daysAgo - 15) * DAY).toISOString().slice(0, 10) : null,
          created_by: agent,
          created_at: new Date(today.getTime() - (demo.daysAgo - 10) * DAY),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db.insertInto('service_change_sources').values({ change_id: change.id, experience_id: experience.id }).execute()
    }
  }
  // A planned change without a source yet.
  const card = serviceId('Demande de carte d’identité')
  if (card) {
    await db
      .insertInto('service_changes')
      .values({
        organisation_id: organisationId,
        service_id: card,
        title: 'Rendez-vous le samedi matin dans les grandes mairies',
        description: 'Des créneaux le samedi de 9 h à 12 h seront ouverts au premier trimestre.',
        status: 'planned',
        planned_on: new Date(today.getTime() + 60 * DAY).toISOString().slice(0, 10),
        done_on: null,
        created_by: agent,
      })
      .execute()
  }
}
