import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { addCommitteeMember, decisionPack, recordOpinion, removeCommitteeMember } from '#app/accelerator/committee.server.ts'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring/access.server.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { CommitteeSection, MissingWarning, PackApplication, PrintButton } from '#app/components/accelerator/decision-pack/pack-sections.tsx'
import { RankingTable } from '#app/components/accelerator/deliberation/deliberation-sections.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { now } from '#app/utils/clock.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Dossier de décision – ${data.call.title}` : 'Dossier de décision') }]

// One schema for the three intents; the ids and values are checked by the domain (wrong id → 404, bad value → 400 in French).
const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('record_opinion'), applicationId: z.string(), agrees: z.string().default(''), note: z.string().default('') }),
  z.object({ intent: z.literal('add_member'), email: z.string().default('') }),
  z.object({ intent: z.literal('remove_member'), userId: z.string() }),
])

type ActionData = { form: 'avis' | 'comite' | 'etat'; applicationId: string | null; message: string; field: string | null }

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const pack = await decisionPack(context.db, call, user)
  return json({ call: { id: call.id, title: call.title, state: call.state }, generatedAt: now().toISOString(), ...pack })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  const refuse = (data: ActionData, status: number) => json<ActionData>(data, { status })
  if (submission.status !== 'success') return refuse({ form: 'etat', applicationId: null, message: 'Action inconnue.', field: null }, 400)
  const value = submission.value
  const base = `/equipe/appels/${call.id}/dossier-de-decision`
  switch (value.intent) {
    case 'record_opinion': {
      const result = await recordOpinion(context.db, user, call, value)
      if (!result.ok) return refuse({ form: 'avis', applicationId: value.applicationId, message: result.message, field: result.field ?? null }, result.status)
      return redirect(`${base}?fait=avis#candidature-${value.applicationId}`)
    }
    case 'add_member': {
      const result = await addCommitteeMember(context.db, user, call, value.email)
      if (!result.ok) return refuse({ form: 'comite', applicationId: null, message: result.message, field: result.field ?? null }, result.status)
      return redirect(`${base}?fait=membre-ajoute`)
    }
    case 'remove_member': {
      const result = await removeCommitteeMember(context.db, user, call, value.userId)
      if (!result.ok) return refuse({ form: 'comite', applicationId: null, message: result.message, field: null }, result.status)
      return redirect(`${base}?fait=membre-retire`)
    }
  }
}

const DONE: Record<string, string> = {
  avis: 'Votre avis est enregistré : l’équipe le voit avec ceux des autres membres du comité.',
  'membre-ajoute': 'Le membre est ajouté au comité.',
  'membre-retire': 'Le membre est retiré du comité : ses avis ne sont plus comptés.',
}

export default function DecisionPack() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const done = search.get('fait')
  const { call } = data
  const deliberating = call.state === 'en_deliberation'
  const rowError = (id: string) =>
    actionData?.form === 'avis' && actionData.applicationId === id ? { message: actionData.message, field: actionData.field } : null
  return (
    <div className="fr-container fr-py-6w aic-pack">
      <div className="aic-no-print">
        <Breadcrumb
          links={[
            { to: `/equipe/appels/${call.id}`, label: call.title },
            { to: `/equipe/appels/${call.id}/deliberation`, label: 'Délibération' },
          ]}
          current="Dossier de décision"
        />
      </div>
      <h1>Dossier de décision – {call.title}</h1>
      <p className="fr-text--sm">Établi le {formatDateAtTime(data.generatedAt)} pour le comité de décision.</p>
      {done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w aic-no-print" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      {actionData && actionData.form === 'etat' ? <FormErrors errors={[actionData.message]} title="Action impossible" /> : null}
      {actionData && actionData.form === 'avis' && !data.rows.some((r) => r.id === actionData.applicationId) ? (
        <FormErrors errors={[actionData.message]} title="Avis non enregistré" />
      ) : null}
      <ul className="fr-btns-group fr-btns-group--inline-md aic-no-print">
        <li>
          <PrintButton />
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/deliberation`}>
            Retour à la délibération
          </Link>
        </li>
      </ul>
      {data.error ? (
        <div className="fr-alert fr-alert--error fr-mb-3w">
          <h2 className="fr-alert__title">Le classement ne peut pas être calculé</h2>
          <p>{data.error}</p>
        </div>
      ) : null}
      <MissingWarning missing={data.missing} />
      <p>
        <strong>Règle publiée :</strong> {data.rule}
      </p>
      <p className="fr-text--sm">{data.normalisation}</p>
      <p>
        {data.counts.applications} candidatures, {data.counts.reviews} évaluations envoyées, {data.counts.decided} décision
        {data.counts.decided > 1 ? 's' : ''} proposée{data.counts.decided > 1 ? 's' : ''}.
      </p>
      {!deliberating ? (
        <p className="fr-text--sm aic-no-print">
          {call.state === 'resultats_publies'
            ? 'Les résultats sont publiés : les avis du comité sont clos.'
            : 'Les avis du comité s’ouvrent quand l’appel passe en délibération.'}
        </p>
      ) : data.viewerIsMember ? null : (
        <p className="fr-text--sm aic-no-print">Vous n’êtes pas membre du comité de cet appel : vous voyez les avis sans pouvoir en donner.</p>
      )}
      <CommitteeSection
        committee={data.committee}
        canEdit={call.state !== 'resultats_publies'}
        error={actionData?.form === 'comite' ? { message: actionData.message, field: actionData.field } : null}
      />
      <h2 className="fr-h4">Classement</h2>
      <RankingTable rows={data.rows} />
      {data.rows.map((row) => (
        <PackApplication key={row.id} row={row} canGiveOpinion={deliberating && data.viewerIsMember} error={rowError(row.id)} />
      ))}
    </div>
  )
}
