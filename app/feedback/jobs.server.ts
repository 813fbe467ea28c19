import { z } from 'zod'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { sendNegativeAlerts, sendWeeklyDigests } from './alerts.server.ts'
import { EXPORT_JOB, purgeExpiredExports, runExport } from './exports.server.ts'
import { purgeOldTexts } from './retention.server.ts'
import { foldStatDeltas, pruneEmptyRollups } from './rollups.server.ts'

export const FOLD_JOB = 'feedback.stats.fold'
export const NEGATIVE_ALERTS_JOB = 'feedback.alerts.negative'
export const WEEKLY_DIGEST_JOB = 'feedback.alerts.weekly-digest'
export const RETENTION_JOB = 'feedback.retention'

/** Background jobs of the feedback area (listed in app/jobs/registry.server.ts). */
export const feedbackJobs: JobDefinition[] = [
  defineJob({
    name: FOLD_JOB,
    schema: z.object({}).passthrough(),
    // Dashboards add the deltas not folded yet: folding every minute only keeps that part small.
    cron: '* * * * *',
    retryLimit: 1,
    handler: async (_data, { db, logger }) => {
      const folded = await foldStatDeltas(db, { pauseMs: 50 })
      if (folded) logger.debug({ folded }, 'agrégats des avis mis à jour')
    },
  }),
  defineJob({
    name: EXPORT_JOB,
    schema: z.object({ exportId: z.string().uuid() }),
    retryLimit: 2,
    retryDelaySeconds: 30,
    handler: ({ exportId }, { db }) => runExport(db, exportId),
  }),
  defineJob({
    name: NEGATIVE_ALERTS_JOB,
    schema: z.object({}).passthrough(),
    cron: '*/5 * * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendNegativeAlerts({ db, jobs, appUrl: env.APP_URL }, now)
      if (sent) logger.info({ sent }, 'alertes « Pas bien » envoyées')
    },
  }),
  defineJob({
    name: WEEKLY_DIGEST_JOB,
    schema: z.object({}).passthrough(),
    cron: '0 8 * * 1',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendWeeklyDigests({ db, jobs, appUrl: env.APP_URL }, now)
      logger.info({ sent }, 'résumés hebdomadaires des avis')
    },
  }),
  defineJob({
    name: RETENTION_JOB,
    schema: z.object({}).passthrough(),
    cron: '45 3 * * *',
    handler: async (_data, { db, now, logger }) => {
      const texts = await purgeOldTexts(db, now)
      const exports = await purgeExpiredExports(db, now)
      const emptyRollups = await pruneEmptyRollups(db)
      logger.info({ texts, exports, emptyRollups }, 'conservation des avis')
    },
  }),
]
