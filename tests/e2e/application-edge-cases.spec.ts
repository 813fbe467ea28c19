import type { Browser, Page } from '@playwright/test'
import { expect, expectAccessible, latestEmail, linkIn, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

/** A new leader with a fresh draft on the open call; returns the application's address. */
async function startDraft(page: Page, email: string): Promise<string> {
  await signIn(page, email)
  await page.goto('/appels/edition-3/candidater')
  await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
  return new URL(page.url()).pathname
}

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('une section s’enregistre par le bouton ; une erreur de format est signalée à côté du champ, le texte est gardé', async ({ page }) => {
    const path = await startDraft(page, uniqueEmail('sansjs'))
    await page.goto(`${path}/structure`)
    await page.getByLabel('Nom de la structure').fill('Atelier vélo solidaire')
    await page.getByLabel('Entreprise de l’économie sociale et solidaire').check({ force: true })
    await page.getByLabel('Numéro SIRET').fill('123 456 789 01234')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    // Saved as typed, wrong SIRET included, and the notice says what is still to be corrected (issue 17 #3).
    const notice = page.getByRole('status').filter({ hasText: /^Section enregistrée à/ })
    await expect(notice).toContainText('avec un champ à corriger avant le dépôt. Tout ce que vous avez saisi est gardé tel quel, y compris ce champ')
    await expect(notice.getByRole('listitem')).toHaveText(['Numéro SIRET : Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.'])
    await expect(notice.getByRole('link', { name: 'Numéro SIRET' })).toHaveAttribute('href', '#champ-structure-siret')
    await expect(page.getByLabel('Nom de la structure')).toHaveValue('Atelier vélo solidaire')
    await expect(page.getByLabel('Numéro SIRET')).toHaveValue('12345678901234')
    await expect(page.getByLabel('Numéro SIRET')).toHaveAccessibleDescription(/Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres\./)
    await expect(page.getByLabel('Numéro SIRET')).toHaveAttribute('aria-invalid', 'true')
    // The section is marked « à compléter » in the menu.
    await expect(page.getByRole('link', { name: /^Votre structure/ })).toContainText('À compléter')

    // Corrected: a plain « Section enregistrée », nothing left to correct.
    await page.getByLabel('Numéro SIRET').fill('73282932000074')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect(page.getByRole('status').filter({ hasText: /^Section enregistrée à \d{1,2} h \d\d\.$/ })).toBeVisible()
    await expect(page.getByText('Ce numéro SIRET n’est pas valide')).toHaveCount(0)
  })
})

test('deux onglets de la même personne : jamais de conflit avec « un autre porteur », le dernier enregistrement gagne', async ({ browser }) => {
  const context = await browser.newContext()
  const first = await context.newPage()
  const path = await startDraft(first, uniqueEmail('onglets'))
  const second = await context.newPage()
  await first.goto(`${path}/projet`)
  await second.goto(`${path}/projet`)
  await first.getByLabel('Nom du projet').fill('Titre du premier onglet')
  await first.keyboard.press('Tab')
  await expect(first.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()

  await second.getByLabel('Nom du projet').fill('Titre du second onglet')
  await second.keyboard.press('Tab')
  await expect(second.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()
  await expect(second.getByText('a modifié cette section')).toHaveCount(0)
  const check = await context.newPage()
  await check.goto(`${path}/projet`)
  await expect(check.getByLabel('Nom du projet')).toHaveValue('Titre du second onglet')
  await context.close()
})

/** `leader` invites a co-leader, who joins from the e-mail; returns the co-leader's page. */
async function addCoLeader(browser: Browser, leader: Page, path: string, email: string): Promise<Page> {
  await leader.goto(`${path}/co-porteurs`)
  await leader.getByLabel('Adresse e-mail de la personne').fill(email)
  await leader.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  await expect(leader.getByText('Invitation envoyée par e-mail.')).toBeVisible()
  const co = await (await browser.newContext()).newPage()
  await signIn(co, email)
  const invitation = await latestEmail(co.request, email, { subject: /vous invite à compléter une candidature/ })
  await co.goto(new URL(linkIn(invitation.text, /http:\/\/\S+\/mes-candidatures\/rejoindre\/[\w-]+/)).pathname)
  await co.getByRole('button', { name: 'Rejoindre la candidature' }).click()
  await expect(co).toHaveURL(new RegExp(`${path}\\?bienvenue=1$`))
  return co
}

test('deux porteurs : la version d’une section ne passe pas d’une section à l’autre, le vrai conflit est signalé et aucun texte n’est perdu', async ({ browser, page }) => {
  const path = await startDraft(page, uniqueEmail('paul'))
  const inesEmail = uniqueEmail('ines')
  const ines = await addCoLeader(browser, page, path, inesEmail)

  // Paul: an autosave in « Votre structure », then « Enregistrer et passer à la suite ».
  await page.goto(`${path}/structure`)
  await page.getByLabel('Nom de la structure').fill('Atelier vélo solidaire')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()
  await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Votre projet' })).toBeVisible()

  // Inès saves « Votre projet » while Paul has it open.
  await ines.goto(`${path}/projet`)
  await ines.getByLabel('Nom du projet').fill('Titre d’Inès')
  await ines.keyboard.press('Tab')
  await expect(ines.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()

  // Paul types: a real conflict, named, with his text still in the form.
  await page.getByLabel('Nom du projet').fill('Titre de Paul')
  await page.keyboard.press('Tab')
  const alert = page.getByRole('alert').filter({ hasText: 'pendant que vous écriviez' })
  await expect(alert.getByRole('heading')).toHaveText(new RegExp(`^${inesEmail} a modifié cette section à \\d{1,2} h \\d\\d, pendant que vous écriviez$`))
  await expect(alert).toContainText('Nom du projet : Titre d’Inès')
  await expect(alert.getByRole('link', { name: `Reprendre la version d’${inesEmail}` })).toBeVisible()
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Titre de Paul')
  await expectAccessible(page)
  await ines.reload()
  await expect(ines.getByLabel('Nom du projet')).toHaveValue('Titre d’Inès')

  // Leaving for another section before choosing asks first; staying keeps the text.
  // The handler answers inside the click: the confirmation holds the page until it is answered.
  const asked: string[] = []
  page.once('dialog', (dialog) => {
    asked.push(dialog.message())
    void dialog.dismiss()
  })
  await page.getByRole('navigation', { name: 'Ma candidature' }).getByRole('link', { name: /^Votre structure/ }).click()
  await expect.poll(() => asked).toEqual(['Vos modifications ne sont pas enregistrées. Quitter la page quand même ?'])
  await expect(page.getByRole('heading', { level: 1, name: 'Votre projet' })).toBeVisible()
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Titre de Paul')

  // Paul keeps his version: saved, and Inès sees it.
  await alert.getByRole('button', { name: 'Enregistrer ma version' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à/ })).toBeVisible()
  await ines.reload()
  await expect(ines.getByLabel('Nom du projet')).toHaveValue('Titre de Paul')
  await ines.context().close()
})

test('avec JavaScript, un SIRET faux : l’enregistrement automatique et « Enregistrer » disent qu’il est gardé mais à corriger', async ({ page }) => {
  const path = await startDraft(page, uniqueEmail('siret'))
  await page.goto(`${path}/structure`)
  await page.getByLabel('Entreprise de l’économie sociale et solidaire').check({ force: true })
  await page.getByLabel('Numéro SIRET').fill('12345678901234')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à/ })).toHaveText(/^Enregistré à \d{1,2} h \d\d, avec un champ à corriger avant le dépôt$/)
  await expect(page.getByLabel('Numéro SIRET')).toHaveAccessibleDescription(/Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres\./)
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  const notice = page.getByRole('status').filter({ hasText: /^Section enregistrée à/ })
  await expect(notice).toContainText('avec un champ à corriger avant le dépôt')
  await expect(notice.getByRole('listitem')).toHaveText(['Numéro SIRET : Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.'])
  await page.reload()
  await expect(page.getByLabel('Numéro SIRET')).toHaveValue('12345678901234')

  // Corrected and saved at once (the field's blur autosaves while the form posts): the notice is the new one.
  await page.getByLabel('Numéro SIRET').fill('73282932000074')
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Section enregistrée à/ })).toHaveText(/^Section enregistrée à \d{1,2} h \d\d\.$/)
  await expect(page.getByText('Ce numéro SIRET n’est pas valide')).toHaveCount(0)
  await expectAccessible(page)
})

// The refused attachment (next to the file field, issue 17 #9) is checked in attachments.spec.ts.

test('une personne qui change l’adresse pour lire la candidature d’une autre obtient une page 404', async ({ browser }) => {
  const ownerContext = await browser.newContext()
  const path = await startDraft(await ownerContext.newPage(), uniqueEmail('proprietaire'))
  const intruderContext = await browser.newContext()
  const intruder = await intruderContext.newPage()
  await signIn(intruder, uniqueEmail('curieux'))
  for (const suffix of ['', '/structure', '/pieces-jointes', '/depot', '/messages', '/attestation']) {
    expect((await intruder.goto(`${path}${suffix}`))?.status(), suffix).toBe(404)
  }
  await expect(intruder.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible()
  await Promise.all([ownerContext.close(), intruderContext.close()])
})

test('une porteuse seule qui double-clique puis enregistre vite ne voit jamais de conflit, et retrouve son texte', async ({ page }) => {
  const path = await startDraft(page, uniqueEmail('rapide'))
  await page.goto(`${path}/structure`)
  await page.getByLabel('Nom de la structure').fill('Atelier vélo solidaire')
  await page.getByLabel('Association', { exact: true }).check({ force: true })
  await page.getByLabel('Numéro RNA (associations)').fill('W751234567')
  await page.getByLabel('Adresse du siège').fill('3 rue de Belleville, 75019 Paris')
  await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).dblclick()
  await expect(page.getByRole('heading', { level: 1, name: 'Votre projet' })).toBeVisible()

  const summary = 'Des vélos réparés et prêtés aux habitants du quartier. '.repeat(12).trim()
  await page.getByLabel('Nom du projet').fill('Vélos pour tous')
  await page.getByLabel('Description du projet').fill(summary)
  await page.getByLabel('Le problème auquel le projet répond').fill('Peu de vélos abordables dans le quartier.')
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByText(/^Section enregistrée à/)).toBeVisible()
  await expect(page.getByText('a modifié cette section')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'Non enregistré' })).toHaveCount(0)

  // The next visit shows everything that was typed, in both sections.
  await page.goto(`${path}/projet`)
  await expect(page.getByLabel('Nom du projet')).toHaveValue('Vélos pour tous')
  await expect(page.getByLabel('Description du projet')).toHaveValue(summary)
  await expect(page.getByLabel('Le problème auquel le projet répond')).toHaveValue('Peu de vélos abordables dans le quartier.')
  await page.goto(`${path}/structure`)
  await expect(page.getByLabel('Nom de la structure')).toHaveValue('Atelier vélo solidaire')
})
