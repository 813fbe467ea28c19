// Attachments as a leader uploads them (issue 16 #3 and #10, issue 17 #9): the type is read from
// the content with bounded work, the name ends with that type's extension, and a refusal is
// given back for the file field.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import { addAttachment, listAttachments } from '#app/accelerator/applications/applications.server.ts'
import { detectionWork } from '#app/accelerator/applications/attachment-files.server.ts'
import { exportRows } from '#app/accelerator/exports.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'
import * as attachmentsRoute from '#app/routes/mes-candidatures.$id.pieces-jointes.tsx'
import * as downloadRoute from '#app/routes/pieces-jointes.$fileId.tsx'
import { acceleratorTestServices, createApplicationRow, createCallRow, createUser, pdfFile } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'
import { docxBomb, docxBytes } from '#tests/helpers/zip.ts'

const UPLOADS = '/tmp/aic-test-uploads'
const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve('tests/fixtures/attachments', name)))

const app = useTestApp()
let acc: AcceleratorServices
let callId: string
let leader: SessionUser
let applicationId: string

beforeAll(() => {
  // The download route reads from UPLOADS_DIR: upload to the same place.
  acc = { ...acceleratorTestServices(app.services), storage: storageFor(UPLOADS) }
})
beforeEach(async () => {
  callId = await createCallRow(app.db)
  leader = await sessionUser(app.services, await createUser(app.db, 'porteuse@exemple.fr', 'Inès Porteuse'))
  applicationId = await createApplicationRow(app.db, { callId, ownerId: leader.id, withFiles: false })
})

async function storedNames() {
  return (await app.db.selectFrom('application_files').select(['original_name', 'content_type']).orderBy('created_at').execute()).map((row) => `${row.original_name} ${row.content_type}`)
}

async function markSubmitted() {
  await app.db.updateTable('applications').set({ state: 'deposee', reference: 'AIC-TEST-X', submitted_at: new Date(), last_submitted_at: new Date(), submission_count: 1 }).where('id', '=', applicationId).execute()
}

const uploadsContext = () => ({ env: { ...app.services.env, UPLOADS_DIR: UPLOADS } })
const download = (fileId: string) => app.call(downloadRoute.loader, { user: leader, path: `/pieces-jointes/${fileId}`, params: { fileId }, context: uploadsContext() })

describe('la bombe de décompression (issue 16 #3)', () => {
  it('un DOCX de 200 Ko qui se décompresse en 200 Mo est refusé avec un message en français, sans être décompressé', async () => {
    const bomb = new File([await docxBomb()], 'statuts.docx')
    const inflatedBefore = detectionWork.inflatedBytes
    const before = process.memoryUsage()
    const result = await addAttachment(acc, leader, applicationId, 'statutes', bomb)
    const after = process.memoryUsage()
    expect(result).toEqual({
      ok: false,
      status: 400,
      message: 'Ce fichier est endommagé ou anormalement compressé : il n’a pas été ajouté. Enregistrez-le de nouveau depuis votre logiciel (ou en PDF), puis réessayez. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.',
    })
    expect(detectionWork.inflatedBytes - inflatedBefore).toBe(0)
    // `file-type` inflated it in full: +598 MB of RSS and 9.7 s measured on this machine.
    expect(after.rss - before.rss).toBeLessThan(32 * 1024 * 1024)
    expect(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers).toBeLessThan(16 * 1024 * 1024)
    console.info(`addAttachment(bombe) : RSS +${((after.rss - before.rss) / 1048576).toFixed(1)} Mo, tas + tampons +${((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1048576).toFixed(1)} Mo`)
    expect(await storedNames()).toEqual([])
  }, 60_000)
})

describe('types acceptés et refusés', () => {
  it('accepte les documents écrits par Word et OpenOffice, les photos et les PDF', async () => {
    const files = [
      new File([fixture('word.docx')], 'Statuts.docx'),
      new File([fixture('openoffice.odt')], 'Comptes 2025.odt'),
      new File([fixture('thumbnail.jpeg')], 'photo.jpeg'),
      new File([fixture('thumbnail.png')], 'affiche.png'),
      pdfFile('charte.pdf'),
    ]
    for (const file of files) expect(await addAttachment(acc, leader, applicationId, 'other', file)).toMatchObject({ ok: true })
    expect(await storedNames()).toEqual([
      'Statuts.docx application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Comptes 2025.odt application/vnd.oasis.opendocument.text',
      'photo.jpeg image/jpeg',
      'affiche.png image/png',
      'charte.pdf application/pdf',
    ])
  })

  it('refuse un document à macros et un tableur, en disant que ce format n’est pas accepté', async () => {
    const docm = docxBytes('<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>')
    expect(await addAttachment(acc, leader, applicationId, 'other', new File([docm], 'budget.docm'))).toEqual({
      ok: false,
      status: 400,
      message: 'Les fichiers .docm ne sont pas acceptés. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.',
    })
    // Renamed to .docx, the same content is not a valid .docx.
    expect(await addAttachment(acc, leader, applicationId, 'other', new File([docm], 'budget.docx'))).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('ne correspond pas à un fichier .docx valide') })
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Budget').addRow(['Poste', 'Montant'])
    const xlsx = new File([new Uint8Array(await workbook.xlsx.writeBuffer())], 'budget.xlsx')
    expect(await addAttachment(acc, leader, applicationId, 'other', xlsx)).toMatchObject({ ok: false, status: 400, message: 'Les fichiers .xlsx ne sont pas acceptés. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.' })
    expect(await storedNames()).toEqual([])
  })
})

describe('noms des pièces jointes (issue 16 #10)', () => {
  it('un « virus.exe » qui contient un PDF est gardé et téléchargé sous le nom « virus.pdf »', async () => {
    const added = await addAttachment(acc, leader, applicationId, 'statutes', pdfFile('virus.exe'))
    if (!added.ok) throw new Error(added.message)
    expect(await storedNames()).toEqual(['virus.pdf application/pdf'])
    const response = await download(added.id)
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="virus.pdf"; filename*=UTF-8''virus.pdf`)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
  })

  it('retire U+202E, qui faisait lire « ab‮gpj.pdf » comme « abfdp.jpg »', async () => {
    const added = await addAttachment(acc, leader, applicationId, 'statutes', pdfFile('ab\u202Egpj.pdf'))
    if (!added.ok) throw new Error(added.message)
    expect(await storedNames()).toEqual(['abgpj.pdf application/pdf'])
    expect((await download(added.id)).headers.get('Content-Disposition')).toBe(`attachment; filename="abgpj.pdf"; filename*=UTF-8''abgpj.pdf`)
  })

  it('les noms enregistrés avant la correction sont nettoyés dans les pages, l’export et le téléchargement', async () => {
    await markSubmitted()
    const submitted = applicationId
    const storageKey = `applications/${submitted}/ancien`
    const bytes = new Uint8Array(await pdfFile().arrayBuffer())
    await acc.storage.put(storageKey, bytes)
    const row = await app.db
      .insertInto('application_files')
      .values({ application_id: submitted, kind: 'statutes', original_name: 'ab\u202Egpj.exe', content_type: 'application/pdf', size_bytes: bytes.byteLength, sha256: 'x', storage_key: storageKey, uploaded_by: leader.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    expect((await listAttachments(app.db, submitted)).map((file) => file.original_name)).toEqual(['abgpj.pdf'])
    const exported = []
    for await (const batch of exportRows(app.db, callId)) exported.push(...batch)
    expect(exported.map((line) => line.files)).toEqual([['abgpj.pdf']])
    expect((await download(row.id)).headers.get('Content-Disposition')).toBe(`attachment; filename="abgpj.pdf"; filename*=UTF-8''abgpj.pdf`)
  })
})

describe('le refus s’affiche à côté du champ fichier (issue 17 #9)', () => {
  const post = (file: File, kind = 'accounts') =>
    app.call(attachmentsRoute.action, {
      user: leader,
      path: `/mes-candidatures/${applicationId}/pieces-jointes`,
      params: { id: applicationId },
      fields: { intent: 'add', kind, fichier: file },
      context: uploadsContext(),
    })

  it('un contenu refusé est rendu pour le champ « fichier », avec le type de document choisi', async () => {
    const response = await post(new File([await docxBomb(8 * 1024 * 1024)], 'comptes.docx'))
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ message: expect.stringMatching(/^Ce fichier est endommagé/), field: 'fichier', intent: 'add', kind: 'accounts' })
  })

  it('une page ouverte avant la migration 0024 envoie encore statuts, comptes, autre : acceptés, rangés en anglais (décision 112)', async () => {
    for (const french of ['statuts', 'comptes', 'autre']) expect((await post(pdfFile(`${french}.pdf`), french)).status).toBe(302)
    const kinds = await app.db.selectFrom('application_files').select(['kind', 'original_name']).where('application_id', '=', applicationId).orderBy('created_at').execute()
    expect(kinds).toEqual([
      { kind: 'statutes', original_name: 'statuts.pdf' },
      { kind: 'accounts', original_name: 'comptes.pdf' },
      { kind: 'other', original_name: 'autre.pdf' },
    ])
    // A refused file sent with the French kind gives the English one back, which the page's select knows.
    const refused = await post(new File([await docxBomb(8 * 1024 * 1024)], 'comptes.docx'), 'comptes')
    expect(refused.body).toMatchObject({ field: 'fichier', intent: 'add', kind: 'accounts' })
  })

  it('un type de document inconnu est rendu pour le champ « type de document »', async () => {
    const response = await post(pdfFile(), 'inconnu')
    expect(response.status).toBe(400)
    expect(response.body).toEqual({ message: 'Choisissez le type de document.', field: 'kind' })
  })

  it('une candidature déposée refuse l’ajout au-dessus du formulaire, pas sur le champ', async () => {
    await markSubmitted()
    const response = await post(pdfFile())
    expect(response.status).toBe(409)
    expect(response.body).not.toHaveProperty('field')
  })
})
