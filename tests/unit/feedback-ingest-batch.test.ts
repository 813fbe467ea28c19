// The batcher of the review ingest (decision 090), against a fake database: what leaves together,
// what waits, what is refused, and who hears about a failure. The SQL itself is tested on both
// drivers in tests/integration/feedback-ingest-batch.test.ts.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createFirstAnswerBatcher, FIRST_ANSWER_BATCH_SQL, IngestOverloadedError, isStatementError } from '#app/feedback/ingest-batch.server.ts'
import type { FirstAnswerParams, FirstAnswerRow, StatementExecutor } from '#app/feedback/reviews.server.ts'

function answer(reviewId = randomUUID()): FirstAnswerParams {
  const at = new Date('2026-12-06T10:00:00Z')
  return { placementId: randomUUID(), rateLimitKey: 'avis:x:y', windowStart: at, versionId: randomUUID(), reviewId, source: 'widget', satisfaction: 2, at, ipHash: 'h', spamScore: 0, spamReasons: [], spamStatus: 'none' }
}

const rowFor = (reviewId: string): FirstAnswerRow => ({ placements: 1, current_version_id: null, hits: 1, review_id: reviewId })

/** A fake database that records each statement and answers it when told to. */
function fakeDatabase(fail: (text: string, parameters: unknown[]) => unknown = () => null) {
  const calls: Array<{ batch: boolean; ids: string[]; release: () => void }> = []
  const execute: StatementExecutor = (text, parameters) => {
    const batch = text === FIRST_ANSWER_BATCH_SQL
    const ids = batch ? (JSON.parse(parameters[0] as string) as Array<{ review_id: string }>).map((row) => row.review_id) : [parameters[4] as string]
    return new Promise((resolve, reject) => {
      calls.push({
        batch,
        ids,
        release: () => {
          const error = fail(text, parameters)
          if (error) reject(error)
          else resolve(ids.map(rowFor))
        },
      })
    })
  }
  return { calls, execute }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
const statementError = Object.assign(new Error('refusé'), { code: 'P0001', severity: 'ERROR' })
const connectionError = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' })

describe('regroupement des avis', () => {
  it('les avis arrivés ensemble partent dans une seule instruction, au plus maxSize à la fois, dans l’ordre', async () => {
    const database = fakeDatabase()
    const batcher = createFirstAnswerBatcher(database.execute, { maxSize: 4, maxWaitMs: 1, maxInFlight: 1 })
    const answers = Array.from({ length: 6 }, () => answer())
    const written = Promise.all(answers.map((a) => batcher.write(a)))
    await tick()
    // Four leave at once (maxSize); the two others wait for this batch (maxInFlight 1).
    expect(database.calls.map((call) => call.ids.length)).toEqual([4])
    database.calls[0]!.release()
    await tick()
    expect(database.calls.map((call) => call.ids)).toEqual([answers.slice(0, 4).map((a) => a.reviewId), answers.slice(4).map((a) => a.reviewId)])
    database.calls[1]!.release()
    expect((await written).map((row) => row.review_id)).toEqual(answers.map((a) => a.reviewId))
    // Each person has an answer; the batch's own bookkeeping ends just after.
    await batcher.drain()
    expect(batcher.stats()).toMatchObject({ batches: 2, answers: 6, largest: 4, queued: 0, inFlight: 0 })
  })

  it('un double clic (même identifiant) attend le lot suivant : une instruction ne touche jamais deux fois le même avis', async () => {
    const database = fakeDatabase()
    const batcher = createFirstAnswerBatcher(database.execute, { maxSize: 10, maxWaitMs: 1, maxInFlight: 1 })
    const first = answer()
    const other = answer()
    const written = Promise.all([batcher.write(first), batcher.write({ ...first, satisfaction: 0 }), batcher.write(other)])
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(database.calls.map((call) => call.ids)).toEqual([[first.reviewId, other.reviewId]])
    database.calls[0]!.release()
    await tick()
    // Alone, it goes as the single statement.
    expect(database.calls[1]).toMatchObject({ batch: false, ids: [first.reviewId] })
    database.calls[1]!.release()
    expect((await written).map((row) => row.review_id)).toEqual([first.reviewId, first.reviewId, other.reviewId])
  })

  it('une instruction refusée par la base est rejouée avis par avis : seul le mauvais échoue', async () => {
    const bad = answer()
    const database = fakeDatabase((text, parameters) => (text === FIRST_ANSWER_BATCH_SQL || parameters[4] === bad.reviewId ? statementError : null))
    const batcher = createFirstAnswerBatcher(database.execute, { maxSize: 3, maxWaitMs: 1, maxInFlight: 1 })
    const good = [answer(), answer()]
    const results = Promise.allSettled([batcher.write(good[0]!), batcher.write(bad), batcher.write(good[1]!)])
    await tick()
    database.calls[0]!.release()
    await tick()
    expect(database.calls.slice(1).map((call) => call.ids[0])).toEqual([good[0]!.reviewId, bad.reviewId, good[1]!.reviewId])
    for (const call of database.calls.slice(1)) call.release()
    expect((await results).map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(batcher.stats().retriedOneByOne).toBe(1)
  })

  it('une connexion perdue fait échouer tout le lot d’un coup, sans rien renvoyer à la base', async () => {
    const database = fakeDatabase(() => connectionError)
    const batcher = createFirstAnswerBatcher(database.execute, { maxSize: 5, maxWaitMs: 1, maxInFlight: 1 })
    const results = Promise.allSettled(Array.from({ length: 5 }, () => batcher.write(answer())))
    await tick()
    database.calls[0]!.release()
    const settled = await results
    expect(settled.every((result) => result.status === 'rejected' && result.reason === connectionError)).toBe(true)
    expect(database.calls).toHaveLength(1)
    expect(isStatementError(connectionError)).toBe(false)
    expect(isStatementError(Object.assign(new Error('arrêt'), { code: '57P01', severity: 'FATAL' }))).toBe(false)
    expect(isStatementError(statementError)).toBe(true)
  })

  it('sous un afflux, la file est bornée : au-delà, refus immédiat (503) ; la file se vide ensuite', async () => {
    const database = fakeDatabase()
    const batcher = createFirstAnswerBatcher(database.execute, { maxSize: 2, maxWaitMs: 1, maxInFlight: 1, maxQueued: 3 })
    const accepted = [batcher.write(answer()), batcher.write(answer())]
    await tick()
    // The first batch hangs (a database that does not answer); three more may wait, not four.
    const waiting = [batcher.write(answer()), batcher.write(answer()), batcher.write(answer())]
    await expect(batcher.write(answer())).rejects.toBeInstanceOf(IngestOverloadedError)
    expect(batcher.stats()).toMatchObject({ queued: 3, inFlight: 1, overloaded: 1 })
    const drained = batcher.drain()
    database.calls[0]!.release()
    await tick()
    database.calls[1]!.release()
    await tick()
    database.calls[2]!.release()
    await drained
    expect(await Promise.all([...accepted, ...waiting])).toHaveLength(5)
    expect(batcher.stats()).toMatchObject({ queued: 0, inFlight: 0, answers: 5 })
  })
})
