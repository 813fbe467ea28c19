// What the programme team's page of one call shows (app/routes/equipe.appels.$callId._index.tsx): its
// settings, grid and history, what blocks its opening and the next step of its life.
import type { Db } from '#db/client.ts'
import { now } from '#app/utils/clock.server.ts'
import { structureKindLabel } from '../applications/application-form.ts'
import { CALL_TRANSITIONS, callTransitionFrom, gridEditMode, selectionRuleText } from './call-states.ts'
import { getGrid, gridHistory, openingProblems, submittedCount, type findCall } from './calls.server.ts'

type Call = NonNullable<Awaited<ReturnType<typeof findCall>>>

export async function teamCallPage(db: Db, call: Call) {
  const [grid, history, submitted, problems] = await Promise.all([
    getGrid(db, call.id),
    gridHistory(db, call.id),
    submittedCount(db, call.id),
    call.state === 'brouillon' ? openingProblems(db, call.id) : Promise.resolve([]),
  ])
  const next = callTransitionFrom(call.state)
  return {
    call: {
      id: call.id,
      slug: call.slug,
      title: call.title,
      state: call.state,
      scheduled: call.opening_scheduled,
      opensAt: call.opens_at,
      closesAt: call.closes_at,
      resultsOn: call.results_on,
      places: call.places,
      rule: selectionRuleText(call),
      reviews: { admin: call.admin_reviews_per_application, citizen: call.citizen_reviews_per_application, gap: call.divergence_gap },
    },
    next: next ? { name: next, label: CALL_TRANSITIONS[next].label } : null,
    openingInFuture: call.opens_at.getTime() > now().getTime(),
    problems,
    gridMode: gridEditMode(call.state),
    grid: grid ? { version: grid.version, eligibleKinds: grid.eligibleKinds.map(structureKindLabel), criteria: grid.criteria } : null,
    history,
    submitted,
  }
}
