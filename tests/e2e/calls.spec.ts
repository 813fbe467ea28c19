import { expect, expectAccessible, signIn, test } from './fixtures.ts'

function parisLocal(daysFromNow: number, time: string): string {
  const date = new Date(Date.now() + daysFromNow * 24 * 3600 * 1000)
  const day = date.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })
  return `${day}T${time}`
}

test('l’équipe crée un appel, règle sa grille, l’ouvre, puis en publie une nouvelle version motivée', async ({ page }) => {
  test.setTimeout(120_000)
  const suffix = Date.now().toString(36)
  const title = `Appel e2e ${suffix}`
  const slug = `appel-e2e-${suffix}`
  await test.step('L’équipe crée l’appel en brouillon, après une adresse de page refusée', async () => {
    await signIn(page, 'equipe@demo.aic.gouv.fr')
    await page.getByRole('link', { name: 'Gérer les appels à projets' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Appels à projets' })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Créer un appel' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Créer un appel' })).toBeVisible()
    await expectAccessible(page)

    await page.getByLabel('Titre de l’appel').fill(title)
    await page.getByLabel('Adresse de la page publique').fill('Pas une adresse !')
    await page.getByLabel('Ouverture des candidatures').fill(parisLocal(-1, '09:00'))
    await page.getByLabel('Date limite de dépôt').fill(parisLocal(30, '12:00'))
    await page.getByLabel('Résultats attendus le').fill(parisLocal(80, '00:00').slice(0, 10))
    await page.getByRole('button', { name: 'Créer l’appel en brouillon' }).click()
    // A mistake is explained next to the field, and what was typed stays.
    await expect(page.getByText('Utilisez des lettres minuscules sans accents')).toBeVisible()
    await expect(page.getByLabel('Titre de l’appel')).toHaveValue(title)
    await expectAccessible(page)
    await page.getByLabel('Adresse de la page publique').fill(slug)
    await page.getByRole('button', { name: 'Créer l’appel en brouillon' }).click()
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(page.getByText('L’appel est créé en brouillon.')).toBeVisible()
    await expectAccessible(page)
  })

  // The information can be edited; every change is kept in the audit log.
  await test.step('L’équipe modifie les informations de l’appel', async () => {
    await page.getByRole('link', { name: 'Modifier les informations' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Modifier l’appel' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Nombre de projets accompagnés').fill('12')
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click()
    await expect(page.getByText('Modifications enregistrées.')).toBeVisible()
    await expect(page.getByText('12 projets accompagnés au plus')).toBeVisible()
  })

  // The grid: pre-filled with the programme's criteria; change a weight.
  await test.step('L’équipe règle la grille de l’appel', async () => {
    await page.getByRole('link', { name: 'Modifier la grille et l’éligibilité' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Grille et éligibilité' })).toBeVisible()
    await expectAccessible(page)
    await page.locator('#critere-0-poids').fill('4')
    await page.getByRole('button', { name: 'Enregistrer la grille' }).click()
    await expect(page.getByText('Grille enregistrée (version 1).')).toBeVisible()
    await expect(page.getByText('Poids : 4 sur').first()).toBeVisible()
  })

  // Not public yet.
  await test.step('L’équipe ouvre l’appel, jusque-là invisible du public', async () => {
    expect((await page.request.get(`/appels/${slug}`)).status()).toBe(404)
    await page.getByRole('button', { name: 'Ouvrir l’appel maintenant' }).click()
    await expect(page.getByText('L’appel est ouvert : sa page publique accepte les candidatures.')).toBeVisible()
  })

  // Once open, a change of the grid needs a reason and makes version 2.
  await test.step('L’équipe publie une version 2 de la grille, avec son motif', async () => {
    await page.getByRole('link', { name: 'Modifier la grille et l’éligibilité' }).click()
    await page.locator('#critere-6-nom').fill('')
    for (const field of ['description', 'niveau-1', 'niveau-2', 'niveau-3', 'niveau-4', 'niveau-5', 'poids']) await page.locator(`#critere-6-${field}`).fill('')
    await page.locator('#critere-6-jury').selectOption('')
    await page.getByRole('button', { name: 'Publier la version 2' }).click()
    await expect(page.getByText('L’appel est ouvert : écrivez le motif de cette nouvelle version.').first()).toBeVisible()
    await page.getByLabel('Motif de la nouvelle version').fill('La gouvernance partagée est déjà évaluée avec l’ouverture.')
    await page.locator('#critere-6-nom').fill('')
    for (const field of ['description', 'niveau-1', 'niveau-2', 'niveau-3', 'niveau-4', 'niveau-5', 'poids']) await page.locator(`#critere-6-${field}`).fill('')
    await page.locator('#critere-6-jury').selectOption('')
    await page.getByRole('button', { name: 'Publier la version 2' }).click()
    await expect(page.getByText('Grille enregistrée (version 2).')).toBeVisible()
  })

  // The public sees the call, its grid with the level descriptions, and the version note.
  await test.step('Une visiteuse sans compte lit l’appel, sa grille et la note de version', async () => {
    await page.goto('/appels')
    await expect(page.getByRole('link', { name: title })).toBeVisible()
    await page.getByRole('link', { name: title }).click()
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(page.getByText('Version 2 de la grille')).toContainText('La gouvernance partagée est déjà évaluée avec l’ouverture.')
    await expect(page.getByRole('heading', { name: 'Gouvernance partagée' })).toHaveCount(0)
    await page.getByText('Les cinq niveaux de ce critère').first().click()
    await expect(page.getByText('Le projet sert surtout les intérêts de ses membres ou d’un petit groupe.')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'L’accompagnement de trois mois' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Déposer une candidature' }).first()).toBeVisible()
    await expectAccessible(page)
  })
})

test('la liste publique des appels et la page de l’appel ouvert sont accessibles sans compte', async ({ page }) => {
  await page.goto('/appels')
  await expect(page.getByRole('heading', { level: 1, name: 'Appels à projets' })).toBeVisible()
  await expect(page).toHaveTitle('Appels à projets – Accélérateur d’initiatives citoyennes')
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Appel à projets, 3e édition' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Qui peut candidater ?' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Effet levier de l’accompagnement de l’État' })).toBeVisible()
  await expectAccessible(page)
  // Without an account, « Déposer une candidature » asks to sign in first, then comes back.
  await page.getByRole('link', { name: 'Déposer une candidature' }).first().click()
  await expect(page).toHaveURL(/\/connexion\?redirection=%2Fappels%2Fedition-3%2Fcandidater$/)
  expect((await page.request.get('/appels/appel-inconnu')).status()).toBe(404)
})
