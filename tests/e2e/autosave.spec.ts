import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 30_000 })
// Each journey signs in twice and waits for retries: more than the default minute on a busy machine.
test.describe.configure({ timeout: 240_000 })

const SESSION_COOKIE = '__Host-aic-session'
const SCREENSHOTS = process.env.AUTOSAVE_SCREENSHOTS

/** A new leader with a fresh draft on the open call; returns the application's address. */
async function startDraft(page: Page, email: string): Promise<string> {
  await signIn(page, email)
  await page.goto('/appels/edition-3/candidater')
  await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  return new URL(page.url()).pathname
}

/** The section's background saves (Remix data requests to the section's address). */
const isSectionSave = (path: string) => (url: URL) => url.pathname === path && url.searchParams.has('_data')

/** The session has expired: the browser no longer has a valid session (the CSRF cookie stays). */
async function expireSession(page: Page) {
  await page.context().clearCookies({ name: SESSION_COOKIE })
}

/** On the sign-in page already open: asks for a code and types the newest one from the demo outbox. */
async function signInAgainHere(page: Page, email: string) {
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
  await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
  const tried = new Set<string>()
  await expect
    .poll(
      async () => {
        if (!new URL(page.url()).pathname.startsWith('/connexion')) return true
        const list = await (await page.request.get(`/dev/boite-mail?a=${encodeURIComponent(email.toLowerCase())}`)).text()
        const code = [...list.matchAll(/>Votre code de connexion : (\d{6})</g)].map((m) => m[1]!).find((c) => !tried.has(c))
        if (!code) return false
        tried.add(code)
        await page.getByLabel('Code de connexion').fill(code)
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/connexion/code'),
          page.getByRole('button', { name: 'Me connecter' }).click(),
        ])
        if (response.status() >= 400) return false
        await page.waitForURL((url) => !url.pathname.startsWith('/connexion'))
        return true
      },
      { timeout: 60_000 },
    )
    .toBe(true)
}

const localCopy = (page: Page) => page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('aic:brouillon:')))

test('l’enregistrement automatique dit l’heure ; une panne du serveur ou du réseau garde le texte, le bandeau reste, puis le texte est enregistré', async ({
  page,
}) => {
  const path = await startDraft(page, uniqueEmail('autosave'))
  // One matcher for route and unroute: Playwright removes a route by the same function.
  const saves = isSectionSave(`${path}/projet`)
  await page.goto(`${path}/projet`)
  await page.getByLabel('Nom du projet').fill('Vélos partagés')
  const status = page.getByRole('status').filter({ hasText: /^Enregistré à \d{1,2} h \d\d$/ })
  await expect(status).toBeVisible()
  expect(await localCopy(page)).toEqual([])

  // The server answers 503 twice, then works again: the banner stays until the automatic retry saves.
  let refused = 0
  await page.route(saves, async (route) => {
    if (refused < 2) {
      refused++
      await route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Service indisponible</h1>' })
    } else await route.continue()
  })
  await page.getByLabel('Description du projet').fill('Un atelier pour réparer et prêter des vélos dans le quartier.')
  const banner = page.getByRole('alert').filter({ hasText: 'Votre texte n’est pas encore enregistré' })
  await expect(banner).toContainText('Le service ne répond pas pour le moment (erreur 503)')
  await expect(page.getByRole('status').filter({ hasText: 'Non enregistré : le service ne répond pas pour le moment.' })).toBeVisible()
  await expect(page.getByLabel('Description du projet')).toHaveValue('Un atelier pour réparer et prêter des vélos dans le quartier.')
  const copy = await localCopy(page)
  expect(copy).toHaveLength(1)
  expect(JSON.parse(copy[0]![1]).values.summary).toBe('Un atelier pour réparer et prêter des vélos dans le quartier.')
  await expectAccessible(page)
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/bandeau-503.png`, fullPage: true })
  // No click: the retries (2 s, then 4 s) end with the server back.
  await expect(status).toBeVisible({ timeout: 30_000 })
  await expect(banner).toHaveCount(0)
  expect(refused).toBe(2)
  expect(await localCopy(page)).toEqual([])
  await page.unroute(saves)

  // The network is down: same banner, the text stays; « Réessayer maintenant » once it is back.
  await page.route(saves, (route) => route.abort('internetdisconnected'))
  await page.getByLabel('Nom du projet').fill('Vélos partagés du quartier')
  await expect(banner).toContainText('La connexion au serveur a échoué')
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/bandeau-reseau.png`, fullPage: true })
  await page.unroute(saves)
  await banner.getByRole('button', { name: 'Réessayer maintenant' }).click()
  await expect(status).toBeVisible({ timeout: 30_000 })
  await expect(banner).toHaveCount(0)

  // What the server has: both texts.
  await page.reload()
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Vélos partagés du quartier')
  await expect(page.getByLabel('Description du projet')).toHaveValue('Un atelier pour réparer et prêter des vélos dans le quartier.')
})

test('la session expire pendant l’écriture : le texte reste, « Se reconnecter » ramène à la section et le texte est enregistré', async ({ page }) => {
  const email = uniqueEmail('session')
  const path = await startDraft(page, email)
  await page.goto(`${path}/projet`)
  await page.getByLabel('Nom du projet').fill('Jardin partagé')
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()

  await expireSession(page)
  const text = 'Un jardin ouvert aux habitants, avec des bacs accessibles en fauteuil.'
  await page.getByLabel('Description du projet').fill(text)
  const banner = page.getByRole('alert').filter({ hasText: 'Votre session a expiré : votre texte n’est pas encore enregistré' })
  await expect(banner).toBeVisible()
  // Still on the section, text in the form: no redirect took it away.
  expect(new URL(page.url()).pathname).toBe(`${path}/projet`)
  await expect(page.getByLabel('Description du projet')).toHaveValue(text)
  await expect(page.getByRole('status').filter({ hasText: 'Non enregistré : votre session a expiré.' })).toBeVisible()
  const reconnect = banner.getByRole('link', { name: 'Se reconnecter' })
  await expect(reconnect).toHaveAttribute('href', `/connexion?redirection=${encodeURIComponent(`${path}/projet`)}`)
  await expectAccessible(page)
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/session-expiree.png`, fullPage: true })

  await reconnect.click()
  await expect(page.getByRole('heading', { name: 'Se connecter' })).toBeVisible()
  await signInAgainHere(page, email)
  // Back on the section: the copy kept in the browser is put back and saved.
  expect(new URL(page.url()).pathname).toBe(`${path}/projet`)
  await expect(page.getByText('Nous avons retrouvé dans ce navigateur le texte que vous aviez saisi')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à \d{1,2} h \d\d$/ })).toBeVisible()
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/texte-retrouve.png`, fullPage: true })
  await expect.poll(() => localCopy(page)).toEqual([])

  // The server has it: a fresh load shows it, with no copy left to restore.
  await page.goto(`${path}/projet`)
  await expect(page.getByLabel('Description du projet')).toHaveValue(text)
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Jardin partagé')
  await expect(page.getByText('Nous avons retrouvé dans ce navigateur')).toHaveCount(0)
})

test('le retour après connexion ne mène jamais hors du site', async ({ page }) => {
  const email = uniqueEmail('redirection')
  await page.goto(`/connexion?redirection=${encodeURIComponent('//evil.example/mes-candidatures')}`)
  await signInAgainHere(page, email)
  // Signed in, on this site's home for the person, not on evil.example.
  expect(page.url()).toMatch(/^http:\/\/localhost:\d+\/mes-candidatures$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Mes candidatures' })).toBeVisible()
})

test('avec JavaScript, « Enregistrer » après expiration de la session donne aussi la page qui rend le texte', async ({ page }) => {
  const path = await startDraft(page, uniqueEmail('session-bouton'))
  await page.goto(`${path}/projet`)
  await expireSession(page)
  await page.getByLabel('Nom du projet').fill('Repair café')
  // Leaving the field saves in the background first (its banner appears, the page grows by a line): the
  // click comes after, as a person's would, not while the button moves under the pointer.
  await page.getByLabel('Nom du projet').blur()
  await expect(page.getByRole('alert').filter({ hasText: 'Votre session a expiré : votre texte n’est pas encore enregistré' })).toBeVisible()
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Votre session a expiré : votre texte n’est pas perdu' })).toBeVisible()
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Repair café')
  await expectAccessible(page)
  if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/session-expiree-page.png`, fullPage: true })
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('une section envoyée après expiration de la session : la page rend le texte, on se reconnecte dans un onglet et on l’enregistre', async ({ page }) => {
    const email = uniqueEmail('sansjs-session')
    const path = await startDraft(page, email)
    await page.goto(`${path}/projet`)
    await expireSession(page)
    const text = 'Une ressourcerie ouverte le samedi.'
    await page.getByLabel('Nom du projet').fill('Ressourcerie')
    await page.getByLabel('Description du projet').fill(text)
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `${path}/projet`),
      page.getByRole('button', { name: 'Enregistrer', exact: true }).click(),
    ])
    expect(response.status()).toBe(401)
    await expect(page.getByRole('heading', { level: 1, name: 'Votre session a expiré : votre texte n’est pas perdu' })).toBeVisible()
    await expect(page.getByLabel('Description du projet')).toHaveValue(text)
    await expect(page.getByLabel('Nom du projet')).toHaveValue('Ressourcerie')
    const reconnect = page.getByRole('link', { name: 'Se reconnecter' })
    await expect(reconnect).toHaveAttribute('target', '_blank')
    await expect(reconnect).toHaveAttribute('href', `/connexion?redirection=${encodeURIComponent(`${path}/projet`)}`)
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/sans-js-session-expiree.png`, fullPage: true })

    // Not signed in yet: sending again gives the same page back, nothing lost.
    await page.getByRole('button', { name: 'Enregistrer mon texte' }).click()
    await expect(page.getByLabel('Description du projet')).toHaveValue(text)

    // Signs in again in another tab, comes back, sends.
    const other = await page.context().newPage()
    await other.goto((await reconnect.getAttribute('href'))!)
    await signInAgainHere(other, email)
    expect(new URL(other.url()).pathname).toBe(`${path}/projet`)
    await page.getByRole('button', { name: 'Enregistrer mon texte' }).click()
    await expect(page.getByRole('status').filter({ hasText: /^Section enregistrée à/ })).toBeVisible()
    await expect(page.getByLabel('Description du projet')).toHaveValue(text)
    await other.reload()
    await expect(other.getByLabel('Nom du projet')).toHaveValue('Ressourcerie')
  })
})
