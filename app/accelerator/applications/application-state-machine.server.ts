// The one place where an application changes state. Every route (leaders, reviewers, the
// programme team, later the scoring pages) calls `transitionApplication`: it checks who acts,
// from which state, the deadline and completeness, records the change with its actor, time and
// motivation in the audit log, and e-mails the leaders, all in one transaction.
import { render } from '@react-email/render'
import { sql } from 'kysely'
import type { ReactElement } from 'react'
import type { ApplicationState } from '#db/schema/accelerator.ts'
import { applicationReceiptEmail } from '#emails/application-receipt.tsx'
import { applicationStatusEmail } from '#emails/application-status.tsx'
import { hasRole, type SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { canInstructCall, type AcceleratorServices } from '../access.server.ts'
import {
  applicationProgress,
  ATTACHMENT_KINDS,
  ATTACHMENTS_SECTION,
  correctionFieldLabel,
  isComplete,
  normaliseAttachmentKind,
  projectTitle,
  sectionByKey,
  type Answers,
  type SectionProgress,
} from './application-form.ts'
import {
  APPLICATION_STATE_LABELS,
  callAcceptsSubmissions,
  eligibilityPending,
  leaderExplanation,
  returnedFromCorrection,
  TRANSITIONS,
  type TransitionName,
} from './application-states.ts'
import { callRules } from './applications.server.ts'
import { isUuid } from '#app/utils/uuid.ts'

export interface TransitionInput {
  motivation?: string | null
  /** For a correction request: the fields to fix. */
  fields?: Array<{ section: string; field: string }>
  /** False: no status e-mail (the caller sends its own, e.g. the publication of a call's results). */
  notify?: boolean
}

export type TransitionError =
  | 'not-found'
  | 'forbidden'
  | 'wrong-state'
  | 'deadline'
  | 'incomplete'
  | 'motivation-required'
  | 'fields-required'
  | 'eligibility-pending'

export type TransitionResult =
  | { ok: true; state: ApplicationState; already: boolean; reference: string | null }
  | { ok: false; error: TransitionError; message: string; problems?: SectionProgress[] }

const MAX_MOTIVATION = 5000

/** True when a correction request points at a field that exists. */
export function isKnownField(section: string, field: string): boolean {
  if (section === ATTACHMENTS_SECTION.key) return ATTACHMENT_KINDS.some((kind) => kind.value === field)
  return Boolean(sectionByKey(section)?.fields.some((f) => f.name === field))
}

/** A correction request's field as stored: an attachment by its English kind (decision 112). */
function correctionField(f: { section: string; field: string }): { section: string; field: string } {
  return f.section === ATTACHMENTS_SECTION.key ? { section: f.section, field: normaliseAttachmentKind(f.field) } : f
}

/** The motivation and fields a transition needs, checked before anything is read or written. */
function checkInput(
  transition: TransitionName,
  input: TransitionInput,
): { ok: true; motivation: string | null; fields: Array<{ section: string; field: string }> } | { ok: false; error: TransitionError; message: string } {
  const definition = TRANSITIONS[transition]
  const motivation = input.motivation?.trim() || null
  if (definition.motivation === 'required' && !motivation) {
    return { ok: false, error: 'motivation-required', message: 'Écrivez le motif : il est envoyé aux porteurs du projet.' }
  }
  if (motivation && motivation.length > MAX_MOTIVATION) {
    return { ok: false, error: 'motivation-required', message: `Le motif fait ${MAX_MOTIVATION} caractères au plus.` }
  }
  // An attachment named in French (a team page opened before migration 0024) is read as its English kind.
  const fields = (input.fields ?? []).map(correctionField).filter((f) => isKnownField(f.section, f.field))
  if (transition === 'request_correction' && fields.length === 0) {
    return { ok: false, error: 'fields-required', message: 'Cochez au moins un champ à corriger : le porteur y sera conduit directement.' }
  }
  return { ok: true, motivation, fields }
}

/** The e-mail a leader receives when the application reaches `to` (other than a submission). */
function statusEmail(
  services: AcceleratorServices,
  application: { id: string; answers: unknown; reference: string | null; last_submitted_at: Date | string | null },
  call: { state: string; closes_at: Date | string; results_on: string },
  to: ApplicationState,
  motivation: string | null,
  at: Date,
) {
  const explained = leaderExplanation({ state: to, reference: application.reference, last_submitted_at: application.last_submitted_at, state_motivation: motivation }, call, at)
  return applicationStatusEmail({
    projectTitle: projectTitle(application.answers as Answers),
    reference: application.reference,
    stateTitle: explained.title,
    explanation: explained.explanation.replace(/ Motif : .*$/, ''),
    nextStep: explained.nextStep,
    motivation,
    link: `${services.appUrl}/mes-candidatures/${application.id}`,
  })
}

export type CorrectionPreview =
  | { ok: true; subject: string; text: string; recipients: number; fields: Array<{ key: string; label: string }> }
  | { ok: false; error: TransitionError; message: string }

/**
 * What the leaders will receive if the agent sends this correction request now: the e-mail (its
 * subject and text, rendered by the same template) and the fields listed in their messages.
 * Nothing is written. The route has already checked that the actor instructs this call.
 */
export async function previewCorrectionRequest(services: AcceleratorServices, applicationId: string, input: TransitionInput): Promise<CorrectionPreview> {
  const checked = checkInput('request_correction', input)
  if (!checked.ok) return checked
  if (!isUuid(applicationId)) return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
  const application = await services.db
    .selectFrom('applications')
    .select(['id', 'call_id', 'state', 'answers', 'reference', 'last_submitted_at'])
    .where('id', '=', applicationId)
    .executeTakeFirst()
  if (!application) return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
  if (!(TRANSITIONS.request_correction.from as readonly ApplicationState[]).includes(application.state)) {
    return {
      ok: false,
      error: 'wrong-state',
      message: `Cette action n’est plus possible : la candidature est maintenant « ${APPLICATION_STATE_LABELS[application.state].toLowerCase()} ».`,
    }
  }
  const call = await services.db.selectFrom('calls').select(['state', 'closes_at', 'results_on']).where('id', '=', application.call_id).executeTakeFirstOrThrow()
  const { n } = await services.db
    .selectFrom('application_members')
    .innerJoin('users', 'users.id', 'application_members.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('application_members.application_id', '=', applicationId)
    .where('application_members.removed_at', 'is', null)
    .where('users.deleted_at', 'is', null)
    .executeTakeFirstOrThrow()
  const content = statusEmail(services, application, call, TRANSITIONS.request_correction.to, checked.motivation, now())
  return {
    ok: true,
    subject: content.subject,
    text: (await render(content.body as ReactElement, { plainText: true })).trim(),
    recipients: Number(n),
    fields: checked.fields.map((f) => ({ key: `${f.section}.${f.field}`, label: correctionFieldLabel(f.section, f.field) })),
  }
}

export async function transitionApplication(
  services: AcceleratorServices,
  actor: SessionUser,
  applicationId: string,
  transition: TransitionName,
  input: TransitionInput = {},
): Promise<TransitionResult> {
  const definition = TRANSITIONS[transition]
  if (!isUuid(applicationId)) return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
  const checked = checkInput(transition, input)
  if (!checked.ok) return checked
  const { motivation, fields } = checked

  return services.db.transaction().execute(async (trx): Promise<TransitionResult> => {
    const application = await trx.selectFrom('applications').selectAll().where('id', '=', applicationId).forUpdate().executeTakeFirst()
    if (!application) return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
    const call = await trx
      .selectFrom('calls')
      .select(['id', 'title', 'state', 'closes_at', 'results_on'])
      .where('id', '=', application.call_id)
      .executeTakeFirstOrThrow()

    // Who may act. Someone who may not even see the application gets « not found ».
    if (definition.by === 'leader') {
      const member = await trx
        .selectFrom('application_members')
        .select('user_id')
        .where('application_id', '=', applicationId)
        .where('user_id', '=', actor.id)
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      if (!member) return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
    } else {
      if (application.state === 'brouillon' || !canInstructCall(actor, application.call_id)) {
        return { ok: false, error: 'not-found', message: 'Cette candidature est introuvable.' }
      }
      if (definition.by === 'team' && !hasRole(actor, 'programme_team')) {
        return { ok: false, error: 'forbidden', message: 'Seule l’équipe du programme peut prendre cette décision.' }
      }
    }

    const from = application.state
    const submitting = transition === 'submit' || transition === 'resubmit'
    // A repeated click (or a second tab) finds the work already done: same answer, nothing sent twice.
    if (from === definition.to || (submitting && from === 'deposee')) {
      return { ok: true, state: from, already: true, reference: application.reference }
    }
    if (!(definition.from as readonly ApplicationState[]).includes(from)) {
      return {
        ok: false,
        error: 'wrong-state',
        message: `Cette action n’est plus possible : la candidature est maintenant « ${APPLICATION_STATE_LABELS[from].toLowerCase()} ».`,
      }
    }

    if (transition === 'declare_admissible') {
      // « Recevable » comes after the checklist: every point answered « oui » first.
      const pending = eligibilityPending(application.eligibility)
      if (pending.length) {
        return {
          ok: false,
          error: 'eligibility-pending',
          message: `Pour déclarer la candidature recevable, répondez « Oui » à chaque point de la vérification de l’éligibilité, puis enregistrez-la. Reste${pending.length > 1 ? 'nt' : ''} à vérifier : ${pending.map((p) => `« ${p.label} »`).join(', ')}.`,
        }
      }
    }

    const at = now()
    if ((transition === 'submit' || transition === 'reopen') && !callAcceptsSubmissions(call, at)) {
      return {
        ok: false,
        error: 'deadline',
        message:
          transition === 'submit'
            ? `La date limite de dépôt était le ${formatDateAtTime(call.closes_at)}. Votre candidature n’a pas été déposée. Votre brouillon est conservé : vous pouvez le consulter, mais plus le déposer.`
            : `La date limite de dépôt était le ${formatDateAtTime(call.closes_at)} : votre candidature déposée ne peut plus être rouverte.`,
      }
    }
    if (submitting) {
      const files = await trx.selectFrom('application_files').select('kind').where('application_id', '=', applicationId).execute()
      // The call's admitted structure types are checked here too: a forged or stale form cannot
      // submit a type the call excludes.
      const progress = applicationProgress(application.answers as Answers, files, await callRules(trx, application.call_id))
      if (!isComplete(progress)) {
        return {
          ok: false,
          error: 'incomplete',
          message: 'Votre candidature n’est pas complète : corrigez les points listés, puis déposez-la.',
          problems: progress.filter((section) => section.problems.length),
        }
      }
    }

    let reference = application.reference
    if (submitting && !reference) {
      const { n } = await sql<{ n: number }>`SELECT nextval('application_reference_seq')::int AS n`.execute(trx).then((r) => r.rows[0]!)
      reference = `AIC-${parisDay(at).slice(0, 4)}-${String(n).padStart(5, '0')}`
    }
    await trx
      .updateTable('applications')
      .set({
        state: definition.to,
        state_changed_at: at,
        state_motivation: motivation,
        updated_at: at,
        version: sql`version + 1`,
        ...(transition === 'request_correction'
          ? { correction_request: { message: motivation!, fields, requestedAt: at.toISOString() } }
          : submitting
            ? { correction_request: null }
            : {}),
        ...(submitting
          ? {
              reference,
              submitted_at: application.submitted_at ?? at,
              last_submitted_at: at,
              submission_count: sql`submission_count + 1`,
            }
          : {}),
      })
      .where('id', '=', applicationId)
      .execute()

    if (transition === 'request_correction') {
      await trx
        .insertInto('application_messages')
        .values({ application_id: applicationId, author_id: actor.id, from_team: true, body: motivation!, fields })
        .execute()
    }

    await audit(trx, {
      actorId: actor.id,
      action: definition.audit,
      subjectType: 'application',
      subjectId: applicationId,
      data: { from, to: definition.to, motivation, ...(fields.length ? { fields } : {}), ...(reference && submitting ? { reference } : {}) },
    })

    const leaders = await trx
      .selectFrom('application_members')
      .innerJoin('users', 'users.id', 'application_members.user_id')
      .select(['users.id', 'users.email'])
      .where('application_members.application_id', '=', applicationId)
      .where('application_members.removed_at', 'is', null)
      .where('users.deleted_at', 'is', null)
      .execute()
    const title = projectTitle(application.answers as Answers)
    const submissionNumber = application.submission_count + (submitting ? 1 : 0)
    for (const leader of input.notify === false ? [] : leaders) {
      const content = submitting
        ? applicationReceiptEmail({
            reference: reference!,
            projectTitle: title,
            callTitle: call.title,
            submittedAt: formatDateAtTime(at),
            deadline: formatDateAtTime(call.closes_at),
            link: `${services.appUrl}/mes-candidatures/${applicationId}/attestation`,
            resubmission: submissionNumber > 1,
          })
        : statusEmail(services, { ...application, reference }, call, definition.to, motivation, at)
      await queueEmail({ db: trx, jobs: services.jobs }, leader.email, content, {
        idempotencyKey: `${definition.audit}:${applicationId}:${submissionNumber}:${at.getTime()}:${leader.id}`,
      })
    }
    return { ok: true, state: definition.to, already: false, reference }
  })
}

/** The leader's « Déposer » button: a first submission, or a submission after a correction. */
export async function submitApplication(services: AcceleratorServices, actor: SessionUser, applicationId: string): Promise<TransitionResult> {
  const row = isUuid(applicationId)
    ? await services.db
        .selectFrom('applications')
        .select(['state', 'state_changed_at', 'last_submitted_at'])
        .where('id', '=', applicationId)
        .executeTakeFirst()
    : undefined
  // A second click after a corrected re-deposit finds the application back in instruction (the
  // re-deposit's target): « resubmit » then answers « already done » instead of refusing.
  const corrected = row?.state === 'correction_demandee' || (row !== undefined && returnedFromCorrection(row))
  return transitionApplication(services, actor, applicationId, corrected ? 'resubmit' : 'submit')
}
