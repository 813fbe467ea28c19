// What the team's jury page of a call shows (/equipe/appels/:id/jurys): members, leaders'
// objections, declared and detected conflicts. Kept out of the route so it stays a thin loader.
import type { Db } from '#db/client.ts'
import type { CallRow } from '../calls/calls.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { CONFLICT_KIND_LABELS } from './labels.ts'
import { detectedConflictsView } from './conflict-detection.server.ts'
import { listConflicts, listJuryMembers, listLeaderObjections } from './panel.server.ts'
import { dateToParisLocal } from '#app/utils/paris-time.ts'

export const DETECTED_PAGE_SIZE = 20

/** `detectedPage`: the page of the detected conflicts (blocked pairs first), from 1. */
export async function juryPageData(db: Db, call: CallRow, options: { detectedPage?: number } = {}) {
  const [members, conflicts, objections, detected] = await Promise.all([
    listJuryMembers(db, call.id),
    listConflicts(db, call.id),
    listLeaderObjections(db, { callId: call.id }),
    detectedConflictsView(db, call.id),
  ])
  return {
    call: {
      id: call.id,
      title: call.title,
      // While the call is open the juries are prepared; assignment and scoring wait for the close.
      open: call.state === 'ouvert',
      closesAt: call.closes_at,
      deadline: call.review_deadline ? dateToParisLocal(call.review_deadline) : '',
      deadlineAt: call.review_deadline,
    },
    members,
    objections: objections.map((o) => ({
      id: o.id,
      reference: o.reference,
      title: projectTitle(o.answers as Answers),
      names: o.names,
      reason: o.reason,
      handled: Boolean(o.handled_at),
      createdAt: o.created_at,
    })),
    conflicts: conflicts.map((c) => ({
      id: c.id,
      reviewer: c.display_name ?? c.email,
      reference: c.reference,
      title: projectTitle(c.answers as Answers),
      kind: CONFLICT_KIND_LABELS[c.kind],
      details: c.details,
      source: c.source,
      status: c.status,
      createdAt: c.created_at,
    })),
    detected: pageOf(
      [...detected].sort((a, b) => Number(b.blocked) - Number(a.blocked)),
      options.detectedPage ?? 1,
    ),
  }
}

function pageOf<T extends { blocked: boolean }>(items: T[], requested: number) {
  const pageCount = Math.max(1, Math.ceil(items.length / DETECTED_PAGE_SIZE))
  const page = Number.isInteger(requested) && requested >= 1 ? Math.min(requested, pageCount) : 1
  return {
    items: items.slice((page - 1) * DETECTED_PAGE_SIZE, page * DETECTED_PAGE_SIZE),
    total: items.length,
    blocked: items.filter((item) => item.blocked).length,
    page,
    pageCount,
  }
}

export type JuryPageData = Awaited<ReturnType<typeof juryPageData>>
