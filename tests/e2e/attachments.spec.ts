// Attachments in the browser: a refused file is said next to the file field, with and without
// JavaScript (issue 17 #9); the zip bomb is refused (issue 16 #3); names take the extension of
// the content and lose invisible characters (issue 16 #10).
import type { Page } from '@playwright/test'
import { docxBomb } from '../helpers/zip.ts'
import { expect, expectAccessible, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })
// Each journey signs in, creates a draft and uploads several files: room for a loaded CI machine.
test.describe.configure({ timeout: 180_000 })

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** A new leader with a fresh draft on the open call, on its attachments page. */
async function attachmentsPage(page: Page, email: string): Promise<void> {
  await signIn(page, email)
  await page.goto('/appels/edition-3/candidater')
  await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  await page.goto(`${new URL(page.url()).pathname}/pieces-jointes`)
}

async function upload(page: Page, kind: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Type de document').selectOption(kind)
  await page.locator('input[name="fichier"]').setInputFiles(file)
  await page.getByRole('button', { name: 'Ajouter ce fichier' }).click()
}

/** The refusal is in the file field's group, tied to the input, and not in a banner above the form. */
async function expectRefusedAtFileField(page: Page, message: string | RegExp) {
  const group = page.locator('.fr-upload-group')
  await expect(group).toHaveClass(/fr-upload-group--error/)
  await expect(group.locator('.fr-error-text')).toHaveText(message)
  const input = page.locator('input[name="fichier"]')
  await expect(input).toHaveAttribute('aria-invalid', 'true')
  await expect(input).toHaveAccessibleDescription(message)
  await expect(page.getByRole('heading', { name: 'Le fichier n’a pas été ajouté' })).toHaveCount(0)
  await expect(page.getByText('Aucun fichier pour le moment.')).toBeVisible()
}

const FAKE_PDF = { name: 'statuts.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') }

test('un fichier refusé est signalé à côté du champ, qui reçoit le focus ; la bombe de décompression est refusée', async ({ page }) => {
  await attachmentsPage(page, uniqueEmail('refus'))
  await upload(page, 'statutes', FAKE_PDF)
  await expectRefusedAtFileField(page, 'Le contenu de ce fichier ne correspond pas à un fichier .pdf valide. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.')
  await expect(page.locator('input[name="fichier"]')).toBeFocused()
  await expectAccessible(page)

  // The 200 MB bomb of issue 16: refused at once, the chosen document type kept.
  await upload(page, 'accounts', { name: 'comptes.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(await docxBomb()) })
  await expectRefusedAtFileField(page, /^Ce fichier est endommagé ou anormalement compressé : il n’a pas été ajouté\./)
  await expect(page.getByLabel('Type de document')).toHaveValue('accounts')

  // A good file afterwards clears the error.
  await upload(page, 'statutes', { name: 'statuts.pdf', mimeType: 'application/pdf', buffer: PDF })
  await expect(page.getByText('Le fichier est ajouté à votre candidature.')).toBeVisible()
  await expect(page.locator('.fr-upload-group')).not.toHaveClass(/fr-upload-group--error/)
})

test('le nom prend l’extension du contenu et perd ses caractères invisibles, dans la page et au téléchargement', async ({ page }) => {
  await attachmentsPage(page, uniqueEmail('noms'))
  await upload(page, 'statutes', { name: 'virus.exe', mimeType: 'application/octet-stream', buffer: PDF })
  await expect(page.getByText('Le fichier est ajouté à votre candidature.')).toBeVisible()
  await upload(page, 'accounts', { name: 'ab\u202Egpj.pdf', mimeType: 'application/pdf', buffer: PDF })
  await expect(page.getByText('Le fichier est ajouté à votre candidature.')).toBeVisible()
  const links = page.getByRole('table').getByRole('link')
  await expect(links).toHaveText(['virus.pdf', 'abgpj.pdf'])
  const response = await page.request.get((await links.first().getAttribute('href'))!)
  expect(response.headers()['content-disposition']).toBe(`attachment; filename="virus.pdf"; filename*=UTF-8''virus.pdf`)
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('le refus est écrit à côté du champ fichier dans la page renvoyée', async ({ page }) => {
    await attachmentsPage(page, uniqueEmail('refus-sansjs'))
    await upload(page, 'accounts', FAKE_PDF)
    await expectRefusedAtFileField(page, 'Le contenu de ce fichier ne correspond pas à un fichier .pdf valide. Formats acceptés : PDF, ODT, DOCX, JPG, PNG.')
    await expect(page.getByLabel('Type de document')).toHaveValue('accounts')
    // No axe here: it runs as a script in the page and hangs when JavaScript is off
    // (dequelabs/axe-core-npm#529). The same markup is checked with JavaScript above.
  })
})
