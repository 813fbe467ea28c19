import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { changeCallState } from '#app/accelerator/calls/calls.server.ts'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring/access.server.ts'
import { reopenReview } from '#app/accelerator/scoring/reviews.server.ts'
import { decide, publishResults } from '#app/accelerator/scoring/results.server.ts'
import { DELIBERATION_FILTERS, deliberationView } from '#app/accelerator/scoring/deliberation.server.ts'
import { ApplicationDeliberation, RankingTable, ReviewerHabits } from '#app/components/accelerator/deliberation/deliberation-sections.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Délibération – ${data.call.title}` : 'Délibération') }]

const ActionSchema = z.discriminatedUnion('intent', [
  // The ids are checked by the domain (a wrong one is « introuvable », 404), like every other value.
  z.object({ intent: z.literal('decide'), applicationId: z.string(), decision: z.string().default(''), motivation: z.string().default('') }),
  z.object({ intent: z.literal('publish') }),
  z.object({ intent: z.literal('start_deliberation') }),
  z.object({ intent: z.literal('reopen_review'), reviewId: z.string() }),
])

type ActionData = { form: 'decider' | 'publier' | 'etat'; applicationId: string | null; message: string; field: string | null }

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const filter = z.enum(DELIBERATION_FILTERS).catch('toutes').parse(new URL(request.url).searchParams.get('filtre'))
  const view = await deliberationView(context.db, call, filter)
  return json({ call: { id: call.id, title: call.title, state: call.state, slug: call.slug }, filter, ...view })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  const refuse = (data: ActionData, status: number) => json<ActionData>(data, { status })
  if (submission.status !== 'success') return refuse({ form: 'etat', applicationId: null, message: 'Action inconnue.', field: null }, 400)
  const value = submission.value
  const base = `/equipe/appels/${call.id}/deliberation`
  switch (value.intent) {
    case 'decide': {
      const result = await decide(context.db, user, call, value)
      if (!result.ok) return refuse({ form: 'decider', applicationId: value.applicationId, message: result.message, field: result.field ?? null }, result.status)
      return redirect(`${base}?fait=decision#candidature-${value.applicationId}`)
    }
    case 'publish': {
      const result = await publishResults(acceleratorServices(context), user, call)
      if (!result.ok) return refuse({ form: 'publier', applicationId: null, message: result.message, field: null }, 400)
      return redirect(`${base}?fait=${result.already ? 'deja-publie' : 'publie'}`)
    }
    case 'start_deliberation': {
      const result = await changeCallState(context.db, user, call.id, 'start_deliberation')
      if (!result.ok) return refuse({ form: 'etat', applicationId: null, message: result.message, field: null }, 400)
      return redirect(`${base}?fait=deliberation`)
    }
    case 'reopen_review': {
      if (call.state !== 'en_evaluation') return refuse({ form: 'etat', applicationId: null, message: 'Une évaluation se rouvre seulement pendant l’évaluation.', field: null }, 400)
      if (!(await reopenReview(context.db, user, call.id, value.reviewId))) return refuse({ form: 'etat', applicationId: null, message: 'Cette évaluation est introuvable.', field: null }, 400)
      return redirect(`${base}?fait=rouverte`)
    }
  }
}

const DONE: Record<string, string> = {
  decision: 'Décision enregistrée.',
  publie: 'Les résultats sont publiés : chaque porteur a reçu un e-mail et la page publique de l’appel les affiche.',
  'deja-publie': 'Les résultats étaient déjà publiés : rien n’a été envoyé une deuxième fois.',
  deliberation: 'L’appel est passé en délibération : les évaluations sont closes.',
  rouverte: 'L’évaluation est rouverte : son auteur peut la modifier et la renvoyer.',
}

export default function Deliberation() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const done = search.get('fait')
  const { call } = data
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: `/equipe/appels/${call.id}`, label: call.title }]} current="Délibération" />
      <h1>Résultats et délibération</h1>
      {done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      {actionData && actionData.form !== 'decider' ? <FormErrors errors={[actionData.message]} title="Action impossible" /> : null}
      {data.error ? (
        <div className="fr-alert fr-alert--error fr-mb-3w">
          <h2 className="fr-alert__title">Erreur dans les données</h2>
          <p>{data.error}</p>
        </div>
      ) : null}
      <p>
        <strong>Règle publiée :</strong> {data.rule}
      </p>
      <p className="fr-text--sm">{data.normalisation}</p>
      <ReviewerHabits habits={data.habits} />
      <p>
        {data.counts.applications} candidatures, {data.counts.reviews} évaluations envoyées, {data.counts.decided} décision
        {data.counts.decided > 1 ? 's' : ''} prise{data.counts.decided > 1 ? 's' : ''}.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {call.state === 'en_evaluation' ? (
          <li>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="start_deliberation" />
              <button type="submit" className="fr-btn">
                Clore l’évaluation et passer en délibération
              </button>
            </SecureForm>
          </li>
        ) : null}
        {call.state === 'en_deliberation' || call.state === 'resultats_publies' ? (
          <li>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="fr-btn">
                Publier les résultats
              </button>
            </SecureForm>
          </li>
        ) : null}
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/dossier-de-decision`}>
            Dossier de décision pour le comité
          </Link>
        </li>
        <li>
          <a className="fr-btn fr-btn--secondary" href={`/equipe/appels/${call.id}/resultats-csv`} download>
            Exporter les notes et décisions (CSV)
          </a>
        </li>
        <li>
          <a className="fr-btn fr-btn--secondary" href={`/equipe/appels/${call.id}/resultats-csv?format=xlsx`} download>
            Exporter (XLSX)
          </a>
        </li>
        {data.publishedAt ? (
          <li>
            <Link className="fr-btn fr-btn--tertiary" to={`/appels/${call.slug}/resultats`}>
              Voir la page publique des résultats
            </Link>
          </li>
        ) : null}
      </ul>
      {data.publishedAt ? <p>Résultats publiés le {formatDateAtTime(data.publishedAt)}.</p> : null}

      <nav className="fr-mb-2w" aria-label="Filtrer les candidatures">
        <ul className="fr-tags-group">
          {(
            [
              ['toutes', 'Toutes'],
              ['alertes', 'À discuter (alertes)'],
              ['sans-decision', 'Sans décision'],
            ] as const
          ).map(([value, label]) => (
            <li key={value}>
              <Link className="fr-tag" to={`?filtre=${value}`} aria-current={data.filter === value ? 'true' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <RankingTable rows={data.rows} />

      {data.rows.map((row) => (
        <ApplicationDeliberation
          key={row.id}
          row={row}
          callState={call.state}
          error={actionData?.form === 'decider' && actionData.applicationId === row.id ? { message: actionData.message, field: actionData.field } : null}
        />
      ))}
    </div>
  )
}
