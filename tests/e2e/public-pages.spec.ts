import { expect, expectAccessible, test } from './fixtures.ts'

const PAGES = [
  { path: '/', heading: /Porter un projet citoyen avec l’État/ , title: 'Accueil' },
  { path: '/connexion', heading: 'Se connecter', title: 'Connexion' },
  { path: '/accessibilite', heading: 'Déclaration d’accessibilité', title: 'Déclaration d’accessibilité' },
  { path: '/mentions-legales', heading: 'Mentions légales', title: 'Mentions légales' },
  { path: '/donnees-personnelles', heading: 'Données personnelles', title: 'Données personnelles' },
  { path: '/gestion-cookies', heading: 'Gestion des cookies', title: 'Gestion des cookies' },
  { path: '/plan-du-site', heading: 'Plan du site', title: 'Plan du site' },
  { path: '/dev/boite-mail', heading: 'Boîte d’envoi de démonstration', title: 'Boîte d’envoi de démonstration' },
]

for (const { path, heading, title } of PAGES) {
  test(`la page ${path} est en français, titrée et accessible`, async ({ page }) => {
    const response = await page.goto(path)
    expect(response?.status()).toBe(200)
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
    await expect(page).toHaveTitle(`${title} – Accélérateur d’initiatives citoyennes`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
    // The DSFR stylesheet is linked and applied (the header is laid out, not raw HTML).
    const headerDisplay = await page.locator('.fr-header__body').evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(headerDisplay).not.toBe('')
    await expect(page.getByRole('link', { name: 'Accessibilité : non conforme' })).toBeVisible()
    await expectAccessible(page)
  })
}

test('une adresse inconnue affiche la page 404 du DSFR', async ({ page }) => {
  const response = await page.goto('/cette-page-n-existe-pas')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible()
  await expect(page.getByText('Erreur 404')).toBeVisible()
  await expect(page).toHaveTitle('Page non trouvée – Accélérateur d’initiatives citoyennes')
  await expectAccessible(page)
})

test('les liens d’évitement mènent au contenu au clavier', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Contenu' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#contenu$/)
})

test('les en-têtes de sécurité sont présents', async ({ request }) => {
  const response = await request.get('/')
  const headers = response.headers()
  const csp = headers['content-security-policy'] ?? ''
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
  expect(csp).not.toContain("'unsafe-inline' 'self' 'nonce")
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  expect(csp).toContain("frame-ancestors 'self'")
  expect(csp).toContain("object-src 'none'")
  expect(headers['strict-transport-security']).toContain('max-age=')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['x-frame-options']).toBe('SAMEORIGIN')
  expect(headers['x-request-id']).toMatch(/^[\w-]{8,}$/)
  expect(headers['x-powered-by']).toBeUndefined()
  const nonce = csp.match(/'nonce-([^']+)'/)![1]!
  const html = await response.text()
  expect(html).toContain(`nonce="${nonce}"`)
  const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value)
  const csrf = cookies.find((c) => c.startsWith('__Host-aic-csrf='))
  expect(csrf).toBeDefined()
  expect(csrf).toMatch(/HttpOnly/i)
  expect(csrf).toMatch(/Secure/i)
  expect(csrf).toMatch(/SameSite=Lax/i)
  expect(csrf).toMatch(/Path=\//)
})

test('healthz vérifie la base de données', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toMatchObject({ status: 'ok' })
})

test('un envoi de formulaire sans jeton CSRF est refusé en français', async ({ request }) => {
  const response = await request.post('/connexion', { form: { email: 'quelquun@exemple.fr' } })
  expect(response.status()).toBe(403)
  expect(await response.text()).toContain('Votre formulaire a expiré ou ne provient pas de ce site')
})

test('une requête trop volumineuse est refusée avant d’être lue', async ({ request }) => {
  const response = await request.post('/connexion', { form: { email: 'x'.repeat(2 * 1024 * 1024) } })
  expect(response.status()).toBe(413)
})
