// Reminders to leaders whose application is still a draft: seven days and one day before the
// deadline. Sent by an hourly job; each reminder has its idempotency key, so running the job
// again (or on several processes) never sends the same reminder twice.
import type { Db } from '#db/client.ts'
import { deadlineReminderEmail } from '#emails/deadline-reminder.tsx'
import { queueEmail } from '#app/email/send.server.ts'
import type { JobQueue } from '#app/jobs/types.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { applicationProgress, projectTitle, type Answers } from './applications/application-form.ts'

const HOUR = 3600 * 1000
const DAY = 24 * HOUR

/** Which reminder is due this long before the deadline (null: none yet, or too late). */
export function reminderKind(msLeft: number): 'J-7' | 'J-1' | null {
  if (msLeft <= 0) return null
  if (msLeft <= 36 * HOUR) return 'J-1'
  if (msLeft <= 7 * DAY + 12 * HOUR) return 'J-7'
  return null
}

export async function sendDeadlineReminders(services: { db: Db; jobs: JobQueue; appUrl: string }, at: Date): Promise<number> {
  const { db } = services
  const calls = await db
    .selectFrom('calls')
    .select(['id', 'title', 'closes_at'])
    .where('state', '=', 'ouvert')
    .where('closes_at', '>', at)
    .where('closes_at', '<=', new Date(at.getTime() + 8 * DAY))
    .execute()
  let sent = 0
  for (const call of calls) {
    const msLeft = call.closes_at.getTime() - at.getTime()
    const kind = reminderKind(msLeft)
    if (!kind) continue
    const drafts = await db
      .selectFrom('applications')
      .select(['id', 'answers'])
      .where('call_id', '=', call.id)
      .where('state', '=', 'brouillon')
      .execute()
    for (const draft of drafts) {
      const [members, files] = await Promise.all([
        db
          .selectFrom('application_members')
          .innerJoin('users', 'users.id', 'application_members.user_id')
          .select(['users.id', 'users.email'])
          .where('application_members.application_id', '=', draft.id)
          .where('application_members.removed_at', 'is', null)
          .where('users.deleted_at', 'is', null)
          .execute(),
        db.selectFrom('application_files').select('kind').where('application_id', '=', draft.id).execute(),
      ])
      const missingCount = applicationProgress(draft.answers as Answers, files).reduce((total, section) => total + section.problems.length, 0)
      for (const member of members) {
        const id = await queueEmail(
          services,
          member.email,
          deadlineReminderEmail({
            projectTitle: projectTitle(draft.answers as Answers),
            callTitle: call.title,
            deadline: formatDateAtTime(call.closes_at),
            daysLeft: kind === 'J-1' ? 1 : Math.max(2, Math.round(msLeft / DAY)),
            missingCount,
            link: `${services.appUrl}/mes-candidatures/${draft.id}`,
          }),
          { idempotencyKey: `reminder:${kind}:${draft.id}:${member.id}` },
        )
        if (id) sent++
      }
    }
  }
  return sent
}
