import { expect, expectAccessible, latestEmail, linkIn, signIn, test, uniqueEmail } from './fixtures.ts'

test('l’équipe invite un agent, qui accepte et obtient son rôle', async ({ page, browser }) => {
  // The team invites an agent to the organisation.
  const agent = await test.step('L’équipe invite un agent avec un message', async () => {
    await signIn(page, 'equipe@demo.aic.gouv.fr')
    await page.getByRole('link', { name: 'Personnes et rôles' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Personnes et rôles' })).toBeVisible()
    await expectAccessible(page)

    const agent = uniqueEmail('agent')
    await page.getByLabel('Adresse e-mail').fill(agent)
    await page.getByLabel('Rôle', { exact: true }).selectOption({ label: 'Équipe de service public' })
    await page.getByLabel('Périmètre').selectOption({ label: 'Ministère de l’Intérieur' })
    await page.getByLabel('Message (facultatif)').fill('Bienvenue dans l’équipe !')
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
    await expect(page.getByText('Invitation envoyée.')).toBeVisible()
    await expect(page.getByRole('cell', { name: agent })).toBeVisible()
    return agent
  })

  // The agent opens the invitation, signs in by the e-mailed link and accepts.
  await test.step('L’agent ouvre l’invitation, se connecte par le lien reçu et l’accepte', async () => {
    const invitedContext = await browser.newContext()
    const invited = await invitedContext.newPage()
    const mail = await latestEmail(invited.request, agent, { subject: /Invitation/ })
    const link = linkIn(mail.text, /\/invitations\/[\w-]+/)
    await invited.goto(link)
    await expect(invited.getByText('Équipe de service public')).toBeVisible()
    await expectAccessible(invited)
    await invited.getByRole('link', { name: 'Me connecter pour accepter' }).click()
    await invited.getByLabel('Adresse e-mail').fill(agent)
    await invited.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
    const signInMail = await latestEmail(invited.request, agent, { subject: /code de connexion/ })
    await invited.goto(linkIn(signInMail.text, /\/connexion\/lien\?jeton=[\w-]+/))
    await invited.getByRole('button', { name: 'Me connecter' }).click()
    await expect(invited).toHaveURL(/\/invitations\//)
    await invited.getByRole('button', { name: 'Accepter l’invitation' }).click()
    await expect(invited).toHaveURL(/\/services\?bienvenue=1$/)
    await expect(invited.getByRole('link', { name: 'Mes services' })).toBeVisible()
    await invitedContext.close()
  })

  // The team finds the granted role in the log.
  await test.step('L’équipe retrouve le rôle accordé dans le journal', async () => {
    await page.getByRole('link', { name: 'Équipe du programme' }).click()
    await page.getByRole('link', { name: 'Journal des actions' }).click()
    await expect(page.getByRole('cell', { name: 'role.granted' }).first()).toBeVisible()
    await expectAccessible(page)
  })
})

test('une personne modifie son nom, voit ses rôles et supprime son compte', async ({ page }) => {
  const email = uniqueEmail('profil')
  // The person changes their name.
  await test.step('La personne modifie son nom', async () => {
    await signIn(page, email)
    await page.getByRole('link', { name: 'Mon compte' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Prénom et nom').fill('Alex Martin')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect(page.getByText('Vos informations sont enregistrées.')).toBeVisible()
    await expect(page.getByLabel('Prénom et nom')).toHaveValue('Alex Martin')
  })

  // The person deletes the account, after a wrong confirmation.
  await test.step('La personne supprime son compte, après une adresse de confirmation erronée', async () => {
    await page.getByRole('link', { name: 'Supprimer mon compte' }).click()
    await expect(page.getByRole('heading', { name: 'Ce qui est conservé, et pourquoi' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel(/Pour confirmer/).fill('autre@exemple.fr')
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click()
    await expect(page.getByText('L’adresse saisie ne correspond pas à celle de votre compte.')).toBeVisible()
    await page.getByLabel(/Pour confirmer/).fill(email)
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click()
    await expect(page).toHaveURL(/compte-supprime=1/)
    await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible()
  })
})

test('un porteur ne peut pas ouvrir l’espace de l’équipe', async ({ page }) => {
  await signIn(page, 'porteuse@demo.aic.gouv.fr')
  const response = await page.goto('/equipe/personnes')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible()
  await expectAccessible(page)
})

test('le journal reste accessible au clavier quand une adresse très longue y figure', async ({ page, browser }) => {
  const otherContext = await browser.newContext()
  await signIn(await otherContext.newPage(), `${'a'.repeat(60)}@${'b'.repeat(60)}.fr`)
  await otherContext.close()
  await signIn(page, 'equipe@demo.aic.gouv.fr')
  await page.goto('/equipe/journal?action=user.created')
  await expectAccessible(page)
})
