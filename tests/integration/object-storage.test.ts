// Files in object storage (issue 21, decision 092): the S3 adapter against a real S3-protocol
// server (s3rver, in its own process, started here; not a mock), and the attachment journey on it:
// upload, download, delete, a missing object, the server down.
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import { purgeStaleDrafts } from '#app/accelerator/account-deletion.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { loadEnv } from '#app/utils/env.server.ts'
import { diskStorage, StorageLimitError, StorageUnavailableError, storageFor, type FileStorage } from '#app/utils/file-storage.server.ts'
import { objectUrl, s3Storage, storageSettings, type S3Settings } from '#app/utils/object-storage.server.ts'
import * as attachmentsRoute from '#app/routes/mes-candidatures.$id.pieces-jointes.tsx'
import * as downloadRoute from '#app/routes/pieces-jointes.$fileId.tsx'
import * as deleteAccountRoute from '#app/routes/profil.suppression.tsx'
import * as exportDownloadRoute from '#app/routes/services.exports.$exportId.tsx'
import { EXPORT_COLUMNS, exportChunkKey, purgeExpiredExports, runExport } from '#app/feedback/exports.server.ts'
import { acceleratorTestServices, createApplicationRow, createCallRow, createUser, grant, pdfFile } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'
import { startS3Server, type S3Server } from '#tests/helpers/s3-server.ts'
import { sampleFiles } from '#db/seeds/accelerator.ts'

const MB = 1024 * 1024

let s3: S3Server
let storage: FileStorage

async function text(stream: ReadableStream<Uint8Array> | null): Promise<string | null> {
  return stream ? new Response(stream).text() : null
}

/** `total` bytes made on the fly, in 1 Mo pieces: never whole in memory. */
function generated(total: number, onPiece: (sent: number) => void = () => {}): ReadableStream<Uint8Array> {
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close()
      const size = Math.min(MB, total - sent)
      const piece = new Uint8Array(size).fill((sent / MB) % 251)
      sent += size
      onPiece(sent)
      controller.enqueue(piece)
    },
  })
}

// A full collection on demand, so that what is measured is memory still held, not garbage a lazy
// collector has not swept yet.
v8.setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

beforeAll(async () => {
  s3 = await startS3Server()
  storage = storageFor(loadEnv({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), ...s3.env }))
}, 60_000)
afterAll(() => s3.close())

describe('l’adaptateur S3 contre un vrai serveur S3 (s3rver)', () => {
  it('un fichier envoyé se relit, se mesure, puis se supprime', async () => {
    expect(storage.kind).toBe('s3')
    expect(await storage.put('essais/un', new TextEncoder().encode('Statuts de l’association'))).toEqual({ size: 26 })
    expect(await text(await storage.get('essais/un'))).toBe('Statuts de l’association')
    expect(await storage.stat('essais/un')).toEqual({ size: 26 })
    await storage.remove('essais/un')
    expect(await storage.exists('essais/un')).toBe(false)
    expect(await storage.get('essais/un')).toBeNull()
  })

  it('un objet absent : null à la lecture, et le supprimer n’est pas une erreur', async () => {
    expect(await storage.get('essais/jamais-envoye')).toBeNull()
    expect(await storage.stat('essais/jamais-envoye')).toBeNull()
    await expect(storage.remove('essais/jamais-envoye')).resolves.toBeUndefined()
  })

  it('un flux de taille inconnue passe par un fichier temporaire ; au-delà de la limite, rien n’est gardé', async () => {
    expect(await storage.put('essais/flux', generated(3 * MB + 7), { maxBytes: 4 * MB })).toEqual({ size: 3 * MB + 7 })
    expect(await storage.stat('essais/flux')).toEqual({ size: 3 * MB + 7 })
    await expect(storage.put('essais/trop-gros', generated(5 * MB), { maxBytes: 4 * MB })).rejects.toBeInstanceOf(StorageLimitError)
    await expect(storage.put('essais/trop-gros-annonce', generated(5 * MB), { maxBytes: 4 * MB, size: 5 * MB })).rejects.toBeInstanceOf(StorageLimitError)
    // A stream longer than it announced is refused too, and nothing is stored under the key.
    await expect(storage.put('essais/menteur', generated(2 * MB), { size: MB })).rejects.toBeInstanceOf(StorageLimitError)
    // Shorter than announced: refused as well, never stored short.
    await expect(storage.put('essais/court', generated(MB), { size: 2 * MB })).rejects.toThrow(/1048576 octets au lieu des 2097152 annoncés/)
    expect(await storage.exists('essais/trop-gros')).toBe(false)
    expect(await storage.exists('essais/menteur')).toBe(false)
    expect(await storage.exists('essais/court')).toBe(false)
  })

  it('une clé qui sortirait du préfixe est refusée avant tout envoi', async () => {
    await expect(storage.put('../ailleurs', new Uint8Array([1]))).rejects.toThrow(/Clé de fichier invalide/)
    await expect(storage.get('a//b')).rejects.toThrow(/Clé de fichier invalide/)
  })

  it('une clé d’accès inconnue du fournisseur : une erreur « stockage injoignable », pas un fichier perdu en silence', async () => {
    // s3rver checks the access key id (it does not recompute SigV4 signatures).
    const settings = storageSettings({ ...s3.env, S3_ACCESS_KEY_ID: 'PAS-LA-BONNE' }) as S3Settings
    const wrong = s3Storage(settings)
    await expect(wrong.put('essais/signature', new Uint8Array([1, 2, 3]))).rejects.toThrow(/injoignable.*HTTP 403 InvalidAccessKeyId/)
    expect(await storage.exists('essais/signature')).toBe(false)
  })

  it('la mémoire reste bornée : 64 Mo envoyés puis relus en flux font grandir le processus de bien moins que 64 Mo', async () => {
    const total = 64 * MB
    collect()
    const before = process.memoryUsage()
    let peak = 0
    // Every 4 Mo, on the way up and on the way down: collect, then what the process still holds.
    const sample = () => {
      collect()
      const now = process.memoryUsage()
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers)
    }
    await storage.put('essais/gros', generated(total, (sent) => sent % (4 * MB) === 0 && sample()), { size: total, maxBytes: total })
    const upPeak = peak
    let read = 0
    let nextSample = 4 * MB
    for await (const piece of Readable.fromWeb((await storage.get('essais/gros'))! as NodeWebReadableStream<Uint8Array>)) {
      read += (piece as Buffer).length
      if (read >= nextSample) {
        sample()
        nextSample += 4 * MB
      }
    }
    expect(read).toBe(total)
    console.info(`64 Mo par le stockage S3, au plus tenus en mémoire en plus (tas + tampons) : ${(upPeak / MB).toFixed(1)} Mo à l’envoi, ${(peak / MB).toFixed(1)} Mo envoi et lecture`)
    // Held whole, the file alone would be 64 Mo more.
    expect(peak).toBeLessThan(24 * MB)
    await storage.remove('essais/gros')
  }, 120_000)

  it('l’adressage « virtual » met le bucket dans le nom d’hôte, « path » dans le chemin', () => {
    const base = storageSettings({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'https://s3.fr-par.scw.cloud', S3_REGION: 'fr-par', S3_BUCKET: 'aic', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'recette/' }) as S3Settings
    expect(objectUrl(base, 'applications/a/b')).toBe('https://s3.fr-par.scw.cloud/aic/recette/applications/a/b')
    expect(objectUrl({ ...base, addressing: 'virtual' }, 'applications/a/b')).toBe('https://aic.s3.fr-par.scw.cloud/recette/applications/a/b')
  })

  it('une configuration incomplète empêche le démarrage, avec un message en français qui nomme chaque variable', () => {
    expect(() => loadEnv({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), STORAGE_DRIVER: 's3', S3_ENDPOINT: 'pas une adresse', S3_BUCKET: 'Mon_Bucket' })).toThrow(
      /Stockage des fichiers mal configuré \(STORAGE_DRIVER=s3\)[\s\S]*S3_ENDPOINT : S3_ENDPOINT doit être une adresse http\(s\)[\s\S]*S3_REGION : S3_REGION est obligatoire[\s\S]*S3_BUCKET : S3_BUCKET doit être un nom de bucket[\s\S]*S3_ACCESS_KEY_ID : S3_ACCESS_KEY_ID est obligatoire/,
    )
    expect(() => loadEnv({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER : STORAGE_DRIVER vaut « disk »/)
    expect(storageFor(loadEnv({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40) })).kind).toBe('disk')
  })
})

describe('l’adaptateur disque garde le comportement d’avant', () => {
  it('un flux borné, jamais d’écrasement, rien de gardé au-delà de la limite', async () => {
    const disk = diskStorage(`${process.env.UPLOADS_DIR}/disque-${Date.now()}`)
    expect(await disk.put('essais/flux', generated(2 * MB), { maxBytes: 3 * MB })).toEqual({ size: 2 * MB })
    await expect(disk.put('essais/flux', new Uint8Array([1]))).rejects.toThrow(/EEXIST/)
    expect(await disk.stat('essais/flux')).toEqual({ size: 2 * MB })
    await expect(disk.put('essais/gros', generated(4 * MB), { maxBytes: 3 * MB })).rejects.toBeInstanceOf(StorageLimitError)
    expect(await disk.exists('essais/gros')).toBe(false)
  })
})

describe('les pièces jointes dans le stockage objet', () => {
  const app = useTestApp()
  let acc: AcceleratorServices
  let leader: SessionUser
  let applicationId: string
  let callId: string

  beforeAll(() => {
    acc = { ...acceleratorTestServices(app.services), storage }
  })
  beforeEach(async () => {
    callId = await createCallRow(app.db)
    leader = await sessionUser(app.services, await createUser(app.db, 'porteuse@exemple.fr', 'Inès Porteuse'))
    applicationId = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
  })

  const context = () => ({ env: { ...app.services.env, ...s3.env } })

  /** The attachments form, sent as an upload (multipart) when it carries a file. */
  const post = (fields: Record<string, string | File>) =>
    app.call(attachmentsRoute.action, { user: leader, path: `/mes-candidatures/${applicationId}/pieces-jointes`, params: { id: applicationId }, fields, context: context() })

  /** The download route's answer, or the response it threw (404, 503). */
  const download = (fileId: string) => app.call(downloadRoute.loader, { user: leader, path: `/pieces-jointes/${fileId}`, params: { fileId }, context: context() })

  const files = () => app.db.selectFrom('application_files').select(['id', 'storage_key', 'size_bytes']).where('application_id', '=', applicationId).execute()

  it('une porteuse envoie un PDF, le retrouve avec les mêmes en-têtes qu’avant, puis le supprime du bucket', async () => {
    const pdf = pdfFile('statuts.pdf', ['Statuts de l’association'])
    const sent = await post({ intent: 'add', kind: 'statutes', fichier: pdf })
    expect(sent.status).toBe(302)
    const [row] = await files()
    expect(await storage.stat(row!.storage_key)).toEqual({ size: pdf.size })

    const response = await download(row!.id)
    expect(response.status).toBe(200)
    expect(Object.fromEntries(['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'cache-control'].map((name) => [name, response.headers.get(name)]))).toEqual({
      'content-type': 'application/pdf',
      'content-length': String(pdf.size),
      'content-disposition': `attachment; filename="statuts.pdf"; filename*=UTF-8''statuts.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    })
    expect(response.bytes).toEqual(new Uint8Array(await pdf.arrayBuffer()))

    expect((await post({ intent: 'remove', fileId: row!.id })).status).toBe(302)
    expect(await files()).toEqual([])
    expect(await storage.exists(row!.storage_key)).toBe(false)
  })

  it('un objet disparu du bucket : la page 404 en français, pas une erreur 500', async () => {
    expect((await post({ intent: 'add', kind: 'statutes', fichier: pdfFile() })).status).toBe(302)
    const [row] = await files()
    await storage.remove(row!.storage_key)
    const response = await download(row!.id)
    expect(response.status).toBe(404)
    expect(response.body).toEqual({ message: 'Ce fichier n’est plus disponible. Prévenez l’équipe du programme.' })
  })

  it('le serveur S3 arrêté : 503 en français, le processus continue, rien d’acquitté n’est perdu, et tout revient avec le serveur', async () => {
    expect((await post({ intent: 'add', kind: 'statutes', fichier: pdfFile('statuts.pdf') })).status).toBe(302)
    const [kept] = await files()
    await s3.kill()
    try {
      // An upload the storage could not take is not recorded.
      const refused = await post({ intent: 'add', kind: 'accounts', fichier: pdfFile('comptes.pdf') })
      expect(refused.status).toBe(503)
      expect(refused.body).toEqual({
        message: 'Le stockage des fichiers est momentanément indisponible : votre fichier n’a pas été ajouté. Réessayez dans quelques instants.',
        intent: 'add',
        kind: 'accounts',
      })
      expect((await files()).map((file) => file.id)).toEqual([kept!.id])

      const unavailable = await download(kept!.id)
      expect(unavailable.status).toBe(503)
      expect(unavailable.headers.get('Retry-After')).toBe('5')
      expect(unavailable.body).toEqual({ message: 'Le stockage des fichiers est momentanément indisponible. Merci de réessayer dans quelques instants.' })

      // A removal that cannot reach the storage keeps the row: no file left behind without it.
      const notRemoved = await post({ intent: 'remove', fileId: kept!.id })
      expect(notRemoved.status).toBe(503)
      expect(notRemoved.body).toMatchObject({ message: 'Le stockage des fichiers est momentanément indisponible : le fichier n’a pas été supprimé. Réessayez dans quelques instants.' })
      expect((await files()).map((file) => file.id)).toEqual([kept!.id])
      await expect(acc.storage.get(kept!.storage_key)).rejects.toBeInstanceOf(StorageUnavailableError)
    } finally {
      await s3.restart()
    }
    const back = await download(kept!.id)
    expect(back.status).toBe(200)
    expect(back.bytes.byteLength).toBe(kept!.size_bytes)
  }, 60_000)

  it('la purge des brouillons anciens efface leurs fichiers dans le bucket ; stockage arrêté, elle s’interrompt sans rien effacer', async () => {
    expect((await post({ intent: 'add', kind: 'statutes', fichier: pdfFile() })).status).toBe(302)
    const [row] = await files()
    await app.db.updateTable('calls').set({ opens_at: new Date('2019-12-01T00:00:00Z'), closes_at: new Date('2020-01-01T00:00:00Z') }).where('id', '=', callId).execute()
    const at = new Date('2026-01-01T00:00:00Z')
    await s3.kill()
    try {
      await expect(purgeStaleDrafts(app.db, at, storage)).rejects.toBeInstanceOf(StorageUnavailableError)
      expect((await files()).map((file) => file.id)).toEqual([row!.id])
    } finally {
      await s3.restart()
    }
    expect(await purgeStaleDrafts(app.db, at, storage)).toBe(1)
    expect(await files()).toEqual([])
    expect(await storage.exists(row!.storage_key)).toBe(false)
  }, 60_000)
})

describe('les exports d’avis dans le stockage objet', () => {
  const app = useTestApp()
  let requester: SessionUser
  const scopeId = randomUUID()

  beforeEach(async () => {
    const userId = await createUser(app.db, 'agente@exemple.gouv.fr', 'Agente du service')
    await grant(app.db, userId, 'service_team', 'service', scopeId)
    requester = await sessionUser(app.services, userId)
  })

  async function pendingExport(): Promise<string> {
    const filters = { from: '2026-01-01', to: '2026-12-31', placementId: null, versionId: null, satisfaction: null }
    const row = await app.db
      .insertInto('feedback_exports')
      .values({ requested_by: requester.id, scope_type: 'service', scope_id: scopeId, format: 'csv', filters, file_name: 'avis-essai.csv', expires_at: new Date(Date.now() + 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  const download = (exportId: string) =>
    app.call(exportDownloadRoute.loader, { user: requester, path: `/services/exports/${exportId}`, params: { exportId }, context: { env: { ...app.services.env, ...s3.env } } })

  it('le fichier prêt est dans le bucket (aucun morceau en base), se télécharge après la vérification d’accès, puis la purge l’efface', async () => {
    const exportId = await pendingExport()
    await runExport(app.db, exportId, storage)
    expect(await app.db.selectFrom('feedback_export_chunks').select('seq').where('export_id', '=', exportId).execute()).toEqual([])
    expect(await storage.exists(exportChunkKey(exportId, 0))).toBe(true)

    const response = await download(exportId)
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    expect(response.headers.get('Content-Disposition')).toBe('attachment; filename="avis-essai.csv"')
    expect(Buffer.from(response.bytes).toString('utf8')).toBe(`\uFEFF${EXPORT_COLUMNS.join(';')}\r\n`)

    await app.db.updateTable('feedback_exports').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', exportId).execute()
    expect(await purgeExpiredExports(app.db, new Date(), storage)).toBe(1)
    expect(await storage.exists(exportChunkKey(exportId, 0))).toBe(false)
  })

  it('stockage arrêté : l’export n’est jamais marqué prêt sans son fichier, le téléchargement répond 503 en français, la purge s’interrompt', async () => {
    const ready = await pendingExport()
    await runExport(app.db, ready, storage)
    const pending = await pendingExport()
    await s3.kill()
    try {
      await expect(runExport(app.db, pending, storage)).rejects.toBeInstanceOf(StorageUnavailableError)
      expect((await app.db.selectFrom('feedback_exports').select('status').where('id', '=', pending).executeTakeFirstOrThrow()).status).toBe('failed')

      const unavailable = await download(ready)
      expect(unavailable.status).toBe(503)
      expect(unavailable.body).toEqual({ message: 'Le stockage des fichiers est momentanément indisponible. Merci de réessayer dans quelques instants.' })

      await app.db.updateTable('feedback_exports').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', ready).execute()
      await expect(purgeExpiredExports(app.db, new Date(), storage)).rejects.toBeInstanceOf(StorageUnavailableError)
      expect(await app.db.selectFrom('feedback_exports').select('id').where('id', '=', ready).execute()).toHaveLength(1)
    } finally {
      await s3.restart()
    }
    // The queue's retry, with the bucket back, builds it.
    await runExport(app.db, pending, storage)
    expect((await download(pending)).status).toBe(200)
    expect(await purgeExpiredExports(app.db, new Date(), storage)).toBe(1)
    expect(await storage.exists(exportChunkKey(ready, 0))).toBe(false)
  }, 60_000)
})

describe('la suppression de compte avec le stockage objet', () => {
  const app = useTestApp()
  const saved: Record<string, string | undefined> = {}

  beforeAll(() => {
    // deleteAccount reads the storage settings from the process environment, as the server does.
    for (const [name, value] of Object.entries(s3.env)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
  })
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  it('la démonstration écrit ses fichiers d’exemple là où le serveur les lit : dans le bucket, pas sur le disque', async () => {
    await sampleFiles()
    expect(await text(await storage.get('demo/statuts-exemple'))).toContain('%PDF')
  })

  it('stockage arrêté : 503 en français, le compte et ses brouillons restent ; stockage revenu, tout est effacé, fichiers compris', async () => {
    const callId = await createCallRow(app.db)
    const person = await sessionUser(app.services, await createUser(app.db, 'porteur@exemple.fr', 'Porteur'))
    const draft = await createApplicationRow(app.db, { callId, ownerId: person.id, withFiles: true })
    for (const kind of ['statuts', 'comptes']) await storage.put(`applications/${draft}/${kind}`, new Uint8Array([1, 2, 3]))
    const remove = () => app.call(deleteAccountRoute.action, { user: person, path: '/profil/suppression', fields: { confirmation: person.email } })
    await s3.kill()
    try {
      const refused = await remove()
      expect(refused.status).toBe(503)
      expect(refused.body).toEqual({ message: 'Le stockage des fichiers est momentanément indisponible : votre compte n’a pas été supprimé. Réessayez dans quelques instants.' })
      expect(await app.db.selectFrom('applications').select('id').where('id', '=', draft).execute()).toHaveLength(1)
      expect((await app.db.selectFrom('users').select('deleted_at').where('id', '=', person.id).executeTakeFirstOrThrow()).deleted_at).toBeNull()
    } finally {
      await s3.restart()
    }
    expect((await remove()).status).toBe(302)
    expect(await app.db.selectFrom('applications').select('id').where('id', '=', draft).execute()).toEqual([])
    expect(await storage.exists(`applications/${draft}/statuts`)).toBe(false)
    expect(await storage.exists(`applications/${draft}/comptes`)).toBe(false)
  }, 60_000)
})
