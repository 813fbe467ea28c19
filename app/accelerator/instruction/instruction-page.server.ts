// What an agent's instruction page shows of one application (app/routes/instruction.$callId.$applicationId.tsx):
// the application, its people, files, notes, messages and history, the transitions open to the agent
// and where the application stands (issue 17 #6).
import type { Db } from '#db/client.ts'
import { applicationTimeline, listAttachments, listMembers } from '../applications/applications.server.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { INSTRUCTION_TRANSITIONS, instructionGuidance, returnedFromCorrection, transitionsFrom } from '../applications/application-states.ts'
import { findCall, getGrid } from '../calls/calls.server.ts'
import { listMessages, listNotes, type findApplicationForStaff } from './instruction.server.ts'

type StaffApplication = NonNullable<Awaited<ReturnType<typeof findApplicationForStaff>>>

export async function instructionPage(db: Db, application: StaffApplication) {
  const call = (await findCall(db, application.call_id))!
  const [files, members, notes, messages, timeline, grid] = await Promise.all([
    listAttachments(db, application.id),
    listMembers(db, application.id),
    listNotes(db, application.id),
    listMessages(db, application.id, { forTeam: true }),
    applicationTimeline(db, application.id, { forTeam: true }),
    getGrid(db, call.id),
  ])
  const answers = application.answers as Answers
  return {
    call: { id: call.id, title: call.title },
    id: application.id,
    title: projectTitle(answers),
    state: application.state,
    reference: application.reference,
    submittedAt: application.last_submitted_at,
    structure: String(answers.structure?.name ?? ''),
    kind: String(answers.structure?.kind ?? ''),
    kindEligible: grid?.eligibleKinds.includes(String(answers.structure?.kind ?? '')) ?? false,
    answers,
    files,
    members: members.map((m) => ({ id: m.user_id, name: m.display_name, email: m.email, role: m.role })),
    eligibility: application.eligibility,
    notes,
    messages,
    timeline,
    transitions: transitionsFrom(application.state, INSTRUCTION_TRANSITIONS),
    // Where the application is and what the agent does next, at each point (issue 17 #6).
    guidance: instructionGuidance({
      state: application.state,
      eligibility: application.eligibility,
      returnedAt: returnedFromCorrection(application) ? application.last_submitted_at : null,
      correctionRequestedAt: application.state === 'correction_demandee' ? (application.correction_request?.requestedAt ?? null) : null,
    }),
  }
}
