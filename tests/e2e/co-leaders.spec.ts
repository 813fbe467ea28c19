import type { Browser, Page } from '@playwright/test'
import { expect as baseExpect, expectAccessible, latestEmail, linkIn, signIn, test, uniqueEmail } from './fixtures.ts'

// Co-leaders with real rights (issue 20, decision 097): a co-leader marks their part done and the
// owner's e-mail is in the demo mailbox; an invitation revoked stops working; a removed co-leader
// is refused at the next request; the « Ce que verront les jurys » preview.
test.use({ actionTimeout: 30_000, navigationTimeout: 60_000 })
// The machine that runs the journeys is shared: waits are generous, never a timing assertion.
const expect = baseExpect.configure({ timeout: 30_000 })

const SHOTS = process.env.E2E_SCREENSHOTS

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

async function joinAs(browser: Browser, email: string, invitationText: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await signIn(page, email)
  await page.goto(new URL(linkIn(invitationText, /http:\/\/\S+\/mes-candidatures\/rejoindre\/[\w-]+/)).pathname)
  await page.getByRole('button', { name: 'Rejoindre la candidature' }).click()
  return page
}

test('co-porteur : « j’ai terminé ma partie » prévient la responsable ; invitation annulée ; co-porteur retiré refusé aussitôt', async ({ browser, page }) => {
  test.setTimeout(600_000)
  const ownerEmail = uniqueEmail('responsable')
  const coEmail = uniqueEmail('coporteur')
  const lateEmail = uniqueEmail('annulee')
  await signIn(page, ownerEmail)
  await page.goto('/appels/edition-3/candidater')
  await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  const path = new URL(page.url()).pathname

  // The owner invites a co-leader, who joins from the e-mail.
  await page.goto(`${path}/co-porteurs`)
  await page.getByLabel('Adresse e-mail de la personne').fill(coEmail)
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(page.getByText('Invitation envoyée par e-mail.')).toBeVisible()
  const co = await joinAs(browser, coEmail, (await latestEmail(page.request, coEmail, { subject: /vous invite à compléter une candidature/ })).text)
  await expect(co).toHaveURL(new RegExp(`${path}\\?bienvenue=1$`))

  // The co-leader sees every item that blocks the deposit, and says their part is done.
  await co.getByRole('navigation', { name: 'Ma candidature' }).getByRole('link', { name: 'Vérifier et déposer' }).click()
  await expect(co.getByRole('heading', { level: 2, name: 'Il manque encore des éléments' })).toBeVisible()
  await expect(co.getByRole('link', { name: 'Nom du projet' })).toBeVisible()
  await expect(co.getByRole('button', { name: 'Déposer ma candidature' })).toBeDisabled()
  await co.getByRole('button', { name: 'J’ai terminé ma partie' }).click()
  await expect(co.getByRole('status').filter({ hasText: 'est prévenue par e-mail que vous avez terminé votre partie' })).toBeVisible()
  await expect(co.getByRole('button', { name: 'Je reprends ma partie' })).toBeVisible()
  await expectAccessible(co)
  await shot(co, 'depot-co-porteur')

  // The owner's e-mail, in the demo mailbox, opened as a person would.
  const mail = await latestEmail(page.request, ownerEmail, { subject: /a terminé sa partie/ })
  expect(mail.subject).toBe(`${coEmail} a terminé sa partie de la candidature « Projet sans titre »`)
  expect(mail.text).toContain(`${path}/depot`)
  await page.goto(`/dev/boite-mail?a=${encodeURIComponent(ownerEmail)}`)
  await page.getByRole('link', { name: /a terminé sa partie/ }).first().click()
  await expect(page.getByText(`${coEmail}, co-porteur de la candidature`)).toBeVisible()
  await shot(page, 'boite-mail-partie-terminee')

  // The owner sees it on the team page; invites someone else, then cancels: the link stops working.
  await page.goto(`${path}/co-porteurs`)
  await expect(page.getByText(/A terminé sa partie le /)).toBeVisible()
  await page.getByLabel('Adresse e-mail de la personne').fill(lateEmail)
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(page.getByText('Invitation envoyée par e-mail.')).toBeVisible()
  const lateInvitation = await latestEmail(page.request, lateEmail, { subject: /vous invite à compléter une candidature/ })
  await page.getByRole('button', { name: `Annuler l’invitation de ${lateEmail}` }).click()
  await expect(page.getByText('Invitation annulée : son lien ne fonctionne plus.')).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'co-porteurs-responsable')
  const late = await (await browser.newContext()).newPage()
  const response = await late.goto(new URL(linkIn(lateInvitation.text, /http:\/\/\S+\/mes-candidatures\/rejoindre\/[\w-]+/)).pathname)
  expect(response?.status()).toBe(410)
  await expect(late.getByText('Cette invitation a été annulée par le porteur de la candidature.')).toBeVisible()

  // « Ce que verront les jurys »: the application as jurors read it, contacts left out.
  await page.getByRole('navigation', { name: 'Ma candidature' }).getByRole('link', { name: 'Ce que verront les jurys' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ce que verront les jurys' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 3, name: 'Votre projet' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Deux contacts' })).toHaveCount(0)
  await expectAccessible(page)
  await shot(page, 'apercu-jurys')

  // The owner removes the co-leader, whose next request is refused.
  await page.goto(`${path}/co-porteurs`)
  await page.getByRole('button', { name: `Retirer ${coEmail}` }).click()
  await expect(page.getByText('Cette personne ne fait plus partie de la candidature : elle n’y a plus accès.')).toBeVisible()
  const reloaded = await co.reload()
  expect(reloaded?.status()).toBe(404)
  await expect(co.getByRole('button', { name: 'J’ai terminé ma partie' })).toHaveCount(0)
  const overview = await co.goto(path)
  expect(overview?.status()).toBe(403)
  await expect(co.getByText('Vous ne faites plus partie de cette candidature')).toBeVisible()
  await shot(co, 'co-porteur-retire')
})
