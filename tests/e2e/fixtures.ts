import AxeBuilder from '@axe-core/playwright'
import axe from 'axe-core'
import { expect, test as base, type APIRequestContext, type Cookie, type Locator, type Page } from '@playwright/test'
import { randomClientAddress } from '../helpers/app-process.ts'

export { expect }

/** Decodes the few HTML entities React escapes in text. */
function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** The text of the latest e-mail sent to `to`, read from the demo outbox (waits for it). */
export async function latestEmail(request: APIRequestContext, to: string, options: { subject?: RegExp } = {}): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | null = null
  await expect
    .poll(
      async () => {
        const list = await (await request.get(`/dev/boite-mail?a=${encodeURIComponent(to.toLowerCase())}`)).text()
        const rows = [...list.matchAll(/href="\/dev\/boite-mail\/([0-9a-f-]{36})"[^>]*>([^<]*)</g)]
        const row = rows.find((match) => !options.subject || options.subject.test(decodeHtml(match[2]!)))
        if (!row) return false
        const page = await (await request.get(`/dev/boite-mail/${row[1]}`)).text()
        const text = page.match(/<pre data-testid="email-text"[^>]*>([\s\S]*?)<\/pre>/)?.[1]
        if (!text) return false
        found = { subject: decodeHtml(row[2]!), text: decodeHtml(text) }
        return true
      },
      { timeout: 15_000 },
    )
    .toBe(true)
  return found!
}

export function linkIn(text: string, pattern: RegExp): string {
  const match = text.match(pattern)
  if (!match) throw new Error(`Lien introuvable (${pattern}) dans :\n${text}`)
  return match[0]
}

/** Asks for a sign-in e-mail from the sign-in page; ends on the « type your code » page. */
async function requestSignIn(page: Page, email: string) {
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
  await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
}

/**
 * The session cookies of each demo person this worker has signed in. Journeys sign in as the same
 * demo accounts dozens of times within minutes, which the per-address limit (5 in 15 minutes)
 * rightly refuses: a journey reuses the session while it is valid (signed out or expired: it signs
 * in again). `fresh: true` always goes through the sign-in form.
 */
const sessions = new Map<string, Cookie[]>()

/**
 * Opens a session for `email` without the sign-in e-mail, through the `session` test hook (the
 * account is created if it does not exist yet, as the e-mail sign-in does), then ends, as a sign-in
 * does, on the person's home. For journeys whose subject comes after signing in (decision 109):
 * journeys about signing in use `signInByEmail` or `signInByLink`.
 */
export async function signIn(page: Page, email: string) {
  await base.step(
    `session de ${email}`,
    async () => {
      const response = await page.request.post('/test-hooks', { data: { hook: 'session', email } })
      expect(response.ok(), await response.text()).toBe(true)
      const cookie = response.headers()['set-cookie']?.match(/^([^=]+)=([^;]*)/)
      expect(cookie, 'cookie de session').toBeTruthy()
      // A __Host- cookie: host-only, path /, Secure (which browsers accept on http://localhost).
      const host = new URL(response.url()).hostname
      await page.context().addCookies([{ name: cookie![1]!, value: cookie![2]!, domain: host, path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }])
      // Signed in, the sign-in page sends the person to their home.
      await page.goto('/connexion')
      await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
    },
    { box: true },
  )
}

/**
 * Signs in with the six-digit code, as a person would. Journeys running in parallel may sign in
 * as the same demo person at the same moment: each code only works for its own request, so the
 * codes of the newest e-mails are tried in turn (a wrong code just asks again).
 */
export async function signInByEmail(page: Page, email: string, options: { fresh?: boolean } = {}) {
  await base.step(`connexion de ${email}`, () => signInSteps(page, email, options), { box: true })
}

async function signInSteps(page: Page, email: string, options: { fresh?: boolean }) {
  const cached = options.fresh ? undefined : sessions.get(email)
  if (cached) {
    await page.context().addCookies(cached)
    // Signed in, the sign-in page sends the person to their home; otherwise it shows the form.
    await page.goto('/connexion')
    if (!new URL(page.url()).pathname.startsWith('/connexion')) {
      await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
      return
    }
    sessions.delete(email)
  }
  await requestSignIn(page, email)
  const tried = new Set<string>()
  await expect
    .poll(
      async () => {
        const list = await (await page.request.get(`/dev/boite-mail?a=${encodeURIComponent(email.toLowerCase())}`)).text()
        const codes = [...list.matchAll(/>Votre code de connexion : (\d{6})</g)].map((m) => m[1]!).slice(0, 3)
        for (const code of codes) {
          if (tried.has(code)) continue
          tried.add(code)
          await page.getByLabel('Code de connexion').fill(code)
          const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/connexion/code'),
            page.getByRole('button', { name: 'Me connecter' }).click(),
          ])
          if (response.status() < 400) {
            await page.waitForURL((url) => !url.pathname.startsWith('/connexion/code'))
            return true
          }
        }
        return false
      },
      { timeout: 20_000 },
    )
    .toBe(true)
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
  sessions.set(email, (await page.context().cookies()).filter((cookie) => cookie.name.includes('session')))
}

/** Signs in with the link of the e-mail (for a person nobody else signs in as at the same time). */
export async function signInByLink(page: Page, email: string) {
  await requestSignIn(page, email)
  const mail = await latestEmail(page.request, email, { subject: /code de connexion/ })
  const link = linkIn(mail.text, /http:\/\/[^\s]+\/connexion\/lien\?jeton=[\w-]+/)
  await page.goto(new URL(link).pathname + new URL(link).search)
  await page.getByRole('button', { name: 'Me connecter' }).click()
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
}

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
/**
 * Rules outside those tags that the RGAA asks for: 12.7, each skip link reaches its target (« Menu » once pointed nowhere).
 * (AxeBuilder's `options` replaces what `withTags` set: the tags go in the same options.)
 */
export const EXTRA_RULES = { 'skip-link': { enabled: true } }

/**
 * axe with the RGAA-relevant WCAG tags: zero violation allowed, in the page and its frames.
 *
 * A page without frames (most of them) is checked by `axe.run` in the page, with axe injected once
 * per document and only the violations detailed (`resultTypes`): the same axe-core, the same rules
 * and the same violations as `AxeBuilder`, about three times cheaper (decision 088). AxeBuilder
 * evaluates axe's source on every call, serialises every passing node of the frames, then opens a
 * blank page to merge them; it is kept for pages with frames, where it also checks cross-origin
 * frames (the widget on another site), which `axe.run` in the page cannot.
 * tests/e2e/accessibility-check.spec.ts checks that both find the same violations.
 */
export async function accessibilityViolations(page: Page): Promise<axe.Result[]> {
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: WCAG_TAGS }, rules: EXTRA_RULES }).analyze()).violations
  if (!(await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object'))) await page.evaluate(axe.source)
  return page.evaluate(
    async ({ tags, rules }) =>
      (await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] })).violations,
    { tags: WCAG_TAGS, rules: EXTRA_RULES },
  )
}

/** Zero axe violation (WCAG 2.1 AA), in a step that names the page. */
export async function expectAccessible(page: Page) {
  await base.step(
    `axe (WCAG 2.1 AA) : ${new URL(page.url()).pathname}`,
    async () => {
      const violations = await accessibilityViolations(page)
      const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
      expect(summary, summary.join('\n')).toEqual([])
    },
    { box: true },
  )
}

/**
 * What the keyboard focus is on, and whether it can be seen: an outline or a shadow on the element,
 * or, for DSFR radios and checkboxes (the input itself is hidden), on its label's drawn box.
 */
async function focusState(page: Page): Promise<{ description: string; visible: boolean; inBody: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return { description: 'body', visible: false, inBody: false }
    const shows = (style: CSSStyleDeclaration) =>
      (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '')
    // DSFR draws some focus rings on a pseudo-element (enlarged links) or on the parent block.
    const drawn = (el: Element) => shows(getComputedStyle(el)) || shows(getComputedStyle(el, '::before')) || shows(getComputedStyle(el, '::after'))
    let visible = drawn(element) || [element.parentElement, element.parentElement?.parentElement].some((el) => el && shows(getComputedStyle(el)))
    if (!visible && element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) {
      const label = element.id ? document.querySelector<HTMLElement>(`label[for="${element.id}"]`) : null
      if (label) visible = drawn(label)
    }
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? ''
    return { description: `${element.tagName.toLowerCase()} « ${name || element.getAttribute('name') || ''} »`, visible, inBody: true }
  })
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would, checking at
 * every step that the focus is visible. Fails if the target is never reached (unreachable, or a
 * trap keeps the focus elsewhere).
 */
export async function tabTo(page: Page, target: Locator, options: { max?: number; backwards?: boolean } = {}) {
  const max = options.max ?? 80
  const path: string[] = []
  for (let step = 0; step < max; step++) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab')
    const state = await focusState(page)
    path.push(state.description)
    if (state.inBody) expect(state.visible, `focus invisible sur ${state.description}`).toBe(true)
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return
  }
  throw new Error(`Cible jamais atteinte au clavier après ${max} tabulations :\n${path.join('\n')}`)
}

/** Moves the server's clock (test hooks only). */
export async function setClock(request: APIRequestContext, offsetMs: number) {
  const response = await request.post('/test-hooks', { data: { hook: 'clock', offsetMs } })
  expect(response.ok()).toBe(true)
}

/** Runs a background job now, on the server (test hooks only). */
export async function runJob(request: APIRequestContext, name: string, data: Record<string, unknown> = {}) {
  const response = await request.post('/test-hooks', { data: { hook: 'run-job', name, data } })
  expect(response.ok(), await response.text()).toBe(true)
}

/**
 * A second organisation with one agent of its own (test hooks only: the demo has a single one), whose
 * page is signed in and has created one service through the pages. Returns the ids the journey needs.
 */
export async function otherOrganisationAgent(page: Page, options: { suffix: string; organisation: string; service: string }) {
  const agentEmail = `agent-${options.suffix}@organisation-${options.suffix}.fr`
  const hook = await page.request.post('/test-hooks', {
    data: { hook: 'journey-organisation', slug: `organisation-${options.suffix}`, name: options.organisation, agentEmail, agentName: 'Lina Agente' },
  })
  expect(hook.ok(), await hook.text()).toBe(true)
  const { organisationId } = (await hook.json()) as { organisationId: string }
  await signIn(page, agentEmail)
  await page.goto('/services/nouveau')
  await page.getByLabel('Nom de la démarche').fill(options.service)
  await page.getByRole('button', { name: 'Créer le service' }).click()
  await expect(page.getByText('Le service est créé avec le questionnaire national.')).toBeVisible()
  const serviceId = new URL(page.url()).pathname.split('/')[2]!
  return { agentEmail, organisationId, serviceId }
}

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@exemple.fr`
}

/**
 * Each journey comes from an address of its own (the server trusts one proxy in the journeys):
 * dozens of people signing in from 127.0.0.1 within minutes would hit the per-address limits,
 * which real people, each on their own connection, do not.
 */
export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'X-Forwarded-For': randomClientAddress() })
  },
})
