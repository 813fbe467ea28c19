// The browser checks the RGAA grid cites (app/accessibility/rgaa-grid.ts, decision 096): each test
// checks every page of the sample (app/accessibility/sample.ts) for what axe does not, or not alone:
// zoom and reflow, text spacing, reading order, images and charts, tables, forms, navigation.
// Each page is opened once per window size (1280 px, 320 px, 1280 px zoomed to 200 %) and the tests
// of that size run their checks on it, one after the other (decision 107): page loads were most of
// the time when each test opened the 13 pages again.
// Pages are only read (GET): the journeys that change the demo data run next to this file. The
// evaluation page is reached only after the team's assignment (tests/e2e/scoring.spec.ts, which runs
// axe on it): its radio buttons are checked here from the same component, rendered in the browser.
import { mkdirSync } from 'node:fs'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test'
import { MENTIONS } from '#app/accelerator/scoring/types.ts'
import { SAMPLE_PAGES, type SamplePageId } from '#app/accessibility/sample.ts'
import { ChoiceField } from '#app/components/forms.tsx'
import { expect, expectAccessible, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

const SHOTS = 'test-results/accessibility-grid'

type Visit = { id: SamplePageId; path: string; storageState?: BrowserContextOptions['storageState'] }

let visits: Visit[] | null = null

/** The sample's pages with real paths, and the session each needs (found once per worker). */
async function samplePages(browser: Browser): Promise<Visit[]> {
  if (visits) return visits
  const found: Partial<Record<SamplePageId, Visit>> = {}
  for (const page of SAMPLE_PAGES) if (!page.path.includes('{')) found[page.id] = { id: page.id, path: page.path }

  const leaderContext = await browser.newContext()
  const leader = await leaderContext.newPage()
  await signIn(leader, uniqueEmail('grille-rgaa'))
  await leader.goto('/appels/edition-3/candidater')
  await leader.getByRole('button', { name: 'Commencer ma candidature' }).click()
  await expect(leader.getByText('Votre candidature est créée.')).toBeVisible()
  await leader.getByRole('link', { name: 'Commencer', exact: true }).click()
  await expect(leader.getByRole('heading', { level: 1, name: 'Votre structure' })).toBeVisible()
  found.candidature = { id: 'candidature', path: new URL(leader.url()).pathname, storageState: await leaderContext.storageState() }
  await leaderContext.close()

  const teamContext = await browser.newContext()
  const team = await teamContext.newPage()
  await signIn(team, 'equipe@demo.aic.gouv.fr')
  await team.goto('/equipe/appels')
  await team.getByRole('link', { name: 'Appel à projets, 2e édition' }).first().click()
  await expect(team.getByRole('heading', { level: 1, name: 'Appel à projets, 2e édition' })).toBeVisible()
  const callId = new URL(team.url()).pathname.split('/').pop()!
  found.deliberation = { id: 'deliberation', path: `/equipe/appels/${callId}/deliberation`, storageState: await teamContext.storageState() }
  await teamContext.close()

  const serviceContext = await browser.newContext()
  const service = await serviceContext.newPage()
  await signIn(service, 'service@demo.aic.gouv.fr')
  await service.getByRole('link', { name: 'Demande de passeport' }).click()
  await expect(service.getByRole('heading', { level: 1, name: /Demande de passeport/ })).toBeVisible()
  const serviceState = await serviceContext.storageState()
  found['tableau-de-bord'] = { id: 'tableau-de-bord', path: new URL(service.url()).pathname, storageState: serviceState }
  await service.getByRole('link', { name: 'Emplacements et intégration' }).click()
  await expect(service.getByRole('heading', { level: 1, name: 'Emplacements et intégration' })).toBeVisible()
  await service.getByRole('link', { name: 'Page de confirmation' }).click()
  await expect(service.getByRole('heading', { level: 1, name: /Page de confirmation/ })).toBeVisible()
  found.emplacement = { id: 'emplacement', path: new URL(service.url()).pathname, storageState: serviceState }
  found.avis = {
    id: 'avis',
    path: new URL(
      (await service
        .getByRole('link', { name: /\/avis\// })
        .first()
        .getAttribute('href'))!,
    ).pathname,
  }
  await serviceContext.close()

  visits = SAMPLE_PAGES.filter((page) => page.id !== 'evaluation').map((page) => found[page.id]!)
  return visits
}

/** A page of the sample opened once for the checks of several tests, with what its response said. */
type Opened = { visit: Visit; page: Page; status: number | undefined; start: string }

/**
 * Opens each page of the sample once, for the tests of the enclosing `test.describe`, whose mode is
 * 'default': they run in order in one worker and check the same pages. A failed test ends its worker;
 * the tests after it still run, in a new worker that opens the pages again (they are not skipped, as
 * in mode 'serial'). Tests only read the pages, except the last of a block, which may change them (a
 * style sheet, a window size). The pages of one session share a context (window size, cookies, and
 * the browser's cache of the DSFR's files and fonts), as one person's tabs would.
 */
function openedOnce(options: BrowserContextOptions): Opened[] {
  const opened: Opened[] = []
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(600_000)
    const contexts = new Map<Visit['storageState'], BrowserContext>()
    for (const visit of await samplePages(browser)) {
      const context = contexts.get(visit.storageState) ?? (await browser.newContext({ ...options, storageState: visit.storageState }))
      contexts.set(visit.storageState, context)
      const page = await context.newPage()
      const response = await page.goto(visit.path)
      opened.push({ visit, page, status: response?.status(), start: ((await response?.text()) ?? '').slice(0, 15) })
    }
  })
  test.afterAll(async () => {
    for (const context of new Set(opened.splice(0).map(({ page }) => page.context()))) await context.close()
  })
  return opened
}

/** Runs `check` on each page opened by `openedOnce`, in a step that names it. */
async function eachOpened(opened: Opened[], check: (page: Page, visit: Visit) => Promise<void>) {
  expect(opened.map((page) => page.visit.id)).toEqual(SAMPLE_PAGES.filter((page) => page.id !== 'evaluation').map((page) => page.id))
  for (const { visit, page, status } of opened) {
    await test.step(visit.path, async () => {
      expect(status, visit.path).toBe(200)
      await expect(page.locator('h1').first()).toBeVisible()
      await check(page, visit)
    })
  }
}

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  // Long pages (the deliberation of 22 applications) take a while to draw on a loaded machine.
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, timeout: 120_000 })
}

/** Page wider than its window: a horizontal scrollbar (tables scroll inside their own frame). */
async function horizontalOverflow(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }))
}

/**
 * Visible text that a box with overflow hidden or clip cuts off: each text node's rectangles must lie
 * inside every clipping box around it. Not counted: text hidden on purpose for screen readers
 * (fr-sr-only: a 1 px clipped box) and the DSFR icon-only buttons of small screens (« Menu », the
 * search bar's « Rechercher »), whose word is their accessible name and whose icon stays visible.
 */
async function clippedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const clipping = new Map<Element, { x: boolean; y: boolean } | null>()
    const clipsOf = (el: Element) => {
      if (!clipping.has(el)) {
        const style = getComputedStyle(el)
        const clips = (value: string) => value === 'hidden' || value === 'clip'
        clipping.set(el, clips(style.overflowX) || clips(style.overflowY) ? { x: clips(style.overflowX), y: clips(style.overflowY) } : null)
      }
      return clipping.get(el)!
    }
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || !node.textContent?.trim()) continue
      if (parent.closest('.fr-sr-only, .fr-btn--menu, .fr-search-bar .fr-btn, [aria-hidden="true"], script, style, noscript, template')) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0)
      if (!rects.length) continue
      for (let box: Element | null = parent; box && box !== document.documentElement; box = box.parentElement) {
        const clips = clipsOf(box)
        if (!clips) continue
        const bounds = box.getBoundingClientRect()
        if (bounds.width <= 1 || bounds.height <= 1) break
        const out = rects.some(
          (rect) =>
            (clips.x && (rect.left < bounds.left - 1 || rect.right > bounds.right + 1)) ||
            (clips.y && (rect.top < bounds.top - 1 || rect.bottom > bounds.bottom + 1)),
        )
        if (out) {
          found.push(`« ${node.textContent.trim().slice(0, 60)} » coupé par ${box.tagName.toLowerCase()}.${[...box.classList].join('.')}`)
          break
        }
      }
    }
    return found
  })
}

test.describe('à 1280 px : chaque page ouverte une fois', () => {
  test.describe.configure({ mode: 'default' })
  const desktop = openedOnce({})

  test('échantillon : axe (WCAG 2.1 A et AA) ne trouve aucune violation', async () => {
    test.setTimeout(600_000)
    await eachOpened(desktop, async (page) => {
      await expectAccessible(page)
    })
  })

  test('échantillon : chaque image a une alternative, les images décoratives sont ignorées et chaque graphique a son tableau de données', async () => {
    test.setTimeout(600_000)
    const seen = { images: 0, decorative: 0, charts: 0 }
    await eachOpened(desktop, async (page) => {
      const result = await page.evaluate(() => {
        const problems: string[] = []
        const nameOf = (el: Element) =>
          el.getAttribute('aria-label')?.trim() ||
          (el.getAttribute('aria-labelledby') ?? '')
            .split(/\s+/)
            .map((id) => (id ? document.getElementById(id)?.textContent?.trim() : ''))
            .join(' ')
            .trim()
        let images = 0
        let decorative = 0
        let charts = 0
        for (const img of document.querySelectorAll('img, [role="img"], input[type="image"], area')) {
          if (img.closest('[aria-hidden="true"]')) {
            decorative++
            continue
          }
          const alt = img.getAttribute('alt')
          if (img.tagName === 'IMG' && alt === '') decorative++
          else if (!(alt?.trim() || nameOf(img))) problems.push(`image sans alternative : ${img.outerHTML.slice(0, 120)}`)
          else images++
        }
        for (const svg of document.querySelectorAll('svg')) {
          if (svg.parentElement?.closest('svg')) continue
          if (svg.closest('[aria-hidden="true"]')) decorative++
          else if (svg.getAttribute('role') !== 'img') problems.push(`SVG ni décoratif (aria-hidden) ni image (role="img") : ${svg.outerHTML.slice(0, 120)}`)
        }
        for (const chart of document.querySelectorAll('svg.aic-chart')) {
          charts++
          const figure = chart.closest('figure')
          const caption = figure?.querySelector('figcaption')
          if (!caption || !chart.getAttribute('aria-labelledby')?.split(/\s+/).includes(caption.id)) problems.push('graphique sans légende reliée')
          const after = figure ? [...figure.parentElement!.children].slice([...figure.parentElement!.children].indexOf(figure) + 1) : []
          if (!after.some((el) => el.matches('table, .fr-table') || el.querySelector('table'))) problems.push('graphique sans tableau de données après lui')
        }
        for (const el of document.querySelectorAll('video, audio, object, embed, canvas, bgsound'))
          problems.push(`média non vérifié : <${el.tagName.toLowerCase()}>`)
        for (const frame of document.querySelectorAll('iframe, frame')) if (!frame.getAttribute('title')?.trim()) problems.push('cadre sans titre')
        return { problems, images, decorative, charts }
      })
      expect(result.problems).toEqual([])
      seen.images += result.images
      seen.decorative += result.decorative
      seen.charts += result.charts
    })
    // The sample does hold what is checked: images with alternatives, decorative ones, a chart.
    expect(seen.images).toBeGreaterThan(0)
    expect(seen.decorative).toBeGreaterThan(0)
    expect(seen.charts).toBeGreaterThan(0)
  })

  test('échantillon : chaque tableau de données a un titre et des en-têtes déclarés, aucun tableau complexe ni de mise en forme', async () => {
    test.setTimeout(600_000)
    let tables = 0
    await eachOpened(desktop, async (page) => {
      const result = await page.evaluate(() => {
        const problems: string[] = []
        const all = [...document.querySelectorAll('table')]
        for (const table of all) {
          const label = table.querySelector('caption')?.textContent?.trim()
          if (!label) problems.push(`tableau sans titre (caption) : ${table.outerHTML.slice(0, 100)}`)
          if (table.getAttribute('role') === 'presentation' || table.getAttribute('role') === 'none') problems.push(`tableau de mise en forme : ${label}`)
          const headers = [...table.querySelectorAll('th')]
          if (!headers.length) problems.push(`tableau sans en-tête : ${label}`)
          for (const th of headers) {
            const scope = th.getAttribute('scope')
            if (!(scope === 'col' || scope === 'row')) problems.push(`en-tête sans portée (scope) dans « ${label} » : ${th.textContent}`)
          }
          if (table.querySelector('[headers], th[colspan]:not([colspan="1"]), th[rowspan]:not([rowspan="1"])')) problems.push(`tableau complexe : ${label}`)
          if (table.querySelectorAll('thead tr').length > 1) problems.push(`tableau à plusieurs lignes d’en-tête : ${label}`)
        }
        return { problems, count: all.length }
      })
      expect(result.problems).toEqual([])
      tables += result.count
    })
    expect(tables).toBeGreaterThan(0)
  })

  test('échantillon : type de document, langue française et titre « page – service » sur chaque page', async () => {
    test.setTimeout(600_000)
    for (const { visit, page, start } of desktop) {
      expect(start.toLowerCase(), visit.path).toBe('<!doctype html>')
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
      // « Page – Service »: the page's own name first, then the service's.
      const title = await page.title()
      expect(title, visit.path).toMatch(/^\S.* – (Accélérateur d’initiatives citoyennes|Je donne mon avis.*)$/)
      expect(await page.locator('[lang]').evaluateAll((els) => els.map((el) => el.getAttribute('lang')))).toEqual(['fr'])
    }
  })

  test('échantillon : aucune mise en forme par des balises ou des attributs de présentation', async () => {
    test.setTimeout(600_000)
    await eachOpened(desktop, async (page) => {
      const found = await page.evaluate(() => {
        const problems = [...document.querySelectorAll('font, center, marquee, blink, big, tt, strike, basefont, u')].map(
          (el) => `<${el.tagName.toLowerCase()}>`,
        )
        for (const el of document.querySelectorAll(
          '[align], [bgcolor], [valign], [color], [face], [background], [hspace], [vspace], [cellpadding], [cellspacing]',
        )) {
          if (!el.closest('svg')) problems.push(`<${el.tagName.toLowerCase()}> avec un attribut de présentation`)
        }
        for (const el of document.querySelectorAll('[width], [height], [border]')) {
          if (!el.closest('svg') && !['IMG', 'IFRAME', 'SVG', 'svg', 'CANVAS'].includes(el.tagName))
            problems.push(`<${el.tagName.toLowerCase()}> avec width, height ou border`)
        }
        return problems
      })
      expect(found).toEqual([])
    })
  })

  test('échantillon : chaque champ a une étiquette et chaque groupe de boutons radio ou de cases a sa légende', async () => {
    test.setTimeout(600_000)
    let fields = 0
    await eachOpened(desktop, async (page) => {
      const result = await page.evaluate(() => {
        const problems: string[] = []
        const controls = [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')].filter(
          (el) => !['hidden', 'submit', 'button', 'reset'].includes(el.type) && !el.closest('[aria-hidden="true"]') && el.tabIndex !== -1,
        )
        for (const control of controls) {
          const labelled = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label')?.trim() || control.getAttribute('aria-labelledby')?.trim()
          if (!labelled) problems.push(`champ sans étiquette : ${control.outerHTML.slice(0, 100)}`)
          if (control.type === 'radio' || control.type === 'checkbox') {
            const sameName = document.querySelectorAll(`input[name="${CSS.escape(control.name)}"]`).length
            const legend = control.closest('fieldset')?.querySelector('legend')?.textContent?.trim()
            if (sameName > 1 && !legend) problems.push(`groupe « ${control.name} » sans fieldset ni légende`)
          }
        }
        return { problems, count: controls.length }
      })
      expect(result.problems).toEqual([])
      fields += result.count
    })
    expect(fields).toBeGreaterThan(10)
  })

  test('échantillon : en-tête, menu, pied de page et lien vers le plan du site au même endroit sur chaque page', async () => {
    test.setTimeout(600_000)
    await eachOpened(desktop, async (page, visit) => {
      await expect(page.locator('.fr-header').first()).toBeVisible()
      const footer = page.locator('footer#pied-de-page')
      await expect(footer.getByRole('link', { name: 'Plan du site' })).toHaveAttribute('href', '/plan-du-site')
      await expect(footer.getByRole('link', { name: /^Accessibilité : / })).toHaveAttribute('href', '/accessibilite')
      // The skip links come first, the same on every page.
      const skip = await page.locator('.fr-skiplinks a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))
      expect(skip, visit.path).toEqual(expect.arrayContaining(['#contenu', '#pied-de-page']))
    })
  })

  test('échantillon : avec l’espacement du texte de WCAG 1.4.12, aucun texte coupé ni masqué', async () => {
    test.setTimeout(600_000)
    // Last of its block: the style sheet stays on the pages. The window becomes 1280 × 800, the size this
    // check used to open each page at again (same width: same breakpoints, same layout).
    await eachOpened(desktop, async (page, visit) => {
      await page.setViewportSize({ width: 1280, height: 800 })
      // The spacing a person may set (WCAG 1.4.12): line height 1.5, paragraphs 2, letters 0.12, words 0.16.
      await page.addStyleTag({
        content: '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }',
      })
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).letterSpacing)).not.toBe('normal')
      const { scrollWidth, width } = await horizontalOverflow(page)
      expect(scrollWidth, visit.path).toBeLessThanOrEqual(width)
      expect(await clippedTexts(page), visit.path).toEqual([])
      await shot(page, `espacement-${visit.id}`)
    })
  })
})

test.describe('à 320 px : chaque page ouverte une fois', () => {
  test.describe.configure({ mode: 'default' })
  const narrow = openedOnce({ viewport: { width: 320, height: 640 } })

  test('échantillon : un seul titre de niveau 1, des niveaux sans saut, les régions de la page et un ordre de lecture qui suit le code', async () => {
    test.setTimeout(600_000)
    await eachOpened(narrow, async (page) => {
      const result = await page.evaluate(() => {
        const problems: string[] = []
        const headings = [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')].filter((h) => h.getClientRects().length > 0)
        const levels = headings.map((h) => Number(h.tagName[1]))
        if (levels.filter((level) => level === 1).length !== 1) problems.push(`titres de niveau 1 : ${levels.filter((level) => level === 1).length}`)
        const main = document.querySelector('main')
        const firstInMain = headings.find((h) => main?.contains(h))
        if (firstInMain?.tagName !== 'H1') problems.push(`le contenu principal ne commence pas par le titre de niveau 1 (${firstInMain?.tagName})`)
        let previous = 1
        for (const [index, level] of levels.entries()) {
          if (main?.contains(headings[index]!) && level > previous + 1)
            problems.push(`saut de niveau : h${previous} puis h${level} « ${headings[index]!.textContent?.trim()} »`)
          if (main?.contains(headings[index]!)) previous = level
        }
        const header = document.querySelector('header[role="banner"], body > div header, header')
        const footer = document.querySelector('footer')
        if (!header || !main || !footer || !document.querySelector('nav')) problems.push('régions manquantes (en-tête, navigation, contenu, pied de page)')
        else {
          const follows = (a: Node, b: Node) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
          if (!follows(header, main) || !follows(main, footer)) problems.push('ordre des régions : en-tête, contenu, pied de page')
        }
        // Reading order at 320 px (one column): each heading of the content is below the previous one.
        let top = -Infinity
        for (const heading of headings.filter((h) => main?.contains(h))) {
          const y = heading.getBoundingClientRect().top + window.scrollY
          if (y + 1 < top) problems.push(`ordre de lecture : « ${heading.textContent?.trim()} » est affiché au-dessus du titre qui le précède dans le code`)
          top = y
        }
        return problems
      })
      expect(result).toEqual([])
    })
  })

  test('échantillon : à 320 px de large (zoom 400 %), aucun défilement horizontal', async () => {
    test.setTimeout(600_000)
    // WCAG 1.4.10 / RGAA 10.11: 1280 px zoomed to 400 % is a 320 px wide window.
    await eachOpened(narrow, async (page, visit) => {
      const { scrollWidth, width } = await horizontalOverflow(page)
      expect(scrollWidth, visit.path).toBeLessThanOrEqual(width)
      expect(await clippedTexts(page), visit.path).toEqual([])
      await shot(page, `largeur-320-${visit.id}`)
    })
  })
})

test.describe('à 1280 px zoomé à 200 % : chaque page ouverte une fois', () => {
  test.describe.configure({ mode: 'default' })
  // A 1280 × 800 window zoomed to 200 % lays the page out in 640 × 400 CSS pixels, drawn twice as big.
  const zoomed = openedOnce({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })

  test('échantillon : à 1280 px zoomé à 200 %, aucun défilement horizontal et aucun texte coupé', async () => {
    test.setTimeout(600_000)
    await eachOpened(zoomed, async (page, visit) => {
      const { scrollWidth, width } = await horizontalOverflow(page)
      expect(scrollWidth, visit.path).toBeLessThanOrEqual(width)
      expect(await clippedTexts(page), visit.path).toEqual([])
      await shot(page, `zoom-200-${visit.id}`)
    })
  })
})

test('les boutons radio des évaluations ont un nom pour les lecteurs d’écran : mentions du jugement majoritaire et niveaux des critères', async ({ page }) => {
  // The fields of the evaluation page (app/routes/evaluation.$callId.$applicationId.tsx), rendered
  // by the same component, in a page with the DSFR stylesheet; names read from Chromium's accessibility tree.
  const html = renderToStaticMarkup(
    createElement(
      'div',
      null,
      createElement(ChoiceField, {
        legend: 'Votre mention pour ce projet',
        hint: 'Après avoir lu le projet et les critères du guide, quelle mention lui donnez-vous ?',
        name: 'mention',
        options: [...MENTIONS].reverse().map((m) => ({ value: m, label: m })),
        errors: ['Choisissez une mention pour ce projet.'],
      }),
      createElement(ChoiceField, {
        legend: 'Utilité pour les habitants',
        name: 'score-utilite',
        options: ['Aucune', 'Faible', 'Réelle', 'Forte'].map((level, index) => ({ value: String(index + 1), label: `Niveau ${index + 1}`, hint: level })),
      }),
    ),
  )
  await page.goto('/mentions-legales')
  // Once React has hydrated the page (Remix renders the whole document): injected earlier, the fields
  // would be thrown away by hydration on a slow machine.
  await page.waitForFunction(() => Object.keys(document.body).some((key) => key.startsWith('__reactFiber')))
  await page.locator('main').evaluate((main, markup) => {
    main.innerHTML = `<h1>Essai</h1><form>${markup}</form>`
  }, html)
  const mentions = page.getByRole('group', { name: /^Votre mention pour ce projet/ })
  // The group's name carries its legend and, when the mention is missing, the error message.
  await expect(mentions).toHaveAccessibleName(/Votre mention pour ce projet.*Choisissez une mention pour ce projet\./)
  for (const mention of MENTIONS) await expect(mentions.getByRole('radio', { name: mention, exact: true })).toHaveCount(1)
  await expect(mentions).toMatchAriaSnapshot(`
    - group:
      - radio "Excellent"
      - text: Excellent
      - radio "Très bien"
      - text: Très bien
      - radio "Bien"
      - text: Bien
      - radio "Assez bien"
      - text: Assez bien
      - radio "Passable"
      - text: Passable
      - radio "Insuffisant"
      - text: Insuffisant
      - radio "À rejeter"
      - text: À rejeter
      - paragraph: /^Choisissez une mention pour ce projet\\./
  `)
  const levels = page.getByRole('group', { name: /^Utilité pour les habitants/ })
  await expect(levels.getByRole('radio', { name: 'Niveau 3 Réelle', exact: true })).toHaveCount(1)
  await mentions.getByRole('radio', { name: 'Très bien', exact: true }).check({ force: true })
  await expect(page.locator('input[name="mention"]:checked')).toHaveValue('Très bien')
  await expectAccessible(page)
})
