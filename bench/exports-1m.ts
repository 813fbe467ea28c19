// Export of 1,000,000 reviews, CSV and Excel, with the process's peak memory and the time taken
// (issue 19, decision 103). Each format runs in a child process of its own, so the peak memory
// (maxRSS) is that export's alone.
//
//   npx tsx bench/exports-1m.ts [--reviews 1000000] [--database bench_exports_1m]
//
// The reviews go to one service (one export holds them all), 1 in 4 with a comment, over 300 days.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import postgres from 'postgres'
import { runExport } from '#app/feedback/exports.server.ts'
import { createBenchServices, databaseUrl, openDatabase, writeResult } from './feedback/common.ts'

const arg = (name: string, fallback: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : process.argv[index + 1]!
}
const total = Number(arg('reviews', '1000000'))
const database = arg('database', 'bench_exports_1m')
const childFormat = arg('child', '')

if (childFormat === 'csv' || childFormat === 'xlsx') {
  // Child: one export, then print its figures.
  const { createDb } = await import('#db/client.ts')
  const handle = await createDb({ url: databaseUrl(database), max: 2 })
  const exportId = arg('export', '')
  const started = performance.now()
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200)
  await runExport(handle.db, exportId)
  clearInterval(sampler)
  const seconds = (performance.now() - started) / 1000
  const row = await handle.db
    .selectFrom('feedback_exports')
    .select(['status', 'rows_done', 'byte_size', 'error'])
    .where('id', '=', exportId)
    .executeTakeFirstOrThrow()
  await handle.close()
  const maxRss = process.resourceUsage().maxRSS * 1024
  console.log(
    JSON.stringify({
      format: childFormat,
      status: row.status,
      error: row.error,
      rows: row.rows_done,
      bytes: row.byte_size,
      seconds,
      peakRssMb: Math.max(peak, maxRss) / 1024 / 1024,
    }),
  )
  process.exit(0)
}

const { handle } = await openDatabase(database, { fresh: true })
const [placement] = await createBenchServices(handle, { organisations: 1, services: 1 })
const raw = postgres(databaseUrl(database), { max: 1, onnotice: () => {} })
const service = (await raw`SELECT s.id, s.organisation_id FROM feedback_services s WHERE s.id = ${placement!.serviceId}`)[0]!
const user = (await raw`INSERT INTO users (email) VALUES ('bench-export@exemple.gouv.fr') RETURNING id`)[0]!.id as string
const loadStarted = performance.now()
await raw.unsafe(`ALTER TABLE feedback_reviews DISABLE TRIGGER feedback_reviews_delta_insert_delete`)
await raw`
  INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, source, satisfaction, clarity, help_needed, help_channels, comment, has_comment, created_at, updated_at, completed_at)
  SELECT gen_random_uuid(), ${service.organisation_id}::uuid, ${service.id}::uuid, ${placement!.id}::uuid, ${placement!.versionId}::uuid, 'link', (g % 3)::smallint, 1 + (g % 5)::smallint,
         (g % 2 = 0), CASE WHEN g % 2 = 0 THEN ARRAY['phone'] ELSE ARRAY[]::text[] END,
         CASE WHEN g % 4 = 0 THEN 'Le formulaire était clair, mais l’attente au téléphone a été longue ; merci pour le suivi.' END, g % 4 = 0,
         t, t, t
  FROM generate_series(1, ${total}) AS g, LATERAL (SELECT now() - interval '300 days' + (g * interval '300 days' / ${total})) AS x(t)`
await raw.unsafe(`ALTER TABLE feedback_reviews ENABLE TRIGGER feedback_reviews_delta_insert_delete`)
await raw`ANALYZE feedback_reviews`
const loadSeconds = (performance.now() - loadStarted) / 1000
console.log(`${total} avis écrits en ${loadSeconds.toFixed(1)} s`)

const from = (await raw`SELECT to_char((now() - interval '301 days') AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS d`)[0]!.d as string
const to = (await raw`SELECT to_char(now() AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS d`)[0]!.d as string
const results: unknown[] = []
for (const format of ['csv', 'xlsx'] as const) {
  const exportId = randomUUID()
  const filters = { preset: 'perso', from, to, granularity: 'jour', placementId: null, versionId: null, satisfaction: null }
  await raw`INSERT INTO feedback_exports (id, requested_by, scope_type, scope_id, format, filters, file_name, expires_at)
    VALUES (${exportId}, ${user}, 'service', ${service.id}, ${format}, ${raw.json(filters)}, ${`bench.${format}`}, now() + interval '1 day')`
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/exports-1m.ts', '--child', format, '--export', exportId, '--database', database], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  const line = child.stdout.trim().split('\n').at(-1) ?? ''
  if (child.status !== 0) console.error(child.stderr)
  console.log(line)
  results.push(JSON.parse(line || '{}'))
  await raw`DELETE FROM feedback_export_chunks WHERE export_id = ${exportId}`
}
await raw.end()
await handle.close()
console.log(writeResult('exports-1m', { reviews: total, loadSeconds, results }))
