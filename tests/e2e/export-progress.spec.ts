import { expect, expectAccessible, otherOrganisationAgent, test } from './fixtures.ts'

// A big export seen while it runs (issue 19, « an export with its announced count and progress »):
// the dashboard announces how many reviews the file will hold; while it is prepared, « Mes exports »
// shows a progress bar (rows written / total) that a person without JavaScript reads by following
// « Actualiser »; with JavaScript the page refreshes by itself until the file is ready.
// On the embedded PGlite (no DATABASE_URL) every query runs on the app's main thread, one at a time:
// a page asked for while the export runs waits for it to finish, so no refresh can land in the
// middle. The journey runs where exports run in production, on PostgreSQL (CI sets DATABASE_URL).
const REVIEWS = 40_000

test('un export de 40 000 avis : nombre annoncé, barre de progression sans JavaScript, fichier prêt avec ce nombre', async ({ browser, page }) => {
  test.skip(!process.env.DATABASE_URL, 'PGlite embarqué : une page attend la fin de l’export, la progression ne se voit que sur PostgreSQL (DATABASE_URL)')
  test.setTimeout(180_000)
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  // An agent of another organisation, whose service holds 40 000 reviews.
  const serviceId = await test.step('Une agente d’une autre organisation a un service de 40 000 avis', async () => {
    const { serviceId } = await otherOrganisationAgent(page, { suffix, organisation: `Caisse de test ${suffix}`, service: `Demande de prestation ${suffix}` })
    const seeded = await page.request.post('/test-hooks', { data: { hook: 'journey-reviews', serviceId, count: REVIEWS }, timeout: 120_000 })
    expect(seeded.ok(), await seeded.text()).toBe(true)
    return serviceId
  })

  // Without JavaScript, with the agent's session.
  await test.step('Sans JavaScript, elle demande l’export CSV et suit sa progression par « Actualiser » jusqu’au fichier prêt', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await page.context().storageState() })
    const noScript = await plain.newPage()
    await noScript.goto(`/services/${serviceId}`)
    await expect(noScript.getByTestId('export-compte')).toHaveText(/^Cet export contiendra 40\s000 avis\.$/)
    await noScript.getByRole('button', { name: 'Exporter ces avis en CSV' }).click()
    await expect(noScript.getByRole('heading', { level: 1, name: 'Mes exports' })).toBeVisible()
    await expect(noScript.getByText('Votre export est demandé.')).toBeVisible()

    // « Actualiser » until the file is ready, noting each progress bar seen on the way.
    const row = noScript.locator('tbody tr').first()
    const seen: Array<{ value: number; max: number; text: string }> = []
    await expect
      .poll(
        async () => {
          const bar = row.locator('progress')
          if (await bar.count()) {
            const [value, max] = await Promise.all([bar.getAttribute('value'), bar.getAttribute('max')])
            seen.push({ value: Number(value), max: Number(max), text: (await row.textContent()) ?? '' })
          }
          if (await row.getByText(/^Prêt/).count()) return 'prêt'
          await noScript.getByRole('link', { name: 'Actualiser' }).click()
          return 'en cours'
        },
        { timeout: 120_000, intervals: [150] },
      )
      .toBe('prêt')
    expect(seen.length, 'la barre de progression n’a jamais été vue').toBeGreaterThan(0)
    expect(seen.every((bar) => bar.max === REVIEWS)).toBe(true)
    expect(seen.some((bar) => bar.value < REVIEWS)).toBe(true)
    expect(seen[0]!.text).toMatch(/En préparation : \d+ % \([\d\s]+ avis sur 40\s000\)/)
    await expect(row.getByText(/^Prêt \(40\s000 avis\)$/)).toBeVisible()
    await expect(row.getByRole('link', { name: /Télécharger le CSV/ })).toBeVisible()
    await plain.close()
  })

  // With JavaScript: a second export (Excel) refreshes by itself until it is ready.
  await test.step('Avec JavaScript, elle demande un export Excel et la page se rafraîchit seule jusqu’au fichier prêt', async () => {
    await page.goto(`/services/${serviceId}`)
    await page.getByRole('button', { name: 'Exporter ces avis en Excel (XLSX)' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Mes exports' })).toBeVisible()
    await expectAccessible(page)
    await expect(page.getByRole('link', { name: /Télécharger le fichier Excel/ })).toBeVisible({ timeout: 120_000 })
    await expect(page.getByText(/^Prêt \(40\s000 avis\)$/)).toHaveCount(2)
  })
})
