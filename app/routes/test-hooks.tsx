import { json, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { seedJourneyCall } from '#db/seeds/journey-call.ts'
import { seedJourneyOrganisation } from '#db/seeds/journey-organisation.ts'
import { seedJourneyReviews } from '#db/seeds/journey-reviews.ts'
import { startSession } from '#app/auth/session.server.ts'
import { findOrCreateUser } from '#app/auth/sign-in.server.ts'
import { jobMap } from '#app/jobs/registry.server.ts'
import { now, setClockOffset } from '#app/utils/clock.server.ts'
import { requireTestHooks } from '#app/utils/demo.server.ts'
import { logger } from '#app/utils/logger.server.ts'

// Browser journeys only (TEST_HOOKS=true, refused in production): move the clock, run a job now, make a call, an organisation
// or many reviews of their own, open a session without the sign-in e-mail (decision 109; sign-in.spec.ts keeps the real one).
const HookSchema = z.discriminatedUnion('hook', [
  z.object({ hook: z.literal('clock'), offsetMs: z.number().int() }),
  z.object({ hook: z.literal('run-job'), name: z.string(), data: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ hook: z.literal('journey-call'), title: z.string().min(1).max(120), slug: z.string().regex(/^[a-z0-9-]{3,60}$/), applications: z.number().int().min(1).max(6) }),
  z.object({
    hook: z.literal('journey-organisation'),
    slug: z.string().regex(/^[a-z0-9-]{3,60}$/),
    name: z.string().min(1).max(120),
    agentEmail: z.string().email(),
    agentName: z.string().min(1).max(80),
  }),
  z.object({ hook: z.literal('journey-reviews'), serviceId: z.string().uuid(), count: z.number().int().min(1).max(200_000) }),
  z.object({ hook: z.literal('session'), email: z.string().email().max(254) }),
])

export async function loader() {
  return json({ message: 'Introuvable' }, { status: 404 })
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireTestHooks(context)
  const parsed = HookSchema.safeParse(await request.json().catch(() => null))
  if (!parsed.success) return json({ message: 'Demande de test illisible.' }, { status: 400 })
  const input = parsed.data
  if (input.hook === 'clock') {
    setClockOffset(input.offsetMs)
    return json({ now: now().toISOString() })
  }
  if (input.hook === 'journey-call') {
    return json(await context.db.transaction().execute((trx) => seedJourneyCall(trx, { ...input, now: now() })))
  }
  if (input.hook === 'session') {
    // The account is found or created as the e-mail sign-in does (a journey's new leader has none yet).
    const { id } = await context.db.transaction().execute((trx) => findOrCreateUser(trx, input.email, 'test-hooks'))
    if (context.session) await context.auth.invalidateSession(context.session.id)
    return json({ userId: id }, { headers: { 'Set-Cookie': await startSession(context.auth, id) } })
  }
  if (input.hook === 'journey-organisation') {
    return json(await context.db.transaction().execute((trx) => seedJourneyOrganisation(trx, input)))
  }
  if (input.hook === 'journey-reviews') {
    return json(await context.db.transaction().execute((trx) => seedJourneyReviews(trx, { ...input, now: now() })))
  }
  const definition = jobMap().get(input.name)
  if (!definition) return json({ message: `Tâche inconnue : ${input.name}` }, { status: 404 })
  await definition.handler(definition.schema.parse(input.data), {
    db: context.db,
    jobs: context.jobs,
    env: context.env,
    mailer: context.mailer,
    logger,
    now: now(),
  })
  return json({ ran: input.name, now: now().toISOString() })
}
