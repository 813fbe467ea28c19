// Shared helpers of the benchmarks: fresh databases, app processes, load tests, results file.
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import postgres from 'postgres'

export const QUICK = process.argv.includes('--quick')

export interface Figure {
  name: string
  value: number
  unit: string
  /** Ratio to the baseline measured in the same run, with the baseline's name. */
  ratio?: { value: number; to: string }
  goal?: string
  met?: boolean
}

export const figures: Figure[] = []

export function record(figure: Figure) {
  figures.push(figure)
  const ratio = figure.ratio ? ` (×${figure.ratio.value.toFixed(2)} de ${figure.ratio.to})` : ''
  const goal = figure.goal ? ` — objectif ${figure.goal} : ${figure.met ? 'atteint' : 'NON atteint'}` : ''
  console.log(`  ${figure.name} : ${formatValue(figure.value)} ${figure.unit}${ratio}${goal}`)
}

function formatValue(value: number) {
  return value >= 100 || Number.isInteger(value) ? Math.round(value).toString() : value.toFixed(2)
}

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error('Les mesures demandent un vrai PostgreSQL : DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench')
    process.exit(1)
  }
  return url
}

/** Creates a database of its own for this run; returns its URL and a function that drops it. */
export async function createBenchDatabase(adminUrl: string, label: string) {
  const name = `bench_${label}_${Date.now().toString(36)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await admin.end()
    },
  }
}

const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Starts a Node process and waits until `readyUrl` answers 200; `onLine` receives its output lines. */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  timeoutMs = 60_000,
  onLine?: (line: string) => void,
): Promise<{ stop(): Promise<void>; child: ChildProcess; readyMs: number }> {
  const started = Date.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'inherit'] })
  if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine)
  children.add(child)
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} s’est arrêté (code ${child.exitCode})`)
    try {
      const response = await fetch(readyUrl)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const readyMs = Date.now() - started
  if (readyMs >= timeoutMs) throw new Error(`${readyUrl} ne répond pas après ${timeoutMs} ms`)
  return {
    child,
    readyMs,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))
      children.delete(child)
    },
  }
}

export interface LoadResult {
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  non2xx: number
}

/** A bounded autocannon run on loopback. */
export async function load(options: {
  url: string
  connections?: number
  seconds?: number
  method?: string
  body?: string
  headers?: Record<string, string>
}): Promise<LoadResult> {
  const request = {
    url: options.url,
    method: options.method ?? 'GET',
    ...(options.body ? { body: options.body } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    connections: options.connections ?? 50,
    timeout: 10,
  }
  // A short warm-up so the JIT and the connection pools are ready.
  await autocannon({ ...request, duration: 1 })
  const result = await autocannon({ ...request, duration: options.seconds ?? (QUICK ? 5 : 15) })
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${options.url} : ${result.non2xx} réponses non 2xx, ${result.errors + result.timeouts} erreurs sur ${result['2xx'] + result.non2xx} requêtes`)
  }
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    // autocannon reports p97.5 and p99; p95 is taken as p97.5 (conservative).
    p95: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'inconnu'
  return `${os.cpus().length} cœurs (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} Gio, Node ${process.version}, ${os.platform()}`
}

export function gitCommit(): string {
  try {
    return readFileSync('.git/HEAD', 'utf8').startsWith('ref:')
      ? readFileSync(`.git/${readFileSync('.git/HEAD', 'utf8').slice(5).trim()}`, 'utf8').trim().slice(0, 10)
      : readFileSync('.git/HEAD', 'utf8').trim().slice(0, 10)
  } catch {
    return 'inconnu'
  }
}

/** Appends this run's figures to bench/results.md. */
export function writeResults(title: string) {
  const file = 'bench/results.md'
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${title}${QUICK ? ' (--quick)' : ''}`,
    '',
    `Commit ${gitCommit()} · ${machine()}`,
    '',
    '| mesure | valeur | rapport à la référence | objectif |',
    '|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.name} | ${formatValue(f.value)} ${f.unit} | ${f.ratio ? `×${f.ratio.value.toFixed(2)} (${f.ratio.to})` : '—'} | ${f.goal ? `${f.goal} : ${f.met ? '✅' : '❌'}` : '—'} |`,
    ),
    '',
  ]
  if (!existsSync(file)) appendFileSync(file, '# Résultats des mesures\n\nChaque exécution de `npm run bench` ajoute une section.\n')
  appendFileSync(file, lines.join('\n'))
  console.log(`\nRésultats ajoutés à ${file}`)
}
