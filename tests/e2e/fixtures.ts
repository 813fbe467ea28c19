import AxeBuilder from '@axe-core/playwright'
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test'

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
export async function latestEmail(request: APIRequestContext, to: string, options: { subject?: RegExp; after?: number } = {}): Promise<{ subject: string; text: string }> {
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

/** Signs in by e-mail link, as a person would: ask, open the outbox e-mail, follow the link, confirm. */
export async function signIn(page: Page, email: string) {
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(email)
  const before = Date.now()
  await page.getByRole('button', { name: 'Recevoir mon lien de connexion' }).click()
  await expect(page.getByRole('heading', { name: 'Consultez votre messagerie' })).toBeVisible()
  const mail = await latestEmail(page.request, email, { after: before })
  const link = linkIn(mail.text, /http:\/\/[^\s]+\/connexion\/lien\?jeton=[\w-]+/)
  await page.goto(new URL(link).pathname + new URL(link).search)
  await page.getByRole('button', { name: 'Me connecter' }).click()
  await expect(page.getByRole('button', { name: 'Se déconnecter' }).first()).toBeAttached()
}

/** axe with the RGAA-relevant WCAG tags: zero violation allowed. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
  expect(summary, summary.join('\n')).toEqual([])
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

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@exemple.fr`
}

export const test = base
