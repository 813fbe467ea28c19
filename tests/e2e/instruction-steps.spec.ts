// Issue 17 #4, #6, #8 as a person sees them: the correction request's error on the group of fields
// to correct (unfolded), its preview, with and without JavaScript; the instruction page's « Où en
// est la candidature »; the juries prepared while the call is open.
import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })
// Journeys of several page loads, each checked with axe.
test.describe.configure({ timeout: 180_000 })

/** The agent opens one of the open call's deposited demo applications (each test its own). */
async function openDeposited(page: Page, title: string) {
  await test.step('L’instructeur ouvre une candidature déposée de l’appel ouvert', async () => {
    await signIn(page, 'instructeur@demo.aic.gouv.fr')
    await page.goto('/instruction')
    await page.getByRole('link', { name: 'Appel à projets, 3e édition' }).click()
    await page.getByLabel('Rechercher').fill(title)
    await page.getByRole('button', { name: 'Filtrer' }).click()
    // The filtered list must have arrived: a click on the unfiltered list's link would be undone by it.
    await expect(page).toHaveURL(/[?&]q=/)
    await page.getByRole('link', { name: title }).click()
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  })
}

const guidance = (page: Page) => page.locator('#etat-et-suite')

/** `axe: false` without JavaScript: axe runs inside the page, which then cannot run scripts (the same page is checked with JavaScript). */
async function correctionJourney(page: Page, { axe }: { axe: boolean }) {
  await test.step('L’instructeur passe la candidature en instruction', async () => {
    await expect(guidance(page)).toContainText('État : Déposée.')
    await expect(guidance(page)).toContainText('Prochaine action : Passez-la en instruction')
    await page.getByRole('button', { name: 'Passer en instruction' }).click()
    await expect(page.getByText('La candidature est passée en instruction.')).toBeVisible()
    await expect(guidance(page)).toContainText('État : En instruction.')
    await expect(guidance(page)).toContainText('Complétez la vérification de l’éligibilité')
  })

  // No field ticked: the error is on the group « Champs à corriger », unfolded; not on the message.
  const message = page.getByLabel('Message aux porteurs')
  const group = page.getByRole('group', { name: /^Champs à corriger/ })
  await test.step('L’instructeur demande une correction sans cocher de champ : l’erreur est sur « Champs à corriger »', async () => {
    await message.fill('Merci de joindre vos derniers comptes approuvés.')
    await page.getByRole('button', { name: 'Demander une correction' }).click()
    await expect(group).toBeVisible()
    await expect(group).toHaveClass(/fr-fieldset--error/)
    await expect(group).toHaveAccessibleName(/Cochez au moins un champ à corriger : le porteur y sera conduit directement\./)
    await expect(group.getByText('Cochez au moins un champ à corriger : le porteur y sera conduit directement.')).toBeVisible()
    await expect(page.locator('details:has(#' + (await group.getAttribute('id')) + ')')).toHaveAttribute('open', '')
    await expect(message).not.toHaveAttribute('aria-invalid', 'true')
    await expect(message).toHaveValue('Merci de joindre vos derniers comptes approuvés.')
    if (axe) await expectAccessible(page)
  })

  // The preview: what the leaders will receive, nothing sent.
  await test.step('L’instructeur coche un champ et prévisualise l’e-mail des porteurs, sans rien envoyer', async () => {
    await group.getByLabel('Derniers comptes approuvés (ou budget prévisionnel pour une structure de moins d’un an)').check({ force: true })
    await page.getByRole('button', { name: 'Prévisualiser' }).click()
    const preview = page.getByRole('region', { name: 'Aperçu : ce que recevront les porteurs' })
    await expect(preview).toBeVisible()
    await expect(preview).toContainText('Rien n’est encore envoyé.')
    await expect(preview).toContainText(/objet : Correction demandée : /)
    await expect(preview).toContainText('Message de l’équipe : « Merci de joindre vos derniers comptes approuvés. »')
    await expect(preview.getByRole('listitem')).toHaveText(['Pièces jointes – Derniers comptes approuvés (ou budget prévisionnel pour une structure de moins d’un an)'])
    await expect(page.getByRole('group', { name: /^Champs à corriger/ })).not.toHaveClass(/fr-fieldset--error/)
    await expect(guidance(page)).toContainText('État : En instruction.')
    if (axe) await expectAccessible(page)
  })

  // Sent as previewed; the page says what happens next.
  await test.step('L’instructeur envoie la demande telle que prévisualisée', async () => {
    await page.getByRole('button', { name: 'Demander une correction' }).click()
    await expect(page.getByText('La demande de correction est envoyée aux porteurs.')).toBeVisible()
    await expect(guidance(page)).toContainText('État : Correction demandée.')
    await expect(guidance(page)).toContainText('elle reviendra en instruction')
  })
}

test('avec JavaScript : l’erreur sur les champs à corriger, l’aperçu, puis l’envoi ; l’état et la prochaine action à chaque étape', async ({ page }) => {
  await openDeposited(page, 'Colocations intergénérationnelles')
  await correctionJourney(page, { axe: true })
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('la même demande de correction, par des envois de formulaire simples', async ({ page }) => {
    await openDeposited(page, 'Points numériques sur les fleuves')
    await correctionJourney(page, { axe: false })
  })
})

test('« Recevable » après la vérification de l’éligibilité', async ({ page }) => {
  await openDeposited(page, 'Vérifier l’information en bibliothèque')
  await test.step('L’instructeur passe la candidature en instruction', async () => {
    await page.getByRole('button', { name: 'Passer en instruction' }).click()
    await expect(page.getByText('La candidature est passée en instruction.')).toBeVisible()
  })
  // Too early: refused next to its button, naming what remains.
  await test.step('L’instructeur déclare recevable trop tôt : refus à côté du bouton', async () => {
    await page.getByRole('button', { name: 'Déclarer recevable' }).click()
    await expect(page.getByText(/Pour déclarer la candidature recevable, répondez « Oui » à chaque point/)).toBeVisible()
  })
  await test.step('L’instructeur répond « Oui » à chaque point de l’éligibilité', async () => {
    const eligibility = page.getByRole('region', { name: 'Éligibilité' })
    for (const legend of await eligibility.locator('fieldset legend').allTextContents()) {
      await eligibility.getByRole('group', { name: legend.trim() }).getByLabel('Oui').check({ force: true })
    }
    await page.getByRole('button', { name: 'Enregistrer la vérification' }).click()
    await expect(page.getByText('La vérification de l’éligibilité est enregistrée.')).toBeVisible()
    await expect(guidance(page)).toContainText('Chaque point de l’éligibilité est à « Oui » : déclarez la candidature recevable.')
  })
  await test.step('L’instructeur déclare la candidature recevable', async () => {
    await page.getByRole('button', { name: 'Déclarer recevable' }).click()
    await expect(page.getByText('La candidature est déclarée recevable.')).toBeVisible()
    await expect(guidance(page)).toContainText('État : Recevable.')
    await expect(guidance(page)).toContainText('évaluée par les jurys après la clôture')
    await expect(page.getByRole('region', { name: 'Historique' }).getByText('Candidature déclarée recevable')).toBeVisible()
    await expectAccessible(page)
  })
})

test('l’équipe prépare les jurys pendant que l’appel est ouvert', async ({ page }) => {
  await signIn(page, 'equipe@demo.aic.gouv.fr')
  await page.goto('/equipe/appels')
  await page.getByRole('link', { name: 'Appel à projets, 3e édition' }).first().click()
  await page.getByRole('link', { name: 'Préparer les jurys' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Jurys et conflits d’intérêts' })).toBeVisible()
  await expect(page.getByText(/L’appel est encore ouvert, jusqu’au .*L’affectation des candidatures et les évaluations commenceront après la clôture\./)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Envoyer l’invitation' })).toBeVisible()
  await expectAccessible(page)
})
