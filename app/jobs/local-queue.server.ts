import cronParser from 'cron-parser'
import { sql } from 'kysely'
import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import type { JobContext, JobDefinition, JobQueue, SendJobOptions } from './types.ts'

/**
 * The job queue used on embedded PGlite, where pg-boss cannot run: jobs are rows of `local_jobs`
 * polled by this process (PGlite is single-process), so a restart loses nothing. Same handlers,
 * same retry policy as pg-boss.
 */
export class LocalJobQueue implements JobQueue {
  readonly kind = 'in-process' as const
  private timer: NodeJS.Timeout | null = null
  /** When the next recurring job falls due: no cron parsing on every poll before that. */
  private nextScheduleCheck = 0
  private lastScheduleCheck = 0
  private running: Promise<void> | null = null
  private stopped = true

  constructor(
    private readonly db: Db,
    private readonly definitions: Map<string, JobDefinition>,
    private readonly makeContext: () => Omit<JobContext, 'now'>,
    private readonly pollMs = 500,
  ) {}

  async send(name: string, data: Record<string, unknown>, options: SendJobOptions = {}): Promise<void> {
    const definition = this.definitions.get(name)
    if (!definition) throw new Error(`Tâche inconnue : ${name}`)
    await (options.db ?? this.db)
      .insertInto('local_jobs')
      .values({
        queue: name,
        data,
        singleton_key: options.singletonKey ?? null,
        run_after: options.startAfter ?? now(),
        max_attempts: (definition.retryLimit ?? 4) + 1,
      })
      .onConflict((oc) => oc.doNothing())
      .execute()
  }

  async start(): Promise<void> {
    if (!this.stopped) return
    this.stopped = false
    // Only this process polls the embedded database, so a job still `active` now was cut off by a
    // crash (SIGKILL, power loss): it runs again. Handlers are idempotent (an e-mail already marked
    // sent is not sent again).
    await this.db.updateTable('local_jobs').set({ state: 'retry', run_after: now() }).where('state', '=', 'active').execute()
    for (const definition of this.definitions.values()) {
      if (!definition.cron) continue
      await this.db
        .insertInto('local_job_schedules')
        .values({ name: definition.name, cron: definition.cron, last_run_at: now() })
        .onConflict((oc) => oc.column('name').doUpdateSet({ cron: definition.cron! }))
        .execute()
    }
    const tick = () => {
      if (this.stopped) return
      this.running = this.runDue()
        .then(() => undefined)
        .catch((error) => logger.error({ err: error }, 'échec de la boucle des tâches'))
        .finally(() => {
          this.running = null
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs)
        })
    }
    this.timer = setTimeout(tick, this.pollMs)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** Enqueues due recurring jobs, then runs every due job once. Returns how many ran. */
  async runDue(at: Date = now()): Promise<number> {
    await this.enqueueScheduled(at)
    const due = await this.db
      .selectFrom('local_jobs')
      .selectAll()
      .where('state', 'in', ['created', 'retry'])
      .where('run_after', '<=', at)
      .orderBy('id')
      .limit(20)
      .execute()
    for (const job of due) {
      const definition = this.definitions.get(job.queue)
      if (!definition) continue
      await this.db
        .updateTable('local_jobs')
        .set({ state: 'active', attempts: sql`attempts + 1` })
        .where('id', '=', job.id)
        .execute()
      try {
        const data = definition.schema.parse(job.data)
        await definition.handler(data, { ...this.makeContext(), now: at })
        await this.db
          .updateTable('local_jobs')
          .set({ state: 'completed', completed_at: now() })
          .where('id', '=', job.id)
          .execute()
      } catch (error) {
        const attempts = job.attempts + 1
        const failed = attempts >= job.max_attempts
        const delay = (definition.retryDelaySeconds ?? 10) * 2 ** (attempts - 1)
        logger.warn({ err: error, job: job.queue, attempts }, failed ? 'tâche en échec définitif' : 'tâche en échec, nouvel essai prévu')
        await this.db
          .updateTable('local_jobs')
          .set({
            state: failed ? 'failed' : 'retry',
            last_error: String(error instanceof Error ? error.message : error).slice(0, 2000),
            run_after: new Date(at.getTime() + delay * 1000),
          })
          .where('id', '=', job.id)
          .execute()
      }
    }
    return due.length
  }

  private async enqueueScheduled(at: Date): Promise<void> {
    // Skip until the next due time, unless the clock went back (test hooks).
    if (at.getTime() < this.nextScheduleCheck && at.getTime() >= this.lastScheduleCheck) return
    this.lastScheduleCheck = at.getTime()
    const schedules = await this.db.selectFrom('local_job_schedules').selectAll().execute()
    let nextDue = Infinity
    for (const schedule of schedules) {
      const definition = this.definitions.get(schedule.name)
      if (!definition?.cron) continue
      const expression = cronParser.parseExpression(definition.cron, { currentDate: at, tz: 'Europe/Paris' })
      nextDue = Math.min(nextDue, expression.next().toDate().getTime())
      expression.reset(at)
      const previous = expression.prev().toDate()
      if (schedule.last_run_at && schedule.last_run_at >= previous) continue
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('local_job_schedules').set({ last_run_at: at }).where('name', '=', schedule.name).execute()
        await this.send(schedule.name, {}, { db: trx, startAfter: at, singletonKey: `cron:${previous.toISOString()}` })
      })
    }
    // Checked again at the next due time, or within a minute if the clock moves (test hooks).
    this.nextScheduleCheck = Math.min(nextDue, at.getTime() + 60_000)
  }
}
