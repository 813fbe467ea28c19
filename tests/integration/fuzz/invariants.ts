import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { LEGACY_STRUCTURE_KINDS } from '#app/accelerator/applications/application-form.ts'
import { ELIGIBILITY_ANSWERS } from '#app/accelerator/limits.ts'

/**
 * Domain rules the data must always respect, whatever was posted. Each returns the offending
 * rows as readable strings. Each area adds its rules here.
 */
const RULES: Array<{ name: string; check: (db: Db) => Promise<string[]> }> = [
  {
    name: 'adresses e-mail des comptes bien formées',
    check: async (db) =>
      (
        await db
          .selectFrom('users')
          .select('email')
          .where('deleted_at', 'is', null)
          .where(sql<boolean>`email !~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' OR email <> lower(email) OR length(email) > 254`)
          .execute()
      ).map((row) => row.email),
  },
  {
    name: 'jetons de connexion jamais en clair (empreintes SHA-256)',
    check: async (db) =>
      (
        await db
          .selectFrom('sign_in_tokens')
          .select('id')
          .where(sql<boolean>`link_token_hash !~ '^[0-9a-f]{64}$' OR code_hash !~ '^[0-9a-f]{64}$'`)
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'un rôle par personne et par périmètre, d’un type connu',
    check: async (db) =>
      (
        await db
          .selectFrom('role_assignments')
          .select(['user_id', 'role'])
          .where('role', 'not in', ['programme_team', 'admin_reviewer', 'citizen_panelist', 'mentor', 'service_team'])
          .execute()
      ).map((row) => `${row.user_id} ${row.role}`),
  },
  {
    name: 'invitations vers une adresse valide',
    check: async (db) =>
      (await db.selectFrom('invitations').select('email').where(sql<boolean>`email !~ '^[^@\\s]+@[^@\\s]+$'`).execute()).map((row) => row.email),
  },
  {
    name: 'une candidature a un seul responsable, membre actif, celui qu’elle désigne (décision 097)',
    check: async (db) =>
      (
        await db
          .selectFrom('applications as a')
          .select('a.id')
          .where(
            (eb) =>
              sql<boolean>`(SELECT count(*) FROM application_members m WHERE m.application_id = ${eb.ref('a.id')} AND m.role = 'leader' AND m.removed_at IS NULL) <> 1
                OR NOT EXISTS (SELECT 1 FROM application_members m WHERE m.application_id = ${eb.ref('a.id')} AND m.user_id = ${eb.ref('a.owner_id')} AND m.role = 'leader' AND m.removed_at IS NULL)`,
          )
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'une candidature déposée a une référence et une date de dépôt',
    check: async (db) =>
      (
        await db
          .selectFrom('applications')
          .select('id')
          .where('state', '!=', 'brouillon')
          .where((eb) => eb.or([eb('reference', 'is', null), eb('submitted_at', 'is', null)]))
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'une candidature déposée a un résumé de 800 caractères au plus',
    check: async (db) =>
      (
        await db
          .selectFrom('applications')
          .select('id')
          .where('state', '!=', 'brouillon')
          .where(sql<boolean>`length(coalesce(answers->'project'->>'summary', '')) > 800`)
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'chaque candidature a exactement un porteur actif',
    check: async (db) =>
      (
        await db
          .selectFrom('applications as a')
          .select('a.id')
          .where(
            (eb) =>
              eb
                .selectFrom('application_members as m')
                .select(sql<number>`count(*)::int`.as('n'))
                .whereRef('m.application_id', '=', 'a.id')
                .where('m.role', '=', 'leader')
                .where('m.removed_at', 'is', null),
            '!=',
            1,
          )
          .execute()
      ).map((row) => row.id),
  },
  {
    // A page opened before the deploy may post « collectif » : it is kept as « collective » (decision 113).
    name: 'les types de structure sont rangés en anglais, jamais sous une ancienne valeur française (décision 113)',
    check: async (db) => {
      const olds = Object.keys(LEGACY_STRUCTURE_KINDS)
      const applications = await db.selectFrom('applications').select('id').where('structure_kind', 'in', olds).execute()
      const grids = await db
        .selectFrom('call_grid_versions')
        .select(['call_id', 'version'])
        .where(sql<boolean>`eligible_kinds ?| ARRAY[${sql.join(olds)}]::text[]`)
        .execute()
      return [...applications.map((row) => row.id), ...grids.map((row) => `${row.call_id} v${row.version}`)]
    },
  },
  {
    // A page opened before the deploy may post « oui » : it is kept as « yes » (decision 115). The column has no CHECK.
    // (A conflict's kind has one, since migration 0026: a French kind cannot be stored.)
    name: 'les réponses de la vérification de recevabilité sont rangées en anglais, parmi oui / non / à vérifier (décision 115)',
    check: async (db) =>
      (
        await db
          .selectFrom('applications')
          .select('reference')
          .where(
            sql<boolean>`EXISTS (SELECT 1 FROM jsonb_each(eligibility) AS answer(key, value) WHERE NOT (value <@ ${JSON.stringify(ELIGIBILITY_ANSWERS.map((a) => a.value))}::jsonb))`,
          )
          .execute()
      ).map((row) => row.reference ?? '(sans référence)'),
  },
  {
    name: 'un appel ouvre avant de fermer ; ses critères ont cinq niveaux et un poids positif',
    check: async (db) => [
      ...(await db.selectFrom('calls').select('slug').where(sql<boolean>`opens_at >= closes_at`).execute()).map((row) => row.slug),
      ...(
        await db
          .selectFrom('call_criteria')
          .select('title')
          .where(sql<boolean>`weight <= 0 OR jsonb_array_length(level_descriptions) <> 5`)
          .execute()
      ).map((row) => row.title),
    ],
  },
  {
    name: 'avis : réponses dans les choix proposés, « pas besoin d’aide » sans canal, texte de 5 000 caractères au plus',
    check: async (db) =>
      (
        await db
          .selectFrom('feedback_reviews')
          .select('id')
          .where(
            sql<boolean>`satisfaction NOT IN (0, 1, 2)
              OR (clarity IS NOT NULL AND clarity NOT BETWEEN 1 AND 5)
              OR (help_quality IS NOT NULL AND help_quality NOT BETWEEN 1 AND 5)
              OR (help_needed = false AND cardinality(help_channels) > 0)
              OR (help_needed = true AND cardinality(help_channels) = 0)
              OR length(coalesce(comment, '')) > 5000
              OR (contact_email IS NOT NULL AND contact_email !~ '^[^@\s]+@[^@\s]+$')`,
          )
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'avis : agrégats égaux au recalcul direct (nombre d’avis par service)',
    check: async (db) => {
      const { rows } = await sql<{ service_id: string }>`
        WITH direct AS (SELECT service_id, count(*)::int AS n FROM feedback_reviews GROUP BY service_id),
             rolled AS (SELECT service_id, sum(reviews)::int AS n FROM feedback_stats_daily GROUP BY service_id),
             pending AS (SELECT service_id, sum(reviews)::int AS n FROM feedback_stat_deltas GROUP BY service_id)
        SELECT d.service_id FROM direct d
        LEFT JOIN rolled r USING (service_id) LEFT JOIN pending p USING (service_id)
        WHERE d.n <> coalesce(r.n, 0) + coalesce(p.n, 0)`.execute(db)
      return rows.map((row) => row.service_id)
    },
  },
  {
    name: 'sélection : jamais d’évaluation confiée à une personne en conflit d’intérêts',
    check: async (db) => {
      const { rows } = await sql<{ application_id: string }>`
        SELECT a.application_id FROM scoring_assignments a
        JOIN scoring_conflicts c ON c.application_id = a.application_id AND c.user_id = a.user_id
        WHERE c.status <> 'dismissed' AND (c.source = 'reviewer' OR c.status = 'upheld')`.execute(db)
      return rows.map((row) => row.application_id)
    },
  },
  {
    name: 'sélection : une évaluation envoyée a des niveaux de 1 à 5 ou une des sept mentions',
    check: async (db) => {
      const { rows } = await sql<{ id: string }>`
        SELECT r.id FROM scoring_reviews r
        WHERE (r.mention IS NOT NULL AND r.mention NOT IN ('À rejeter', 'Insuffisant', 'Passable', 'Assez bien', 'Bien', 'Très bien', 'Excellent'))
           OR EXISTS (SELECT 1 FROM jsonb_each(r.scores) AS s(k, v) WHERE jsonb_typeof(v) <> 'number' OR (v)::text::numeric NOT IN (1, 2, 3, 4, 5))
           OR (r.status = 'submitted' AND r.submitted_at IS NULL)`.execute(db)
      return rows.map((row) => row.id)
    },
  },
  {
    name: 'accompagnement : seuls des projets retenus, chacun dans une seule cohorte',
    check: async (db) =>
      (
        await db
          .selectFrom('mentoring_projects as p')
          .innerJoin('applications as a', 'a.id', 'p.application_id')
          .select('p.id')
          .where('a.state', '<>', 'retenue')
          .execute()
      ).map((row) => row.id),
  },
  {
    name: 'accompagnement : points d’étape, mises en relation et mesures datés dans leur cohorte',
    check: async (db) => {
      const { rows } = await sql<{ id: string }>`
        SELECT x.id FROM (
          SELECT id, project_id, held_on AS day FROM mentoring_check_ins
          UNION ALL SELECT id, project_id, made_on FROM mentoring_introductions
          UNION ALL SELECT id, project_id, measured_on FROM mentoring_indicator_values
          UNION ALL SELECT id, project_id, due_on FROM mentoring_actions
        ) x
        JOIN mentoring_projects p ON p.id = x.project_id
        JOIN mentoring_cohorts c ON c.id = p.cohort_id
        WHERE x.day < c.starts_on OR x.day > c.ends_on`.execute(db)
      return rows.map((row) => row.id)
    },
  },
  {
    name: 'expériences : réponses seulement sur une expérience publiée, date de première réponse cohérente',
    check: async (db) => {
      const { rows } = await sql<{ id: string }>`
        SELECT e.id FROM experiences e
        WHERE (EXISTS (SELECT 1 FROM experience_answers a WHERE a.experience_id = e.id) AND e.status <> 'published')
           OR ((e.first_answered_at IS NULL) <> NOT EXISTS (SELECT 1 FROM experience_answers a WHERE a.experience_id = e.id))`.execute(db)
      return rows.map((row) => row.id)
    },
  },
  {
    name: 'expériences : l’organisation est celle du service ; publiée ⇒ modérée',
    check: async (db) => {
      const { rows } = await sql<{ id: string }>`
        SELECT e.id FROM experiences e JOIN feedback_services s ON s.id = e.service_id
        WHERE e.organisation_id <> s.organisation_id OR (e.status <> 'pending' AND e.moderated_at IS NULL)`.execute(db)
      return rows.map((row) => row.id)
    },
  },
  {
    name: 'clés d’API jamais en clair (empreintes SHA-256)',
    check: async (db) => (await db.selectFrom('api_keys').select('id').where(sql<boolean>`key_hash !~ '^[0-9a-f]{64}$'`).execute()).map((row) => row.id),
  },
  {
    name: 'comités : une tranche seulement sur décision favorable, jamais négative ni absurde',
    check: async (db) =>
      (
        await db
          .selectFrom('mentoring_committee_items')
          .select('project_id')
          .where((eb) => eb.or([eb('amount_euros', '<', 0), eb('amount_euros', '>', 500_000), eb.and([eb('decision', '<>', 'approved'), eb('amount_euros', '>', 0)])]))
          .execute()
      ).map((row) => row.project_id),
  },
]

export async function checkInvariants(db: Db): Promise<string[]> {
  const problems: string[] = []
  for (const rule of RULES) {
    const offending = await rule.check(db)
    if (offending.length) problems.push(`${rule.name} : ${offending.slice(0, 5).join(', ')}`)
  }
  return problems
}
