import { z } from 'zod'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { openAndCloseCallsOnTime } from './calls/calls.server.ts'
import { sendDeadlineReminders } from './reminders.server.ts'
import { sendScoringReminders } from './scoring/reviews.server.ts'
import { mentoringJobs } from './mentoring/jobs.server.ts'

export const CALLS_OPEN_CLOSE_JOB = 'calls.open-close'
export const DEADLINE_REMINDERS_JOB = 'applications.deadline-reminders'
export const SCORING_REMINDERS_JOB = 'scoring.reminders'

/** Background jobs of the accelerator area (listed in app/jobs/registry.server.ts). */
export const acceleratorJobs: JobDefinition[] = [
  defineJob({
    name: CALLS_OPEN_CLOSE_JOB,
    schema: z.object({}).passthrough(),
    // Every five minutes: a call opens and closes within five minutes of its dates; the
    // deadline itself is enforced at the second by the domain (callAcceptsSubmissions).
    cron: '*/5 * * * *',
    handler: async (_data, { db, now, logger }) => {
      const result = await openAndCloseCallsOnTime(db, now)
      if (result.opened || result.closed) logger.info(result, 'appels ouverts ou clos à l’heure')
    },
  }),
  defineJob({
    name: DEADLINE_REMINDERS_JOB,
    schema: z.object({}).passthrough(),
    // Hourly in the daytime (Paris): reminders at J-7 and J-1, never at night.
    cron: '0 8-20 * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendDeadlineReminders({ db, jobs, appUrl: env.APP_URL }, now)
      if (sent) logger.info({ sent }, 'rappels de date limite envoyés')
    },
  }),
  defineJob({
    name: SCORING_REMINDERS_JOB,
    schema: z.object({}).passthrough(),
    // Every morning: jury members with evaluations left get one reminder three days before the
    // scoring deadline (one per person and deadline: idempotency key).
    cron: '0 9 * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendScoringReminders({ db, jobs, appUrl: env.APP_URL }, now)
      if (sent) logger.info({ sent }, 'rappels d’évaluation envoyés')
    },
  }),
  ...mentoringJobs,
]
