// The call of the first edition, taken to « résultats publiés » by the verbs the team and the juries use (issue 18,
// point 7): its juries are granted their role, the citizens accept the charter, the assignment is
// computed, every reviewer submits their reviews, the team moves the call to deliberation, records a
// decision with its motivation for each application and publishes the results (the state machine
// moves each application, the snapshot is kept, one e-mail per leader goes to the outbox). Each
// step happens on its day in the past (the clock is set for it), so the demo reads in order:
// instruction, scoring, deliberation, results, then the cohort (mentoring.ts).
import { changeCallState, findCall } from '#app/accelerator/calls/calls.server.ts'
import { saveAssignment } from '#app/accelerator/scoring/assignment.server.ts'
import { acceptCharter } from '#app/accelerator/scoring/panel.server.ts'
import { juryCriteriaOf, saveReview } from '#app/accelerator/scoring/reviews.server.ts'
import { decide, publishResults } from '#app/accelerator/scoring/results.server.ts'
import { grantRole } from '#app/auth/invitations.server.ts'
import type { Db } from '../client.ts'
import { DEMO_PROJECTS } from './accelerator-projects.ts'
import { insertCall, sampleFiles, seedApplication } from './accelerator.ts'
import { atInstant, joinedTransaction, seedActor, seedServices } from './domain.ts'

const DAY = 24 * 3600 * 1000
/** The 2024 laureates among the demo projects (the first four form the running cohort). */
export const RETAINED_FIRST_EDITION = [3, 6, 7, 14, 17, 20, 12]
/** The other applications scored in 2024, not retained. */
const NOT_RETAINED = [0, 9, 15, 21, 5]
/** Among them, the one the citizen panel liked far more than the administration (a divergence flag). */
const DIVERGENT = 9

/** Each reviewer's habit: a harsh one and a generous one in each jury (the normalisation corrects them). */
const JURY = [
  { email: 'instructeur@demo.aic.gouv.fr', role: 'admin_reviewer', bias: -1 },
  { email: 'instructrice@demo.aic.gouv.fr', role: 'admin_reviewer', bias: 0 },
  { email: 'evaluateur@demo.aic.gouv.fr', role: 'admin_reviewer', bias: 1 },
  { email: 'citoyen2@demo.aic.gouv.fr', role: 'citizen_panelist', bias: 1 },
  { email: 'citoyenne3@demo.aic.gouv.fr', role: 'citizen_panelist', bias: 0 },
  { email: 'citoyen4@demo.aic.gouv.fr', role: 'citizen_panelist', bias: -1 },
  { email: 'citoyenne5@demo.aic.gouv.fr', role: 'citizen_panelist', bias: 0 },
] as const

const NOT_RETAINED_MOTIVATION =
  'Projet utile, classé après les projets retenus : le jury l’encourage à présenter de nouveau sa candidature avec un plan de déploiement plus précis.'
const DIVERGENT_MOTIVATION =
  'Le panel citoyen a placé ce projet très haut, l’administration beaucoup plus bas. Après discussion, le jury a retenu les projets dont le besoin d’appui de l’État est le plus clair ; il encourage ce projet à se présenter de nouveau.'
const RETAINED_MOTIVATION = 'Projet retenu par le jury : impact démontré et besoin d’appui clair auprès des administrations.'

function fail(step: string, result: unknown): never {
  throw new Error(`Données de démonstration, appel de la 1re édition (${step}) : ${JSON.stringify(result)}`)
}

/**
 * Seeds the call of the first edition and publishes its results. Returns the call and the retained applications,
 * in the order of RETAINED_FIRST_EDITION.
 */
export async function publishedFirstEdition(
  seedDb: Db,
  users: Record<string, string>,
  clock: { day: (offset: number) => string; instant: (offset: number) => Date },
): Promise<{ callId: string; retained: string[] }> {
  const db = joinedTransaction(seedDb)
  const services = seedServices(db)
  const { day, instant } = clock
  const teamId = users['equipe@demo.aic.gouv.fr']!
  const callId = await insertCall(db, {
    slug: 'edition-1',
    title: 'Appel à projets, 1re édition',
    state: 'en_evaluation',
    opensAt: instant(-300),
    closesAt: instant(-255),
    resultsOn: day(-60),
    places: RETAINED_FIRST_EDITION.length,
    createdBy: teamId,
    settings: { combination: 'weighted', topN: null, citizenMode: 'numbers', adminWeight: 50 },
  })

  const samples = await sampleFiles()
  const applications = new Map<number, string>()
  for (const index of [...RETAINED_FIRST_EDITION, ...NOT_RETAINED]) {
    const project = DEMO_PROJECTS[index]!
    const leader = await db.selectFrom('users').select('id').where('display_name', '=', project.leader).executeTakeFirstOrThrow()
    const closes = instant(-255).getTime()
    const id = await seedApplication(db, {
      callId,
      ownerId: leader.id,
      project,
      index,
      state: 'en_instruction',
      createdAt: new Date(closes - (35 - (index % 9)) * DAY),
      submittedAt: new Date(closes - (5 + (index % 7)) * DAY),
      instructedAt: new Date(closes + (2 + (index % 4)) * DAY),
      reviewerId: users['instructeur@demo.aic.gouv.fr']!,
      samples,
    })
    applications.set(index, id)
  }

  // The juries: roles granted by the team, the citizens' charter accepted.
  await atInstant(instant(-245), async () => {
    for (const member of JURY) {
      await grantRole(db, { actorId: teamId, userId: users[member.email]!, role: member.role, scopeType: 'call', scopeId: callId })
    }
    for (const member of JURY.filter((m) => m.role === 'citizen_panelist')) {
      await acceptCharter(db, await seedActor(db, users[member.email]!), callId)
    }
  })
  const team = await seedActor(db, teamId)
  await atInstant(instant(-240), async () => saveAssignment(db, team, (await findCall(db, callId))!))

  // Every reviewer submits every review they were given: a level per criterion from the project's
  // quality (laureates first, in the order of RETAINED_FIRST_EDITION), the reviewer's habit and a little noise.
  const quality = new Map<string, number>()
  RETAINED_FIRST_EDITION.forEach((index, rank) => quality.set(applications.get(index)!, 4.6 - rank * 0.15))
  NOT_RETAINED.forEach((index, rank) => quality.set(applications.get(index)!, 3.2 - rank * 0.25))
  const divergent = applications.get(DIVERGENT)!
  const call = (await findCall(db, callId))!
  const assignments = await db.selectFrom('scoring_assignments').select(['application_id', 'user_id', 'jury']).where('call_id', '=', callId).execute()
  const order = [...applications.values()]
  for (const [reviewerIndex, member] of JURY.entries()) {
    const reviewer = await seedActor(db, users[member.email]!)
    const jury = member.role === 'admin_reviewer' ? 'administration' : 'citizen'
    const criteria = await juryCriteriaOf(db, callId, jury)
    const mine = assignments.filter((a) => a.user_id === reviewer.id)
    await atInstant(instant(-200 + reviewerIndex * 3), async () => {
      for (const assignment of mine) {
        const applicationIndex = order.indexOf(assignment.application_id)
        const base = quality.get(assignment.application_id)! + (jury === 'citizen' && assignment.application_id === divergent ? 1.8 : 0)
        const scores = Object.fromEntries(
          criteria.map((criterion, c) => {
            const noise = (((applicationIndex * 3 + c * 2 + reviewerIndex) % 3) - 1) * 0.4
            return [criterion.id, String(Math.min(5, Math.max(1, Math.round(base + member.bias + noise))))]
          }),
        )
        const result = await saveReview(
          db,
          reviewer,
          call,
          assignment.application_id,
          {
            scores,
            mention: null,
            confidence: String(2 + (applicationIndex % 2)),
            commentTeam: '',
            commentLeader: base >= 4 ? 'Un projet solide, un besoin d’appui bien identifié.' : 'Un projet utile ; le plan de déploiement reste à préciser.',
          },
          true,
        )
        if (!result.ok) fail('évaluation', result)
      }
    })
  }

  // Deliberation, decisions, publication on the results day.
  const deliberation = await atInstant(instant(-75), () => changeCallState(db, team, callId, 'start_deliberation'))
  if (!deliberation.ok) fail('délibération', deliberation)
  await atInstant(instant(-70), async () => {
    const deliberating = (await findCall(db, callId))!
    for (const [index, applicationId] of applications) {
      const retained = RETAINED_FIRST_EDITION.includes(index)
      const result = await decide(db, team, deliberating, {
        applicationId,
        decision: retained ? 'retenue' : 'non_retenue',
        motivation: retained ? RETAINED_MOTIVATION : index === DIVERGENT ? DIVERGENT_MOTIVATION : NOT_RETAINED_MOTIVATION,
      })
      if (!result.ok) fail('décision', result)
    }
  })
  const published = await atInstant(instant(-60), async () => publishResults(services, team, (await findCall(db, callId))!))
  if (!published.ok) fail('publication', published)
  // The result e-mails, as the demo's outbox transport would have handled them on the results day
  // (no job runs while seeding): dated and marked sent then, below the sign-in e-mails of today.
  await db
    .updateTable('email_outbox')
    .set({ status: 'sent', created_at: instant(-60), sent_at: instant(-60), attempts: 1 })
    .where('idempotency_key', 'like', `scoring.result:${callId}:%`)
    .execute()
  return { callId, retained: RETAINED_FIRST_EDITION.map((index) => applications.get(index)!) }
}
