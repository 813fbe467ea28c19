import { parisDay } from '#app/utils/paris-time.ts'
import type { Db } from '../client.ts'
import { DEMO_PROJECTS } from './accelerator-projects.ts'
import { insertCall, sampleFiles, seedApplication } from './accelerator.ts'

const DAY = 24 * 3600 * 1000

/**
 * A call of its own for one browser journey (test hooks only): in evaluation, no jury, a few demo
 * applications instructed and ready to be scored, each with a new leader. A journey that invites,
 * assigns and dismisses on it changes nothing the other journeys read (the second edition's demo call is
 * scored and published by the scoring journey at the same time).
 */
export async function seedJourneyCall(db: Db, input: { title: string; slug: string; applications: number; now: Date }) {
  const team = await db.selectFrom('users').select('id').where('email', '=', 'equipe@demo.aic.gouv.fr').executeTakeFirstOrThrow()
  const closesAt = new Date(input.now.getTime() - 5 * DAY)
  const callId = await insertCall(db, {
    slug: input.slug,
    title: input.title,
    state: 'en_evaluation',
    opensAt: new Date(input.now.getTime() - 60 * DAY),
    closesAt,
    resultsOn: parisDay(new Date(input.now.getTime() + 30 * DAY)),
    places: 2,
    createdBy: team.id,
    settings: { combination: 'weighted', topN: null, citizenMode: 'numbers', adminWeight: 60 },
  })
  // One administration review per application and no citizen panel: the plan is complete with a single reviewer.
  await db.updateTable('calls').set({ admin_reviews_per_application: 1, citizen_reviews_per_application: 0 }).where('id', '=', callId).execute()
  const samples = await sampleFiles()
  // Projects with a SIRET (a collective has none), so that a conflict by organisation can be shown.
  const projects = DEMO_PROJECTS.map((project, index) => ({ project, index })).filter(({ project }) => project.kind !== 'collective').slice(0, input.applications)
  const applications: Array<{ id: string; title: string; siret: string; leaderEmail: string }> = []
  for (const { project, index } of projects) {
    const leaderEmail = `porteur-${input.slug}-${index}@exemple.fr`
    const owner = await db.insertInto('users').values({ email: leaderEmail, display_name: project.leader }).returning('id').executeTakeFirstOrThrow()
    const id = await seedApplication(db, {
      callId,
      ownerId: owner.id,
      project,
      index,
      state: 'en_instruction',
      createdAt: new Date(closesAt.getTime() - 20 * DAY),
      submittedAt: new Date(closesAt.getTime() - 10 * DAY),
      instructedAt: new Date(closesAt.getTime() + DAY),
      reviewerId: team.id,
      samples,
    })
    const row = await db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
    const answers = row.answers as Record<string, Record<string, unknown>>
    applications.push({ id, title: String(answers.project?.title ?? ''), siret: String(answers.structure?.siret ?? ''), leaderEmail })
  }
  return { callId, applications }
}
