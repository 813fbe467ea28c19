import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { signInEmail } from '#emails/sign-in.tsx'
import { deliverEmail, queueEmail } from '#app/email/send.server.ts'
import type { EmailTransport } from '#app/email/transport.server.ts'
import { LocalJobQueue } from '#app/jobs/local-queue.server.ts'
import { PgBossJobQueue } from '#app/jobs/pg-boss-queue.server.ts'
import { defineJob, type JobDefinition } from '#app/jobs/types.ts'
import { loadEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { TEST_SECRET } from '#tests/helpers/context.ts'
import { testDriver } from '#tests/helpers/db.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()

const env = loadEnv({ NODE_ENV: 'test', SESSION_SECRET: TEST_SECRET })

describe('e-mails', () => {
  it('une clé d’idempotence n’envoie jamais deux fois le même e-mail', async () => {
    const content = signInEmail({ link: 'http://localhost/x', code: '123456', minutes: 10 })
    const first = await queueEmail({ db: app.db, jobs: app.services.jobs }, 'a@exemple.fr', content, { idempotencyKey: 'k1' })
    const second = await queueEmail({ db: app.db, jobs: app.services.jobs }, 'a@exemple.fr', content, { idempotencyKey: 'k1' })
    expect(first).toBeTruthy()
    expect(second).toBeNull()
    expect(await app.db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(1)
  })

  it('la livraison est rejouable : un e-mail déjà parti ne repart pas', async () => {
    const id = (await queueEmail({ db: app.db, jobs: app.services.jobs }, 'a@exemple.fr', signInEmail({ link: 'http://l', code: '111111', minutes: 10 })))!
    const deliver = vi.fn(async () => 'fournisseur-1')
    const mailer: EmailTransport = { name: 'resend', deliver }
    await deliverEmail({ db: app.db, mailer, env }, id)
    await deliverEmail({ db: app.db, mailer, env }, id)
    expect(deliver).toHaveBeenCalledTimes(1)
    const row = await app.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: 'fournisseur-1' })
  })

  it('un échec d’envoi est noté et relancé par la file', async () => {
    const id = (await queueEmail({ db: app.db, jobs: app.services.jobs }, 'a@exemple.fr', signInEmail({ link: 'http://l', code: '222222', minutes: 10 })))!
    const mailer: EmailTransport = { name: 'resend', deliver: vi.fn().mockRejectedValueOnce(new Error('réseau')).mockResolvedValue('ok') }
    await expect(deliverEmail({ db: app.db, mailer, env }, id)).rejects.toThrow('réseau')
    expect(await app.db.selectFrom('email_outbox').select(['status', 'attempts', 'last_error']).executeTakeFirstOrThrow()).toEqual({
      status: 'queued',
      attempts: 1,
      last_error: 'réseau',
    })
    await deliverEmail({ db: app.db, mailer, env }, id)
    expect(await app.db.selectFrom('email_outbox').select('status').executeTakeFirstOrThrow()).toEqual({ status: 'sent' })
  })

  it('le texte et le HTML contiennent le lien entier', async () => {
    const link = 'http://localhost:3000/connexion/lien?jeton=abc_DEF-123'
    await queueEmail({ db: app.db, jobs: app.services.jobs }, 'a@exemple.fr', signInEmail({ link, code: '333333', minutes: 10 }))
    const row = await app.db.selectFrom('email_outbox').selectAll().executeTakeFirstOrThrow()
    expect(row.text).toContain(link)
    expect(row.html).toContain(link.replace('&', '&amp;'))
    expect(row.html).toContain('lang="fr"')
  })
})

describe('tâches en arrière-plan (file interne)', () => {
  function queueWith(definitions: JobDefinition[]) {
    return new LocalJobQueue(app.db, new Map(definitions.map((d) => [d.name, d])), () => ({
      db: app.db,
      jobs: app.services.jobs,
      env,
      mailer: app.services.mailer,
      logger,
    }))
  }

  it('relance une tâche en échec avec un délai croissant, puis abandonne', async () => {
    let calls = 0
    const queue = queueWith([
      defineJob({
        name: 'test.flaky',
        schema: z.object({ n: z.number() }),
        retryLimit: 2,
        retryDelaySeconds: 10,
        handler: async () => {
          calls++
          throw new Error('raté')
        },
      }),
    ])
    await queue.send('test.flaky', { n: 1 })
    const t0 = new Date()
    await queue.runDue(t0)
    let job = await app.db.selectFrom('local_jobs').selectAll().executeTakeFirstOrThrow()
    expect(job).toMatchObject({ state: 'retry', attempts: 1, last_error: 'raté' })
    expect(job.run_after.getTime() - t0.getTime()).toBe(10_000)
    await queue.runDue(new Date(t0.getTime() + 5_000))
    expect(calls).toBe(1)
    await queue.runDue(new Date(t0.getTime() + 10_000))
    job = await app.db.selectFrom('local_jobs').selectAll().executeTakeFirstOrThrow()
    expect(job.run_after.getTime() - t0.getTime()).toBe(30_000)
    await queue.runDue(new Date(t0.getTime() + 30_000))
    job = await app.db.selectFrom('local_jobs').selectAll().executeTakeFirstOrThrow()
    expect(job).toMatchObject({ state: 'failed', attempts: 3 })
    expect(calls).toBe(3)
  })

  it('une tâche planifiée part une fois par échéance', async () => {
    const ran: Date[] = []
    const queue = queueWith([
      defineJob({ name: 'test.daily', schema: z.object({}).passthrough(), cron: '0 8 * * *', handler: async (_d, ctx) => void ran.push(ctx.now) }),
    ])
    await app.db.insertInto('local_job_schedules').values({ name: 'test.daily', cron: '0 8 * * *', last_run_at: new Date('2026-11-20T12:00:00Z') }).execute()
    await queue.runDue(new Date('2026-11-21T06:00:00Z')) // 7 h à Paris : l’échéance de 8 h n’est pas passée
    expect(ran).toHaveLength(0)
    await queue.runDue(new Date('2026-11-21T07:30:00Z')) // 8 h 30 à Paris
    await queue.runDue(new Date('2026-11-21T07:31:00Z'))
    await queue.runDue(new Date('2026-11-21T09:00:00Z'))
    expect(ran).toHaveLength(1)
    await queue.runDue(new Date('2026-11-22T07:01:00Z'))
    await queue.runDue(new Date('2026-11-22T07:02:00Z'))
    expect(ran).toHaveLength(2)
  })

  it('une tâche interrompue par un arrêt brutal (restée « active ») repart au démarrage de la file', async () => {
    const ran: number[] = []
    const queue = queueWith([defineJob({ name: 'test.cut', schema: z.object({ n: z.number() }), handler: async (d) => void ran.push(d.n) })])
    await queue.send('test.cut', { n: 7 })
    await app.db.updateTable('local_jobs').set({ state: 'active', attempts: 1 }).execute()
    await queue.runDue()
    expect(ran).toEqual([])
    await queue.start()
    await queue.stop()
    expect(await app.db.selectFrom('local_jobs').select('state').executeTakeFirstOrThrow()).toEqual({ state: 'retry' })
    await queue.runDue()
    expect(ran).toEqual([7])
    expect(await app.db.selectFrom('local_jobs').select(['state', 'attempts']).executeTakeFirstOrThrow()).toEqual({ state: 'completed', attempts: 2 })
  })

  it('refuse une tâche inconnue', async () => {
    await expect(queueWith([]).send('inconnue', {})).rejects.toThrow('Tâche inconnue')
  })
})

describe.runIf(testDriver() === 'postgres')('tâches avec pg-boss (PostgreSQL)', () => {
  it('une tâche envoyée dans une transaction annulée n’existe pas ; validée, elle s’exécute', async () => {
    const ran: string[] = []
    const definition = defineJob({
      name: 'test.transactional',
      schema: z.object({ label: z.string() }),
      retryLimit: 0,
      handler: async ({ label }) => void ran.push(label),
    })
    const queue = new PgBossJobQueue(app.handle.url!, new Map([[definition.name, definition]]), () => ({
      db: app.db,
      jobs: app.services.jobs,
      env,
      mailer: app.services.mailer,
      logger,
    }))
    try {
      await app.db
        .transaction()
        .execute(async (trx) => {
          await queue.send('test.transactional', { label: 'annulée' }, { db: trx })
          throw new Error('annulation')
        })
        .catch(() => {})
      await app.db.transaction().execute(async (trx) => {
        await queue.send('test.transactional', { label: 'validée' }, { db: trx })
      })
      await queue.start()
      await expect.poll(() => ran, { timeout: 15_000 }).toEqual(['validée'])
    } finally {
      await queue.stop()
    }
  })
})
