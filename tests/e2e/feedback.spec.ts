import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { baseURL } from '../../playwright.config.ts'
import { expect, expectAccessible, signIn, test } from './fixtures.ts'

// The journeys sign in as the same demo account: one after the other.
test.describe.configure({ mode: 'serial' })

const QUALITY_LEGEND = 'Comment évaluez-vous la qualité de l’aide obtenue ? (si vous avez obtenu de l’aide)'

/** A page of another site (another port = another origin) that embeds the widget and the smiley. */
async function hostSite(placementId: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Votre demande est enregistrée – Démarche de test</title></head>
  <body>
    <main>
      <h1>Votre demande est enregistrée</h1>
      <p>Dites-nous comment ça s’est passé :</p>
      <div id="widget" data-je-donne-mon-avis="${placementId()}"></div>
      <div id="sourire" data-je-donne-mon-avis-sourire="${placementId()}"></div>
      <script src="${baseURL}/integration/widget.js" async></script>
    </main>
  </body>
</html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }
}

async function createServiceAndPlacement(page: Page, name: string, origin: string): Promise<string> {
  await page.goto('/services')
  await expect(page.getByRole('heading', { level: 1, name: 'Mes services publics' })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Créer un service' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Créer un service' })).toBeVisible()
  await expectAccessible(page)
  // A missing name is refused next to the field.
  await page.getByRole('button', { name: 'Créer le service' }).click()
  await expect(page.getByText('Saisissez le nom de la démarche.')).toBeVisible()
  await page.getByLabel('Nom de la démarche').fill(name)
  await page.getByRole('button', { name: 'Créer le service' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emplacements et intégration' })).toBeVisible()
  await expect(page.getByText('Le service est créé avec le questionnaire national.')).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Nom de l’emplacement').fill('Page de confirmation')
  await page.getByLabel('Sites autorisés (facultatif)').fill('pas une adresse')
  await page.getByRole('button', { name: 'Créer l’emplacement' }).click()
  await expect(page.getByText(/Adresse de site non valable : pas/)).toBeVisible()
  await page.getByLabel('Sites autorisés (facultatif)').fill(origin)
  await page.getByRole('button', { name: 'Créer l’emplacement' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emplacement « Page de confirmation »' })).toBeVisible()
  return new URL(page.url()).pathname.split('/').pop()!
}

test('une équipe crée un service et un emplacement, copie les trois codes ; un site les intègre ; le tableau de bord, l’export et le masquage suivent', async ({ page, context, browser }) => {
  test.setTimeout(120_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  let placementId = ''
  const host = await hostSite(() => placementId)
  try {
    const name = `Démarche de test ${Date.now().toString(36)}`
    // The team creates a service and a placement for the other site.
    await test.step('L’équipe crée un service et un emplacement pour le site partenaire', async () => {
      await signIn(page, 'service@demo.aic.gouv.fr')
      placementId = await createServiceAndPlacement(page, name, host.origin)
      await expectAccessible(page)
    })

    // Each embed code, copied with its button.
    const dashboardUrl = await test.step('L’équipe copie les trois codes d’intégration et voit leurs aperçus', async () => {
      for (const [title, expected] of [
        ['Bouton « Je donne mon avis »', `/avis/${placementId}`],
        ['Fenêtre intégrée', `data-je-donne-mon-avis="${placementId}"`],
        ['Avis en un clic', `data-je-donne-mon-avis-sourire="${placementId}"`],
      ] as const) {
        const block = page.locator(`#code-${title === 'Fenêtre intégrée' ? 'widget' : title === 'Avis en un clic' ? 'sourire' : 'bouton'}`)
        await expect(block.getByRole('heading', { name: title })).toBeVisible()
        await block.getByRole('button', { name: 'Copier le code' }).click()
        await expect(block.getByText('Code copié dans le presse-papiers.')).toBeVisible()
        expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(expected)
      }
      // Previews: the button image and the two framed forms.
      await expect(page.getByRole('img', { name: 'Je donne mon avis' })).toBeVisible()
      await expect(page.frameLocator('iframe[title="Aperçu de l’avis en un clic"]').getByRole('button', { name: 'Très bien' })).toBeVisible()
      return page.url().replace(/\/emplacements\/.*$/, '')
    })

    const visitor = await browser.newContext()
    const site = await visitor.newPage()
    // Another site embeds the widget and the smiley; a service user (no account) answers.
    await test.step('Une usagère répond dans la fenêtre intégrée au site partenaire', async () => {
      await site.goto(host.origin)
      await site.evaluate(() => {
        ;(window as unknown as { merci: number }).merci = 0
        document.addEventListener('je-donne-mon-avis:merci', () => ((window as unknown as { merci: number }).merci += 1))
      })
      await site.getByRole('button', { name: 'Je donne mon avis' }).click()
      const dialog = site.getByRole('dialog', { name: 'Je donne mon avis' })
      await expect(dialog).toBeVisible()
      const form = site.frameLocator('dialog iframe')
      await form.getByRole('button', { name: 'Très bien' }).click()
      await expect(form.getByText('Étape 2 sur 4')).toBeVisible()
      await form.getByText('Très clair', { exact: true }).click()
      await form.getByRole('button', { name: 'Continuer' }).click()
      await expect(form.getByText('Étape 3 sur 4')).toBeVisible()
      await form.getByText('Par téléphone').click()
      // « Je n'ai pas eu besoin d'aide » unchecks the channels.
      await form.getByText('Je n’ai pas eu besoin d’aide').click()
      await expect(form.getByLabel('Par téléphone')).not.toBeChecked()
      await form.getByRole('button', { name: 'Continuer' }).click()
      await form.getByLabel('Souhaitez-vous nous en dire plus ?').fill('Très pratique, merci 👍')
      await form.getByRole('button', { name: 'Envoyer mon avis' }).click()
      await expect(form.getByText('Votre avis est enregistré.')).toBeVisible()
      // The frame told the page, through postMessage, that the review is complete.
      await expect.poll(() => site.evaluate(() => (window as unknown as { merci: number }).merci)).toBe(1)
      await expectAccessible(site)
      await form.getByRole('button', { name: 'Fermer' }).click()
      await expect(dialog).toBeHidden()
      await expect(site.getByRole('button', { name: 'Je donne mon avis' })).toBeFocused()
    })

    // The one-click smiley: one click records « Pas bien », then the rest is offered.
    await test.step('Une usagère clique « Pas bien » dans l’avis en un clic, puis laisse un commentaire avec son numéro', async () => {
      const smiley = site.frameLocator('iframe[title="Donnez votre avis en un clic"]')
      await smiley.getByRole('button', { name: 'Pas bien' }).click()
      await expect(smiley.getByText('Votre réponse « Pas bien » est enregistrée.')).toBeVisible()
      await expectAccessible(site)
      await smiley.getByRole('link', { name: 'Répondre aux autres questions' }).click()
      await smiley.getByRole('button', { name: 'Passer cette question' }).click()
      await expect(smiley.getByText('Étape 3 sur 4')).toBeVisible()
      await smiley.getByRole('button', { name: 'Passer cette question' }).click()
      await smiley.getByLabel('Souhaitez-vous nous en dire plus ?').fill('Personne ne répond, appelez-moi au 06 12 34 56 78')
      await smiley.getByRole('button', { name: 'Envoyer mon avis' }).click()
      await expect(smiley.getByText('Votre avis est enregistré.')).toBeVisible()
      // The iframe grew to show the whole form (resize messages).
      expect(await site.locator('iframe[title="Donnez votre avis en un clic"]').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(250)
    })
    await visitor.close()

    // The dashboard shows both reviews with the right indicators.
    await test.step('L’équipe lit les deux avis au tableau de bord, le commentaire personnel masqué', async () => {
      await page.goto(dashboardUrl)
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
      await expect(page.getByTestId('nombre-avis')).toHaveText('2 avis')
      await expect(page.locator('[data-indicateur="satisfaction"]')).toHaveText('5,0 / 10')
      await expect(page.locator('[data-indicateur="clarity"]')).toHaveText('10,0 / 10')
      await expect(page.locator('[data-indicateur="autonomy"]')).toHaveText('10,0 / 10')
      await expect(page.locator('[data-indicateur="reached"]')).toHaveText('—')
      await expect(page.getByRole('table', { name: 'Avis et satisfaction par période' })).toBeVisible()
      await expectAccessible(page)
      // The personal data is masked, until someone checks it.
      await expect(page.getByText('Très pratique, merci 👍')).toBeVisible()
      await expect(page.getByText(/06 12 34 56 78/)).toHaveCount(0)
      await expect(page.getByText('Commentaire masqué : il contient peut-être des données personnelles (numéro de téléphone).')).toBeVisible()
    })

    // An export of these reviews: the page announces its count, the finished export holds exactly that many.
    await test.step('L’équipe exporte ces avis en CSV et télécharge le fichier', async () => {
      const announced = (await page.getByTestId('export-compte').textContent())?.match(/Cet export contiendra (\d+) avis\./)?.[1]
      expect(Number(announced)).toBeGreaterThan(0)
      await page.getByRole('button', { name: 'Exporter ces avis en CSV' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Mes exports' })).toBeVisible()
      await expectAccessible(page)
      const downloadLink = page.getByRole('link', { name: /Télécharger le CSV/ }).first()
      await expect(downloadLink).toBeVisible({ timeout: 30_000 })
      await expect(page.getByRole('row').filter({ has: downloadLink }).getByText(`Prêt (${announced} avis)`)).toBeVisible()
      const [download] = await Promise.all([page.waitForEvent('download'), downloadLink.click()])
      const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'))
      expect(csv).toContain('Très pratique, merci 👍')
      expect(csv).toContain('[masqué : données personnelles possibles')
      expect(csv).not.toContain('06 12 34 56 78')
    })

    // A team member checks the masked comment and erases the phone number.
    await test.step('Un membre de l’équipe vérifie le commentaire masqué et efface le numéro', async () => {
      await page.goto(dashboardUrl)
      await page.getByRole('link', { name: 'Vérifier ce commentaire' }).click()
      await expect(page.getByRole('heading', { level: 1, name: 'Détail d’un avis' })).toBeVisible()
      await expectAccessible(page)
      await page.getByRole('button', { name: 'Effacer les passages surlignés' }).click()
      await expect(page.getByText('Personne ne répond, appelez-moi au [supprimé]')).toBeVisible()
    })
  } finally {
    await new Promise((resolve) => host.server.close(resolve))
  }
})

test('le questionnaire fonctionne sans JavaScript et au clavier, avec des messages à côté des questions', async ({ browser, page }) => {
  // Two browsers and seven axe checks: 54 s to 66 s on a 2-core CI machine, too close to the default 60 s.
  test.setTimeout(120_000)
  // The demo placement of « Demande de passeport ».
  const formUrl = await test.step('L’équipe ouvre l’emplacement de démonstration et relève l’adresse du questionnaire', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.getByRole('link', { name: 'Demande de passeport' }).click()
    await page.getByRole('link', { name: 'Emplacements et intégration' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Emplacements et intégration' })).toBeVisible()
    await page.getByRole('link', { name: 'Page de confirmation' }).click()
    await expect(page.getByRole('heading', { level: 1, name: /Page de confirmation/ })).toBeVisible()
    return page.getByRole('link', { name: /\/avis\// }).first().getAttribute('href')
  })
  // axe needs JavaScript: the accessibility of these pages is checked in the next journey.
  await test.step('Une personne sans JavaScript répond au clavier et corrige ce que le serveur refuse', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false })
    const visitor = await noScript.newPage()
    await visitor.goto(new URL(formUrl!).pathname)
    await expect(visitor.getByRole('heading', { level: 1, name: 'Je donne mon avis' })).toBeVisible()
    await expect(visitor).toHaveTitle(/Je donne mon avis sur « Demande de passeport » – Accélérateur d’initiatives citoyennes/)
    await visitor.getByRole('button', { name: 'Moyen' }).focus()
    await visitor.keyboard.press('Enter')
    await expect(visitor.getByText('Étape 2 sur 4')).toBeVisible()
    await visitor.getByLabel('Moyennement clair').focus()
    await visitor.keyboard.press('Space')
    await visitor.getByRole('button', { name: 'Continuer' }).click()
    await expect(visitor.getByText('Étape 3 sur 4')).toBeVisible()
    // Without JavaScript nothing unchecks the channels: the server says what is wrong.
    await visitor.getByText('Au guichet').click()
    await visitor.getByText('Je n’ai pas eu besoin d’aide', { exact: true }).click()
    await visitor.getByRole('button', { name: 'Continuer' }).click()
    await expect(visitor.getByText('Vous avez coché « Je n’ai pas eu besoin d’aide » et un moyen d’aide : gardez l’un ou l’autre.')).toBeVisible()
    await visitor.getByText('Je n’ai pas eu besoin d’aide', { exact: true }).click()
    await visitor.getByRole('button', { name: 'Continuer' }).click()
    await expect(visitor.getByText('Étape 3 sur 4')).toBeVisible()
    await expect(visitor.getByRole('heading', { name: /L’aide/ })).toBeVisible()
    await visitor.getByText('Oui', { exact: true }).click()
    await visitor.getByText('Bonne', { exact: true }).click()
    await visitor.getByRole('button', { name: 'Continuer' }).click()
    await expect(visitor.getByText('Étape 4 sur 4')).toBeVisible()
    await visitor.getByLabel('Souhaitez-vous nous en dire plus ?').fill('x'.repeat(2001))
    await visitor.getByRole('button', { name: 'Envoyer mon avis' }).click()
    await expect(visitor.getByText(/Votre message ne doit pas dépasser 2.000 caractères/)).toBeVisible()
    await visitor.getByLabel('Souhaitez-vous nous en dire plus ?').fill('مرحبا — tout s’est bien passé au guichet 😊')
    await visitor.getByRole('button', { name: 'Envoyer mon avis' }).click()
    await expect(visitor.getByRole('heading', { level: 1, name: 'Merci pour votre avis' })).toBeVisible()
    await noScript.close()
  })

  // The same questionnaire with JavaScript, checked by axe at each step (and with an error shown).
  await test.step('Une personne avec JavaScript répond, chaque étape vérifiée par axe', async () => {
    const withScript = await browser.newContext()
    const person = await withScript.newPage()
    await person.goto(new URL(formUrl!).pathname)
    await expectAccessible(person)
    await person.getByRole('button', { name: 'Très bien' }).click()
    await expect(person.getByText('Étape 2 sur 4')).toBeVisible()
    await expectAccessible(person)
    await person.getByText('Très clair', { exact: true }).click()
    await person.getByRole('button', { name: 'Continuer' }).click()
    await expect(person.getByText('Étape 3 sur 4')).toBeVisible()
    await expectAccessible(person)
    await person.getByText('Par e-mail').click()
    await person.getByRole('button', { name: 'Continuer' }).click()
    await expect(person.getByText(QUALITY_LEGEND)).toBeVisible()
    await expectAccessible(person)
    await person.getByText('Non', { exact: true }).click()
    await person.getByText('Très bonne', { exact: true }).click()
    await person.getByRole('button', { name: 'Continuer' }).click()
    await expect(person.getByText('ne notez pas sa qualité')).toBeVisible()
    await expectAccessible(person)
    await person.getByText('Oui', { exact: true }).click()
    await person.getByRole('button', { name: 'Continuer' }).click()
    await expect(person.getByText('Étape 4 sur 4')).toBeVisible()
    await expectAccessible(person)
    await person.getByRole('button', { name: 'Envoyer mon avis' }).click()
    await expect(person.getByRole('heading', { level: 1, name: 'Merci pour votre avis' })).toBeVisible()
    await expectAccessible(person)
    await withScript.close()
  })
})

test('un emplacement inconnu affiche une page d’erreur en français', async ({ page }) => {
  const response = await page.goto('/avis/00000000-0000-4000-8000-000000000000')
  expect(response?.status()).toBe(404)
  await expect(page.getByText('Ce questionnaire n’existe pas ou n’accepte plus d’avis.')).toBeVisible()
  await expectAccessible(page)
})

test('le tableau de bord de l’organisation, ses commentaires et les pages d’un service sont accessibles', async ({ page }) => {
  // The team reads the organisation's dashboard and searches its comments.
  await test.step('L’équipe lit le tableau de bord de l’organisation et cherche dans ses commentaires', async () => {
    await signIn(page, 'service@demo.aic.gouv.fr')
    await page.getByRole('link', { name: 'Tableau de bord de l’organisation' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Ministère de l’Intérieur' })).toBeVisible()
    await expect(page.getByRole('table', { name: /Services de l’organisation/ })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Lire et rechercher tous les commentaires de l’organisation' }).click()
    await page.getByLabel('Rechercher dans les commentaires').fill('rendez-vous')
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click()
    await expect(page.getByRole('heading', { name: /commentaires? contenant « rendez-vous »/ })).toBeVisible()
    await expect(page.locator('mark').first()).toBeVisible()
    await expectAccessible(page)
  })

  // The team goes through the pages of one service.
  await test.step('L’équipe parcourt les pages d’un service', async () => {
    await page.goto('/services')
    await page.getByRole('link', { name: 'Demande de carte d’identité' }).click()
    for (const [link, heading] of [
      ['Avis des usagers', 'Avis des usagers'],
      ['Questionnaire', 'Questionnaire'],
      ['Alertes par e-mail', 'Alertes et résumés par e-mail'],
      ['Équipe', 'Équipe du service'],
      ['Paramètres', 'Paramètres du service'],
    ]) {
      await page.getByRole('navigation', { name: 'Demande de carte d’identité' }).getByRole('link', { name: link, exact: true }).click()
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
      await expectAccessible(page)
    }
  })
  // Alerts: a member subscribes to the « Pas bien » alerts.
  await test.step('Un membre s’abonne aux alertes « Pas bien »', async () => {
    await page.getByRole('navigation', { name: 'Demande de carte d’identité' }).getByRole('link', { name: 'Alertes par e-mail' }).click()
    await page.getByText('Une alerte quand des avis « Pas bien » arrivent').click()
    await page.getByRole('button', { name: 'Enregistrer mes choix' }).click()
    await expect(page.getByText('Vos choix sont enregistrés.')).toBeVisible()
    await expect(page.getByLabel(/Une alerte quand des avis « Pas bien » arrivent/)).toBeChecked()
  })
  // The questionnaire: removing a question creates a new version.
  await test.step('L’équipe retire une question et enregistre une nouvelle version du questionnaire', async () => {
    await page.getByRole('navigation', { name: 'Demande de carte d’identité' }).getByRole('link', { name: 'Questionnaire', exact: true }).click()
    await page.getByText('Adresse e-mail pour être recontacté (facultative)').first().click()
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).first().click()
    await expect(page.getByText(/Nouvelle version 3 enregistrée/)).toBeVisible()
  })
})
