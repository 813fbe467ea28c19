import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { changeCallState, findCall, setOpeningScheduled } from '#app/accelerator/calls/calls.server.ts'
import { teamCallPage } from '#app/accelerator/calls/call-team-page.server.ts'
import { isCallTransitionName } from '#app/accelerator/calls/call-states.ts'
import { CallStateBadge } from '#app/components/accelerator/badges.tsx'
import { CallStatePanel, CallSummary, GridSection, SelectionLinks } from '#app/components/accelerator/call-team/call-sections.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.call.title ?? 'Appel à projets') }]

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('change_state'), transition: z.string().max(40).optional() }),
  z.object({ intent: z.literal('schedule_opening') }),
  z.object({ intent: z.literal('unschedule_opening') }),
])

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  return json(await teamCallPage(context.db, call))
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ message: 'Demande incorrecte.' }, { status: 400 })
  const value = submission.value
  const scheduling = value.intent === 'schedule_opening'
  const result =
    value.intent === 'change_state'
      ? value.transition && isCallTransitionName(value.transition)
        ? await changeCallState(context.db, user, call.id, value.transition)
        : { ok: false as const, message: 'Action inconnue.' }
      : await setOpeningScheduled(context.db, user, call.id, scheduling)
  if (!result.ok) return json({ message: result.message }, { status: 409 })
  // The notice's key in the URL is unchanged (`?fait=programmer`): the intent's name is not part of the URL.
  const done = value.intent === 'change_state' ? value.transition : scheduling ? 'programmer' : 'deprogrammer'
  return redirect(`/equipe/appels/${call.id}?fait=${done}`)
}

const DONE: Record<string, string> = {
  open: 'L’appel est ouvert : sa page publique accepte les candidatures.',
  close: 'L’appel est clos : les candidatures ne sont plus acceptées.',
  start_evaluation: 'L’appel est passé en évaluation.',
  start_deliberation: 'L’appel est passé en délibération.',
  publish_results: 'Les résultats sont publiés.',
  programmer: 'L’ouverture est programmée : l’appel s’ouvrira tout seul à sa date d’ouverture. Il apparaît dès maintenant dans les appels à venir.',
  deprogrammer: 'L’ouverture programmée est annulée : l’appel redevient un brouillon non public.',
}

export default function TeamCall() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('fait')
  const { call } = data
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe/appels', label: 'Appels à projets' }]} current={call.title} />
      <h1>{call.title}</h1>
      <CallStateBadge state={call.state} scheduled={call.scheduled} />
      {params.get('cree') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>L’appel est créé en brouillon. Vérifiez sa grille, puis ouvrez-le.</p>
        </div>
      ) : params.get('modifie') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>Modifications enregistrées.</p>
        </div>
      ) : params.get('grille') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>Grille enregistrée (version {params.get('grille')}).</p>
        </div>
      ) : done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Action impossible" />

      <div className="fr-grid-row fr-grid-row--gutters fr-mt-2w">
        <div className="fr-col-12 fr-col-md-8">
          <CallSummary page={data} />

          <SelectionLinks callId={call.id} state={call.state} />

          <GridSection grid={data.grid} history={data.history} />
        </div>

        <div className="fr-col-12 fr-col-md-4">
          <CallStatePanel page={data} />
        </div>
      </div>
    </div>
  )
}
