import type { Db } from '#db/client.ts'
import type { ScopeType } from './roles.ts'

export interface ScopeOption {
  id: string
  label: string
}

/**
 * What a role can be scoped to, with a human label. Each area registers its scope type here
 * (calls for reviewers and panelists, cohorts for mentors, organisations and services).
 */
const scopeLists: Record<ScopeType, (db: Db) => Promise<ScopeOption[]>> = {
  global: async () => [{ id: '', label: 'Tout le programme' }],
  organisation: async (db) =>
    (await db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute()).map((row) => ({
      id: row.id,
      label: row.name,
    })),
  service: async (db) =>
    (
      await db
        .selectFrom('feedback_services as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .select(['s.id', 's.name', 'o.name as organisation'])
        .where('s.archived_at', 'is', null)
        .orderBy('o.name')
        .orderBy('s.name')
        .execute()
    ).map((row) => ({ id: row.id, label: `${row.name} (${row.organisation})` })),
  call: async (db) =>
    (await db.selectFrom('calls').select(['id', 'title']).orderBy('opens_at', 'desc').execute()).map((row) => ({
      id: row.id,
      label: row.title,
    })),
  cohort: async (db) =>
    (await db.selectFrom('mentoring_cohorts').select(['id', 'name']).orderBy('starts_on', 'desc').execute()).map((row) => ({
      id: row.id,
      label: row.name,
    })),
}

export function listScopes(db: Db, scopeType: ScopeType): Promise<ScopeOption[]> {
  return scopeLists[scopeType](db)
}

export async function scopeLabel(db: Db, scopeType: ScopeType, scopeId: string): Promise<string | null> {
  if (scopeType === 'global') return null
  const options = await listScopes(db, scopeType)
  return options.find((option) => option.id === scopeId)?.label ?? null
}

export async function scopeExists(db: Db, scopeType: ScopeType, scopeId: string): Promise<boolean> {
  if (scopeType === 'global') return scopeId === ''
  return (await listScopes(db, scopeType)).some((option) => option.id === scopeId)
}
