import type { Browser, Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

/** A new leader with a fresh draft on the open call; returns the application's address. */
async function startDraft(page: Page, email: string): Promise<string> {
  await signIn(page, email)
  await page.goto('/appels/appel-2026/candidater')
  await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  return new URL(page.url()).pathname
}

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('une section s’enregistre par le bouton ; une erreur de format est signalée à côté du champ, le texte est gardé', async ({ page }) => {
    const path = await startDraft(page, uniqueEmail('sansjs'))
    await page.goto(`${path}/structure`)
    await page.getByLabel('Nom de la structure').fill('Atelier vélo solidaire')
    await page.getByLabel('Entreprise de l’économie sociale et solidaire').check({ force: true })
    await page.getByLabel('Numéro SIRET').fill('123 456 789 01234')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect(page.getByText(/^Section enregistrée à/)).toBeVisible()
    await expect(page.getByLabel('Nom de la structure')).toHaveValue('Atelier vélo solidaire')
    await expect(page.getByLabel('Numéro SIRET')).toHaveValue('12345678901234')
    await expect(page.getByText('Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.')).toBeVisible()
    await expect(page.getByLabel('Numéro SIRET')).toHaveAttribute('aria-invalid', 'true')
    // The section is marked « à compléter » in the menu.
    await expect(page.getByRole('link', { name: /^Votre structure/ })).toContainText('À compléter')
  })
})

async function openTwice(browser: Browser, email: string) {
  const context = await browser.newContext()
  const first = await context.newPage()
  const path = await startDraft(first, email)
  const second = await context.newPage()
  await first.goto(`${path}/projet`)
  await second.goto(`${path}/projet`)
  return { context, first, second, path }
}

test('deux onglets modifient la même section : rien n’est écrasé en silence, la personne choisit', async ({ browser }) => {
  const { context, first, second, path } = await openTwice(browser, uniqueEmail('conflit'))
  await first.getByLabel('Nom du projet').fill('Titre du premier onglet')
  await first.keyboard.press('Tab')
  await expect(first.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()

  await second.getByLabel('Nom du projet').fill('Titre du second onglet')
  await second.keyboard.press('Tab')
  const alert = second.getByRole('alert').filter({ hasText: 'pendant que vous écriviez' })
  await expect(alert).toBeVisible()
  await expect(alert).toContainText('Nom du projet : Titre du premier onglet')
  await expect(second.getByLabel('Nom du projet')).toHaveValue('Titre du second onglet')
  await expectAccessible(second)
  // Saved text is still the first tab's until the person decides.
  const check = await context.newPage()
  await check.goto(`${path}/projet`)
  await expect(check.getByLabel('Nom du projet')).toHaveValue('Titre du premier onglet')

  await second.getByRole('button', { name: 'Enregistrer ma version' }).first().click()
  await expect(second.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()
  await check.reload()
  await expect(check.getByLabel('Nom du projet')).toHaveValue('Titre du second onglet')
  await context.close()
})

test('un fichier qui se dit PDF sans en être un est refusé avec un message clair', async ({ page }) => {
  const path = await startDraft(page, uniqueEmail('fauxpdf'))
  await page.goto(`${path}/pieces-jointes`)
  await page.getByLabel('Type de document').selectOption('statuts')
  await page.locator('input[name="fichier"]').setInputFiles({ name: 'statuts.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') })
  await page.getByRole('button', { name: 'Ajouter ce fichier' }).click()
  await expect(page.getByRole('alert')).toContainText('Le contenu de ce fichier ne correspond pas à un fichier .pdf valide.')
  await expect(page.getByText('Aucun fichier pour le moment.')).toBeVisible()
  await expectAccessible(page)
})

test('une personne qui change l’adresse pour lire la candidature d’une autre obtient une page 404', async ({ browser }) => {
  const ownerContext = await browser.newContext()
  const path = await startDraft(await ownerContext.newPage(), uniqueEmail('proprietaire'))
  const intruderContext = await browser.newContext()
  const intruder = await intruderContext.newPage()
  await signIn(intruder, uniqueEmail('curieux'))
  for (const suffix of ['', '/structure', '/pieces-jointes', '/depot', '/messages', '/attestation']) {
    expect((await intruder.goto(`${path}${suffix}`))?.status(), suffix).toBe(404)
  }
  await expect(intruder.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible()
  await Promise.all([ownerContext.close(), intruderContext.close()])
})

test('une porteuse seule qui double-clique puis enregistre vite ne voit jamais de conflit, et retrouve son texte', async ({ page }) => {
  const path = await startDraft(page, uniqueEmail('rapide'))
  await page.goto(`${path}/structure`)
  await page.getByLabel('Nom de la structure').fill('Atelier vélo solidaire')
  await page.getByLabel('Association', { exact: true }).check({ force: true })
  await page.getByLabel('Numéro RNA (associations)').fill('W751234567')
  await page.getByLabel('Adresse du siège').fill('3 rue de Belleville, 75019 Paris')
  await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).dblclick()
  await expect(page.getByRole('heading', { level: 1, name: 'Votre projet' })).toBeVisible()

  const summary = 'Des vélos réparés et prêtés aux habitants du quartier. '.repeat(12).trim()
  await page.getByLabel('Nom du projet').fill('Vélos pour tous')
  await page.getByLabel('Description du projet').fill(summary)
  await page.getByLabel('Le problème auquel le projet répond').fill('Peu de vélos abordables dans le quartier.')
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByText(/^Section enregistrée à/)).toBeVisible()
  await expect(page.getByText('a modifié cette section')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'Non enregistré' })).toHaveCount(0)

  // The next visit shows everything that was typed, in both sections.
  await page.goto(`${path}/projet`)
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Vélos pour tous')
  await expect(page.getByLabel('Description du projet')).toHaveValue(summary)
  await expect(page.getByLabel('Le problème auquel le projet répond')).toHaveValue('Peu de vélos abordables dans le quartier.')
  await page.goto(`${path}/structure`)
  await expect(page.getByLabel('Nom de la structure')).toHaveValue('Atelier vélo solidaire')
})
