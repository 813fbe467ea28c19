import { expect, expectAccessible, signIn, test } from './fixtures.ts'

// Moderating at scale (issue 19, decision 102): the organisation writes a refusal template, an agent
// refuses several waiting experiences with it in one go from the queue (oldest waiting time shown);
// a story with links waits in « Spam probable » until the agent clears it; on the public side,
// « moi aussi » is counted once and the service page states its answer rates.
const SERVICE = 'Pré-plainte en ligne'
/** Where the screenshots go: test-results by default, SHOTS_DIR to keep them elsewhere. */
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

test('modèle de refus → refus en lot avec ce modèle ; spam probable → pas spam ; « moi aussi » compté une fois ; taux publics du service', async ({ browser, page }) => {
  test.setTimeout(120_000)
  const suffix = Date.now().toString(36)
  const titles = [`Bouton grisé sur mobile ${suffix}`, `Même souci le lendemain ${suffix}`]
  const bodies = [
    'Ceci est une publicité pour notre boutique en ligne, visitez-la vite pour profiter des promotions.',
    'Encore une réclame pour une boutique : des promotions tous les jours, venez nombreux en magasin.',
  ]
  // Two links: scored 50, held in « Spam probable » (decision 101, complément) until an agent clears it.
  const linked = { title: `Lien vers la bonne page ${suffix}`, body: 'La page https://www.exemple.fr/plainte ne marche pas, j’ai fini par trouver https://www.exemple.fr/aide qui explique tout.' }

  const readerContext = await browser.newContext()
  const reader = await readerContext.newPage()

  // 1. Two people tell an experience on the same service (JavaScript reader, as the public pages).
  await test.step('Trois personnes racontent une expérience sur le même service', async () => {
    await reader.goto('/experiences')
    await reader.getByRole('link', { name: SERVICE, exact: true }).click()
    await expect(reader.getByRole('heading', { level: 1, name: SERVICE })).toBeVisible()
    const servicePath = new URL(reader.url()).pathname
    for (const [title, body] of [...titles.map((title, index) => [title, bodies[index]!]), [linked.title, linked.body]]) {
      await reader.goto(`${servicePath}/raconter`)
      await reader.getByLabel('Titre').fill(title!)
      await reader.getByLabel('Ce qui s’est passé').fill(body!)
      await reader.getByLabel('En ligne').check({ force: true })
      await reader.getByLabel('Neutre').check({ force: true })
      await reader.getByLabel(/J’ai lu ce qui sera publié/).check({ force: true })
      await reader.getByRole('button', { name: 'Envoyer mon expérience' }).click()
      await expect(reader.getByRole('heading', { level: 1, name: 'Merci pour votre expérience' })).toBeVisible()
    }
  })

  // 2. The organisation writes a refusal template (empty state, French messages next to the fields).
  const template = await test.step('L’organisation rédige un modèle de refus, après les messages des champs vides', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.goto('/services')
    await page.getByRole('link', { name: 'Tableau de bord de l’organisation' }).first().click()
    await page.getByRole('link', { name: 'Modèles de refus' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Modèles de refus' })).toBeVisible()
    await expect(page.getByTestId('aucun-modele')).toBeVisible()
    await page.getByRole('button', { name: 'Ajouter le modèle' }).click()
    await expect(page.getByText('Saisissez un nom pour le modèle.')).toBeVisible()
    await expect(page.getByText('Choisissez le motif auquel ce modèle se rattache.')).toBeVisible()
    await expect(page.getByText('Saisissez le message envoyé à l’auteur.')).toBeVisible()
    await expectAccessible(page)
    const template = `Publicité ${suffix}`
    await page.getByLabel(/^Nom du modèle/).fill(template)
    await page.getByLabel(/^Motif/).selectOption('advertising')
    await page.getByLabel(/^Message envoyé à l’auteur/).fill('Ce site publie des expériences vécues avec un service public, pas de messages commerciaux.')
    await page.getByRole('button', { name: 'Ajouter le modèle' }).click()
    await expect(page.getByText('Le modèle est créé')).toBeVisible()
    await expect(page.getByRole('heading', { level: 3, name: template })).toBeVisible()
    await expect(page.getByRole('textbox', { name: /^Nom du modèle/ })).toHaveValue('')
    await expectAccessible(page)
    await page.screenshot({ path: `${SHOTS}/modeles-de-refus.png`, fullPage: true })
    return template
  })

  // 3. The queue, oldest first with the oldest waiting time; both are refused with the template in one go.
  await test.step('L’agente refuse les deux expériences d’un coup avec ce modèle', async () => {
    await page.goto('/services')
    await page.getByRole('link', { name: SERVICE }).first().click()
    await page.getByRole('link', { name: 'Expériences publiques' }).click()
    await expect(page.getByTestId('attente-max')).toHaveText(/La plus ancienne attend depuis/)
    await expect(page.getByRole('link', { name: 'Gérer les modèles de refus de l’organisation' })).toBeVisible()
    for (const title of titles) await page.getByLabel(`Choisir « ${title} »`).check({ force: true })
    await page.getByLabel(/Motif du refus/).selectOption({ label: `Modèle : ${template} (Publicité ou message automatique)` })
    await expectAccessible(page)
    await page.screenshot({ path: `${SHOTS}/file-avant-refus.png`, fullPage: true })
    await page.getByRole('button', { name: 'Refuser la sélection avec ce motif' }).click()
    await expect(page.getByText('2 expérience(s) refusée(s).')).toBeVisible()
    for (const title of titles) await expect(page.getByRole('link', { name: title })).toHaveCount(0)
    await page.getByRole('link', { name: /^Refusées/ }).click()
    for (const title of titles) await expect(page.getByRole('link', { name: title })).toBeVisible()
  })

  // 4. The story with two links was never in the default queue: « Spam probable » holds it; « Pas spam » brings it back.
  await test.step('L’agente retrouve le récit à liens dans « Spam probable » et le remet dans la file', async () => {
    await expect(page.getByRole('link', { name: linked.title })).toHaveCount(0)
    await page.getByRole('link', { name: /^Spam probable \(1\)/ }).click()
    const held = page.getByRole('row', { name: new RegExp(linked.title) })
    await expect(held).toContainText('Plusieurs liens dans le texte')
    await expect(held).toContainText('Retenue par le score')
    await expectAccessible(page)
    await page.screenshot({ path: `${SHOTS}/spam-probable.png`, fullPage: true })
    // Opened on its own, the story says it is held, and why.
    await held.getByRole('link', { name: linked.title }).click()
    await expect(page.getByRole('heading', { level: 1, name: linked.title })).toBeVisible()
    await expect(page.getByText(/Spam probable : elle n’est ni dans la file « À modérer » ni publique \(.*Plusieurs liens dans le texte.*\)/)).toBeVisible()
    await expectAccessible(page)
    await page.screenshot({ path: `${SHOTS}/spam-tenue.png` })
    await page.getByRole('link', { name: 'Ouvrir la file « Spam probable »' }).click()
    await page.getByLabel(`Choisir « ${linked.title} »`).check({ force: true })
    await page.getByRole('button', { name: 'Pas spam : remettre la sélection dans la file' }).click()
    await expect(page.getByText('1 expérience(s) remise(s) dans la file « À modérer ».')).toBeVisible()
    await expect(page.getByRole('link', { name: linked.title })).toBeVisible()
    await expect(page.getByRole('link', { name: /^Spam probable \(0\)/ })).toBeVisible()
  })

  // 5. « Moi aussi » on a published experience: counted once, a second time refused in French.
  await test.step('Une lectrice lit les taux publics et dit « moi aussi » deux fois, comptée une fois', async () => {
    await reader.goto('/experiences')
    await reader.getByRole('link', { name: 'Certificat d’immatriculation', exact: true }).click()
    await expect(reader.getByRole('heading', { level: 1, name: 'Certificat d’immatriculation' })).toBeVisible()
    const rates = reader.getByTestId('taux-publics')
    await expect(rates.getByRole('table', { name: /Taux de réponse — expériences publiées du/ })).toBeVisible()
    await expect(rates.getByRole('row', { name: /Certificat d’immatriculation/ })).toBeVisible()
    await expectAccessible(reader)
    await reader.screenshot({ path: `${SHOTS}/taux-publics.png`, fullPage: true })
    await reader.getByRole('link', { name: 'Changement d’adresse en cinq minutes' }).first().click()
    const count = reader.getByTestId('moi-aussi')
    const before = Number((await count.textContent())!.match(/\d+/)![0])
    await count.getByRole('link', { name: 'Moi aussi, j’ai vécu cela' }).click()
    await expectAccessible(reader)
    await reader.getByRole('button', { name: 'Moi aussi' }).click()
    await expect(count).toContainText(`${before + 1} personne`)
    await count.getByRole('link', { name: 'Moi aussi, j’ai vécu cela' }).click()
    await reader.getByRole('button', { name: 'Moi aussi' }).click()
    await expect(reader.getByText('Vous avez déjà dit « moi aussi » sur cette expérience : votre voix est comptée une fois.')).toBeVisible()
    await reader.goBack()
    await reader.reload()
    await expect(reader.getByTestId('moi-aussi')).toContainText(`${before + 1} personne`)
  })
  await readerContext.close()
})
