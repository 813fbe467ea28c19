import type { Db } from '#db/client.ts'
import { logScope } from './logger.server.ts'

export interface AuditEntry {
  /** The user who acted, or null for the system (scheduled jobs). */
  actorId: string | null
  /** Shown when the actor is not a user, e.g. « tâche planifiée ». */
  actorLabel?: string
  /** Dotted verb, e.g. `application.submitted`, `role.granted`. */
  action: string
  subjectType: string
  subjectId: string
  data?: Record<string, unknown>
}

/**
 * Writes one line of the audit trail (who, what, on what, when). Call it inside the same
 * transaction as the change it records, so one never exists without the other.
 */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      actor_label: entry.actorLabel ?? null,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      data: entry.data ?? {},
      request_id: logScope.getStore()?.requestId ?? null,
    })
    .execute()
}
