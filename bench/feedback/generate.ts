// Generates realistic reviews for the dashboard benchmarks, with COPY (not row by row):
// ~2,000 services in 40 organisations (a few ministries hold most of them), a long-tail traffic
// (a few démarches get most reviews), two years of history growing over time, fewer reviews at
// weekends, moods that differ by service, 70 % of complete answers, 1 in 4 with a comment.
//
//   npx tsx bench/feedback/generate.ts --reviews 1000000 [--database bench_feedback_1m]
//
// The delta trigger is disabled during the load and the rollups rebuilt from the reviews at the
// end (rebuildRollups), as an operator would after a bulk import.
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import postgres from 'postgres'
import { sql } from 'kysely'
import { rebuildRollups } from '#app/feedback/rollups.server.ts'
import { createBenchServices, openDatabase, type BenchPlacement } from './common.ts'

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : process.argv[index + 1]!
}
const total = Number(arg('reviews', '1000000'))
const database = arg('database', `bench_feedback_${total >= 1e6 ? `${Math.round(total / 1e6)}m` : `${Math.round(total / 1e3)}k`}`)
const servicesCount = Number(arg('services', '2000'))
const days = Number(arg('days', '730'))

/** Deterministic, fast pseudo-random numbers (xorshift). */
let state = 0x2545f491
function random(): number {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return (state >>> 0) / 4294967296
}

const WORDS = {
  good: ['rapide', 'simple', 'clair', 'efficace', 'pratique', 'merci', 'bien expliqué', 'sans difficulté', 'agréable', 'fluide'],
  bad: ['attente', 'rendez-vous', 'impossible', 'bloqué', 'incompréhensible', 'personne ne répond', 'bug', 'trop long', 'refusé', 'compliqué', 'délai'],
  topics: ['le formulaire', 'le site', 'la mairie', 'le guichet', 'le téléphone', 'la photo', 'le justificatif de domicile', 'le paiement', 'le suivi', 'le courrier', 'l’espace personnel', 'la pièce d’identité'],
  openers: ['Franchement', 'Dans l’ensemble', 'Pour ma part', 'Honnêtement', 'Globalement', 'Au final'],
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function comment(satisfaction: number): string {
  const tone = satisfaction === 2 ? WORDS.good : satisfaction === 0 ? WORDS.bad : random() < 0.5 ? WORDS.good : WORDS.bad
  const sentences = 1 + Math.floor(random() * 3)
  const parts: string[] = []
  for (let i = 0; i < sentences; i++) parts.push(`${pick(WORDS.openers)}, ${pick(WORDS.topics)} : ${pick(tone)}, ${pick(tone)}.`)
  if (random() < 0.01) parts.push('Rappelez-moi au 06 12 34 56 78.')
  return parts.join(' ')
}

/** COPY text format: tabs, newlines and backslashes escaped, \N for null. */
function field(value: string | number | boolean | null): string {
  if (value === null) return '\\N'
  if (typeof value !== 'string') return String(value)
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
}

const COLUMNS = [
  'id', 'organisation_id', 'service_id', 'placement_id', 'form_version_id', 'source', 'created_at', 'updated_at', 'satisfaction', 'clarity',
  'help_needed', 'help_channels', 'help_reached', 'help_quality', 'comment', 'has_comment', 'pii_kinds', 'pii_status', 'completed_at',
]

function* rows(placements: Array<BenchPlacement & { organisationId: string }>, weights: Float64Array, moods: Float64Array, now: number) {
  // Cumulative weights per placement for sampling.
  const cumulative = new Float64Array(weights.length)
  let sum = 0
  for (let i = 0; i < weights.length; i++) cumulative[i] = sum += weights[i]!
  const channels = ['counter', 'phone', 'email', 'chat', 'relative', 'association', 'internet', 'other']
  for (let n = 0; n < total; n++) {
    const target = random() * sum
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >> 1
      if (cumulative[mid]! < target) low = mid + 1
      else high = mid
    }
    const placement = placements[low]!
    // Traffic grows over time (sqrt: more recent days are busier) and drops at weekends.
    let age = 0
    for (;;) {
      age = Math.floor((1 - Math.sqrt(random())) * days * 86_400_000)
      const weekday = new Date(now - age).getUTCDay()
      if (weekday !== 0 && weekday !== 6) break
      if (random() < 0.45) break
    }
    const createdAt = new Date(now - age).toISOString()
    const mood = moods[low]!
    const roll = random()
    const satisfaction = roll < mood ? 2 : roll < mood + 0.2 ? 1 : 0
    const full = random() < 0.7
    const clarity = full ? Math.min(5, Math.max(1, satisfaction * 2 + Math.floor(random() * 3))) : null
    const helpNeeded = full ? random() < 0.45 : null
    const helpChannels = helpNeeded ? [pick(channels), ...(random() < 0.25 ? ['internet'] : [])] : []
    const reached = helpNeeded ? random() < 0.55 + satisfaction * 0.15 : null
    const quality = reached ? Math.min(5, Math.max(1, satisfaction + 1 + Math.floor(random() * 3))) : null
    const text = full && random() < 0.25 ? comment(satisfaction) : null
    const flagged = text !== null && text.includes('06 12')
    yield [
      randomUUID(), placement.organisationId, placement.serviceId, placement.id, placement.versionId,
      pick(['link', 'widget', 'smiley']), createdAt, createdAt, satisfaction, clarity,
      helpNeeded, `{${[...new Set(helpChannels)].join(',')}}`, reached, quality, text, text !== null,
      flagged ? '{phone}' : '{}', flagged ? 'flagged' : 'none', full ? createdAt : null,
    ]
      .map(field)
      .join('\t') + '\n'
  }
}

const started = Date.now()
const { url, handle } = await openDatabase(database, { fresh: true })
console.log(`Base ${database} : ${total.toLocaleString('fr-FR')} avis sur ${servicesCount} services…`)
const placements = await createBenchServices(handle, { organisations: 40, services: servicesCount })
const organisationOf = new Map(
  (await handle.db.selectFrom('feedback_services').select(['id', 'organisation_id']).execute()).map((row) => [row.id, row.organisation_id]),
)
// Long tail: the k-th service gets a weight 1/k^0.8; each placement shares its service's weight.
const serviceIds = [...new Set(placements.map((p) => p.serviceId))]
const serviceRank = new Map(serviceIds.map((id, index) => [id, index + 1]))
const serviceMood = new Map(serviceIds.map((id) => [id, 0.35 + random() * 0.5]))
const placementCount = new Map<string, number>()
for (const placement of placements) placementCount.set(placement.serviceId, (placementCount.get(placement.serviceId) ?? 0) + 1)
const weights = new Float64Array(placements.map((p) => 1 / Math.pow(serviceRank.get(p.serviceId)!, 0.8) / placementCount.get(p.serviceId)!))
const moods = new Float64Array(placements.map((p) => serviceMood.get(p.serviceId)!))
const full = placements.map((p) => ({ ...p, organisationId: organisationOf.get(p.serviceId)! }))

const raw = postgres(url, { max: 1, onnotice: () => {} })
// Bulk load: no delta trigger, secondary indexes built once at the end.
await raw.unsafe(`ALTER TABLE feedback_reviews DISABLE TRIGGER feedback_reviews_delta_insert_delete`)
const indexes = await raw<{ indexname: string; indexdef: string }[]>`
  SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'feedback_reviews' AND indexname <> 'feedback_reviews_pkey'`
for (const index of indexes) await raw.unsafe(`DROP INDEX ${index.indexname}`)
const copy = await raw.unsafe(`COPY feedback_reviews (${COLUMNS.join(', ')}) FROM STDIN`).writable()
await pipeline(Readable.from(rows(full, weights, moods, Date.now()), { highWaterMark: 1000 }), copy)
console.log(`COPY terminé en ${((Date.now() - started) / 1000).toFixed(0)} s ; index…`)
for (const index of indexes) await raw.unsafe(index.indexdef)
await raw.unsafe(`ALTER TABLE feedback_reviews ENABLE TRIGGER feedback_reviews_delta_insert_delete`)
await raw.end()
await rebuildRollups(handle.db)
await sql`ANALYZE`.execute(handle.db)
const counts = await sql<{ reviews: number; daily: number; service_daily: number; monthly: number; org_daily: number }>`
  SELECT (SELECT count(*) FROM feedback_reviews)::int AS reviews, (SELECT count(*) FROM feedback_stats_daily)::int AS daily,
         (SELECT count(*) FROM feedback_stats_service_daily)::int AS service_daily, (SELECT count(*) FROM feedback_stats_service_monthly)::int AS monthly,
         (SELECT count(*) FROM feedback_stats_org_daily)::int AS org_daily`.execute(handle.db)
await handle.close()
console.log(`Terminé en ${((Date.now() - started) / 1000).toFixed(0)} s :`, counts.rows[0])
