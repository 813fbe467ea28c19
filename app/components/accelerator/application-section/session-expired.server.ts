import { json } from '@remix-run/node'
import type { SectionValues } from '#app/accelerator/applications/application-form.ts'
import { SESSION_EXPIRED_MESSAGE, type ExpiredSection } from './expired-section.tsx'

/**
 * A section posted without a valid session (it expired while the person was writing). A redirect
 * to the sign-in page would drop the text, so the answer is a 401 that nothing else can be mistaken
 * for: a background save shows its banner and keeps the text; a plain post (without JavaScript)
 * gets a page with the text back in a form and a way to sign in again (decision 098). Nothing is
 * written, and the values only go back to the browser that sent them.
 */
export function sessionExpired(input: { autosave: boolean; id: string; slug: string; version: number; values: SectionValues }): never {
  if (input.autosave) throw json({ status: 'expired' as const, message: SESSION_EXPIRED_MESSAGE }, { status: 401 })
  const expiredSection: ExpiredSection = { id: input.id, slug: input.slug, version: input.version, values: input.values }
  throw json({ message: SESSION_EXPIRED_MESSAGE, expiredSection }, { status: 401, headers: { 'Cache-Control': 'no-store' } })
}
