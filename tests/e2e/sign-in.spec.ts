import { expect, expectAccessible, latestEmail, linkIn, setClock, signInByEmail, signInByLink, test, uniqueEmail } from './fixtures.ts'

const ROLE_HOMES = [
  { email: 'equipe@demo.aic.gouv.fr', path: '/equipe', heading: 'Équipe du programme' },
  { email: 'instructeur@demo.aic.gouv.fr', path: '/instruction', heading: 'Instruction des candidatures' },
  { email: 'citoyenne@demo.aic.gouv.fr', path: '/panel', heading: 'Panel citoyen' },
  { email: 'mentor@demo.aic.gouv.fr', path: '/accompagnement', heading: 'Accompagnement des projets' },
  { email: 'service@demo.aic.gouv.fr', path: '/services', heading: 'Mes services publics' },
  { email: 'porteuse@demo.aic.gouv.fr', path: '/mes-candidatures', heading: 'Mes candidatures' },
]

for (const { email, path, heading } of ROLE_HOMES) {
  test(`${email} se connecte et arrive sur son espace`, async ({ page }) => {
    await signInByEmail(page, email, { fresh: true })
    await expect(page).toHaveURL(new RegExp(`${path}$`))
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
    await expectAccessible(page)
  })
}

test('connexion par code à six chiffres, puis déconnexion', async ({ page }) => {
  const email = uniqueEmail('code')
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
  await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
  await expectAccessible(page)
  const mail = await latestEmail(page.request, email)
  const code = mail.subject.match(/\d{6}/)![0]
  await page.getByLabel('Code de connexion').fill('000000' === code ? '111111' : '000000')
  await page.getByRole('button', { name: 'Me connecter' }).click()
  await expect(page.getByRole('alert')).toContainText('Ce code n’est pas le bon')
  await expectAccessible(page)
  await page.getByLabel('Code de connexion').fill(code)
  await page.getByRole('button', { name: 'Me connecter' }).click()
  await expect(page).toHaveURL(/\/mes-candidatures$/)
  await page.getByRole('button', { name: 'Se déconnecter' }).first().click()
  await expect(page).toHaveURL(/\/\?deconnexion=1$/)
  await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible()
  const response = await page.goto('/profil')
  expect(response?.url()).toContain('/connexion?redirection=%2Fprofil')
})

test('connexion par le lien reçu ; rejoué, le lien est refusé avec un message en français', async ({ page, browser }) => {
  const email = uniqueEmail('rejeu')
  await signInByLink(page, email)
  await expect(page).toHaveURL(/\/mes-candidatures$/)
  const mail = await latestEmail(page.request, email)
  const link = linkIn(mail.text, /\/connexion\/lien\?jeton=[\w-]+/)
  const otherContext = await browser.newContext()
  const other = await otherContext.newPage()
  const response = await other.goto(link)
  expect(response?.status()).toBe(400)
  await expect(other.getByRole('alert')).toContainText('a déjà servi')
  await expect(other.getByRole('button', { name: 'Se déconnecter' })).toHaveCount(0)
  await expectAccessible(other)
  await otherContext.close()
})

test('un lien expiré est refusé avec un message en français', async ({ page }) => {
  const email = uniqueEmail('expire')
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
  const mail = await latestEmail(page.request, email)
  const link = linkIn(mail.text, /\/connexion\/lien\?jeton=[\w-]+/)
  await setClock(page.request, 11 * 60_000)
  try {
    const response = await page.goto(link)
    expect(response?.status()).toBe(400)
    await expect(page.getByRole('alert')).toContainText('a expiré')
  } finally {
    await setClock(page.request, 0)
  }
})

test('un jeton inventé est refusé', async ({ page }) => {
  const response = await page.goto(`/connexion/lien?jeton=${'A'.repeat(43)}`)
  expect(response?.status()).toBe(400)
  await expect(page.getByRole('alert')).toContainText('n’est pas valide')
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('une adresse invalide est signalée à côté du champ, en français', async ({ page }) => {
    await page.goto('/connexion')
    await page.getByLabel('Adresse e-mail').fill('pas-une-adresse')
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
    await expect(page.getByText('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.')).toBeVisible()
    await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true')
  })

  test('la connexion complète fonctionne en envoi de formulaire classique', async ({ page }) => {
    const email = uniqueEmail('sansjs')
    await page.goto('/connexion')
    await page.getByLabel('Adresse e-mail').fill(email)
    await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
    await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
    const mail = await latestEmail(page.request, email)
    await page.getByLabel('Code de connexion').fill(mail.subject.match(/\d{6}/)![0])
    await page.getByRole('button', { name: 'Me connecter' }).click()
    await expect(page).toHaveURL(/\/mes-candidatures$/)
  })
})
