import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { invitationEmail } from '#emails/invitation.tsx'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { randomToken, sha256 } from '#app/utils/crypto.server.ts'
import { allowedScopeTypes, ROLES, type Role, type ScopeType, type SessionUser } from './roles.ts'
import { scopeExists, scopeLabel } from './scopes.server.ts'
import { normaliseEmail } from './sign-in.server.ts'

export const INVITATION_DAYS = 14

export type InvitationError = 'unknown-scope' | 'already-member'

/** The programme team invites someone to a role (on a scope) by e-mail. */
export async function inviteToRole(
  services: { db: Db; jobs: JobQueue; appUrl: string },
  inviter: SessionUser,
  input: { email: string; role: Role; scopeId: string; scopeType?: ScopeType; message?: string | null },
): Promise<{ ok: true; invitationId: string } | { ok: false; error: InvitationError }> {
  const email = normaliseEmail(input.email)
  const scopeType = input.scopeType ?? ROLES[input.role].scopeType
  if (!allowedScopeTypes(input.role).includes(scopeType)) return { ok: false, error: 'unknown-scope' }
  const scopeId = scopeType === 'global' ? '' : input.scopeId
  if (!(await scopeExists(services.db, scopeType, scopeId))) return { ok: false, error: 'unknown-scope' }
  const already = await services.db
    .selectFrom('role_assignments')
    .innerJoin('users', 'users.id', 'role_assignments.user_id')
    .select('role_assignments.id')
    .where(sql`lower(users.email)`, '=', email)
    .where('role_assignments.role', '=', input.role)
    .where('role_assignments.scope_type', '=', scopeType)
    .where('role_assignments.scope_id', '=', scopeId)
    .executeTakeFirst()
  if (already) return { ok: false, error: 'already-member' }

  const token = randomToken(32)
  const label = await scopeLabel(services.db, scopeType, scopeId)
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('invitations')
      .values({
        email,
        role: input.role,
        scope_type: scopeType,
        scope_id: scopeId,
        token_hash: sha256(token),
        message: input.message || null,
        invited_by: inviter.id,
        expires_at: new Date(now().getTime() + INVITATION_DAYS * 24 * 3600 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, {
      actorId: inviter.id,
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: row.id,
      data: { email, role: input.role, scopeType, scopeId },
    })
    await queueEmail(
      { db: trx, jobs: services.jobs },
      email,
      invitationEmail({
        link: `${services.appUrl}/invitations/${token}`,
        roleLabel: ROLES[input.role].label,
        scopeLabel: label,
        inviterName: inviter.displayName ?? inviter.email,
        message: input.message || null,
        days: INVITATION_DAYS,
      }),
    )
    return { ok: true as const, invitationId: row.id }
  })
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked' | 'unknown'

export async function findInvitation(db: Db, token: string) {
  const row = await db
    .selectFrom('invitations')
    .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.scope_type',
      'invitations.scope_id',
      'invitations.message',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'inviter.display_name as inviter_name',
    ])
    .where('invitations.token_hash', '=', sha256(token))
    .executeTakeFirst()
  if (!row) return { status: 'unknown' as const, invitation: null }
  const status: InvitationStatus = row.revoked_at
    ? 'revoked'
    : row.accepted_at
      ? 'accepted'
      : row.expires_at <= now()
        ? 'expired'
        : 'pending'
  return { status, invitation: row }
}

/**
 * Accepts an invitation for the signed-in person. The account must use the invited address:
 * a forwarded invitation does not give the role to someone else.
 */
export async function acceptInvitation(
  db: Db,
  user: SessionUser,
  token: string,
): Promise<{ ok: true; role: Role } | { ok: false; reason: InvitationStatus | 'wrong-account' }> {
  return db.transaction().execute(async (trx) => {
    const { status, invitation } = await findInvitation(trx, token)
    if (!invitation || status !== 'pending') return { ok: false as const, reason: status }
    if (normaliseEmail(invitation.email) !== normaliseEmail(user.email)) return { ok: false as const, reason: 'wrong-account' }
    const updated = await trx
      .updateTable('invitations')
      .set({ accepted_at: now(), accepted_by: user.id })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return { ok: false as const, reason: 'accepted' }
    await grantRole(trx, { actorId: user.id, userId: user.id, role: invitation.role as Role, scopeType: invitation.scope_type, scopeId: invitation.scope_id, via: invitation.id })
    return { ok: true as const, role: invitation.role as Role }
  })
}

export async function grantRole(
  db: Db,
  input: { actorId: string | null; userId: string; role: Role; scopeType: string; scopeId: string; via?: string },
): Promise<void> {
  await db
    .insertInto('role_assignments')
    .values({ user_id: input.userId, role: input.role, scope_type: input.scopeType, scope_id: input.scopeId, granted_by: input.actorId })
    .onConflict((oc) => oc.constraint('role_assignments_unique').doNothing())
    .execute()
  await audit(db, {
    actorId: input.actorId,
    action: 'role.granted',
    subjectType: 'user',
    subjectId: input.userId,
    data: { role: input.role, scopeType: input.scopeType, scopeId: input.scopeId, invitationId: input.via ?? null },
  })
}

export async function revokeRole(db: Db, actor: SessionUser, assignmentId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('role_assignments')
      .where('id', '=', assignmentId)
      .returning(['user_id', 'role', 'scope_type', 'scope_id'])
      .executeTakeFirst()
    if (!removed) return false
    await audit(trx, {
      actorId: actor.id,
      action: 'role.revoked',
      subjectType: 'user',
      subjectId: removed.user_id,
      data: { role: removed.role, scopeType: removed.scope_type, scopeId: removed.scope_id },
    })
    return true
  })
}

export async function revokeInvitation(db: Db, actor: SessionUser, invitationId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('invitations')
      .set({ revoked_at: now() })
      .where('id', '=', invitationId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst()
    if (!revoked) return false
    await audit(trx, { actorId: actor.id, action: 'invitation.revoked', subjectType: 'invitation', subjectId: invitationId })
    return true
  })
}
