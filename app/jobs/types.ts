import type { z } from 'zod'
import type { Db } from '#db/client.ts'
import type { EmailTransport } from '#app/email/transport.server.ts'
import type { Env } from '#app/utils/env.server.ts'
import type { Logger } from '#app/utils/logger.server.ts'

export interface SendJobOptions {
  /** Enqueue inside this transaction, so the job exists only if the transaction commits. */
  db?: Db
  startAfter?: Date
  /** Best-effort deduplication key. Handlers must be idempotent anyway. */
  singletonKey?: string
}

export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process'
  send(name: string, data: Record<string, unknown>, options?: SendJobOptions): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

export interface JobContext {
  db: Db
  jobs: JobQueue
  env: Env
  mailer: EmailTransport
  logger: Logger
  /** The clock time the job runs at (moved by the test hooks in browser journeys). */
  now: Date
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string
  schema: S
  handler: (data: z.infer<S>, context: JobContext) => Promise<void>
  /** Attempts after the first failure (default 4). */
  retryLimit?: number
  /** Seconds before the first retry, doubled each time (default 10). */
  retryDelaySeconds?: number
  /** Cron expression (Europe/Paris) for recurring jobs. */
  cron?: string
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition
}
