// Shared helpers of the feedback benchmarks: a PostgreSQL database of their own, the production
// server started as a child process, and the organisations/services/placements they use.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import postgres from 'postgres'
import { createDb, type DbHandle } from '#db/client.ts'
import { migrateToLatest } from '#db/migrate.ts'
import { randomClientAddress } from '#tests/helpers/app-process.ts'

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/** Creates (or recreates when `fresh`) a database and migrates it. */
export async function openDatabase(name: string, options: { fresh?: boolean; max?: number } = {}): Promise<{ url: string; handle: DbHandle }> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  const exists = (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0
  if (exists && options.fresh) await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`)
  if (!exists || options.fresh) await admin.unsafe(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = databaseUrl(name)
  const handle = await createDb({ url, max: options.max ?? 10 })
  await migrateToLatest(handle.db)
  return { url, handle }
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}

/** Starts build/server.js in production mode and waits for /healthz. */
export async function startServer(script: string, env: Record<string, string>, port: number, nodeArgs: string[] = []): Promise<ChildProcess> {
  const args = [...nodeArgs, ...(script.endsWith('.ts') ? ['--import', 'tsx', script] : [script])]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (response.ok) return child
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`${script} s’est arrêté (code ${child.exitCode})`)
    if (Date.now() > deadline) throw new Error(`${script} ne répond pas sur le port ${port}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

export function writeResult(name: string, data: unknown): string {
  mkdirSync('bench/.work', { recursive: true })
  const file = `bench/.work/${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  writeFileSync(file, JSON.stringify(data, null, 2))
  return file
}

export interface BenchPlacement {
  id: string
  serviceId: string
  versionId: string
}

const SATISFACTIONS = ['tres-bien', 'tres-bien', 'tres-bien', 'moyen', 'pas-bien']

/**
 * autocannon `setupRequest`: the widget's first answer on a random placement, from a random
 * address (X-Forwarded-For, the app runs with TRUST_PROXY=1), as thousands of visitors would.
 */
export function ingestRequest(placements: BenchPlacement[]) {
  return (request: { path?: string; headers?: Record<string, string>; body?: string }) => {
    const placement = placements[Math.floor(Math.random() * placements.length)]!
    const body = new URLSearchParams({
      name__confirm: '',
      avis: randomUUID(),
      version: placement.versionId,
      satisfaction: SATISFACTIONS[Math.floor(Math.random() * SATISFACTIONS.length)]!,
      source: 'widget',
      retour: 'integration',
    }).toString()
    return {
      ...request,
      method: 'POST',
      path: `/integration/avis/${placement.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': randomClientAddress() },
      body,
    }
  }
}

/**
 * Organisations, services (each with its default form, version 1 and 1–3 placements), inserted in
 * bulk. Returns every placement with its current form version.
 */
export async function createBenchServices(handle: DbHandle, options: { organisations: number; services: number }): Promise<BenchPlacement[]> {
  const sql = postgres(databaseUrlOf(handle), { max: 1, onnotice: () => {} })
  try {
    const organisations = Array.from({ length: options.organisations }, (_, index) => ({ id: randomUUID(), slug: `bench-org-${index + 1}`, name: `Organisation ${index + 1}` }))
    await sql`INSERT INTO organisations ${sql(organisations)}`
    const services: Array<Record<string, string>> = []
    const forms: Array<Record<string, string>> = []
    const versions: Array<Record<string, unknown>> = []
    const placements: BenchPlacement[] = []
    const placementRows: Array<Record<string, unknown>> = []
    for (let index = 0; index < options.services; index++) {
      // A few organisations hold most services (ministries), as in reality.
      const organisation = organisations[Math.floor(options.organisations * Math.pow(Math.random(), 2.2))]!
      const serviceId = randomUUID()
      const formId = randomUUID()
      const versionId = randomUUID()
      services.push({ id: serviceId, organisation_id: organisation.id, name: `Démarche ${index + 1}` })
      forms.push({ id: formId, service_id: serviceId, name: 'Questionnaire « Je donne mon avis »' })
      versions.push({ id: versionId, form_id: formId, version: 1, definition: { questions: ['clarity', 'help', 'comment', 'contact'], thanks: null } })
      const count = 1 + Math.floor(Math.random() * 3)
      for (let p = 0; p < count; p++) {
        const id = randomUUID()
        placements.push({ id, serviceId, versionId })
        placementRows.push({ id, service_id: serviceId, form_id: formId, name: ['Page de confirmation', 'E-mail de suivi', 'Espace personnel'][p] })
      }
    }
    for (let i = 0; i < services.length; i += 1000) await sql`INSERT INTO feedback_services ${sql(services.slice(i, i + 1000))}`
    for (let i = 0; i < forms.length; i += 1000) await sql`INSERT INTO feedback_forms ${sql(forms.slice(i, i + 1000))}`
    for (let i = 0; i < versions.length; i += 1000) await sql`INSERT INTO feedback_form_versions ${sql(versions.slice(i, i + 1000) as never)}`
    await sql`UPDATE feedback_forms f SET current_version_id = v.id FROM feedback_form_versions v WHERE v.form_id = f.id`
    for (let i = 0; i < placementRows.length; i += 1000) await sql`INSERT INTO feedback_placements ${sql(placementRows.slice(i, i + 1000) as never)}`
    return placements
  } finally {
    await sql.end()
  }
}

export function databaseUrlOf(handle: DbHandle): string {
  if (!handle.url) throw new Error('Les mesures demandent PostgreSQL (BENCH_DATABASE_URL).')
  return handle.url
}
