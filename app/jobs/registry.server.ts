import { z } from 'zod'
import { DELIVER_EMAIL_JOB, deliverEmail } from '#app/email/send.server.ts'
import { purgeRateLimits } from '#app/utils/rate-limit.server.ts'
import { applyRetention } from '#app/jobs/retention.server.ts'
import { acceleratorJobs } from '#app/accelerator/jobs.server.ts'
import { feedbackJobs } from '#app/feedback/jobs.server.ts'
import { experienceJobs } from '#app/experiences/jobs.server.ts'
import { defineJob, type JobDefinition } from './types.ts'

const foundationJobs = [
  defineJob({
    name: DELIVER_EMAIL_JOB,
    schema: z.object({ id: z.string().uuid() }),
    retryLimit: 5,
    retryDelaySeconds: 15,
    handler: ({ id }, context) => deliverEmail(context, id),
  }),
  defineJob({
    name: 'maintenance.daily',
    schema: z.object({}).passthrough(),
    cron: '15 3 * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const rateLimits = await purgeRateLimits(db, now)
      const retention = await applyRetention({ db, jobs, appUrl: env.APP_URL }, now)
      logger.info({ rateLimits, ...retention }, 'maintenance quotidienne')
    },
  }),
]

/** Every background job of the product. Each area keeps its list in app/<area>/jobs.server.ts. */
export const jobDefinitions: JobDefinition[] = [...foundationJobs, ...acceleratorJobs, ...feedbackJobs, ...experienceJobs]

export function jobMap(): Map<string, JobDefinition> {
  return new Map(jobDefinitions.map((definition) => [definition.name, definition]))
}
