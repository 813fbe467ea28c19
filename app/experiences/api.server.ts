// The read-only HTTP API (/api/v1) for services' own tools. Responses are described by zod schemas,
// from which the OpenAPI document is generated (one source of truth).
import { json } from '@remix-run/node'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { authenticateApiKey } from './api-keys.server.ts'

export const API_PAGE_SIZE = 50

const AnswerSchema = z.object({
  texte: z.string(),
  statut: z.string().describe('En cours de traitement, répondu, transmis au service compétent'),
  signature: z.string().describe('Nom de l’agent s’il l’a choisi, fonction, service'),
  publiee_le: z.string().describe('ISO 8601'),
  modifiee_le: z.string().nullable(),
})

export const ExperienceSchema = z.object({
  id: z.string().uuid(),
  service_id: z.string().uuid(),
  service: z.string(),
  organisation: z.string(),
  titre: z.string(),
  recit: z.string().describe('Texte publié après modération'),
  auteur: z.string(),
  date_vecue: z.string().nullable(),
  canal: z.string(),
  ressenti: z.string(),
  publie_le: z.string(),
  statut_reponse: z.string(),
  reponses: z.array(AnswerSchema),
  changements: z.array(z.object({ titre: z.string(), statut: z.enum(['prévu', 'réalisé']) })),
})

export const ServiceStatsSchema = z.object({
  service_id: z.string().uuid(),
  service: z.string(),
  organisation: z.string(),
  experiences_recues: z.number().int(),
  experiences_publiees: z.number().int(),
  experiences_repondues: z.number().int(),
  taux_de_reponse: z.number().nullable(),
  delai_median_reponse_heures: z.number().nullable(),
  experiences_liees_a_un_changement: z.number().int(),
  changements_prevus: z.number().int(),
  changements_realises: z.number().int(),
  avis_recus: z.number().int().describe('Avis « Je donne mon avis » reçus (tous)'),
  avis_satisfaction_sur_10: z.number().nullable().describe('Satisfaction moyenne des avis, sur 10'),
})

const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ donnees: z.array(item), page: z.number().int(), par_page: z.number().int(), total: z.number().int(), page_suivante: z.string().nullable() })
export const ExperiencePageSchema = page(ExperienceSchema)
export const ServiceListSchema = z.object({ donnees: z.array(ServiceStatsSchema) })
const ErrorSchema = z.object({ erreur: z.string() })

export const ReviewSchema = z.object({
  id: z.string().uuid(),
  cree_le: z.string().describe('ISO 8601, UTC, à la microseconde'),
  service_id: z.string().uuid(),
  service: z.string(),
  emplacement_id: z.string().uuid(),
  version_questionnaire: z.number().int().nullable(),
  source: z.string().describe('Bouton, Fenêtre intégrée, Avis en un clic'),
  de_facon_generale: z.string().describe('Très bien, Moyen, Pas bien'),
  clarte_sur_5: z.number().int().nullable(),
  aide: z.string().nullable(),
  moyens_d_aide: z.array(z.string()),
  aide_obtenue: z.boolean().nullable(),
  qualite_aide_sur_5: z.number().int().nullable(),
  commentaire: z.string().nullable().describe('Vide quand le texte contient peut-être des données personnelles, ou a été effacé'),
  commentaire_retire: z.boolean(),
  avis_complet: z.boolean(),
})

export const ChangeSchema = z.object({
  id: z.string().uuid(),
  cree_le: z.string().describe('Date d’enregistrement, ISO 8601, UTC, à la microseconde'),
  service_id: z.string().uuid(),
  service: z.string(),
  titre: z.string(),
  description: z.string(),
  statut: z.enum(['prévu', 'réalisé']),
  prevu_le: z.string().nullable(),
  realise_le: z.string().nullable(),
  experiences: z.array(z.string().uuid()).describe('Expériences publiées à l’origine du changement'),
})

const cursorPageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    donnees: z.array(item),
    curseur_suivant: z.string().describe('À renvoyer tel quel dans « curseur » pour la suite ; gardez-le pour la prochaine collecte'),
    a_jour: z.boolean().describe('Vrai quand il n’y a plus rien à lire pour le moment'),
    servi_jusqu_au: z.string().describe('Les lignes plus récentes que cet instant seront servies plus tard (délai de sûreté)'),
    par_page: z.number().int(),
  })
export const ReviewCursorPageSchema = cursorPageOf(ReviewSchema)
export const ChangeCursorPageSchema = cursorPageOf(ChangeSchema)
export const ExperienceCursorPageSchema = cursorPageOf(ExperienceSchema)

const CURSOR_PARAMETERS = [
  {
    name: 'curseur',
    in: 'query',
    required: false,
    description: 'Le « curseur_suivant » de la réponse précédente. Un curseur modifié ou venu du futur reçoit une erreur 400.',
    schema: { type: 'string' },
  },
  {
    name: 'depuis',
    in: 'query',
    required: false,
    description: 'Sans curseur : point de départ, une date (minuit à Paris) ou une date et heure ISO 8601. « since » est accepté aussi.',
    schema: { type: 'string' },
  },
  { name: 'service', in: 'query', required: false, description: 'Un service de votre organisation', schema: { type: 'string', format: 'uuid' } },
  { name: 'par_page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
]

export const ExperiencesQuerySchema = z.object({
  page: z.coerce
    .number({ error: 'Le numéro de page doit être un entier.' })
    .int('Le numéro de page doit être un entier.')
    .min(1, 'La page commence à 1.')
    .max(100000, 'Page trop grande.')
    .default(1),
  service: z.string().uuid('Le paramètre « service » doit être un identifiant de service.').optional(),
})

export function apiError(status: number, message: string, headers: Record<string, string> = {}) {
  return json({ erreur: message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } })
}

/** The organisation of the request's key, or the 401/429 response to send. */
export async function requireApiKey(db: Db, request: Request): Promise<string> {
  const auth = await authenticateApiKey(db, request)
  if (!auth.ok) {
    throw apiError(auth.status, auth.message, auth.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : { 'Retry-After': String(auth.retryAfter ?? 60) })
  }
  return auth.organisationId
}

function schema(value: z.ZodTypeAny) {
  return z.toJSONSchema(value, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' })
}

export function openApiDocument(baseUrl: string) {
  const errors = {
    '401': { description: 'Clé absente, inconnue ou révoquée', content: { 'application/json': { schema: schema(ErrorSchema) } } },
    '429': { description: 'Trop de requêtes pour cette clé (600 par heure)', content: { 'application/json': { schema: schema(ErrorSchema) } } },
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'API Services Publics+',
      version: '1.0.0',
      description:
        'Lecture seule. Les expériences publiées, les réponses et les chiffres des services de votre organisation. Chaque requête porte une clé créée par un membre de l’organisation : en-tête « Authorization: Bearer <clé> ». Licence Ouverte 2.0.',
      license: { name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    components: { securitySchemes: { cle: { type: 'http', scheme: 'bearer', description: 'Clé d’API (spp_…)' } } },
    security: [{ cle: [] }],
    paths: {
      '/experiences': {
        get: {
          summary: 'Expériences publiées des services de l’organisation, avec leurs réponses',
          description:
            'Deux façons de paginer : par numéro de page (« page », les plus récentes d’abord), ou par curseur (« depuis » puis « curseur », les plus anciennes d’abord, par date de publication : chaque expérience une seule fois).',
          parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } }, ...CURSOR_PARAMETERS],
          responses: {
            '200': {
              description: `Une page de ${API_PAGE_SIZE} expériences au plus (par numéro de page), ou une page de curseur`,
              content: { 'application/json': { schema: { oneOf: [schema(ExperiencePageSchema), schema(ExperienceCursorPageSchema)] } } },
            },
            '400': { description: 'Paramètre invalide', content: { 'application/json': { schema: schema(ErrorSchema) } } },
            '403': {
              description: 'Le service demandé n’appartient pas à votre organisation',
              content: { 'application/json': { schema: schema(ErrorSchema) } },
            },
            ...errors,
          },
        },
      },
      '/avis': {
        get: {
          summary: 'Avis « Je donne mon avis » des services de l’organisation, un par un, sans donnée personnelle, par curseur',
          description:
            'Les avis par date puis identifiant, les plus anciens d’abord. Suivez « curseur_suivant » jusqu’à « a_jour » ; gardez le dernier curseur pour la collecte suivante : aucun avis manqué, aucun en double. Un avis est servi une heure et cinq minutes après sa création, quand la personne ne peut plus le compléter.',
          parameters: CURSOR_PARAMETERS,
          responses: {
            '200': { description: 'Une page d’avis et le curseur suivant', content: { 'application/json': { schema: schema(ReviewCursorPageSchema) } } },
            '400': { description: 'Paramètre invalide, curseur modifié ou venu du futur', content: { 'application/json': { schema: schema(ErrorSchema) } } },
            '403': {
              description: 'Le service demandé n’appartient pas à votre organisation',
              content: { 'application/json': { schema: schema(ErrorSchema) } },
            },
            ...errors,
          },
        },
      },
      '/changements': {
        get: {
          summary: 'Changements prévus et réalisés par les services de l’organisation, par curseur',
          description: 'Par date d’enregistrement puis identifiant, les plus anciens d’abord ; servis cinq minutes après leur enregistrement.',
          parameters: CURSOR_PARAMETERS,
          responses: {
            '200': {
              description: 'Une page de changements et le curseur suivant',
              content: { 'application/json': { schema: schema(ChangeCursorPageSchema) } },
            },
            '400': { description: 'Paramètre invalide, curseur modifié ou venu du futur', content: { 'application/json': { schema: schema(ErrorSchema) } } },
            '403': {
              description: 'Le service demandé n’appartient pas à votre organisation',
              content: { 'application/json': { schema: schema(ErrorSchema) } },
            },
            ...errors,
          },
        },
      },
      '/services': {
        get: {
          summary: 'Services de l’organisation et leurs chiffres (expériences, réponses, changements, avis)',
          responses: { '200': { description: 'Tous les services actifs', content: { 'application/json': { schema: schema(ServiceListSchema) } } }, ...errors },
        },
      },
    },
  }
}
