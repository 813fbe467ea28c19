// Roles and their scopes. Shared by server and UI (navigation); authorisation itself is always
// decided on the server by app/auth/authorize.server.ts.

export const ROLES = {
  programme_team: { label: 'Équipe du programme (DITP / DINUM)', scopeType: 'global', home: '/equipe' },
  admin_reviewer: { label: 'Agent instructeur·rice', scopeType: 'call', home: '/instruction' },
  citizen_panelist: { label: 'Membre du panel citoyen', scopeType: 'call', home: '/panel' },
  mentor: { label: 'Chargé·e d’accélération', scopeType: 'cohort', home: '/accompagnement' },
  service_team: { label: 'Équipe de service public', scopeType: 'organisation', home: '/services' },
} as const satisfies Record<string, { label: string; scopeType: ScopeType; home: string }>

export type Role = keyof typeof ROLES
export type ScopeType = 'global' | 'call' | 'cohort' | 'organisation' | 'service'

export const ROLE_NAMES = Object.keys(ROLES) as Role[]

/** Scopes a role may also be granted on, besides its main one (a service team member may join one service only). */
export const EXTRA_SCOPE_TYPES: Partial<Record<Role, ScopeType[]>> = { service_team: ['service'] }

export function allowedScopeTypes(role: Role): ScopeType[] {
  return [ROLES[role].scopeType, ...(EXTRA_SCOPE_TYPES[role] ?? [])]
}

/** Where each person lands after signing in, by priority; anyone else is a project leader. */
export const LEADER_HOME = '/mes-candidatures'

export interface RoleGrant {
  role: Role
  scopeType: ScopeType
  scopeId: string
}

export interface SessionUser {
  id: string
  email: string
  displayName: string | null
  roles: RoleGrant[]
}

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value)
}

export function hasRole(user: SessionUser | null, role: Role, scopeId?: string): boolean {
  if (!user) return false
  return user.roles.some(
    (grant) => grant.role === role && (scopeId === undefined || grant.scopeType === 'global' || grant.scopeId === scopeId),
  )
}

export function homeFor(user: SessionUser): string {
  for (const role of ROLE_NAMES) {
    if (hasRole(user, role)) return ROLES[role].home
  }
  return LEADER_HOME
}

export function scopeIds(user: SessionUser | null, role: Role): string[] {
  return user ? user.roles.filter((grant) => grant.role === role).map((grant) => grant.scopeId) : []
}
