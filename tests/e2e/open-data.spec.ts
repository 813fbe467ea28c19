import { expect, expectAccessible, runJob, test } from './fixtures.ts'

// The dated daily files of reviews (issue 19): after the nightly job, the open-data page lists them,
// newest first, with their dictionary, and each downloads at its stable, immutable URL.
test('la page des données ouvertes liste les fichiers quotidiens des avis, téléchargeables', async ({ page, request }) => {
  await runJob(request, 'feedback.open-data.daily')
  await page.goto('/experiences/donnees')
  await expect(page.getByRole('heading', { level: 2, name: 'Avis « Je donne mon avis », un fichier par jour' })).toBeVisible()
  const table = page.getByRole('table', { name: /Fichiers quotidiens des avis, du plus récent au plus ancien/ })
  const links = table.getByRole('link', { name: /^avis-\d{4}-\d{2}-\d{2}\.csv$/ })
  expect(await links.count()).toBeGreaterThanOrEqual(1)
  const names = await links.allTextContents()
  expect(names).toEqual([...names].sort().reverse())
  await expect(page.getByRole('table', { name: /Fichiers quotidiens des avis \(avis-AAAA-MM-JJ\.csv\)/ }).getByRole('row', { name: /commentaire_retire/ })).toBeVisible()
  await page.screenshot({ path: '/work/shots/opendata/donnees-ouvertes.png', fullPage: true })
  await table.screenshot({ path: '/work/shots/opendata/fichiers-quotidiens.png' })
  await expectAccessible(page)

  const file = await request.get(`/experiences/donnees/${names[0]}`)
  expect(file.status()).toBe(200)
  expect(file.headers()['cache-control']).toContain('immutable')
  expect(await file.text()).toContain('"id";"cree_le";"service_id"')
  const missing = await request.get('/experiences/donnees/avis-2026-02-30.csv')
  expect(missing.status()).toBe(404)
})
