import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { inviteToRole } from '#app/auth/invitations.server.ts'
import { juryPageData } from '#app/accelerator/jury-page.server.ts'
import { requireTeamOnJuryCall } from '#app/accelerator/scoring-access.server.ts'
import { conflictsOfInvitee, dismissDetectedConflict } from '#app/accelerator/scoring-conflict-detection.server.ts'
import { decideConflict, handleLeaderObjection, setAvailability } from '#app/accelerator/scoring-panel.server.ts'
import { DeclaredConflictsSection, DetectedConflictsSection, type DismissError } from '#app/components/accelerator/juries/jury-conflicts.tsx'
import { InviteForm, MembersTable, type InviteWarning } from '#app/components/accelerator/juries/jury-members.tsx'
import { DeadlineSection, ObjectionsSection } from '#app/components/accelerator/juries/jury-objections.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { audit } from '#app/utils/audit.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisLocalToDate } from '#app/utils/paris-time.ts'
import { EmailSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Jurys – ${data.call.title}` : 'Jurys') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  return json(await juryPageData(context.db, call, { detectedPage: Number(new URL(request.url).searchParams.get('page') ?? 1) }))
}

const InviteSchema = z.object({ email: EmailSchema, jury: z.enum(['administration', 'citizen'], { error: 'Choisissez le jury.' }) })

type ActionData = { form: string; message: string; fieldErrors: Record<string, string>; warning?: InviteWarning; dismiss?: DismissError }
const fail = (data: Omit<ActionData, 'fieldErrors'> & { fieldErrors?: Record<string, string> }, status = 400) => json<ActionData>({ fieldErrors: {}, ...data }, { status })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  const base = `/equipe/appels/${call.id}/jurys`
  if (intent === 'inviter') {
    const parsed = InviteSchema.safeParse({ email: formData.get('email') ?? '', jury: formData.get('jury') ?? undefined })
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message
      return fail({ form: 'inviter', message: 'L’invitation n’est pas envoyée : corrigez les points signalés.', fieldErrors: errors })
    }
    // The team is warned before inviting someone with detected conflicts; « Inviter quand même » confirms.
    if (formData.get('confirmer') !== 'oui') {
      const conflicts = await conflictsOfInvitee(context.db, call.id, parsed.data.email)
      if (conflicts.length > 0) return fail({ form: 'inviter', message: '', warning: { email: parsed.data.email, jury: parsed.data.jury, conflicts } }, 200)
    }
    const result = await inviteToRole({ db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }, user, {
      email: parsed.data.email,
      role: parsed.data.jury === 'administration' ? 'admin_reviewer' : 'citizen_panelist',
      scopeId: call.id,
    })
    if (!result.ok) {
      return fail({ form: 'inviter', message: result.error === 'already-member' ? 'Cette personne fait déjà partie de ce jury.' : 'Cet appel n’accepte pas d’invitation.' })
    }
    return redirect(`${base}?fait=invitation`)
  }
  if (intent === 'disponibilite') {
    const userId = z.string().uuid().safeParse(formData.get('userId'))
    if (!userId.success || !(await setAvailability(context.db, user, call.id, userId.data, formData.get('indisponible') === 'oui'))) {
      return fail({ form: 'membres', message: 'Cette personne ne fait pas partie des jurys de cet appel.' })
    }
    return redirect(`${base}?fait=disponibilite`)
  }
  if (intent === 'conflit') {
    const decision = z.enum(['upheld', 'dismissed']).safeParse(formData.get('decision'))
    const conflictId = String(formData.get('conflictId') ?? '')
    if (!decision.success || !(await decideConflict(context.db, user, call.id, conflictId, decision.data))) {
      return fail({ form: 'conflits', message: 'Ce conflit d’intérêts est introuvable ou la décision est inconnue.' })
    }
    return redirect(`${base}?fait=conflit`)
  }
  if (intent === 'ecarter-detecte') {
    const pair = { applicationId: String(formData.get('applicationId') ?? ''), reviewerId: String(formData.get('reviewerId') ?? '') }
    const result = await dismissDetectedConflict(context.db, user, call.id, { ...pair, motivation: String(formData.get('motivation') ?? '') })
    if (!result.ok) {
      const dismiss = { pair: `${pair.applicationId}:${pair.reviewerId}`, message: result.message, motivation: result.field === 'motivation' ? result.message : null }
      return fail({ form: 'detectes', message: result.message, dismiss })
    }
    return redirect(`${base}?fait=ecarte#conflits-detectes`)
  }
  if (intent === 'signalement') {
    const member = String(formData.get('memberId') ?? '')
    const done = await handleLeaderObjection(context.db, user, call.id, String(formData.get('objectionId') ?? ''), member === 'aucun' ? null : member)
    if (!done) return fail({ form: 'conflits', message: 'Ce signalement ou ce membre est introuvable.' })
    return redirect(`${base}?fait=signalement`)
  }
  if (intent === 'echeance') {
    const deadline = parisLocalToDate(String(formData.get('deadline') ?? ''))
    if (!deadline) return fail({ form: 'echeance', message: 'Saisissez une date et une heure valides.', fieldErrors: { deadline: 'Saisissez une date et une heure valides.' } })
    await context.db.transaction().execute(async (trx) => {
      await trx.updateTable('calls').set({ review_deadline: deadline }).where('id', '=', call.id).execute()
      await audit(trx, { actorId: user.id, action: 'scoring.deadline_set', subjectType: 'call', subjectId: call.id, data: { deadline: deadline.toISOString() } })
    })
    return redirect(`${base}?fait=echeance`)
  }
  return fail({ form: 'inviter', message: 'Action inconnue.' })
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
