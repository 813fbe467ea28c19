import { z } from 'zod'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { runMentoringAlerts, sendWeeklyTeamDigest } from './alerts.server.ts'

export const MENTORING_ALERTS_JOB = 'mentoring.alerts'
export const MENTORING_WEEKLY_DIGEST_JOB = 'mentoring.weekly-digest'

/** Background jobs of mentoring (listed with the accelerator's jobs). */
export const mentoringJobs: JobDefinition[] = [
  defineJob({
    name: MENTORING_ALERTS_JOB,
    schema: z.object({}).passthrough(),
    // Every morning at 7:00; idempotent, so a second run the same day changes nothing.
    cron: '0 7 * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const result = await runMentoringAlerts({ db, jobs, appUrl: env.APP_URL }, parisDay(now))
      logger.info(result, 'alertes d’accompagnement')
    },
  }),
  defineJob({
    name: MENTORING_WEEKLY_DIGEST_JOB,
    schema: z.object({}).passthrough(),
    // Mondays at 8:00: one e-mail per team member (idempotent per person and day).
    cron: '0 8 * * 1',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendWeeklyTeamDigest({ db, jobs, appUrl: env.APP_URL }, parisDay(now))
      logger.info({ sent }, 'résumé hebdomadaire de l’accompagnement')
    },
  }),
]
