import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { accessibilityViolations, expect, expectAccessible, EXTRA_RULES, test, WCAG_TAGS } from './fixtures.ts'

// expectAccessible runs axe in the page itself when it has no frame (decision 088): it must find
// exactly what AxeBuilder finds, with and without a frame, or the journeys' checks would be weaker.
async function breakPage(page: Page, withFrame: boolean) {
  await page.goto('/mentions-legales')
  await expect(page.getByRole('heading', { level: 1, name: 'Mentions légales' })).toBeVisible()
  await page.evaluate((withFrame) => {
    const main = document.querySelector('main')!
    document.querySelector('.fr-skiplinks a')!.setAttribute('href', '#nulle-part')
    if (withFrame) {
      const frame = document.createElement('iframe')
      frame.title = 'Cadre de test'
      frame.srcdoc = '<html lang="fr"><body><main><img src="/x.png"><button></button></main></body></html>'
      main.append(frame)
    }
    main.append(Object.assign(document.createElement('img'), { src: '/x.png' }), document.createElement('button'))
  }, withFrame)
  if (withFrame) await expect(page.frameLocator('iframe[title="Cadre de test"]').locator('button')).toBeAttached()
}

for (const withFrame of [false, true]) {
  test(`la vérification axe des parcours trouve les mêmes violations qu’AxeBuilder (${withFrame ? 'avec' : 'sans'} cadre)`, async ({ page }) => {
    await breakPage(page, withFrame)
    const targets = (violations: { id: string; nodes: { target: unknown[] }[] }[]) =>
      violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`)).sort()
    const reference = targets((await new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: WCAG_TAGS }, rules: EXTRA_RULES }).analyze()).violations)
    expect(reference.map((target) => target.split(':')[0])).toEqual(withFrame ? ['button-name', 'button-name', 'image-alt', 'image-alt', 'skip-link'] : ['button-name', 'image-alt', 'skip-link'])
    expect(reference.some((target) => target.includes('iframe'))).toBe(withFrame)
    expect(targets(await accessibilityViolations(page))).toEqual(reference)
    const error = await expectAccessible(page).then(
      () => null,
      (caught: Error) => caught,
    )
    expect(error, 'expectAccessible doit échouer sur une page qui a des violations').not.toBeNull()
  })
}
