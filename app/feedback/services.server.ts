// Services (démarches), their versioned forms and their placements. Every function takes the
// acting person; callers have already checked access with app/feedback/access.server.ts.
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import type { FormDefinition } from '#db/schema/feedback.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { DEFAULT_DEFINITION, OPTIONAL_QUESTIONS } from './questionnaire.ts'
import { normaliseOrigin } from './embed-codes.ts'

export const DEFAULT_FORM_NAME = 'Questionnaire « Je donne mon avis »'

export type ServiceError = 'duplicate-name'

export async function createService(
  db: Db,
  user: SessionUser,
  input: { organisationId: string; name: string; description?: string | null; procedureUrl?: string | null },
): Promise<{ ok: true; serviceId: string } | { ok: false; error: ServiceError }> {
  return db.transaction().execute(async (trx) => {
    const duplicate = await trx
      .selectFrom('feedback_services')
      .select('id')
      .where('organisation_id', '=', input.organisationId)
      .where(sql`lower(name)`, '=', input.name.toLowerCase())
      .where('archived_at', 'is', null)
      .executeTakeFirst()
    if (duplicate) return { ok: false as const, error: 'duplicate-name' as const }
    const service = await trx
      .insertInto('feedback_services')
      .values({
        organisation_id: input.organisationId,
        name: input.name,
        description: input.description ?? null,
        procedure_url: input.procedureUrl ?? null,
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await createFormIn(trx, user, service.id, DEFAULT_FORM_NAME, DEFAULT_DEFINITION)
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.service.created',
      subjectType: 'feedback_service',
      subjectId: service.id,
      data: { name: input.name, organisationId: input.organisationId },
    })
    return { ok: true as const, serviceId: service.id }
  })
}

export async function updateService(
  db: Db,
  user: SessionUser,
  serviceId: string,
  input: { name: string; description: string | null; procedureUrl: string | null },
): Promise<{ ok: true } | { ok: false; error: ServiceError }> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('feedback_services').select(['organisation_id', 'name']).where('id', '=', serviceId).executeTakeFirstOrThrow()
    const duplicate = await trx
      .selectFrom('feedback_services')
      .select('id')
      .where('organisation_id', '=', current.organisation_id)
      .where(sql`lower(name)`, '=', input.name.toLowerCase())
      .where('id', '<>', serviceId)
      .where('archived_at', 'is', null)
      .executeTakeFirst()
    if (duplicate) return { ok: false as const, error: 'duplicate-name' as const }
    await trx
      .updateTable('feedback_services')
      .set({ name: input.name, description: input.description, procedure_url: input.procedureUrl, updated_at: now() })
      .where('id', '=', serviceId)
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.service.updated',
      subjectType: 'feedback_service',
      subjectId: serviceId,
      data: { before: current.name, name: input.name },
    })
    return { ok: true as const }
  })
}

// ---------------------------------------------------------------------------------------------
// Forms and versions

export function normaliseDefinition(definition: FormDefinition): FormDefinition {
  const order = OPTIONAL_QUESTIONS.map((question) => question.key)
  const questions = order.filter((key) => definition.questions.includes(key))
  const thanks = definition.thanks?.trim() || null
  return { questions, thanks }
}

function sameDefinition(a: FormDefinition, b: FormDefinition): boolean {
  const left = normaliseDefinition(a)
  const right = normaliseDefinition(b)
  return left.questions.join(',') === right.questions.join(',') && (left.thanks ?? null) === (right.thanks ?? null)
}

async function createFormIn(trx: Db, user: SessionUser, serviceId: string, name: string, definition: FormDefinition): Promise<string> {
  const form = await trx.insertInto('feedback_forms').values({ service_id: serviceId, name }).returning('id').executeTakeFirstOrThrow()
  const version = await trx
    .insertInto('feedback_form_versions')
    .values({ form_id: form.id, version: 1, definition: normaliseDefinition(definition), created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx.updateTable('feedback_forms').set({ current_version_id: version.id }).where('id', '=', form.id).execute()
  return form.id
}

export async function createForm(db: Db, user: SessionUser, serviceId: string, name: string, definition: FormDefinition): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const formId = await createFormIn(trx, user, serviceId, name, definition)
    await audit(trx, { actorId: user.id, action: 'feedback.form.created', subjectType: 'feedback_form', subjectId: formId, data: { serviceId, name } })
    return formId
  })
}

export type VersionOutcome = { changed: false } | { changed: true; version: number; previousRemoved: boolean }

/**
 * Changing the questions creates a new version; reviews keep the version they answered. The
 * previous version is removed when nobody answered it, and kept (retired) otherwise.
 */
export async function saveFormVersion(db: Db, user: SessionUser, serviceId: string, formId: string, definition: FormDefinition): Promise<VersionOutcome | null> {
  return db.transaction().execute(async (trx) => {
    const form = await trx
      .selectFrom('feedback_forms as f')
      .innerJoin('feedback_form_versions as v', 'v.id', 'f.current_version_id')
      .select(['f.id', 'v.id as version_id', 'v.version', 'v.definition'])
      .where('f.id', '=', formId)
      .where('f.service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!form) return null
    if (sameDefinition(form.definition, definition)) return { changed: false as const }
    const next = await trx
      .insertInto('feedback_form_versions')
      .values({ form_id: formId, version: form.version + 1, definition: normaliseDefinition(definition), created_by: user.id })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow()
    await trx.updateTable('feedback_forms').set({ current_version_id: next.id }).where('id', '=', formId).execute()
    const used = await trx.selectFrom('feedback_reviews').select('id').where('service_id', '=', serviceId).where('form_version_id', '=', form.version_id).limit(1).executeTakeFirst()
    if (used) {
      await trx.updateTable('feedback_form_versions').set({ retired_at: now() }).where('id', '=', form.version_id).execute()
    } else {
      await trx.deleteFrom('feedback_form_versions').where('id', '=', form.version_id).execute()
    }
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.form.version_created',
      subjectType: 'feedback_form',
      subjectId: formId,
      data: { version: next.version, previousVersion: form.version, previousRemoved: !used, definition: normaliseDefinition(definition) },
    })
    return { changed: true as const, version: next.version, previousRemoved: !used }
  })
}

export async function listForms(db: Db, serviceId: string) {
  const forms = await db
    .selectFrom('feedback_forms as f')
    .leftJoin('feedback_form_versions as v', 'v.id', 'f.current_version_id')
    .select(['f.id', 'f.name', 'f.current_version_id', 'v.version', 'v.definition', 'v.created_at as version_created_at'])
    .where('f.service_id', '=', serviceId)
    .orderBy('f.created_at')
    .execute()
  const versions = await db
    .selectFrom('feedback_form_versions as v')
    .innerJoin('feedback_forms as f', 'f.id', 'v.form_id')
    .select(['v.id', 'v.form_id', 'v.version', 'v.definition', 'v.created_at', 'v.retired_at'])
    .where('f.service_id', '=', serviceId)
    .orderBy('v.form_id')
    .orderBy('v.version', 'desc')
    .execute()
  return forms.map((form) => ({ ...form, versions: versions.filter((version) => version.form_id === form.id) }))
}

// ---------------------------------------------------------------------------------------------
// Placements

export function parseOrigins(text: string): { origins: string[]; invalid: string[] } {
  const origins: string[] = []
  const invalid: string[] = []
  for (const line of text.split(/[\s,;]+/)) {
    if (!line.trim()) continue
    const origin = normaliseOrigin(line)
    if (origin) {
      if (!origins.includes(origin)) origins.push(origin)
    } else invalid.push(line.trim())
  }
  return { origins, invalid }
}

export async function createPlacement(
  db: Db,
  user: SessionUser,
  serviceId: string,
  input: { name: string; formId: string; allowedOrigins: string[] },
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const form = await trx.selectFrom('feedback_forms').select('id').where('id', '=', input.formId).where('service_id', '=', serviceId).executeTakeFirst()
    if (!form) return null
    const placement = await trx
      .insertInto('feedback_placements')
      .values({ service_id: serviceId, form_id: form.id, name: input.name, allowed_origins: input.allowedOrigins, created_by: user.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: user.id,
      action: 'feedback.placement.created',
      subjectType: 'feedback_placement',
      subjectId: placement.id,
      data: { serviceId, name: input.name, allowedOrigins: input.allowedOrigins },
    })
    return placement.id
  })
}

export async function updatePlacement(
  db: Db,
  user: SessionUser,
  serviceId: string,
  placementId: string,
  input: { name: string; formId: string; allowedOrigins: string[]; enabled: boolean },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const form = await trx.selectFrom('feedback_forms').select('id').where('id', '=', input.formId).where('service_id', '=', serviceId).executeTakeFirst()
    if (!form) return false
    const before = await trx
      .selectFrom('feedback_placements')
      .select(['name', 'enabled', 'allowed_origins', 'form_id'])
      .where('id', '=', placementId)
      .where('service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return false
    await trx
      .updateTable('feedback_placements')
      .set({ name: input.name, form_id: form.id, allowed_origins: input.allowedOrigins, enabled: input.enabled, updated_at: now() })
      .where('id', '=', placementId)
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: before.enabled !== input.enabled ? (input.enabled ? 'feedback.placement.enabled' : 'feedback.placement.disabled') : 'feedback.placement.updated',
      subjectType: 'feedback_placement',
      subjectId: placementId,
      data: { before, after: input },
    })
    return true
  })
}

export async function listPlacements(db: Db, serviceId: string) {
  return db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select(['p.id', 'p.name', 'p.enabled', 'p.allowed_origins', 'p.created_at', 'p.form_id', 'f.name as form_name'])
    .where('p.service_id', '=', serviceId)
    .orderBy('p.created_at')
    .execute()
}

export async function findPlacement(db: Db, serviceId: string, placementId: string) {
  return db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .select(['p.id', 'p.name', 'p.enabled', 'p.allowed_origins', 'p.form_id', 'p.created_at', 'f.name as form_name'])
    .where('p.service_id', '=', serviceId)
    .where('p.id', '=', placementId)
    .executeTakeFirst()
}
