import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { SessionUser } from './roles.ts'

/**
 * « Télécharger mes données » (RGPD, right of access and portability): everything the service
 * holds about a person, as JSON. Each area adds its section here (applications, reviews…).
 */
export type DataExporter = (db: Db, user: SessionUser) => Promise<unknown>

const exporters: Record<string, DataExporter> = {
  compte: async (db, user) =>
    db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'created_at', 'last_sign_in_at', 'siret', 'organisation', 'profile_siret'])
      .where('id', '=', user.id)
      .executeTakeFirst(),
  roles: async (db, user) =>
    db.selectFrom('role_assignments').select(['role', 'scope_type', 'scope_id', 'created_at']).where('user_id', '=', user.id).execute(),
  sessions_ouvertes: async (db, user) =>
    db.selectFrom('sessions').select(['created_at', 'expires_at', 'auth_method']).where('user_id', '=', user.id).execute(),
  actions_journalisees: async (db, user) =>
    db
      .selectFrom('audit_log')
      .select(['action', 'subject_type', 'subject_id', 'created_at'])
      .where('actor_id', '=', user.id)
      .orderBy('created_at', 'desc')
      .limit(5000)
      .execute(),
  emails_recus: async (db, user) =>
    db
      .selectFrom('email_outbox')
      .select(['subject', 'created_at', 'status'])
      .where(sql`lower(to_address)`, '=', user.email.toLowerCase())
      .orderBy('created_at', 'desc')
      .limit(5000)
      .execute(),
  accompagnement: async (db, user) => {
    const myProjects = db
      .selectFrom('mentoring_projects as p')
      .innerJoin('application_members as m', 'm.application_id', 'p.application_id')
      .select('p.id')
      .where('m.user_id', '=', user.id)
    return {
      referent_de: await db.selectFrom('mentoring_referents').select(['project_id', 'email', 'name', 'organisation', 'created_at']).where(sql`lower(email)`, '=', user.email.toLowerCase()).execute(),
      textes_publics: await db.selectFrom('mentoring_projects').select(['id', 'public_text', 'public_consent']).where('id', 'in', myProjects).execute(),
      points_de_vue: await db
        .selectFrom('mentoring_check_ins')
        .select(['project_id', 'held_on', 'leader_view'])
        .where('project_id', 'in', myProjects)
        .where('leader_view', 'is not', null)
        .execute(),
      points_d_etape_rediges: await db
        .selectFrom('mentoring_check_ins')
        .select(['project_id', 'held_on', 'attendees', 'notes', 'private_notes', 'decisions', 'minutes_spent'])
        .where('created_by', '=', user.id)
        .execute(),
    }
  },
}

export async function exportUserData(db: Db, user: SessionUser): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {
    genere_le: new Date().toISOString(),
    service: 'Accélérateur d’initiatives citoyennes',
  }
  for (const [section, exporter] of Object.entries(exporters)) data[section] = await exporter(db, user)
  return data
}
