import { expect, expectAccessible, latestEmail, linkIn, signIn, test, uniqueEmail } from './fixtures.ts'

// Services Publics+ from end to end: a person tells an experience (without JavaScript), a moderator
// redacts and publishes it, an agent answers in public, the author's e-mail arrives, a change is
// linked and shown on the national page, the public figures, the open data and the API follow.
test.describe.configure({ mode: 'serial' })

const SERVICE = 'Demande de carte d’identité'

test('raconter → modérer (masquer) → publier → répondre → e-mail → changement → pages publiques, données ouvertes et API', async ({ browser, page, request }) => {
  test.setTimeout(180_000)
  const suffix = Date.now().toString(36)
  const title = `Accueil en mairie ${suffix}`
  const author = uniqueEmail('usager')

  // A reader with JavaScript (axe needs it), who comes back at each public step.
  const readerContext = await browser.newContext()
  const reader = await readerContext.newPage()

  // 1. The public pages (axe needs JavaScript: checked with a JavaScript reader) ...
  await test.step('Une lectrice parcourt les pages publiques, une personne sans JavaScript raconte son expérience', async () => {
    await reader.goto('/experiences')
    await expect(reader.getByRole('heading', { level: 1, name: 'Expériences des usagers' })).toBeVisible()
    await expectAccessible(reader)
    await reader.getByRole('link', { name: SERVICE, exact: true }).click()
    await expect(reader.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible()
    await expectAccessible(reader)
    await reader.getByRole('link', { name: 'Raconter votre expérience' }).click()
    await expect(reader.getByRole('heading', { level: 1, name: 'Raconter votre expérience' })).toBeVisible()
    await expect(reader.getByText('Votre adresse e-mail n’est jamais publiée')).toBeVisible()
    await expectAccessible(reader)
    await reader.getByRole('button', { name: 'Envoyer mon expérience' }).click()
    await expect(reader.getByText('Saisissez un titre.')).toBeVisible()
    await expectAccessible(reader)
    const tellPath = new URL(reader.url()).pathname

    // ... and a person without JavaScript tells an experience (plain HTML posts).
    const noScript = await browser.newContext({ javaScriptEnabled: false })
    const visitor = await noScript.newPage()
    await visitor.goto(tellPath)
    await visitor.getByRole('button', { name: 'Envoyer mon expérience' }).click()
    await expect(visitor.getByText('Saisissez un titre.')).toBeVisible()
    await expect(visitor.getByText('Confirmez que vous avez lu ce qui sera publié.')).toBeVisible()
    await visitor.getByLabel('Titre').fill(title)
    await visitor.getByLabel('Ce qui s’est passé').fill('Je suis venue à la mairie pour ma carte. Martine m’a très bien reçue, mais on m’a dit de rappeler au 01 23 45 67 89, qui ne répond jamais. <script>alert(1)</script>')
    await visitor.getByLabel('Par téléphone').check({ force: true })
    await visitor.getByLabel('Neutre').check({ force: true })
    await visitor.getByLabel('Prénom ou pseudonyme (facultatif, public)').fill('Nadia')
    await visitor.getByLabel('Adresse e-mail (facultatif, jamais publiée)').fill(author)
    await visitor.getByLabel(/J’ai lu ce qui sera publié/).check({ force: true })
    await visitor.getByRole('button', { name: 'Envoyer mon expérience' }).click()
    await expect(visitor.getByRole('heading', { level: 1, name: 'Merci pour votre expérience' })).toBeVisible()
    await reader.goto(new URL(visitor.url()).pathname)
    await expectAccessible(reader)
    await noScript.close()
  })

  // 2. The service team moderates: publishing without a decision on the flagged passage is refused.
  const experienceUrl = await test.step('L’équipe du service masque le passage signalé et publie l’expérience', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.goto('/services')
    await page.getByRole('link', { name: SERVICE }).first().click()
    await page.getByRole('link', { name: 'Expériences publiques' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Expériences des usagers' })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: title }).click()
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(page.locator('mark')).toContainText('01 23 45 67 89')
    await expectAccessible(page)
    await page.screenshot({ path: 'test-results/experiences-moderation.png', fullPage: true })
    await page.getByRole('button', { name: 'Publier', exact: true }).click()
    await expect(page.getByText(/Décidez pour chaque passage surligné/)).toBeVisible()
    await page.getByRole('group', { name: /Passage 1/ }).getByLabel('Effacer').check({ force: true })
    await page.getByLabel('Autres passages à masquer (facultatif)').fill('Martine')
    await page.getByRole('button', { name: 'Publier', exact: true }).click()
    await expect(page.getByText('L’expérience est publiée.')).toBeVisible()
    await expect(page.getByText('J’ai lu')).toHaveCount(0)
    return page.url()
  })

  // 3. An agent answers in public, signed with the service and a role.
  await test.step('Une agente répond en public et ajoute un commentaire interne', async () => {
    // Without JavaScript, a refused answer (no role) comes back with its text, the error next to the field.
    const noScript = await browser.newContext({ javaScriptEnabled: false })
    await noScript.addCookies(await page.context().cookies())
    const agent = await noScript.newPage()
    await agent.goto(experienceUrl)
    await agent.getByLabel('Réponse', { exact: true }).fill('Brouillon de réponse sans fonction')
    await agent.getByRole('button', { name: 'Publier la réponse' }).click()
    await expect(agent.getByText('Saisissez votre fonction.')).toBeVisible()
    await expect(agent.getByLabel('Réponse', { exact: true })).toHaveValue('Brouillon de réponse sans fonction')
    await noScript.close()

    await page.getByLabel('Réponse', { exact: true }).fill('Merci de votre message. Le numéro de rappel est corrigé sur nos courriers.')
    await page.getByLabel('Votre fonction').fill('Responsable de l’accueil')
    await page.getByRole('button', { name: 'Publier la réponse' }).click()
    await expect(page.getByText('Votre réponse est publiée')).toBeVisible()
    await page.getByLabel('Nouveau commentaire').fill('Commentaire interne à ne jamais publier')
    await page.getByRole('button', { name: 'Ajouter le commentaire' }).click()
    await expect(page.getByText('Votre commentaire interne est enregistré.')).toBeVisible()
    await expectAccessible(page)
  })

  // 4. The author's e-mail arrives with the link to the public page.
  const publicPath = await test.step('L’autrice reçoit l’e-mail avec le lien de la page publique', async () => {
    const mail = await latestEmail(request, author, { subject: /a répondu à votre expérience/ })
    const link = linkIn(mail.text, /http:\/\/[^\s]+\/experiences\/[0-9a-f-]{36}/)
    const publicPath = new URL(link).pathname
    expect(experienceUrl).toContain(publicPath.split('/').pop()!)
    return publicPath
  })

  // 5. The public page: redacted text, signed answer, no internal comment.
  await test.step('La lectrice lit l’expérience masquée et la réponse signée, sans le commentaire interne', async () => {
    await reader.goto(publicPath)
    await expect(reader.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(reader.getByText(/\[supprimé\] m’a très bien reçue/)).toBeVisible()
    await expect(reader.getByText('01 23 45 67 89')).toHaveCount(0)
    await expect(reader.getByText('<script>alert(1)</script>', { exact: false })).toBeVisible()
    await expect(reader.getByText(/Responsable de l’accueil, Demande de carte d’identité/)).toBeVisible()
    await expect(reader.getByText('Commentaire interne à ne jamais publier')).toHaveCount(0)
    await expectAccessible(reader)
  })

  // 6. The team records a change made, linked to this experience; the national page shows it.
  await test.step('L’équipe enregistre un changement lié à l’expérience, que la page nationale montre', async () => {
    await page.getByRole('link', { name: 'Changements' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Changements' })).toBeVisible()
    await expectAccessible(page)
    const change = `Numéro de rappel corrigé ${suffix}`
    await page.getByRole('textbox', { name: /^Titre/ }).fill(change)
    await page.getByLabel('Description').fill('Le bon numéro figure maintenant sur tous les courriers de rendez-vous.')
    await page.getByLabel('Changement réalisé').check({ force: true })
    await page.getByLabel('Date de réalisation (si réalisé)').fill('2026-11-30')
    await page.getByLabel(title).check({ force: true })
    // A short review behind it too: the public sees how many, never its text.
    await page.getByRole('group', { name: /Avis « Je donne mon avis » à l’origine/ }).getByRole('checkbox').first().check({ force: true })
    await page.getByRole('button', { name: 'Enregistrer le changement' }).click()
    await expect(page.getByText('Le changement est enregistré et publié.')).toBeVisible()

    await reader.goto('/experiences/changements')
    await expect(reader.getByRole('heading', { level: 1, name: 'Vous nous l’avez dit, nous l’avons fait' })).toBeVisible()
    const item = reader.getByRole('listitem').filter({ has: reader.getByRole('heading', { name: change }) })
    await expect(item.getByRole('link', { name: title })).toBeVisible()
    await expect(item.getByText('À l’origine : 1 avis et 1 expérience.')).toBeVisible()
    await expectAccessible(reader)
    await reader.goto(publicPath)
    await expect(reader.getByText('Ce retour a contribué à un changement.')).toBeVisible()
  })

  // 7. Public figures of the service (a table), and the open data.
  await test.step('La lectrice consulte les chiffres du service et les données ouvertes', async () => {
    await reader.goto('/experiences')
    await reader.getByRole('link', { name: SERVICE, exact: true }).click()
    const table = reader.getByRole('table', { name: /Expériences et réponses/ })
    await expect(table.getByRole('row', { name: /Expériences publiées ayant reçu une réponse/ })).toBeVisible()
    await expect(reader.getByRole('heading', { level: 3, name: title })).toBeVisible()
    await reader.screenshot({ path: 'test-results/experiences-service.png', fullPage: true })
    await expectAccessible(reader)
    await reader.goto('/experiences/donnees')
    await expect(reader.getByRole('heading', { level: 1, name: 'Données ouvertes des expériences et des avis' })).toBeVisible()
    await expectAccessible(reader)
    const csv = await (await request.get('/experiences/donnees/experiences.csv')).text()
    expect(csv).toContain(title)
    expect(csv).not.toContain('01 23 45 67 89')
    expect(csv).not.toContain(author)
  })

  // 8. An API key of the organisation reads the data; a forged key gets 401.
  await test.step('L’équipe crée une clé d’API qui lit les données ; une clé inventée est refusée', async () => {
    await page.goto('/services')
    await page.getByRole('link', { name: 'Tableau de bord de l’organisation' }).first().click()
    await page.getByRole('link', { name: 'Gérer les clés d’API' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Clés d’API' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Nom de la clé').fill(`Parcours ${suffix}`)
    await page.getByRole('button', { name: 'Créer la clé' }).click()
    const key = (await page.getByTestId('nouvelle-cle').textContent())!.trim()
    expect(key).toMatch(/^spp_/)
    await expectAccessible(page)
    const api = await request.get('/api/v1/experiences', { headers: { Authorization: `Bearer ${key}` } })
    expect(api.status()).toBe(200)
    expect(JSON.stringify(await api.json())).toContain(title)
    expect((await request.get('/api/v1/experiences', { headers: { Authorization: `Bearer spp_${'a'.repeat(43)}` } })).status()).toBe(401)
    expect((await request.get('/api/v1/experiences')).status()).toBe(401)
    const openapi = await (await request.get('/api/v1/openapi.json')).json()
    expect(Object.keys(openapi.paths)).toContain('/experiences')
    await reader.goto('/api/documentation')
    await expect(reader.getByRole('heading', { level: 1, name: 'Documentation de l’API' })).toBeVisible()
    await expectAccessible(reader)
  })
  await readerContext.close()
})
