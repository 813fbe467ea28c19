import { z } from 'zod'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { purgeExperiences } from './experiences.server.ts'

export const EXPERIENCES_RETENTION_JOB = 'experiences.retention'

/** Background jobs of Services Publics+ (listed in app/jobs/registry.server.ts). */
export const experienceJobs: JobDefinition[] = [
  defineJob({
    name: EXPERIENCES_RETENTION_JOB,
    schema: z.object({}).passthrough(),
    cron: '50 3 * * *',
    handler: async (_data, { db, now, logger }) => {
      const purged = await purgeExperiences(db, now)
      logger.info(purged, 'conservation des expériences')
    },
  }),
]
