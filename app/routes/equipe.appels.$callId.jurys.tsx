import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { inviteToRole } from '#app/auth/invitations.server.ts'
import { juryPageData } from '#app/accelerator/scoring/jury-page.server.ts'
import { requireTeamOnJuryCall } from '#app/accelerator/scoring/access.server.ts'
import { conflictsOfInvitee, dismissDetectedConflict } from '#app/accelerator/scoring/conflict-detection.server.ts'
import { decideConflict, handleLeaderObjection, setAvailability, setReviewDeadline } from '#app/accelerator/scoring/panel.server.ts'
import { DeclaredConflictsSection, DetectedConflictsSection, type DismissError } from '#app/components/accelerator/juries/jury-conflicts.tsx'
import { InviteForm, MembersTable, type InviteWarning } from '#app/components/accelerator/juries/jury-members.tsx'
import { DeadlineSection, ObjectionsSection } from '#app/components/accelerator/juries/jury-objections.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { firstFieldErrors, readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisLocalToDate } from '#app/utils/paris-time.ts'
import { EmailSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Jurys – ${data.call.title}` : 'Jurys') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  return json(await juryPageData(context.db, call, { detectedPage: Number(new URL(request.url).searchParams.get('page') ?? 1) }))
}

/** Every form of the page: one schema per intent (conform reads the form, empty fields are absent). */
const JuryActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('invite'),
    email: EmailSchema,
    jury: z.enum(['administration', 'citizen'], { error: 'Choisissez le jury.' }),
    confirmer: z.string().optional(),
  }),
  z.object({ intent: z.literal('set_availability'), userId: z.string().uuid(), indisponible: z.string().optional() }),
  z.object({ intent: z.literal('decide_conflict'), conflictId: z.string(), decision: z.enum(['upheld', 'dismissed']) }),
  z.object({ intent: z.literal('dismiss_detected'), applicationId: z.string().default(''), reviewerId: z.string().default(''), motivation: z.string().default('') }),
  z.object({ intent: z.literal('handle_objection'), objectionId: z.string().default(''), memberId: z.string().default('') }),
  z.object({ intent: z.literal('set_deadline'), deadline: z.string().default('') }),
])

/** What a refused form says, by intent, when its fields do not even have the right shape. */
const UNREADABLE: Record<string, Omit<ActionData, 'fieldErrors'>> = {
  invite: { form: 'inviter', message: 'L’invitation n’est pas envoyée : corrigez les points signalés.' },
  set_availability: { form: 'membres', message: 'Cette personne ne fait pas partie des jurys de cet appel.' },
  decide_conflict: { form: 'conflits', message: 'Ce conflit d’intérêts est introuvable ou la décision est inconnue.' },
  dismiss_detected: { form: 'detectes', message: 'Ce conflit détecté est introuvable.' },
  handle_objection: { form: 'conflits', message: 'Ce signalement ou ce membre est introuvable.' },
  set_deadline: { form: 'echeance', message: 'Saisissez une date et une heure valides.' },
}

type ActionData = { form: string; message: string; fieldErrors: Record<string, string>; warning?: InviteWarning; dismiss?: DismissError }
const fail = (data: Omit<ActionData, 'fieldErrors'> & { fieldErrors?: Record<string, string> }, status = 400) => json<ActionData>({ fieldErrors: {}, ...data }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  const submission = parseWithZod(await readForm(request, context), { schema: JuryActionSchema })
  if (submission.status !== 'success') {
    const intent = typeof submission.payload.intent === 'string' ? submission.payload.intent : ''
    if (!Object.hasOwn(UNREADABLE, intent)) return fail({ form: 'inviter', message: 'Action inconnue.' })
    // Only the invitation shows its fields' own messages (from the schema, in French); the other forms say what failed.
    const fieldErrors = firstFieldErrors(submission.error)
    return fail({ ...UNREADABLE[intent]!, fieldErrors: intent === 'invite' ? fieldErrors : {} })
  }
  const value = submission.value
  const base = `/equipe/appels/${call.id}/jurys`
  switch (value.intent) {
    case 'invite': {
      // The team is warned before inviting someone with detected conflicts; « Inviter quand même » confirms.
      if (value.confirmer !== 'oui') {
        const conflicts = await conflictsOfInvitee(context.db, call.id, value.email)
        if (conflicts.length > 0) return fail({ form: 'inviter', message: '', warning: { email: value.email, jury: value.jury, conflicts } }, 200)
      }
      const result = await inviteToRole({ db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }, user, {
        email: value.email,
        role: value.jury === 'administration' ? 'admin_reviewer' : 'citizen_panelist',
        scopeId: call.id,
      })
      if (!result.ok) {
        return fail({ form: 'inviter', message: result.error === 'already-member' ? 'Cette personne fait déjà partie de ce jury.' : 'Cet appel n’accepte pas d’invitation.' })
      }
      return redirect(`${base}?fait=invitation`)
    }
    case 'set_availability': {
      if (!(await setAvailability(context.db, user, call.id, value.userId, value.indisponible === 'oui'))) return fail(UNREADABLE.set_availability!)
      return redirect(`${base}?fait=disponibilite`)
    }
    case 'decide_conflict': {
      if (!(await decideConflict(context.db, user, call.id, value.conflictId, value.decision))) return fail(UNREADABLE.decide_conflict!)
      return redirect(`${base}?fait=conflit`)
    }
    case 'dismiss_detected': {
      const result = await dismissDetectedConflict(context.db, user, call.id, value)
      if (!result.ok) {
        const dismiss = { pair: `${value.applicationId}:${value.reviewerId}`, message: result.message, motivation: result.field === 'motivation' ? result.message : null }
        return fail({ form: 'detectes', message: result.message, dismiss })
      }
      return redirect(`${base}?fait=ecarte#conflits-detectes`)
    }
    case 'handle_objection': {
      const done = await handleLeaderObjection(context.db, user, call.id, value.objectionId, value.memberId === 'aucun' ? null : value.memberId)
      if (!done) return fail(UNREADABLE.handle_objection!)
      return redirect(`${base}?fait=signalement`)
    }
    case 'set_deadline': {
      const deadline = parisLocalToDate(value.deadline)
      if (!deadline) return fail({ ...UNREADABLE.set_deadline!, fieldErrors: { deadline: UNREADABLE.set_deadline!.message } })
      await setReviewDeadline(context.db, user, call.id, deadline)
      return redirect(`${base}?fait=echeance`)
    }
  }
}

const DONE: Record<string, string> = {
  invitation: 'Invitation envoyée par e-mail.',
  disponibilite: 'Disponibilité enregistrée. Relancez l’affectation pour en tenir compte.',
  conflit: 'Décision enregistrée.',
  ecarte: 'Conflit détecté écarté : la paire peut être affectée. Le motif est inscrit au journal.',
  echeance: 'Date limite des évaluations enregistrée.',
  signalement: 'Signalement traité.',
}

export default function Juries() {
  const { call, members, conflicts, objections, detected } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const done = search.get('fait')
  const errors = actionData?.fieldErrors ?? {}
  const err = (name: string) => (errors[name] ? [errors[name]] : null)
  // Errors shown next to their form; the others (a conflict or a member not found…) at the top.
  const inline = ['inviter', 'echeance', ...(actionData?.dismiss?.motivation ? ['detectes'] : [])]
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: `/equipe/appels/${call.id}`, label: call.title }]} current="Jurys" />
      <h1>Jurys et conflits d’intérêts</h1>
      {call.open ? (
        <div className="fr-notice fr-notice--info fr-mb-3w">
          <div className="fr-container">
            <div className="fr-notice__body">
              <p className="fr-notice__title">
                L’appel est encore ouvert, jusqu’au {formatDateAtTime(call.closesAt)}. Vous pouvez déjà inviter les membres des jurys et fixer la date limite
                des évaluations. L’affectation des candidatures et les évaluations commenceront après la clôture.
              </p>
            </div>
          </div>
        </div>
      ) : null}
      {done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      {actionData && !inline.includes(actionData.form) ? <FormErrors errors={[actionData.message]} title="Action impossible" /> : null}

      <section aria-labelledby="membres" className="fr-mb-6w">
        <h2 id="membres">Membres ({members.length})</h2>
        <MembersTable members={members} />
        <InviteForm message={actionData?.form === 'inviter' && actionData.message ? actionData.message : null} warning={actionData?.warning ?? null} err={err} />
      </section>
      <DeadlineSection call={call} message={actionData?.form === 'echeance' ? actionData.message : null} err={err} />
      <DetectedConflictsSection
        detected={detected}
        error={actionData?.dismiss ?? null}
        pageHref={(page) => `/equipe/appels/${call.id}/jurys?page=${page}#conflits-detectes`}
      />
      <ObjectionsSection objections={objections} members={members} />
      <DeclaredConflictsSection conflicts={conflicts} />
    </div>
  )
}
