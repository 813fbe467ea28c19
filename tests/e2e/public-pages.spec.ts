import { STATEMENT } from '#app/accessibility/statement.server.ts'
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
    // The footer's mention is the grid's state of conformity (decision 096).
    await expect(page.getByRole('link', { name: `Accessibilité : ${STATEMENT.level}` })).toBeVisible()
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

test('les en-têtes de sécurité sont présents (page à formulaire : nonce et cookie CSRF)', async ({ request }) => {
  const response = await request.get('/connexion')
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

// Issue 21: public pages come with the hashes of their inline scripts instead of a nonce. They
// must still hydrate with no CSP violation, and a form reached from them by client navigation
// gets its CSRF token (the root data is asked again).
test('une page publique gardable en cache s’hydrate sans violation de CSP, et le formulaire atteint ensuite a son jeton', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} on ${location.pathname}`))
  })
  for (const path of ['/', '/experiences', '/appels', '/plan-du-site']) {
    const response = await page.goto(path)
    expect(response?.headers()['cache-control']).toMatch(/^public, /)
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/)
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized))
  }
  // A client navigation (no document request) to the sign-in form.
  await page.goto('/')
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter))
  await page.evaluate(() => ((window as unknown as { documentRequests: number }).documentRequests = 1))
  await page.getByRole('link', { name: 'Se connecter' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Se connecter' })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { documentRequests?: number }).documentRequests)).toBe(1)
  await expect(page.locator('input[name="csrf"]')).not.toHaveValue('')
  await page.getByLabel(/Adresse e-mail/).first().fill('citoyenne@demo.aic.gouv.fr')
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).first().click()
  await expect(page).toHaveURL(/\/connexion\/code/)
  expect(violations).toEqual([])
})

test('robots.txt et favicon.ico sont servis depuis public/, et les espaces réservés ne sont pas indexés', async ({ request }) => {
  const robots = await request.get('/robots.txt')
  expect(robots.status()).toBe(200)
  expect(robots.headers()['content-type']).toMatch(/^text\/plain/)
  const rules = await robots.text()
  for (const area of ['/equipe', '/mes-candidatures', '/instruction', '/evaluation', '/accompagnement', '/integration']) expect(rules).toContain(`Disallow: ${area}\n`)
  const favicon = await request.get('/favicon.ico')
  expect(favicon.status()).toBe(200)
  expect(favicon.headers()['content-type']).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/)
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
