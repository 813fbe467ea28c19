import type { AppLoadContext } from '@remix-run/node'
import { notFound } from './responses.server.ts'

/** Demo-only pages (the outbox) answer 404 outside demo mode, as if they did not exist. */
export function requireDemoMode(context: AppLoadContext): void {
  if (!context.env.DEMO_MODE || context.env.RESEND_API_KEY) throw notFound()
}

/** Test-only hooks (clock, jobs) answer 404 unless TEST_HOOKS is set. */
export function requireTestHooks(context: AppLoadContext): void {
  if (!context.env.TEST_HOOKS) throw notFound()
}
