import './zod-fr.ts'
import { json } from '@remix-run/node'
import type { AppLoadContext } from '@remix-run/node'
import { CSRFError } from 'remix-utils/csrf/server'
import { SpamError } from 'remix-utils/honeypot/server'
import { isBodyTooLarge } from './http.server.ts'

/**
 * Reads a posted form after checking its CSRF token. A missing or forged token ends the request
 * with a 403 and a French message; nothing is written.
 */
export async function readForm(request: Request, context: AppLoadContext): Promise<FormData> {
  const formData = await readFormData(request)
  await checkCsrf(formData, request, context)
  // PostgreSQL text cannot hold a NUL byte: no person types one, refuse the form before any
  // schema (found by the full fuzz on two forms whose schemas let control characters through).
  for (const value of formData.values()) {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw json({ message: 'Le formulaire contient un caractère non autorisé. Retirez-le, puis envoyez-le à nouveau.' }, { status: 400 })
    }
  }
  return formData
}

/**
 * Reads a posted form, whatever its encoding. A body cut past its size limit while it streamed
 * (server.ts) is a 413, anything else unreadable a 400: never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch (error) {
    if (isBodyTooLarge(error)) throw json({ message: 'Le formulaire envoyé est trop volumineux.' }, { status: 413 })
    throw json({ message: 'Le formulaire envoyé est illisible.' }, { status: 400 })
  }
}

export async function checkCsrf(formData: FormData, request: Request, context: AppLoadContext): Promise<void> {
  try {
    await context.csrf.validate(formData, request.headers)
  } catch (error) {
    if (error instanceof CSRFError) {
      throw json(
        {
          message:
            'Votre formulaire a expiré ou ne provient pas de ce site. Rechargez la page, puis envoyez-le à nouveau.',
        },
        { status: 403 },
      )
    }
    throw error
  }
}

/**
 * True for a bot: the hidden honeypot field is missing (a form built by hand, not our page), filled,
 * or the form was posted too fast. remix-utils alone lets a form without the field through.
 */
export function isSpam(formData: FormData, context: AppLoadContext): boolean {
  if (!formData.has(context.honeypotInputProps().nameFieldName)) return true
  try {
    context.honeypot.check(formData)
    return false
  } catch (error) {
    if (error instanceof SpamError) return true
    throw error
  }
}

/** A 429 with a Retry-After header and a French message. */
export function tooManyRequests(retryAfter: number, message?: string) {
  const minutes = Math.ceil(retryAfter / 60)
  return json(
    {
      message:
        message ??
        `Trop de tentatives. Merci de patienter ${minutes > 1 ? `${minutes} minutes` : 'une minute'} avant de réessayer.`,
    },
    { status: 429, headers: { 'Retry-After': String(retryAfter) } },
  )
}

/** The first message of each field of a failed conform submission (`submission.error`), by field name. */
export function firstFieldErrors(error: Record<string, string[] | null> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([name, messages]) => (name && messages?.[0] ? [[name, messages[0]]] : [])))
}
