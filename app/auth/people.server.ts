// The programme team's page of people and roles (app/routes/equipe.personnes.tsx): every role given,
// every invitation waiting, each with its scope in words, and the scopes a new invitation may name.
import type { Db } from '#db/client.ts'
import { allowedScopeTypes, ROLES, ROLE_NAMES, isRole, type ScopeType } from './roles.ts'
import { listScopes } from './scopes.server.ts'

export const SCOPE_TYPE_LABELS: Record<ScopeType, string> = {
  global: 'Tout le programme',
  call: 'Appels à projets',
  cohort: 'Cohortes',
  organisation: 'Organisations',
  service: 'Services',
}

export async function peoplePage(db: Db) {
  const scopeTypes = [...new Set(ROLE_NAMES.flatMap((role) => allowedScopeTypes(role)))].filter((type) => type !== 'global')
  const scopes = await Promise.all(
    scopeTypes.map(async (type) => ({ type, options: await listScopes(db, type as ScopeType) })),
  )
  const labels = new Map(scopes.flatMap((group) => group.options.map((option) => [`${group.type}:${option.id}`, option.label])))
  const [members, invitations] = await Promise.all([
    db
      .selectFrom('role_assignments')
      .innerJoin('users', 'users.id', 'role_assignments.user_id')
      .select(['role_assignments.id', 'role_assignments.role', 'role_assignments.scope_type', 'role_assignments.scope_id', 'users.email', 'users.display_name'])
      .orderBy('users.email')
      .orderBy('role_assignments.role')
      .limit(500)
      .execute(),
    db
      .selectFrom('invitations')
      .select(['id', 'email', 'role', 'scope_type', 'scope_id', 'expires_at', 'created_at'])
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute(),
  ])
  const describe = (role: string, scopeType: string, scopeId: string) => ({
    roleLabel: isRole(role) ? ROLES[role].label : role,
    scopeLabel: scopeType === 'global' ? 'Tout le programme' : (labels.get(`${scopeType}:${scopeId}`) ?? 'Périmètre supprimé'),
  })
  return {
    roleOptions: ROLE_NAMES.map((role) => ({ value: role, label: ROLES[role].label })),
    scopeGroups: scopes.map((group) => ({
      type: group.type,
      label: SCOPE_TYPE_LABELS[group.type as ScopeType],
      options: group.options.map((option) => ({ value: `${group.type}:${option.id}`, label: option.label })),
    })),
    members: members.map((m) => ({ id: m.id, email: m.email, name: m.display_name, ...describe(m.role, m.scope_type, m.scope_id) })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, expiresAt: i.expires_at, ...describe(i.role, i.scope_type, i.scope_id) })),
  }
}
