// Reviews ingested in batches (issue 21, decision 090), on both drivers: answers posted together
// share one transaction (seen by PostgreSQL itself: the rows carry the same `xmin`), each person
// gets the answer they would have had alone, a bad row fails alone, the rate limit stays exact
// under concurrency, and a failed commit answers 503 to every member of the batch.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import type { AppServices } from '#app/context.server.ts'
import { createFirstAnswerBatcher, type BatchOptions } from '#app/feedback/ingest-batch.server.ts'
import { createIngestHandler, ingestExecutor } from '#app/feedback/ingest.server.ts'
import { REVIEW_RATE_LIMIT, submitFirstAnswer, type FirstAnswerOutcome } from '#app/feedback/reviews.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { createTestServices, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

const SECRET = 'secret-secret-secret-secret-secret-0123'
let handle: DbHandle
let services: AppServices
let placementId: string
let serviceId: string
let versionId: string

beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  await truncateAll(handle.db)
  const seeded = await seedDemoForTest(handle.db)
  const user = await sessionUser(services, seeded.users['service@demo.aic.gouv.fr']!)
  const created = await createService(handle.db, user, { organisationId: seeded.organisationId, name: 'Demande de carte grise' })
  if (!created.ok) throw new Error('service')
  serviceId = created.serviceId
  const form = await handle.db.selectFrom('feedback_forms').select(['id', 'current_version_id']).where('service_id', '=', serviceId).executeTakeFirstOrThrow()
  versionId = form.current_version_id!
  placementId = (
    await handle.db
      .insertInto('feedback_placements')
      .values({ service_id: serviceId, form_id: form.id, name: 'Page de confirmation', allowed_origins: [] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
})
afterEach(async () => {
  await sql`DROP TRIGGER IF EXISTS test_refuse_review ON feedback_reviews`.execute(handle.db)
  await sql`DROP TRIGGER IF EXISTS test_refuse_commit ON feedback_reviews`.execute(handle.db)
  await sql`DROP FUNCTION IF EXISTS test_refuse()`.execute(handle.db)
})

const reviewIds = async () => (await handle.db.selectFrom('feedback_reviews').select('id').where('service_id', '=', serviceId).execute()).map((row) => row.id).sort()
/** Transactions that wrote the service's reviews: rows written by one transaction share its xmin. */
async function transactions(): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(DISTINCT xmin::text)::int AS n FROM feedback_reviews WHERE service_id = ${serviceId}`.execute(handle.db)
  return row.rows[0]!.n
}

function fields(values: Record<string, string> = {}) {
  return new URLSearchParams({ name__confirm: '', avis: randomUUID(), version: versionId, satisfaction: 'tres-bien', source: 'widget', retour: 'integration', ...values })
}

/** The fast path of server.ts, with batch settings chosen by the test. */
async function startIngest(options: Partial<BatchOptions>) {
  const ingest = createIngestHandler(services, options)
  const server: Server = createServer((req, res) => {
    if (!ingest.handle(req, res)) {
      res.statusCode = 418
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const post = (body: URLSearchParams, placement = placementId) =>
    fetch(`${url}/integration/avis/${placement}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body })
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await ingest.close()
  }
  return { post, stats: ingest.stats, stop }
}

describe('avis enregistrés par lots', () => {
  it('des avis envoyés en même temps au point d’entrée : une seule transaction, et chacun reçoit son propre avis', async () => {
    // A batch leaves when it has 8 answers (the wait is long enough not to cut it earlier).
    const ingest = await startIngest({ maxSize: 8, maxWaitMs: 5_000 })
    try {
      const bodies = Array.from({ length: 8 }, (_, index) => fields({ satisfaction: ['tres-bien', 'moyen', 'pas-bien'][index % 3]! }))
      const responses = await Promise.all(bodies.map((body) => ingest.post(body)))
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201))
      const answers = (await Promise.all(responses.map((response) => response.json()))) as Array<{ avis: string }>
      expect(answers.map((answer) => answer.avis)).toEqual(bodies.map((body) => body.get('avis')))
      expect(await reviewIds()).toEqual(bodies.map((body) => body.get('avis')).sort())
      expect(ingest.stats()).toMatchObject({ batches: 1, answers: 8, largest: 8, retriedOneByOne: 0 })
      expect(await transactions()).toBe(1)
      const satisfactions = await handle.db.selectFrom('feedback_reviews').select(['id', 'satisfaction']).where('service_id', '=', serviceId).execute()
      expect(Object.fromEntries(satisfactions.map((row) => [row.id, row.satisfaction]))).toEqual(
        Object.fromEntries(bodies.map((body, index) => [body.get('avis'), [2, 1, 0][index % 3]])),
      )
      // The counters of the dashboards: one delta row per review, as before.
      const deltas = await sql<{ n: number }>`SELECT coalesce(sum(reviews), 0)::int AS n FROM feedback_stat_deltas WHERE service_id = ${serviceId}`.execute(handle.db)
      expect(deltas.rows[0]!.n).toBe(8)
    } finally {
      await ingest.stop()
    }
  })

  it('dans un même lot, chaque avis reçoit la réponse qu’il aurait eue seul : inconnu, version périmée, double clic, piège', async () => {
    const batcher = createFirstAnswerBatcher(ingestExecutor(handle).execute, { maxSize: 50, maxWaitMs: 5 })
    const submit = (values: Record<string, string>, placement = placementId) => submitFirstAnswer(batcher, SECRET, { placementId: placement, fields: fields(values), ipHash: 'ip-a', at: new Date() })
    const twice = randomUUID()
    const outcomes = await Promise.all([
      submit({ avis: twice, satisfaction: 'moyen' }),
      submit({}, randomUUID()),
      submit({ version: randomUUID() }),
      submit({ avis: twice, satisfaction: 'pas-bien' }),
      submit({ name__confirm: 'robot' }),
      submit({ satisfaction: 'peut-etre' }),
      submit({}),
    ])
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['recorded', 'unknown-placement', 'stale-version', 'recorded', 'spam', 'invalid', 'recorded'])
    expect((outcomes[0] as Extract<FirstAnswerOutcome, { kind: 'recorded' }>).reviewId).toBe(twice)
    // The double click: one review, with the second answer. The trap's answer is kept, held as
    // spam with its reason, in the same batch (decision 101): the bot only heard « merci ».
    expect((await reviewIds()).length).toBe(3)
    expect((await handle.db.selectFrom('feedback_reviews').select('satisfaction').where('id', '=', twice).executeTakeFirstOrThrow()).satisfaction).toBe(0)
    const held = await handle.db.selectFrom('feedback_reviews').select(['spam_status', 'spam_reasons']).where('service_id', '=', serviceId).where('spam_status', '<>', 'none').execute()
    expect(held).toEqual([{ spam_status: 'suspected', spam_reasons: ['honeypot'] }])
    // Only answers of the current version count in the rate limit (4 here: twice, the trap, the last).
    const hits = await handle.db.selectFrom('rate_limits').select('hits').where('key', '=', `avis:${placementId}:ip-a`).executeTakeFirstOrThrow()
    expect(hits.hits).toBe(4)
    // The same id posted again later answers the same review (idempotent for the page).
    const again = await submit({ avis: twice, satisfaction: 'tres-bien' })
    expect(again).toMatchObject({ kind: 'recorded', reviewId: twice })
    expect((await reviewIds()).length).toBe(3)
    // Five answers in the batch statement (no retry one by one hid a failure of it), then the double click.
    expect(batcher.stats()).toMatchObject({ largest: 5, retriedOneByOne: 0 })
  })

  it('la limite de débit reste exacte sous la concurrence : deux processus, des lots en parallèle, 45 avis d’une même adresse', async () => {
    // Two "processes": two pools (on PGlite, the same single connection), small batches, several at once.
    const executors = [ingestExecutor(handle, 4), ingestExecutor(handle, 4)]
    try {
      const batchers = executors.map((executor) => createFirstAnswerBatcher(executor.execute, { maxSize: 7, maxWaitMs: 1, maxInFlight: 3 }))
      // 5 hits already counted in this window (the single statement, as the Remix action writes).
      for (let index = 0; index < 5; index += 1) {
        expect(await submitFirstAnswer(handle.db, SECRET, { placementId, fields: fields(), ipHash: 'ip-b', at: new Date() })).toMatchObject({ kind: 'recorded' })
      }
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, index) => submitFirstAnswer(batchers[index % 2]!, SECRET, { placementId, fields: fields(), ipHash: 'ip-b', at: new Date() })),
      )
      const recorded = outcomes.filter((outcome) => outcome.kind === 'recorded').length
      expect(recorded).toBe(REVIEW_RATE_LIMIT.limit - 5)
      expect(outcomes.filter((outcome) => outcome.kind === 'rate-limited')).toHaveLength(40 - recorded)
      expect((await reviewIds()).length).toBe(REVIEW_RATE_LIMIT.limit)
      const hits = await handle.db.selectFrom('rate_limits').select(['hits']).where('key', '=', `avis:${placementId}:ip-b`).execute()
      expect(hits.reduce((sum, row) => sum + row.hits, 0)).toBe(45)
      for (const batcher of batchers) expect(batcher.stats()).toMatchObject({ largest: 7, retriedOneByOne: 0 })
      // Another address is not held back.
      expect(await submitFirstAnswer(batchers[0]!, SECRET, { placementId, fields: fields(), ipHash: 'ip-c', at: new Date() })).toMatchObject({ kind: 'recorded' })
    } finally {
      for (const executor of executors) await executor.close()
    }
  })

  it('un avis que la base refuse dans un lot n’empêche pas les autres : ils sont enregistrés, lui reçoit un 503', async () => {
    const bad = randomUUID()
    await sql
      .raw(
        `CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.id = '${bad}' THEN RAISE EXCEPTION 'avis refusé pour le test'; END IF; RETURN NEW; END $$`,
      )
      .execute(handle.db)
    await sql`CREATE TRIGGER test_refuse_review BEFORE INSERT ON feedback_reviews FOR EACH ROW EXECUTE FUNCTION test_refuse()`.execute(handle.db)
    const ingest = await startIngest({ maxSize: 6, maxWaitMs: 5_000 })
    try {
      const bodies = Array.from({ length: 6 }, (_, index) => fields(index === 2 ? { avis: bad } : {}))
      const responses = await Promise.all(bodies.map((body) => ingest.post(body)))
      expect(responses.map((response) => response.status)).toEqual([201, 201, 503, 201, 201, 201])
      expect(responses[2]!.headers.get('retry-after')).toBe('5')
      expect(await reviewIds()).toEqual(bodies.filter((_, index) => index !== 2).map((body) => body.get('avis')).sort())
      expect(ingest.stats()).toMatchObject({ retriedOneByOne: 1 })
    } finally {
      await ingest.stop()
    }
  })

  it('un échec au moment du commit : chaque membre du lot reçoit un 503, rien n’est enregistré, le point d’entrée repart', async () => {
    // A constraint trigger checked at COMMIT refuses every review: the commit of the batch fails.
    await sql`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refusé pour le test'; END $$`.execute(handle.db)
    await sql`CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER INSERT ON feedback_reviews DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_refuse()`.execute(handle.db)
    const ingest = await startIngest({ maxSize: 5, maxWaitMs: 5_000 })
    try {
      const responses = await Promise.all(Array.from({ length: 5 }, () => ingest.post(fields())))
      expect(responses.map((response) => response.status)).toEqual(Array(5).fill(503))
      expect(await Promise.all(responses.map((response) => response.text()))).toEqual(
        Array(5).fill('Le service est momentanément indisponible. Merci de réessayer dans quelques instants.'),
      )
      expect(await reviewIds()).toEqual([])
      // Nothing counted either: the rate-limit hits went with the rolled-back transaction.
      expect(await handle.db.selectFrom('rate_limits').select('hits').where('key', 'like', `avis:${placementId}:%`).execute()).toEqual([])
      await sql`DROP TRIGGER test_refuse_commit ON feedback_reviews`.execute(handle.db)
      const after = await Promise.all(Array.from({ length: 5 }, () => ingest.post(fields())))
      expect(after.map((response) => response.status)).toEqual(Array(5).fill(201))
      expect((await reviewIds()).length).toBe(5)
    } finally {
      await ingest.stop()
    }
  })
})
