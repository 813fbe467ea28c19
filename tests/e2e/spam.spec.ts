// Issue 19 (decision 101): a flood of similar comments from one connection lands in « Spam
// probable » and out of the service's comments; an agent clears one as « pas spam » and it comes back.
import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, expectAccessible, signIn, test } from './fixtures.ts'

const SHOTS = '/tmp/shots-spam'
async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** Letters only: the copies differ by digits and punctuation, which the filter ignores. */
function randomWord(): string {
  return Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')
}

test('un afflux de commentaires semblables va dans « Spam probable » et hors des commentaires ; un agent en remet un', async ({ browser, page }) => {
  test.setTimeout(180_000)
  const word = randomWord()
  const rows = page.getByRole('row').filter({ hasText: word })

  // The team finds the address of the demo questionnaire.
  const { serviceBase, formUrl } = await test.step('L’équipe relève l’adresse du questionnaire de démonstration', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.getByRole('link', { name: 'Demande de passeport' }).click()
    await page.waitForURL(/\/services\/[0-9a-f-]{36}$/)
    const serviceBase = new URL(page.url()).pathname
    await page.getByRole('link', { name: 'Emplacements et intégration' }).click()
    await page.getByRole('link', { name: 'Page de confirmation' }).click()
    const formUrl = new URL((await page.getByRole('link', { name: /\/avis\// }).first().getAttribute('href'))!).pathname
    return { serviceBase, formUrl }
  })

  // Three copies of the same advert from one connection (no JavaScript: a bot posts plain forms).
  await test.step('Un robot envoie trois fois la même publicité depuis une connexion', async () => {
    const address = `10.${Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 200) + 1}`
    const visitorContext = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'X-Forwarded-For': address } })
    const visitor = await visitorContext.newPage()
    for (let copy = 0; copy < 3; copy++) {
      await visitor.goto(formUrl)
      await visitor.getByRole('button', { name: 'Pas bien' }).click()
      while (!(await visitor.getByLabel('Souhaitez-vous nous en dire plus ?').isVisible())) {
        await visitor.getByRole('button', { name: 'Passer cette question' }).click()
      }
      await visitor.getByLabel('Souhaitez-vous nous en dire plus ?').fill(`Montres de luxe ${word} à prix cassés, écrivez-nous !!! ${copy + 1}${copy + 7}`)
      await visitor.getByRole('button', { name: 'Envoyer mon avis' }).click()
      await expect(visitor.getByRole('heading', { level: 1, name: 'Merci pour votre avis' })).toBeVisible()
    }
    await visitorContext.close()
  })

  // The service's comments show the first copy only.
  await test.step('L’équipe ne voit que la première copie parmi les commentaires', async () => {
    await page.goto(`${serviceBase}/avis?periode=7j&q=${word}`)
    await expect(page.getByRole('heading', { level: 2, name: `1 commentaire contenant « ${word} »` })).toBeVisible()
  })

  // The queue holds the two others, with their reason.
  await test.step('L’équipe trouve les deux autres dans « Spam probable », avec leur raison', async () => {
    await page.getByRole('link', { name: 'Spam probable' }).first().click()
    await expect(page.getByRole('heading', { level: 1, name: 'Spam probable' })).toBeVisible()
    await expect(rows).toHaveCount(2)
    await expect(rows.first()).toContainText('Même texte déjà envoyé aujourd’hui depuis la même connexion')
    await expectAccessible(page)
    await screenshot(page, '01-spam-probable')
  })

  // Nothing ticked: the error is next to the buttons, nothing changes.
  await test.step('L’agente valide sans rien cocher : le message est à côté des boutons', async () => {
    await page.getByRole('button', { name: 'Marquer la sélection comme spam' }).click()
    await expect(page.getByText('Cochez au moins un avis.')).toBeVisible()
    await expect(rows).toHaveCount(2)
  })

  // One cleared with its own button: it leaves the queue and counts again.
  await test.step('L’agente remet un avis avec « Pas spam »', async () => {
    await rows.first().getByRole('button', { name: 'Pas spam' }).click()
    await expect(page.getByText('L’avis a été marqué « pas spam ».', { exact: false })).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: word })).toHaveCount(1)
    await screenshot(page, '02-pas-spam')
  })

  // The other one, ticked and marked as spam in bulk.
  await test.step('L’agente coche l’autre et le marque comme spam', async () => {
    // DSFR draws its own box over the native one (which stays in the page, checkable by keyboard and screen readers).
    await page.getByRole('row').filter({ hasText: word }).getByRole('checkbox').check({ force: true })
    await page.getByRole('button', { name: 'Marquer la sélection comme spam' }).click()
    await expect(page.getByText('L’avis a été marqué comme spam.', { exact: false })).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: word })).toHaveCount(0)
    await page.getByRole('link', { name: /Marqués spam/ }).click()
    await expect(page.getByRole('row').filter({ hasText: word })).toHaveCount(1)
    await expectAccessible(page)
    await screenshot(page, '03-marques-spam')
  })

  // The one cleared counts again among the service's comments.
  await test.step('L’équipe retrouve l’avis remis parmi les commentaires', async () => {
    await page.goto(`${serviceBase}/avis?periode=7j&q=${word}`)
    await expect(page.getByRole('heading', { level: 2, name: `2 commentaires contenant « ${word} »` })).toBeVisible()
  })
})
