// Open data (Licence Ouverte 2.0): published experiences with their answers and changes, and the
// public figures per service, as CSV and JSON. No personal data: only the published (redacted)
// texts, the chosen pseudonym, never an address or an agent's account.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { ChangeStatus } from '#db/schema/experiences.ts'
import type { StatMeasures } from '#db/schema/feedback.ts'
import { computeIndicators, emptyMeasures, round1, type IndicatorKey } from '#app/feedback/indicators.ts'
import { satisfactionValue, type SatisfactionCode } from '#app/feedback/questionnaire.ts'
import { MEASURE_COLUMNS, sumMeasures } from '#app/feedback/rollups.server.ts'
import { answerStatusLabel, channelLabel, feelingLabel, publishedChangeStatus } from './labels.ts'
import { publicStatsByService } from './stats.server.ts'

export const LICENCE = { name: 'Licence Ouverte / Open Licence 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' }

export const EXPERIENCE_FIELDS = [
  { name: 'id', description: 'Identifiant de l’expérience' },
  { name: 'service_id', description: 'Identifiant du service' },
  { name: 'service', description: 'Nom du service' },
  { name: 'organisation', description: 'Administration responsable du service' },
  { name: 'titre', description: 'Titre donné par l’usager' },
  { name: 'recit', description: 'Texte publié (passages masqués remplacés par « [supprimé] »)' },
  { name: 'auteur', description: 'Prénom ou pseudonyme choisi par l’usager (« Un usager » sinon)' },
  { name: 'date_vecue', description: 'Date de l’expérience indiquée par l’usager (AAAA-MM-JJ), vide si non indiquée' },
  { name: 'canal', description: 'En ligne, au guichet, par téléphone, par courrier, par e-mail, autre' },
  { name: 'ressenti', description: 'Positive, neutre ou négative' },
  { name: 'publie_le', description: 'Date et heure de publication (ISO 8601)' },
  { name: 'statut_reponse', description: 'En attente de réponse, en cours de traitement, répondu, transmis au service compétent' },
  { name: 'reponses', description: 'Réponses publiques du service, séparées par « | » (texte, signature, date)' },
  { name: 'changements', description: 'Titres des changements liés, séparés par « | »' },
] as const

export const SERVICE_FIELDS = [
  { name: 'service_id', description: 'Identifiant du service' },
  { name: 'service', description: 'Nom du service' },
  { name: 'organisation', description: 'Administration responsable' },
  { name: 'experiences_recues', description: 'Expériences reçues (publiées, refusées ou en attente)' },
  { name: 'experiences_publiees', description: 'Expériences publiées après modération' },
  { name: 'experiences_repondues', description: 'Expériences publiées ayant au moins une réponse publique' },
  { name: 'taux_de_reponse', description: 'Part des expériences publiées ayant une réponse, en %' },
  { name: 'delai_median_reponse_heures', description: 'Délai médian entre publication et première réponse, en heures' },
  { name: 'experiences_liees_a_un_changement', description: 'Expériences publiées liées à un changement' },
  { name: 'changements_prevus', description: 'Changements prévus' },
  { name: 'changements_realises', description: 'Changements réalisés' },
] as const

export async function publishedExperienceRows(db: Db, scope: { organisationId?: string; serviceId?: string; ids?: string[]; limit?: number; offset?: number } = {}) {
  let query = db
    .selectFrom('experiences as e')
    .innerJoin('feedback_services as s', 's.id', 'e.service_id')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select([
      'e.id',
      'e.service_id',
      's.name as service',
      'o.name as organisation',
      'e.title',
      'e.public_body',
      'e.happened_on',
      'e.channel',
      'e.feeling',
      'e.author_name',
      'e.published_at',
      'e.answer_status',
      sql<Array<{ body: string; status: string; signature: string; created_at: string; amended_at: string | null }>>`coalesce((
        SELECT json_agg(json_build_object('body', a.body, 'status', a.status, 'signature', concat_ws(', ', a.signer_name, a.signer_role, s2.name), 'created_at', a.created_at, 'amended_at', a.amended_at) ORDER BY a.created_at)
        FROM experience_answers a JOIN feedback_services s2 ON s2.id = a.service_id WHERE a.experience_id = e.id), '[]'::json)`.as('answers'),
      sql<Array<{ title: string; status: ChangeStatus }>>`coalesce((
        SELECT json_agg(json_build_object('title', c.title, 'status', c.status) ORDER BY c.created_at)
        FROM service_change_sources l JOIN service_changes c ON c.id = l.change_id WHERE l.experience_id = e.id), '[]'::json)`.as('changes'),
    ])
    .where('e.status', '=', 'published')
    .orderBy('e.published_at', 'desc')
    .orderBy('e.id')
  if (scope.organisationId) query = query.where('e.organisation_id', '=', scope.organisationId)
  if (scope.serviceId) query = query.where('e.service_id', '=', scope.serviceId)
  if (scope.ids) query = scope.ids.length ? query.where('e.id', 'in', scope.ids) : query.where(sql<boolean>`false`)
  if (scope.limit !== undefined) query = query.limit(scope.limit).offset(scope.offset ?? 0)
  return query.execute()
}

export async function serviceStatRows(db: Db, scope: { organisationId?: string } = {}) {
  let query = db
    .selectFrom('feedback_services as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.name', 'o.name as organisation', 's.organisation_id'])
    .where('s.archived_at', 'is', null)
    .orderBy('o.name')
    .orderBy('s.name')
  if (scope.organisationId) query = query.where('s.organisation_id', '=', scope.organisationId)
  const [services, statsByService] = await Promise.all([query.execute(), publicStatsByService(db, scope)])
  return services.map((service) => {
    const stats = statsByService.get(service.id)!
    return {
      service_id: service.id,
      service: service.name,
      organisation: service.organisation,
      experiences_recues: stats.received,
      experiences_publiees: stats.published,
      experiences_repondues: stats.answered,
      taux_de_reponse: stats.answeredRate,
      delai_median_reponse_heures: stats.medianAnswerHours,
      experiences_liees_a_un_changement: stats.linkedToChange,
      changements_prevus: stats.changesPlanned,
      changements_realises: stats.changesDone,
    }
  })
}

const INDICATOR_COLUMNS: Record<IndicatorKey, string> = {
  satisfaction: 'satisfaction_sur_10',
  clarity: 'simplicite_du_langage_sur_10',
  reached: 'aide_joignable_pct',
  quality: 'aide_efficace_sur_10',
  autonomy: 'autonomie_sur_10',
}

export const REVIEW_MONTH_FIELDS = [
  { name: 'mois', description: 'Mois des avis (AAAA-MM, heure de Paris)' },
  { name: 'service_id', description: 'Identifiant du service' },
  { name: 'service', description: 'Nom du service' },
  { name: 'organisation', description: 'Administration responsable' },
  { name: 'avis', description: 'Nombre d’avis « Je donne mon avis » reçus dans le mois' },
  { name: 'tres_bien', description: 'Réponses « Très bien » à « De façon générale, comment ça s’est passé ? »' },
  { name: 'moyen', description: 'Réponses « Moyen »' },
  { name: 'pas_bien', description: 'Réponses « Pas bien »' },
  ...computeIndicators(emptyMeasures()).map((indicator) => ({
    name: INDICATOR_COLUMNS[indicator.key],
    description: `${indicator.label}, ${indicator.unit === '%' ? 'en %' : 'sur 10'} : ${indicator.method} Vide si personne n’a répondu.`,
  })),
] as const

/**
 * The short reviews, month by month and service by service: counts and indicators computed from the
 * rollup tables (and the changes not folded into them yet), never a review or a comment.
 */
export async function monthlyReviewRows(db: Db): Promise<Array<Record<string, string | number | null>>> {
  const level = (code: SatisfactionCode) => sql`coalesce(sum(t.reviews) FILTER (WHERE t.satisfaction = ${satisfactionValue(code)}), 0)::int8`
  const { rows } = await sql<{ mois: string; service_id: string; service: string; organisation: string; tres_bien: number; moyen: number; pas_bien: number } & StatMeasures>`
    SELECT to_char(t.month, 'YYYY-MM') AS mois, t.service_id, s.name AS service, o.name AS organisation, ${sumMeasures('t.')},
      ${level('tres-bien')} AS tres_bien, ${level('moyen')} AS moyen, ${level('pas-bien')} AS pas_bien
    FROM (
      SELECT month, service_id, satisfaction, ${MEASURE_COLUMNS} FROM feedback_stats_service_monthly
      UNION ALL
      SELECT date_trunc('month', day)::date, service_id, satisfaction, ${MEASURE_COLUMNS} FROM feedback_stat_deltas
    ) AS t
    JOIN feedback_services s ON s.id = t.service_id
    JOIN organisations o ON o.id = s.organisation_id
    GROUP BY 1, 2, 3, 4
    HAVING sum(t.reviews) > 0
    ORDER BY 1, 4, 3, 2`.execute(db)
  return rows.map((row) => ({
    mois: row.mois,
    service_id: row.service_id,
    service: row.service,
    organisation: row.organisation,
    avis: row.reviews,
    tres_bien: row.tres_bien,
    moyen: row.moyen,
    pas_bien: row.pas_bien,
    ...Object.fromEntries(computeIndicators(row).map((indicator) => [INDICATOR_COLUMNS[indicator.key], indicator.value === null ? null : round1(indicator.value)])),
  }))
}

export type ExperienceRow = Awaited<ReturnType<typeof publishedExperienceRows>>[number]

function iso(value: Date | string | null): string {
  return value === null ? '' : new Date(value).toISOString()
}

export function experienceRecord(row: ExperienceRow) {
  return {
    id: row.id,
    service_id: row.service_id,
    service: row.service,
    organisation: row.organisation,
    titre: row.title,
    recit: row.public_body ?? '',
    auteur: row.author_name ?? 'Un usager',
    date_vecue: row.happened_on ?? null,
    canal: channelLabel(row.channel),
    ressenti: feelingLabel(row.feeling),
    publie_le: iso(row.published_at),
    statut_reponse: answerStatusLabel(row.answer_status),
    reponses: row.answers.map((answer) => ({ texte: answer.body, statut: answerStatusLabel(answer.status), signature: answer.signature, publiee_le: iso(answer.created_at), modifiee_le: answer.amended_at ? iso(answer.amended_at) : null })),
    changements: row.changes.map((change) => ({ titre: change.title, statut: publishedChangeStatus(change.status) })),
  }
}

/** A CSV cell: quoted, and a leading =, +, - or @ neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return `"${text.replace(/"/g, '""')}"`
}

export function toCsv(header: readonly string[], rows: unknown[][]): string {
  // A BOM so spreadsheet software reads the accents; ; as separator (French locale).
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`
}

export function experiencesCsv(rows: ExperienceRow[]): string {
  return toCsv(
    EXPERIENCE_FIELDS.map((field) => field.name),
    rows.map((row) => {
      const record = experienceRecord(row)
      return [
        record.id,
        record.service_id,
        record.service,
        record.organisation,
        record.titre,
        record.recit,
        record.auteur,
        record.date_vecue ?? '',
        record.canal,
        record.ressenti,
        record.publie_le,
        record.statut_reponse,
        record.reponses.map((answer) => `${answer.texte} (${answer.signature}, ${answer.publiee_le})`).join(' | '),
        record.changements.map((change) => change.titre).join(' | '),
      ]
    }),
  )
}
