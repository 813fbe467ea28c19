// The main path of each person, with the keyboard only: Tab to move, Enter and Space to act.
// At every step the focus must be visible and move on (no trap). Mouse clicks are not used here.
import type { Page } from '@playwright/test'
import { expect, latestEmail, signIn, tabTo, test, uniqueEmail } from './fixtures.ts'

async function press(page: Page, key: string) {
  await page.keyboard.press(key)
}

/** Signs in by typing the e-mail and the code. */
async function signInWithKeyboard(page: Page, email: string) {
  await page.goto('/')
  await tabTo(page, page.getByRole('link', { name: 'Se connecter' }).first())
  await press(page, 'Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible()
  await tabTo(page, page.getByLabel('Adresse e-mail'))
  await page.keyboard.type(email)
  await press(page, 'Enter')
  await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
  const mail = await latestEmail(page.request, email, { subject: /code de connexion/ })
  const code = mail.subject.match(/(\d{6})/)![1]!
  await tabTo(page, page.getByLabel('Code de connexion'))
  await page.keyboard.type(code)
  await press(page, 'Enter')
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
}

test('une porteuse se connecte et commence sa candidature au clavier seul', async ({ page }) => {
  const email = uniqueEmail('clavier')
  await signInWithKeyboard(page, email)
  await page.goto('/appels/edition-3')
  await tabTo(page, page.getByRole('link', { name: 'Déposer une candidature' }).first())
  await press(page, 'Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Déposer une candidature' })).toBeVisible()
  await tabTo(page, page.getByRole('button', { name: 'Commencer ma candidature' }))
  await press(page, 'Enter')
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  await tabTo(page, page.getByRole('link', { name: 'Commencer', exact: true }))
  await press(page, 'Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Votre structure' })).toBeVisible()
  await tabTo(page, page.getByLabel('Nom de la structure'))
  await page.keyboard.type('Atelier vélo solidaire')
  // A radio group: Tab enters it, the arrows choose.
  await tabTo(page, page.getByLabel('Association', { exact: true }))
  await press(page, 'Space')
  await expect(page.getByLabel('Association', { exact: true })).toBeChecked()
  await tabTo(page, page.getByRole('button', { name: /Enregistrer/ }).first())
  await press(page, 'Enter')
  await expect(page.getByText(/Enregistré à/).first()).toBeVisible()
  // Focus still moves on: no trap at the end of the form.
  await tabTo(page, page.getByRole('link', { name: /Accessibilité/ }).first(), { max: 120 })
})

test('une personne donne son avis sur un service au clavier seul', async ({ page, browser }) => {
  await signIn(page, 'service@demo.aic.gouv.fr')
  await page.getByRole('link', { name: 'Demande de passeport' }).click()
  await page.getByRole('link', { name: 'Emplacements et intégration' }).click()
  // Each click waits for its page: a click on the page being left would be lost.
  await expect(page.getByRole('heading', { level: 1, name: 'Emplacements et intégration' })).toBeVisible()
  await page.getByRole('link', { name: 'Page de confirmation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Page de confirmation/ })).toBeVisible()
  const formUrl = new URL((await page.getByRole('link', { name: /\/avis\// }).first().getAttribute('href'))!).pathname

  const visitorContext = await browser.newContext()
  const visitor = await visitorContext.newPage()
  await visitor.goto(formUrl)
  await tabTo(visitor, visitor.getByRole('button', { name: 'Très bien' }))
  await press(visitor, 'Enter')
  await expect(visitor.getByText('Étape 2 sur 4')).toBeVisible()
  await tabTo(visitor, visitor.getByRole('radio').first())
  await press(visitor, 'Space')
  await tabTo(visitor, visitor.getByRole('button', { name: 'Continuer' }))
  await press(visitor, 'Enter')
  await expect(visitor.getByText('Étape 3 sur 4')).toBeVisible()
  await tabTo(visitor, visitor.getByRole('checkbox', { name: 'Je n’ai pas eu besoin d’aide' }))
  await press(visitor, 'Space')
  await tabTo(visitor, visitor.getByRole('button', { name: 'Continuer' }))
  await press(visitor, 'Enter')
  await expect(visitor.getByText('Étape 4 sur 4')).toBeVisible()
  await tabTo(visitor, visitor.getByLabel('Souhaitez-vous nous en dire plus ?'))
  await visitor.keyboard.type('Tout était clair, merci.')
  await tabTo(visitor, visitor.getByRole('button', { name: 'Envoyer mon avis' }))
  await press(visitor, 'Enter')
  await expect(visitor.getByRole('heading', { level: 1, name: 'Merci pour votre avis' })).toBeVisible()
  await visitorContext.close()
})

test('une chargée d’accélération enregistre un point d’étape au clavier seul', async ({ page }) => {
  await signIn(page, 'mentor@demo.aic.gouv.fr')
  await page.goto('/accompagnement')
  await tabTo(page, page.getByRole('link', { name: 'Première promotion', exact: true }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Première promotion' })).toBeVisible()
  // A project the other journeys do not use.
  const projects = page.getByRole('table').first().getByRole('link')
  const names = await projects.allInnerTexts()
  const name = names.find((text) => text.trim() && !text.includes('Fabrique numérique de territoire'))!.trim()
  await tabTo(page, projects.filter({ hasText: name }).first(), { max: 150 })
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Enregistrer le point d’étape' }) })
  await tabTo(page, form.getByLabel('Participants'), { max: 250 })
  await page.keyboard.type('Équipe du projet, Sofia Mentor')
  await tabTo(page, form.getByLabel('Compte rendu'))
  await page.keyboard.type('Point au clavier : calendrier validé.')
  await tabTo(page, form.getByRole('radio').first())
  await press(page, 'Space')
  await tabTo(page, form.getByRole('button', { name: 'Enregistrer le point d’étape' }))
  await press(page, 'Enter')
  await expect(page.getByText('Point au clavier : calendrier validé.').first()).toBeVisible()
})
