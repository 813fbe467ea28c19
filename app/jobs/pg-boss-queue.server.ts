import { CompiledQuery } from 'kysely'
import PgBoss from 'pg-boss'
import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import type { JobContext, JobDefinition, JobQueue, SendJobOptions } from './types.ts'

/** Jobs on a real PostgreSQL with pg-boss: shared by every app process. */
export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const
  private readonly boss: PgBoss
  private started = false

  constructor(
    connectionString: string,
    private readonly definitions: Map<string, JobDefinition>,
    private readonly makeContext: () => Omit<JobContext, 'now'>,
    private readonly options: { work: boolean } = { work: true },
  ) {
    this.boss = new PgBoss({ connectionString, schema: 'pgboss', max: 4, application_name: 'aic-jobs' })
    this.boss.on('error', (error) => logger.error({ err: error }, 'pg-boss'))
  }

  async send(name: string, data: Record<string, unknown>, options: SendJobOptions = {}): Promise<void> {
    const definition = this.definitions.get(name)
    if (!definition) throw new Error(`Tâche inconnue : ${name}`)
    await this.ensureStarted()
    await this.boss.send(name, data, {
      retryLimit: definition.retryLimit ?? 4,
      retryDelay: definition.retryDelaySeconds ?? 10,
      retryBackoff: true,
      startAfter: options.startAfter,
      singletonKey: options.singletonKey,
      db: options.db ? kyselyExecutor(options.db) : undefined,
    })
  }

  async start(): Promise<void> {
    await this.ensureStarted()
    if (!this.options.work) return
    for (const definition of this.definitions.values()) {
      await this.boss.work(definition.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
        if (!job) return
        const data = definition.schema.parse(job.data)
        await definition.handler(data, { ...this.makeContext(), now: now() })
      })
      if (definition.cron) {
        await this.boss.schedule(definition.name, definition.cron, {}, { tz: 'Europe/Paris' })
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return
    this.started = false
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 })
  }

  private startPromise: Promise<void> | null = null
  private ensureStarted(): Promise<void> {
    this.startPromise ??= (async () => {
      await this.boss.start()
      this.started = true
      for (const definition of this.definitions.values()) {
        await this.boss.createQueue(definition.name, {
          name: definition.name,
          retryLimit: definition.retryLimit ?? 4,
          retryDelay: definition.retryDelaySeconds ?? 10,
          retryBackoff: true,
        })
      }
    })()
    return this.startPromise
  }
}

/** Lets pg-boss write its job row through a Kysely transaction. */
function kyselyExecutor(db: Db): PgBoss.Db {
  return {
    async executeSql(text, values) {
      // postgres.js refuses `undefined` parameters; pg-boss leaves unset options undefined.
      const result = await db.executeQuery(CompiledQuery.raw(text, values.map((value) => value ?? null)))
      return { rows: result.rows as unknown[] as never[] }
    },
  }
}
