import { randomClientAddress } from '../helpers/app-process.ts'
import { expect, expectAccessible, latestEmail, otherOrganisationAgent, signIn, test, uniqueEmail } from './fixtures.ts'

// Routing an experience to another organisation (issue 19, decision 102): the agent who received it
// asks for a transfer to another organisation's service, that organisation's agent accepts it, the
// story moves to its queue and the author is told where it is now.
const SERVICE = 'Pré-plainte en ligne'

test('transfert vers une autre organisation : demandé, accepté, l’expérience change de file et son auteur est prévenu', async ({ browser, page }) => {
  test.setTimeout(120_000)
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const title = `Dossier de prestation perdu ${suffix}`
  const author = uniqueEmail('usager-transfert')
  const targetService = `Prestations familiales ${suffix}`

  // 1. A person tells an experience on the wrong service, and leaves an address.
  await test.step('Une personne raconte son expérience sur le mauvais service et laisse son adresse', async () => {
    const readerContext = await browser.newContext()
    const reader = await readerContext.newPage()
    await reader.goto('/experiences')
    await reader.getByRole('link', { name: SERVICE, exact: true }).click()
    await reader.getByRole('link', { name: 'Raconter votre expérience' }).click()
    await reader.getByLabel('Titre').fill(title)
    await reader.getByLabel('Ce qui s’est passé').fill('J’ai envoyé mon dossier de prestation par la démarche en ligne et je n’ai jamais eu de réponse depuis trois mois.')
    await reader.getByLabel('En ligne').check({ force: true })
    await reader.getByLabel('Négative').check({ force: true })
    await reader.getByLabel('Adresse e-mail (facultatif, jamais publiée)').fill(author)
    await reader.getByLabel(/J’ai lu ce qui sera publié/).check({ force: true })
    await reader.getByRole('button', { name: 'Envoyer mon expérience' }).click()
    await expect(reader.getByRole('heading', { level: 1, name: 'Merci pour votre expérience' })).toBeVisible()
    await readerContext.close()
  })

  const organisation = `Caisse d’allocations familiales ${suffix}`
  const otherContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': randomClientAddress() } })
  const other = await otherContext.newPage()

  // 2. Another organisation, with one agent (nothing in the product creates organisations), who creates its service through the pages.
  const organisationId = await test.step('L’agente d’une autre organisation crée son service', async () => {
    const { organisationId } = await otherOrganisationAgent(other, { suffix, organisation, service: targetService })
    return organisationId
  })

  // 3. The agent who received the story asks for the transfer: a note is required, then the request waits.
  await test.step('L’agente qui l’a reçue demande le transfert, note obligatoire', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.goto('/services')
    await page.getByRole('link', { name: SERVICE }).first().click()
    await page.getByRole('link', { name: 'Expériences publiques' }).click()
    await page.getByRole('link', { name: title }).click()
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
    const routing = page.getByRole('region', { name: 'Ce n’est pas le bon service ?' })
    await routing.getByLabel('Service compétent').selectOption({ label: `${targetService} (${organisation})` })
    await routing.getByRole('button', { name: 'Réaffecter ou demander le transfert' }).click()
    await expect(routing.getByText('Saisissez une note pour le service.')).toBeVisible()
    await routing.getByLabel('Service compétent').selectOption({ label: `${targetService} (${organisation})` })
    await routing.getByLabel('Note pour ce service').fill('Il s’agit d’une prestation familiale : c’est votre dossier.')
    await routing.getByRole('button', { name: 'Réaffecter ou demander le transfert' }).click()
    await expect(page.getByText('La demande de transfert est envoyée à l’autre organisation.')).toBeVisible()
    await expect(page.getByText(new RegExp(`Transfert demandé le .* à « ${targetService} »`))).toBeVisible()
    await expectAccessible(page)
  })

  // 4. The other organisation reads the request from its page and accepts it.
  await test.step('L’autre organisation lit la demande et accepte le transfert', async () => {
    await other.goto(`/services/organisations/${organisationId}`)
    await other.getByRole('link', { name: 'Transferts reçus d’autres organisations' }).click()
    await expect(other.getByRole('heading', { level: 1, name: 'Transferts reçus' })).toBeVisible()
    await expect(other.getByRole('heading', { level: 2, name: title })).toBeVisible()
    await expect(other.getByText('Note : Il s’agit d’une prestation familiale : c’est votre dossier.')).toBeVisible()
    await expectAccessible(other)
    await other.screenshot({ path: 'test-results/transfert-recu.png', fullPage: true })
    await other.getByRole('button', { name: 'Accepter le transfert' }).click()
    await expect(other.getByText('Le transfert est accepté : l’expérience est maintenant dans la file du service.')).toBeVisible()
    await expect(other.getByText('Acceptée')).toBeVisible()
  })

  // 5. The story is in the new service's queue, no longer in the first one; its author is told where it is.
  await test.step('L’expérience change de file et son auteur est prévenu par e-mail', async () => {
    await other.goto('/services')
    await other.getByRole('link', { name: targetService }).first().click()
    await other.getByRole('link', { name: 'Expériences publiques' }).click()
    await expect(other.getByRole('link', { name: title })).toBeVisible()
    await page.goto(new URL(page.url()).pathname.replace(/\/[^/]+$/, ''))
    await expect(page.getByRole('link', { name: title })).toHaveCount(0)
    const mail = await latestEmail(page.request, author, { subject: /suivie par un autre service/ })
    expect(mail.text).toContain(targetService)
  })
  await otherContext.close()
})
