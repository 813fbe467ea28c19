import { expect, expectAccessible, latestEmail, otherOrganisationAgent, runJob, test } from './fixtures.ts'

// A digest at the hour a person chose (issue 19): an agent follows a service in her digest, chooses
// « chaque jour » at the current Paris hour, and the digest job sends her one e-mail that says so.
// The hour is the current one so that the slot has just passed without moving the server's clock
// (other journeys run at the same time).
test('un résumé à l’heure choisie : abonnement, fréquence et heure enregistrées, puis l’e-mail qui le dit', async ({ page }) => {
  test.setTimeout(90_000)
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  const service = `Aides au logement ${suffix}`
  const { agentEmail, serviceId } = await otherOrganisationAgent(page, { suffix, organisation: `Agence ${suffix}`, service })
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(new Date()))

  // The agent follows the service in her digest.
  await test.step('L’agente met le service dans son résumé', async () => {
    await page.goto(`/services/${serviceId}/alertes`)
    await expect(page.getByRole('heading', { level: 1, name: 'Alertes et résumés par e-mail' })).toBeVisible()
    await expectAccessible(page)
    // The alert's timing is written after hydration too (it read « depuis NaN minutes »: values of a .server module).
    await expect(page.getByText('n’est arrivé depuis 5 minutes, et au plus tard 30 minutes après le premier.')).toBeVisible()
    await page.getByLabel(/Ce service dans mon résumé/).check({ force: true })
    await page.getByRole('button', { name: 'Enregistrer mes choix' }).click()
    await expect(page.getByText('Vos choix sont enregistrés.')).toBeVisible()
  })

  // She chooses « chaque jour » at the current hour; the page reads it back from the database.
  await test.step('Elle choisit « chaque jour » à l’heure qu’il est, relu depuis la base', async () => {
    await page.getByRole('radio', { name: /Chaque jour/ }).check({ force: true })
    await page.getByLabel(/Heure d’envoi/).selectOption(String(hour))
    await page.getByRole('button', { name: 'Enregistrer l’horaire' }).click()
    await expect(page.getByText(`Vos résumés arriveront chaque jour à ${hour} h.`)).toBeVisible()
    await expect(page.getByText(new RegExp(`Votre résumé arrive chaque jour à ${hour} h`))).toBeVisible()
    await expectAccessible(page)
    await page.screenshot({ path: 'test-results/resume-horaire.png', fullPage: true })
    // Read back from the database, not from the form's memory.
    await page.reload()
    await expect(page.getByLabel(/Heure d’envoi/)).toHaveValue(String(hour))
    await expect(page.getByRole('radio', { name: /Chaque jour/ })).toBeChecked()
  })

  // The digest job sends her one e-mail that says so.
  await test.step('Elle reçoit le résumé qui rappelle son horaire', async () => {
    await runJob(page.request, 'feedback.alerts.weekly-digest')
    const mail = await latestEmail(page.request, agentEmail, { subject: /Résumé/ })
    expect(mail.subject).toContain(`« ${service} »`)
    expect(mail.text).toContain(`Vous recevez ce résumé chaque jour à ${hour} h.`)
    expect(mail.text).toContain(`/services/${serviceId}/alertes`)
  })
})
