// Factories for the accelerator tests: a call, complete answers, an application in any state.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Db } from '#db/client.ts'
import type { ApplicationState, CallState } from '#db/schema/accelerator.ts'
import { demoPdf } from '#db/seeds/demo-pdf.ts'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import { STRUCTURE_KINDS, type Answers } from '#app/accelerator/applications/application-form.ts'
import { PROGRAMME_CRITERIA } from '#app/accelerator/programme-defaults.ts'
import type { AppServices } from '#app/context.server.ts'
import { diskStorage } from '#app/utils/file-storage.server.ts'
import { now } from '#app/utils/clock.server.ts'

const DAY = 24 * 3600 * 1000

export function acceleratorTestServices(services: AppServices): AcceleratorServices {
  return { db: services.db, jobs: services.jobs, appUrl: 'http://localhost:3000', storage: diskStorage(mkdtempSync(path.join(tmpdir(), 'aic-uploads-'))) }
}

export async function createUser(db: Db, email: string, name: string | null = null): Promise<string> {
  const row = await db.insertInto('users').values({ email, display_name: name }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function grant(db: Db, userId: string, role: string, scopeType: string, scopeId = ''): Promise<void> {
  await db.insertInto('role_assignments').values({ user_id: userId, role, scope_type: scopeType, scope_id: scopeId, granted_by: null }).execute()
}

/** A call in the given state (open by default, deadline in 20 days), with the programme's grid. */
export async function createCallRow(
  db: Db,
  options: { state?: CallState; slug?: string; closesInDays?: number; opensInDays?: number; scheduled?: boolean } = {},
): Promise<string> {
  const at = now()
  const call = await db
    .insertInto('calls')
    .values({
      slug: options.slug ?? `appel-test-${Math.random().toString(36).slice(2, 8)}`,
      title: 'Appel de test',
      intro: 'Un appel pour les tests.',
      opens_at: new Date(at.getTime() + (options.opensInDays ?? -10) * DAY),
      closes_at: new Date(at.getTime() + (options.closesInDays ?? 20) * DAY),
      results_on: new Date(at.getTime() + 60 * DAY).toISOString().slice(0, 10),
      places: 5,
      state: options.state ?? 'ouvert',
      opening_scheduled: options.scheduled ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('call_grid_versions')
    .values({ call_id: call.id, version: 1, eligible_kinds: STRUCTURE_KINDS.map((kind) => kind.value) })
    .execute()
  await db
    .insertInto('call_criteria')
    .values(
      PROGRAMME_CRITERIA.slice(0, 3).map((criterion, index) => ({
        call_id: call.id,
        version: 1,
        position: index + 1,
        title: criterion.title,
        description: criterion.description,
        level_descriptions: [...criterion.levels],
        weight: criterion.weight,
        jury: criterion.jury,
      })),
    )
    .execute()
  return call.id
}

/** Answers that pass every check of the form. */
export function completeAnswers(overrides: Partial<Answers> = {}): Answers {
  return {
    structure: { name: 'Les Jardins du Lac', kind: 'association', siret: '73282932000074', rna: 'W751234567', address: '1 rue de la Paix, 75002 Paris', website: '' },
    project: {
      title: 'Jardins partagés en ville',
      summary: 'Des jardins cultivés par les habitants au pied des immeubles.',
      problem: 'Peu d’espaces verts cultivables.',
      audience: 'Les habitants du quartier.',
      territories: ['ile-de-france'],
    },
    impact: { indicatorName: 'Foyers qui jardinent', unit: 'foyers', startValue: '40', targetValue: '80', method: '' },
    strategy: { strategy: 'Ouvrir trois nouveaux jardins en six mois.' },
    objectives: { objective1: 'Un partenariat avec le bailleur.', objective2: 'Un modèle économique stable.', objective3: 'Quatre-vingts foyers.' },
    budget: { annualBudget: '50000', projectBudget: '30000', publicAidThreeYears: '10000' },
    contacts: {
      contact1Name: 'Alice Martin',
      contact1Role: 'Présidente',
      contact1Email: 'alice@exemple.fr',
      contact1Phone: '06 12 34 56 78',
      contact2Name: 'Bruno Petit',
      contact2Role: 'Trésorier',
      contact2Email: 'bruno@exemple.fr',
      contact2Phone: '06 98 76 54 32',
      commitment: 'oui',
    },
    ...overrides,
  }
}

/** An application of `ownerId` in `state`, with complete answers and both required files (rows only). */
export async function createApplicationRow(
  db: Db,
  input: { callId: string; ownerId: string; state?: ApplicationState; answers?: Answers; withFiles?: boolean },
): Promise<string> {
  const state = input.state ?? 'brouillon'
  const submitted = state !== 'brouillon'
  const row = await db
    .insertInto('applications')
    .values({
      call_id: input.callId,
      owner_id: input.ownerId,
      state,
      answers: input.answers ?? completeAnswers(),
      reference: submitted ? `AIC-TEST-${Math.random().toString(36).slice(2, 8)}` : null,
      submitted_at: submitted ? now() : null,
      last_submitted_at: submitted ? now() : null,
      submission_count: submitted ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('application_members').values({ application_id: row.id, user_id: input.ownerId, role: 'leader', added_by: input.ownerId }).execute()
  if (input.withFiles ?? true) {
    // French names and keys, as people name their files: never made from the stored kind.
    for (const [kind, word] of [['statutes', 'statuts'], ['accounts', 'comptes']] as const) {
      await db
        .insertInto('application_files')
        .values({
          application_id: row.id,
          kind,
          original_name: `${word}.pdf`,
          content_type: 'application/pdf',
          size_bytes: 100,
          sha256: 'x',
          storage_key: `applications/${row.id}/${word}`,
          uploaded_by: input.ownerId,
        })
        .execute()
    }
  }
  return row.id
}

export function pdfFile(name = 'statuts.pdf', lines = ['Statuts']): File {
  return new File([new Uint8Array(demoPdf(lines))], name, { type: 'application/pdf' })
}

export async function outbox(db: Db, to?: string) {
  let query = db.selectFrom('email_outbox').select(['to_address', 'subject', 'text', 'template'])
  if (to) query = query.where('to_address', '=', to)
  return query.orderBy('created_at').execute()
}

export async function auditActions(db: Db, subjectId: string) {
  return db.selectFrom('audit_log').select(['action', 'actor_id', 'actor_label', 'data', 'created_at']).where('subject_id', '=', subjectId).orderBy('id').execute()
}
