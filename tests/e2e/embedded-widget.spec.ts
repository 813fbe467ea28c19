import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from '@playwright/test'
import { baseURL } from '../../playwright.config.ts'
import { expect, signIn, test } from './fixtures.ts'

// Issue 17 #1: the three embed codes on a page of another site (another origin AND another site:
// 127.0.0.1 frames localhost), where the browser denies the framed app any storage, as Safari,
// Firefox in strict mode, Brave and Chrome with third-party cookies blocked do. Each journey
// answers the whole questionnaire with a comment, and the team then finds the review and the comment.

// Serial: the last journey reads what the others stored. Generous time: five full questionnaires.
test.describe.configure({ mode: 'serial', timeout: 120_000 })

const SHOTS = '/tmp/shots-widget'
const APP_ORIGIN = new URL(baseURL).origin

/** The host site's own styles: a serif font and rough rules on buttons and frames, as real sites have. */
const HOST_STYLES = `
  body { font-family: Georgia, "Times New Roman", serif; font-size: 19px; color: #3a2a1a; background: #fdf6e3; letter-spacing: 0.04em; text-transform: uppercase; }
  button { font-family: "Times New Roman", serif !important; background: #f0c !important; border-radius: 40px; }
  iframe { border: 6px dashed #c00; }
  dialog { background: #ff0; }
`

interface HostSite {
  server: Server
  origin: string
  setCodes(codes: Record<'bouton' | 'widget' | 'sourire', string>): void
}

/** A page of another site that shows, each on its own path, one of the codes the team copied. */
async function startHostSite(): Promise<HostSite> {
  let codes: Record<string, string> = {}
  const server = createServer((req, res) => {
    const kind = (req.url ?? '/').replace(/^\//, '').replace(/\?.*$/, '')
    if (kind === 'favicon.ico') {
      res.writeHead(204)
      res.end()
      return
    }
    const code = codes[kind]
    if (!code) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Page inconnue')
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html>
<html lang="fr">
  <head><meta charset="utf-8"><title>Votre demande est enregistrée – Site d’une démarche</title><style>${HOST_STYLES}</style></head>
  <body>
    <main>
      <h1>Votre demande est enregistrée</h1>
      <p>Dites-nous comment ça s’est passé :</p>
      ${code}
    </main>
  </body>
</html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setCodes(next) {
      codes = next
    },
  }
}

/**
 * A visitor whose browser gives the app no storage at all. Chromium already denies storage to a
 * third-party frame; the init script (run in every frame before its own scripts) makes it certain
 * whatever the browser's settings, and also covers the link button's page on the app's own site
 * (private browsing, storage turned off). It notes what the browser itself answered, before the
 * simulation, and what the page's scripts then meet.
 */
async function visitorWithoutStorage(browser: Browser): Promise<{ context: BrowserContext; errors: string[] }> {
  // No X-Forwarded-For here (the journeys' fixture adds one): a visitor's browser sends none, and
  // such a header would turn the cross-origin font request into a preflighted one.
  const context = await browser.newContext({ extraHTTPHeaders: {} })
  await context.addInitScript((appOrigin: string) => {
    if (window.location.origin !== appOrigin) return
    const probe = () =>
      (['localStorage', 'sessionStorage'] as const).map((name) => {
        try {
          window[name].getItem('x')
          return `${name}: accessible`
        } catch (error) {
          return `${name}: ${(error as Error).name}`
        }
      })
    const browserAnswer = probe()
    for (const name of ['localStorage', 'sessionStorage'] as const) {
      Object.defineProperty(window, name, {
        configurable: true,
        get() {
          throw new DOMException(`Failed to read the '${name}' property from 'Window': Access is denied for this document.`, 'SecurityError')
        },
      })
    }
    ;(window as unknown as { aicStorage: unknown }).aicStorage = { browser: browserAnswer, page: probe() }
  }, APP_ORIGIN)
  const errors: string[] = []
  context.on('weberror', (error) => errors.push(`${error.error().name}: ${error.error().message}`))
  context.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.location().url} : ${message.text()}`)
  })
  return { context, errors }
}

/** The frame of the app inside the host page. */
async function appFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().some((frame) => frame.url().startsWith(APP_ORIGIN))).toBe(true)
  return page.frames().find((frame) => frame.url().startsWith(APP_ORIGIN))!
}

/** The app's page got no storage (and, in a frame of another site, says what Chromium itself did). */
async function expectNoStorage(frame: Frame, framed: boolean) {
  const seen = await frame.evaluate(() => (window as unknown as { aicStorage: { browser: string[]; page: string[] } }).aicStorage)
  expect(seen.page).toEqual(['localStorage: SecurityError', 'sessionStorage: SecurityError'])
  if (framed) test.info().annotations.push({ type: 'stockage refusé par Chromium lui-même dans le cadre', description: seen.browser.join(', ') })
}

/** The font the browser really draws the widget's button with (not only the CSS it was asked for). */
async function buttonFonts(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  await cdp.send('DOM.getDocument', { depth: 0 })
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `(() => { const host = document.querySelector('[data-je-donne-mon-avis]'); return (host.shadowRoot || host).querySelector('button') })()`,
  })
  const { nodeId } = await cdp.send('DOM.requestNode', { objectId: result.objectId! })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts.map((font) => font.familyName)
}

let shot = 0
async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  shot += 1
  await page.screenshot({ path: `${SHOTS}/${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true })
}

/** The steps after the first answer, the same in the three presentations: every question answered. */
async function answerTheRest(form: FrameLocator | Page, page: Page, prefix: string, comment: string, top?: Locator) {
  // In the dialog, each new step shows from its top (the dialog had scrolled to reach « Continuer »).
  const expectTopShown = async () => {
    if (top) await expect(top).toBeInViewport()
  }
  await expect(form.getByText('Étape 2 sur 4')).toBeVisible()
  await screenshot(page, `${prefix}-etape-2`)
  await form.getByText('Pas très clair', { exact: true }).click()
  await form.getByRole('button', { name: 'Continuer' }).click()
  await expect(form.getByText('Étape 3 sur 4')).toBeVisible()
  await expectTopShown()
  await screenshot(page, `${prefix}-etape-3`)
  await form.getByText('Par téléphone').click()
  await form.getByText('Au guichet').click()
  await form.getByRole('button', { name: 'Continuer' }).click()
  await expect(form.getByText('Avez-vous réussi à obtenir de l’aide ?')).toBeVisible()
  await form.getByText('Oui', { exact: true }).click()
  await form.getByText('Mauvaise', { exact: true }).click()
  await screenshot(page, `${prefix}-etape-3-suite`)
  await form.getByRole('button', { name: 'Continuer' }).click()
  await expect(form.getByText('Étape 4 sur 4')).toBeVisible()
  await expectTopShown()
  await form.getByLabel('Souhaitez-vous nous en dire plus ?').fill(comment)
  await screenshot(page, `${prefix}-etape-4`)
  await form.getByRole('button', { name: 'Envoyer mon avis' }).click()
  await expect(form.getByText('Votre avis est enregistré.')).toBeVisible()
  await expectTopShown()
  await screenshot(page, `${prefix}-merci`)
}

let host: HostSite
let dashboardUrl = ''
const serviceName = `Démarche intégrée ${Date.now().toString(36)}`
const comments = {
  bouton: `Le bouton du site : le formulaire est trop long ${Date.now().toString(36)}`,
  widget: `La fenêtre intégrée : personne ne m’a rappelé ${Date.now().toString(36)}`,
  sourire: `Le sourire : les horaires ne sont pas à jour ${Date.now().toString(36)}`,
  widgetWithoutRouter: `La fenêtre sans routeur : il manque une pièce ${Date.now().toString(36)}`,
}

test.beforeAll(async ({ browser }) => {
  host = await startHostSite()
  // The team creates a service and a placement that allows the host site, then copies the three codes.
  const page = await browser.newPage({ baseURL })
  await signIn(page, 'service@demo.aic.gouv.fr')
  await page.goto('/services/nouveau')
  await page.getByLabel('Nom de la démarche').fill(serviceName)
  await page.getByRole('button', { name: 'Créer le service' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emplacements et intégration' })).toBeVisible()
  await page.getByLabel('Nom de l’emplacement').fill('Page de confirmation')
  await page.getByLabel('Sites autorisés (facultatif)').fill(host.origin)
  await page.getByRole('button', { name: 'Créer l’emplacement' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Emplacement « Page de confirmation »' })).toBeVisible()
  dashboardUrl = page.url().replace(/\/emplacements\/.*$/, '')
  host.setCodes({
    bouton: await page.locator('#code-bouton-texte').inputValue(),
    widget: await page.locator('#code-widget-texte').inputValue(),
    sourire: await page.locator('#code-sourire-texte').inputValue(),
  })
  await page.close()
})

test.afterAll(async () => {
  await new Promise((resolve) => host.server.close(resolve))
})

test('la fenêtre intégrée, sur un site d’une autre origine sans stockage : le questionnaire entier avec un commentaire, dans un bouton aux polices du DSFR', async ({ browser }) => {
  const { context, errors } = await visitorWithoutStorage(browser)
  const site = await context.newPage()
  await site.goto(`${host.origin}/widget`)
  const button = site.getByRole('button', { name: 'Je donne mon avis' })
  await expect(button).toBeVisible()
  await screenshot(site, 'widget-page-hote')
  // The button keeps its own look: not the host's serif font, colours or letter case.
  const look = await button.evaluate((element) => {
    const style = getComputedStyle(element)
    return { font: style.fontFamily, background: style.backgroundColor, transform: style.textTransform }
  })
  expect.soft(look.font).toMatch(/^Marianne, /)
  expect.soft(look.font).not.toMatch(/Georgia|Times/)
  expect.soft(look).toMatchObject({ background: 'rgb(0, 0, 145)', transform: 'none' })
  // And the glyphs on screen are Marianne's (the app's file: this host page has no Marianne).
  await expect.poll(() => buttonFonts(site)).toEqual(['Marianne Medium'])

  await button.click()
  const dialog = site.getByRole('dialog', { name: 'Je donne mon avis' })
  await expect(dialog).toBeVisible()
  const form = site.frameLocator('dialog iframe')
  await expect(form.getByRole('button', { name: 'Pas bien' })).toBeVisible()
  await expectNoStorage(await appFrame(site), true)
  await screenshot(site, 'widget-etape-1')
  await form.getByRole('button', { name: 'Pas bien' }).click()
  await answerTheRest(form, site, 'widget', comments.widget, dialog.getByRole('heading', { name: 'Je donne mon avis' }))
  await form.getByRole('button', { name: 'Fermer' }).click()
  await expect(dialog).toBeHidden()
  expect(errors).toEqual([])
  await context.close()
})

test('l’avis en un clic, sur un site d’une autre origine sans stockage : un clic, puis le reste du questionnaire avec un commentaire', async ({ browser }) => {
  const { context, errors } = await visitorWithoutStorage(browser)
  const site = await context.newPage()
  await site.goto(`${host.origin}/sourire`)
  const smiley = site.frameLocator('iframe[title="Donnez votre avis en un clic"]')
  await expect(smiley.getByRole('button', { name: 'Moyen' })).toBeVisible()
  await expectNoStorage(await appFrame(site), true)
  await screenshot(site, 'sourire-page-hote')
  await smiley.getByRole('button', { name: 'Moyen' }).click()
  await expect(smiley.getByText('Votre réponse « Moyen » est enregistrée.')).toBeVisible()
  await screenshot(site, 'sourire-enregistre')
  await smiley.getByRole('link', { name: 'Répondre aux autres questions' }).click()
  await answerTheRest(smiley, site, 'sourire', comments.sourire)
  expect(errors).toEqual([])
  await context.close()
})

test('le bouton « Je donne mon avis », sur un site d’une autre origine, sans stockage : le questionnaire entier avec un commentaire', async ({ browser }) => {
  const { context, errors } = await visitorWithoutStorage(browser)
  const site = await context.newPage()
  await site.goto(`${host.origin}/bouton`)
  await screenshot(site, 'bouton-page-hote')
  const [tab] = await Promise.all([context.waitForEvent('page'), site.getByRole('link', { name: 'Je donne mon avis' }).click()])
  await expect(tab.getByRole('button', { name: 'Très bien' })).toBeVisible()
  await expectNoStorage(tab.mainFrame(), false)
  await screenshot(tab, 'bouton-etape-1')
  await tab.getByRole('button', { name: 'Très bien' }).click()
  await answerTheRest(tab, tab, 'bouton', comments.bouton)
  expect(errors).toEqual([])
  await context.close()
})

test('la fenêtre intégrée, quand les requêtes du JavaScript de l’application n’aboutissent pas dans le cadre : chaque étape part quand même, comme sans JavaScript', async ({ browser }) => {
  const { context } = await visitorWithoutStorage(browser)
  // A content blocker or a proxy stops the client-side router's own requests (route manifest, data).
  await context.route(
    (url) => url.origin === APP_ORIGIN && (url.pathname === '/__manifest' || url.searchParams.has('_data')),
    (route) => route.abort(),
  )
  const site = await context.newPage()
  await site.goto(`${host.origin}/widget`)
  await site.getByRole('button', { name: 'Je donne mon avis' }).click()
  const form = site.frameLocator('dialog iframe')
  await form.getByRole('button', { name: 'Moyen' }).click()
  await answerTheRest(form, site, 'widget-sans-routeur', comments.widgetWithoutRouter, site.getByRole('dialog').getByRole('heading', { name: 'Je donne mon avis' }))
  await context.close()
})

test('l’équipe retrouve les quatre avis et leurs commentaires', async ({ page }) => {
  await signIn(page, 'service@demo.aic.gouv.fr')
  await page.goto(dashboardUrl)
  await expect(page.getByRole('heading', { level: 1, name: serviceName })).toBeVisible()
  await expect(page.getByTestId('nombre-avis')).toHaveText('4 avis')
  // Every answer of the four journeys is there, not only the first one: « Pas bien », « Moyen »,
  // « Très bien », « Moyen »; « Pas très clair » each time; help reached each time.
  await expect(page.locator('[data-indicateur="satisfaction"]')).toHaveText('5,0 / 10')
  await expect(page.locator('[data-indicateur="clarity"]')).toHaveText('2,5 / 10')
  await expect(page.locator('[data-indicateur="reached"]')).toHaveText('100,0 %')
  for (const comment of Object.values(comments)) await expect(page.getByText(comment)).toBeVisible()
  await screenshot(page, 'tableau-de-bord')
})
