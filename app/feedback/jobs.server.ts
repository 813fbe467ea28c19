import { z } from 'zod'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'
import { sendDigests, sendNegativeAlerts } from './alerts.server.ts'
import { EXPORT_JOB, purgeExpiredExports, runExport } from './exports.server.ts'
import { purgeOldTexts } from './retention.server.ts'
import { OPEN_DATA_DAILY_JOB, runDailyOpenData } from './open-data-daily.server.ts'
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
    handler: ({ exportId }, { db, env }) => runExport(db, exportId, storageFor(env)),
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
    // Each person chooses the hour (and day): every quarter of an hour sends those due, and retries those that failed.
    cron: '*/15 * * * *',
    handler: async (_data, { db, jobs, env, now, logger }) => {
      const sent = await sendDigests({ db, jobs, appUrl: env.APP_URL }, now)
      if (sent) logger.info({ sent }, 'résumés des avis envoyés')
    },
  }),
  defineJob({
    name: RETENTION_JOB,
    schema: z.object({}).passthrough(),
    cron: '45 3 * * *',
    handler: async (_data, { db, env, now, logger }) => {
      const texts = await purgeOldTexts(db, now)
      const exports = await purgeExpiredExports(db, now, storageFor(env))
      const emptyRollups = await pruneEmptyRollups(db)
      logger.info({ texts, exports, emptyRollups }, 'conservation des avis')
    },
  }),
  defineJob({
    name: OPEN_DATA_DAILY_JOB,
    schema: z.object({}).passthrough(),
    // The previous Paris day's file, once its reviews can no longer change; missed days caught up (7 days back).
    cron: '30 3 * * *',
    handler: async (_data, { db, env, now, logger }) => {
      const result = await runDailyOpenData(db, storageFor(env), now)
      if (result.written.length) logger.info(result, 'fichiers quotidiens de données ouvertes')
    },
  }),
]
