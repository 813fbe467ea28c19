import { json, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { jobMap } from '#app/jobs/registry.server.ts'
import { now, setClockOffset } from '#app/utils/clock.server.ts'
import { requireTestHooks } from '#app/utils/demo.server.ts'
import { logger } from '#app/utils/logger.server.ts'

// Browser journeys only (TEST_HOOKS=true, refused in production): move the clock, run a job now.
const HookSchema = z.discriminatedUnion('hook', [
  z.object({ hook: z.literal('clock'), offsetMs: z.number().int() }),
  z.object({ hook: z.literal('run-job'), name: z.string(), data: z.record(z.string(), z.unknown()).default({}) }),
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
