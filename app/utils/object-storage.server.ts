// S3-compatible object storage (Scaleway, OVHcloud, Outscale, Clever Cloud Cellar…), signed with
// SigV4 by aws4fetch (a few kilobytes, no dependency, Node's own fetch). Decision 092.
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web'
import { pipeline } from 'node:stream/promises'
import { AwsClient } from 'aws4fetch'
import { z } from 'zod'
import {
  byteLimit,
  checkKey,
  DEFAULT_MAX_BYTES,
  StorageLimitError,
  StorageUnavailableError,
  fileWebStream,
  toNodeReadable,
  webByteLimit,
  type FileStorage,
} from './file-storage.server.ts'

export type StorageSettings = { driver: 'disk'; uploadsDir: string } | S3Settings

export interface S3Settings {
  driver: 's3'
  endpoint: string
  region: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
  /** `path`: https://endpoint/bucket/key; `virtual`: https://bucket.endpoint/key. Providers differ. */
  addressing: 'path' | 'virtual'
  /** Put before every key, so one bucket can hold several instances (e.g. `aic-recette/`). */
  prefix: string
  timeoutMs: number
}

const required = (name: string) => z.string({ error: `${name} est obligatoire quand STORAGE_DRIVER=s3.` }).trim().min(1, `${name} est obligatoire quand STORAGE_DRIVER=s3.`)

const S3Schema = z.object({
  S3_ENDPOINT: required('S3_ENDPOINT').pipe(
    z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT doit être une adresse http(s), par exemple https://s3.fr-par.scw.cloud.' }),
  ),
  S3_REGION: required('S3_REGION'),
  S3_BUCKET: required('S3_BUCKET').pipe(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET doit être un nom de bucket : 3 à 63 minuscules, chiffres, points ou tirets.'),
  ),
  S3_ACCESS_KEY_ID: required('S3_ACCESS_KEY_ID'),
  S3_SECRET_ACCESS_KEY: required('S3_SECRET_ACCESS_KEY'),
  S3_ADDRESSING: z.enum(['path', 'virtual'], { error: 'S3_ADDRESSING vaut « path » (https://point-d-acces/bucket/…) ou « virtual » (https://bucket.point-d-acces/…).' }).default('path'),
  S3_PREFIX: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]*\/)*$/, 'S3_PREFIX est un chemin en minuscules terminé par « / », par exemple aic-production/.')
    .default(''),
  S3_TIMEOUT_MS: z.coerce.number({ error: 'S3_TIMEOUT_MS est un nombre de millisecondes.' }).int().min(100).max(300_000).default(30_000),
})

const DriverSchema = z.enum(['disk', 's3'], { error: 'STORAGE_DRIVER vaut « disk » (dossier UPLOADS_DIR, par défaut) ou « s3 » (stockage objet).' }).default('disk')

/**
 * The storage settings of an environment, validated. Throws a French message naming each wrong
 * variable: loadEnv calls it, so a misconfigured server refuses to start.
 */
export function storageSettings(env: Record<string, unknown>): StorageSettings {
  const driver = DriverSchema.safeParse(env.STORAGE_DRIVER === '' ? undefined : env.STORAGE_DRIVER)
  if (!driver.success) throw new Error(`Stockage des fichiers mal configuré :\n  STORAGE_DRIVER : ${driver.error.issues[0]?.message}`)
  if (driver.data === 'disk') return { driver: 'disk', uploadsDir: typeof env.UPLOADS_DIR === 'string' && env.UPLOADS_DIR ? env.UPLOADS_DIR : './data/uploads' }
  const parsed = S3Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('S3_') && value !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')} : ${issue.message}`)
    throw new Error(`Stockage des fichiers mal configuré (STORAGE_DRIVER=s3) :\n${lines.join('\n')}`)
  }
  const s3 = parsed.data
  return {
    driver: 's3',
    endpoint: s3.S3_ENDPOINT.replace(/\/+$/, ''),
    region: s3.S3_REGION,
    bucket: s3.S3_BUCKET,
    accessKeyId: s3.S3_ACCESS_KEY_ID,
    secretAccessKey: s3.S3_SECRET_ACCESS_KEY,
    addressing: s3.S3_ADDRESSING,
    prefix: s3.S3_PREFIX,
    timeoutMs: s3.S3_TIMEOUT_MS,
  }
}

/** The address of an object, in the provider's addressing style. */
export function objectUrl(settings: S3Settings, key: string): string {
  const encoded = `${settings.prefix}${checkKey(key)}`.split('/').map(encodeURIComponent).join('/')
  const endpoint = new URL(settings.endpoint)
  if (settings.addressing === 'virtual') {
    endpoint.hostname = `${settings.bucket}.${endpoint.hostname}`
    return `${endpoint.origin}/${encoded}`
  }
  return `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${settings.bucket}/${encoded}`
}

export function s3Storage(settings: S3Settings): FileStorage {
  // A body is a stream read once: no automatic retry for writes. Reads, stats and deletes are
  // idempotent: two retries on a 5xx/429, with aws4fetch's backoff.
  const writer = new AwsClient({ accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, service: 's3', region: settings.region, retries: 0 })
  const reader = new AwsClient({ accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, service: 's3', region: settings.region, retries: 2, initRetryMs: 100 })

  /** One request; network errors, timeouts and refusals become StorageUnavailableError. */
  async function send(client: AwsClient, method: string, key: string, init: { body?: ReadableStream<Uint8Array> | Uint8Array; headers?: Record<string, string> } = {}) {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new Error(`pas de réponse en ${settings.timeoutMs} ms`)), settings.timeoutMs)
    let response: Response
    try {
      response = await client.fetch(objectUrl(settings, key), { method, signal: controller.signal, ...init } as RequestInit)
    } catch (error) {
      clearTimeout(timer)
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : ''
      throw new StorageUnavailableError(`${method} ${key} : ${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`, { cause: error })
    }
    // Headers arrived: a download may now take as long as the person's connection needs.
    clearTimeout(timer)
    return response
  }

  async function refusal(response: Response, what: string): Promise<StorageUnavailableError> {
    const text = await response.text().catch(() => '')
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? ''
    return new StorageUnavailableError(`${what} : HTTP ${response.status}${code ? ` ${code}` : ''}`)
  }

  /**
   * A PUT with node:http rather than fetch: Node 20's fetch kept every piece of a streamed request
   * body until the end (a 64 Mo upload held 64 Mo), node:http lets them go once written (10 Mo).
   * aws4fetch only signs the headers; the body is not hashed (UNSIGNED-PAYLOAD, as for any S3 stream).
   */
  async function upload(key: string, body: ReadableStream<Uint8Array> | Uint8Array, size: number) {
    const url = objectUrl(settings, key)
    const signed = await writer.sign(url, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' } })
    const headers: Record<string, string> = { ...Object.fromEntries(signed.headers), 'content-length': String(size) }
    const request = (url.startsWith('https:') ? https : http).request(url, { method: 'PUT', headers })
    request.setTimeout(settings.timeoutMs, () => request.destroy(new Error(`pas de réponse en ${settings.timeoutMs} ms`)))
    const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
      request.once('response', resolve)
      request.once('error', reject)
    })
    let response: http.IncomingMessage
    try {
      await Promise.all([pipeline(body instanceof Uint8Array ? Readable.from([body]) : Readable.fromWeb(body as NodeWebReadableStream<Uint8Array>), request), answered])
      response = await answered
    } catch (error) {
      request.destroy()
      if (error instanceof StorageLimitError) throw error
      throw new StorageUnavailableError(`PUT ${key} : ${error instanceof Error ? error.message : String(error)}`, { cause: error })
    }
    let text = ''
    for await (const piece of response) text += String(piece)
    const status = response.statusCode ?? 0
    if (status < 200 || status >= 300) {
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? ''
      throw new StorageUnavailableError(`PUT ${key} : HTTP ${status}${code ? ` ${code}` : ''}`)
    }
  }

  return {
    kind: 's3',
    async put(key, data, options = {}) {
      const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
      if (data instanceof Uint8Array) {
        if (data.byteLength > maxBytes) throw new StorageLimitError(maxBytes)
        await upload(key, data, data.byteLength)
        return { size: data.byteLength }
      }
      if (options.size !== undefined) {
        if (options.size > maxBytes) throw new StorageLimitError(maxBytes)
        // The announced length is what S3 stores: a stream that ends short or runs long fails.
        const counter = { bytes: 0 }
        try {
          await upload(key, data.pipeThrough(webByteLimit(options.size, counter, { exact: true })), options.size)
        } catch (error) {
          if (counter.bytes > options.size) throw new StorageLimitError(options.size)
          throw error
        }
        return { size: options.size }
      }
      // Unknown length: S3 needs one up front. Spool to a temporary file (bounded, never in
      // memory), then send it with its length.
      const spool = path.join(tmpdir(), `aic-envoi-${randomUUID()}`)
      try {
        const counter = { bytes: 0 }
        await pipeline(toNodeReadable(data), byteLimit(maxBytes, counter), createWriteStream(spool, { flags: 'wx', mode: 0o600 }))
        const size = (await stat(spool)).size
        await upload(key, fileWebStream(spool), size)
        return { size }
      } finally {
        await rm(spool, { force: true })
      }
    },
    async get(key) {
      const response = await send(reader, 'GET', key)
      if (response.status === 404) {
        await response.body?.cancel()
        return null
      }
      if (!response.ok || !response.body) throw await refusal(response, `GET ${key}`)
      return response.body
    },
    async remove(key) {
      const response = await send(reader, 'DELETE', key)
      if (!response.ok && response.status !== 404) throw await refusal(response, `DELETE ${key}`)
      await response.body?.cancel()
    },
    async stat(key) {
      const response = await send(reader, 'HEAD', key)
      await response.body?.cancel()
      if (response.status === 404) return null
      if (!response.ok) throw new StorageUnavailableError(`HEAD ${key} : HTTP ${response.status}`)
      return { size: Number(response.headers.get('content-length') ?? 0) }
    },
    async exists(key) {
      return (await this.stat(key)) !== null
    },
  }
}
