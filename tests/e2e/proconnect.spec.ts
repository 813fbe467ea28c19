import type { Page } from '@playwright/test'
import { expect, expectAccessible, signInByEmail, test } from './fixtures.ts'
import { PROCONNECT_TEST_USERS } from './proconnect-provider.mjs'
import { proconnectTestConfig } from './proconnect-test-config.mjs'

// ProConnect is played by tests/e2e/proconnect-provider.mjs on loopback (see playwright.config.ts).
const provider = proconnectTestConfig(Number(process.env.E2E_PORT ?? 3100))
type TestUser = keyof typeof PROCONNECT_TEST_USERS

/** From our sign-in page to the provider's page, as an agent would. */
async function openProConnect(page: Page) {
  await page.goto('/connexion')
  await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click()
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`))
  await expect(page.getByRole('heading', { name: 'S’identifier avec ProConnect' })).toBeVisible()
}

async function chooseAgent(page: Page, user: TestUser) {
  await page.getByRole('button', { name: new RegExp(PROCONNECT_TEST_USERS[user].email.replace(/\./g, '\\.')) }).click()
}

/**
 * Signs in up to ProConnect's redirect back to us, and stops there: returns the callback URL
 * (code, state) without letting the browser open it. The browser starts the sign-in and shows
 * the provider's page; the provider's form is then posted with the browser's own cookies
 * (page.request shares them), without following the last redirect — Playwright cannot stop a
 * redirect the browser follows.
 */
async function callbackUrlFor(page: Page, user: TestUser): Promise<string> {
  await openProConnect(page)
  const action = await page.locator(`form:has(input[name="compte"][value="${user}"])`).getAttribute('action')
  let response = await page.request.post(new URL(action!, provider.issuer).href, { form: { compte: user }, maxRedirects: 0 })
  let location = response.headers()['location']
  while (location && new URL(location, provider.issuer).origin === provider.issuer) {
    response = await page.request.get(new URL(location, provider.issuer).href, { maxRedirects: 0 })
    location = response.headers()['location']
  }
  expect(location).toContain('/connexion/proconnect/retour?')
  return location!
}

async function expectRefused(page: Page, url: string, message: string | RegExp) {
  const response = await page.goto(url)
  expect(response?.status()).toBe(400)
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion avec ProConnect' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText(message)
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0)
}

test('un agent inconnu se connecte avec ProConnect pour la première fois et apprend à qui demander un rôle', async ({ page }) => {
  await page.goto('/connexion')
  await expect(page.getByRole('heading', { level: 2, name: 'Vous êtes agent public' })).toBeVisible()
  await expect(page.getByRole('link', { name: /Qu’est-ce que ProConnect/ })).toHaveAttribute('href', 'https://www.proconnect.gouv.fr/')
  await expectAccessible(page)

  await openProConnect(page)
  await chooseAgent(page, 'agent-inconnu')
  await expect(page).toHaveURL(/\/connexion\/proconnect\/bienvenue$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Aucun rôle ne vous est encore attribué' })).toBeVisible()
  await expect(page.getByText('Bonjour Dominique Martin.')).toBeVisible()
  await expect(page.getByText('Organisation : Ministère de la Culture')).toBeVisible()
  await expect(page.getByText('Demandez à l’équipe du programme (DITP / DINUM) de vous inviter, à l’adresse dominique.martin@culture.gouv.fr.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
  await expectAccessible(page)

  // No role: the agents' spaces stay closed.
  const response = await page.goto('/equipe')
  expect(response?.status()).toBe(403)
})

test('un agent invité se connecte avec ProConnect et arrive avec le rôle de son invitation', async ({ page, browser }) => {
  const agent = PROCONNECT_TEST_USERS['agent-invite']
  await signInByEmail(page, 'equipe@demo.aic.gouv.fr')
  await page.goto('/equipe/personnes')
  await page.getByLabel('Adresse e-mail').fill(agent.email)
  await page.getByLabel('Rôle', { exact: true }).selectOption({ label: 'Équipe de service public' })
  await page.getByLabel('Périmètre').selectOption({ label: 'Ministère de l’Intérieur' })
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(page.getByText('Invitation envoyée.')).toBeVisible()

  const agentContext = await browser.newContext()
  const agentPage = await agentContext.newPage()
  await openProConnect(agentPage)
  await chooseAgent(agentPage, 'agent-invite')
  await expect(agentPage).toHaveURL(/\/services\?bienvenue=1$/)
  await expect(agentPage.getByRole('heading', { level: 1, name: 'Mes services publics' })).toBeVisible()
  await expectAccessible(agentPage)
  await agentContext.close()

  // The team sees the agent among the people with a role, and the acceptance in the journal.
  await page.goto('/equipe/personnes')
  await expect(page.getByRole('cell', { name: agent.email })).toBeVisible()
  await page.goto('/equipe/journal')
  await expect(page.getByRole('cell', { name: 'invitation.accepted' }).first()).toBeVisible()
})

test('un retour de ProConnect dont le state a été modifié est refusé, sans session', async ({ page }) => {
  const callback = new URL(await callbackUrlFor(page, 'agent-inconnu'))
  const tampered = new URL(callback)
  tampered.searchParams.set('state', `${callback.searchParams.get('state')!.slice(0, -2)}xx`)
  await expectRefused(page, tampered.pathname + tampered.search, 'ne correspond à aucune connexion commencée dans ce navigateur')
  await expectAccessible(page)

  const withoutState = new URL(callback)
  withoutState.searchParams.delete('state')
  await expectRefused(page, withoutState.pathname + withoutState.search, 'La réponse de ProConnect est incomplète')
})

test('un retour de ProConnect ne sert qu’une fois, et jamais dans un autre navigateur', async ({ page, browser }) => {
  const callback = new URL(await callbackUrlFor(page, 'agent-inconnu'))
  const path = callback.pathname + callback.search

  // Another browser (the link was copied, or forced on someone): refused.
  const otherContext = await browser.newContext()
  const other = await otherContext.newPage()
  await expectRefused(other, path, 'ne correspond à aucune connexion commencée dans ce navigateur')
  await otherContext.close()

  await page.goto(path)
  await expect(page).toHaveURL(/\/connexion\/proconnect\/bienvenue$/)
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click()
  await expect(page).toHaveURL(/\/\?deconnexion=1$/)
  await expectRefused(page, path, 'Cette connexion ProConnect a déjà servi')
})

test('un code expiré chez ProConnect est refusé, sans session', async ({ page }) => {
  const callback = new URL(await callbackUrlFor(page, 'agent-inconnu'))
  const expired = await page.request.post(`${provider.issuer}/__test__/codes/expire`, { form: { code: callback.searchParams.get('code')! } })
  expect(expired.status()).toBe(204)
  await expectRefused(page, callback.pathname + callback.search, 'le code reçu a expiré ou a déjà servi')
})

test('un code déjà échangé, rejoué avec une nouvelle connexion, est refusé', async ({ page, browser }) => {
  const first = new URL(await callbackUrlFor(page, 'agent-inconnu'))
  await page.goto(first.pathname + first.search)
  await expect(page).toHaveURL(/\/connexion\/proconnect\/bienvenue$/)

  // Someone who saw the first code starts their own sign-in and swaps the code in.
  const attackerContext = await browser.newContext()
  const attacker = await attackerContext.newPage()
  const second = new URL(await callbackUrlFor(attacker, 'agent-inconnu'))
  second.searchParams.set('code', first.searchParams.get('code')!)
  await expectRefused(attacker, second.pathname + second.search, 'le code reçu a expiré ou a déjà servi')
  await attackerContext.close()
})

test('un jeton d’identité émis pour un autre service est refusé, sans session', async ({ page }) => {
  await openProConnect(page)
  const response = page.waitForResponse((r) => r.url().includes('/connexion/proconnect/retour'))
  await chooseAgent(page, 'jeton-autre-service')
  expect((await response).status()).toBe(400)
  await expect(page.getByRole('alert')).toContainText('La réponse de ProConnect n’a pas pu être vérifiée')
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0)
  await expectAccessible(page)
})

test('une adresse e-mail non vérifiée par le fournisseur d’identité est refusée', async ({ page }) => {
  await openProConnect(page)
  const response = page.waitForResponse((r) => r.url().includes('/connexion/proconnect/retour'))
  await chooseAgent(page, 'adresse-non-verifiee')
  expect((await response).status()).toBe(400)
  await expect(page.getByRole('alert')).toContainText('n’a pas confirmé votre adresse e-mail')
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0)
})

test('un agent qui annule sur ProConnect revient sans être connecté', async ({ page }) => {
  await openProConnect(page)
  await page.getByRole('button', { name: 'Annuler et revenir au service' }).click()
  await expect(page.getByRole('alert')).toContainText('Vous avez interrompu la connexion sur ProConnect')
  await expect(page.getByRole('link', { name: 'Recommencer la connexion' })).toBeVisible()
})

test('la déconnexion met aussi fin à la session ProConnect', async ({ page }) => {
  await openProConnect(page)
  await chooseAgent(page, 'agent-inconnu')
  await expect(page).toHaveURL(/\/connexion\/proconnect\/bienvenue$/)

  // While the ProConnect session lives, losing only ours signs the agent straight back in.
  await page.context().clearCookies({ name: '__Host-aic-session' })
  await page.goto('/connexion')
  await page.getByRole('link', { name: /S’identifier avec\s*ProConnect/ }).click()
  await expect(page).toHaveURL(/\/connexion\/proconnect\/bienvenue$/)

  const endSession = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/session/end`))
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click()
  expect(new URL((await endSession).url()).searchParams.get('post_logout_redirect_uri')).toMatch(/\/deconnexion\/proconnect$/)
  await expect(page).toHaveURL(/\/\?deconnexion=1$/)
  await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible()

  // Both sessions are over: ProConnect asks who is there again.
  await openProConnect(page)
})
