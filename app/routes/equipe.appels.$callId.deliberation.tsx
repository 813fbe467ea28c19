import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { changeCallState } from '#app/accelerator/calls.server.ts'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring-access.server.ts'
import { reopenReview } from '#app/accelerator/scoring-reviews.server.ts'
import { DECISION_LABELS, DECISIONS } from '#app/accelerator/scoring-labels.ts'
import { computeResults, decide, findPublication, listDecisions, publishResults } from '#app/accelerator/scoring-results.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Délibération – ${data.call.title}` : 'Délibération') }]

const fmt = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '–' : formatNumber(value, digits))

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const filter = z.enum(['toutes', 'alertes', 'sans-decision']).catch('toutes').parse(new URL(request.url).searchParams.get('filtre'))
  const [results, decisions, publication] = await Promise.all([computeResults(context.db, call), listDecisions(context.db, call.id), findPublication(context.db, call.id)])
  const rows = (results.ranking?.applications ?? [])
    .map((row) => {
      const application = results.applications.get(row.applicationId)!
      const decision = decisions.get(row.applicationId)
      const juries = (['administration', 'citizen'] as const).map((jury) => {
        const j = row.juries[jury]
        return {
          jury,
          label: JURY_LABELS[jury],
          reviews: `${j.reviewCount}/${j.expectedReviews}`,
          raw: j.headline ?? '–',
          normalised: j.mode === 'numbers' ? fmt(j.normalisedMean) : '–',
          rank: j.rank,
        }
      })
      return {
        id: row.applicationId,
        rank: row.rank,
        reference: application.reference,
        title: application.title,
        status: row.statusLabel,
        score: fmt(row.score),
        juries,
        flags: row.flags.map((f) => ({ label: f.label, explanation: f.explanation })),
        decision: decision ? { value: decision.decision, label: DECISION_LABELS[decision.decision], motivation: decision.motivation } : null,
        reviews: results.reviews
          .filter((r) => r.applicationId === row.applicationId)
          .map((r) => ({
            id: r.id,
            reviewer: r.reviewerName,
            jury: JURY_LABELS[r.jury],
            summary: r.mention
              ? `Mention « ${r.mention} »`
              : results.criteria
                  .filter((c) => r.scores[c.id])
                  .map((c) => `${c.title} : ${r.scores[c.id]}`)
                  .join(' ; '),
            confidence: r.confidence,
            commentTeam: r.commentTeam,
            commentLeader: r.commentLeader,
          })),
      }
    })
    .filter((row) => (filter === 'alertes' ? row.flags.length > 0 : filter === 'sans-decision' ? !row.decision : true))
  // Each reviewer's habits, as measured for the corrected scores (severity, spread).
  const names = new Map(results.reviews.map((review) => [review.reviewerId, review.reviewerName]))
  const habits = (results.ranking?.reviewers ?? []).map((scale) => ({
    id: `${scale.jury}-${scale.reviewerId}`,
    name: names.get(scale.reviewerId) ?? 'Évaluateur',
    jury: JURY_LABELS[scale.jury],
    reviews: scale.reviewCount,
    mean: fmt(scale.mean),
    sd: fmt(scale.sd),
    effect: scale.status === 'own_scale' ? 'Ses notes sont ramenées à l’échelle commune de son jury.' : scale.explanation,
  }))
  return json({
    call: { id: call.id, title: call.title, state: call.state, slug: call.slug },
    filter,
    error: results.error,
    rule: results.ranking?.rule.description ?? '',
    normalisation: results.ranking?.normalisation.explanation ?? '',
    counts: { applications: results.applications.size, reviews: results.reviewCount, decided: decisions.size },
    rows,
    habits,
    publishedAt: publication?.published_at ?? null,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  const base = `/equipe/appels/${call.id}/deliberation`
  if (intent === 'decider') {
    const applicationId = String(formData.get('applicationId') ?? '')
    const result = await decide(context.db, user, call, {
      applicationId,
      decision: String(formData.get('decision') ?? ''),
      motivation: String(formData.get('motivation') ?? ''),
    })
    if (!result.ok) return json({ form: 'decider', applicationId, message: result.message, field: result.field ?? null }, { status: result.status })
    return redirect(`${base}?fait=decision#candidature-${applicationId}`)
  }
  if (intent === 'publier') {
    const result = await publishResults(acceleratorServices(context), user, call)
    if (!result.ok) return json({ form: 'publier', applicationId: null, message: result.message, field: null }, { status: 400 })
    return redirect(`${base}?fait=${result.already ? 'deja-publie' : 'publie'}`)
  }
  if (intent === 'deliberation') {
    const result = await changeCallState(context.db, user, call.id, 'start_deliberation')
    if (!result.ok) return json({ form: 'etat', applicationId: null, message: result.message, field: null }, { status: 400 })
    return redirect(`${base}?fait=deliberation`)
  }
  if (intent === 'rouvrir') {
    if (call.state !== 'en_evaluation') return json({ form: 'etat', applicationId: null, message: 'Une évaluation se rouvre seulement pendant l’évaluation.', field: null }, { status: 400 })
    if (!(await reopenReview(context.db, user, call.id, String(formData.get('reviewId') ?? '')))) {
      return json({ form: 'etat', applicationId: null, message: 'Cette évaluation est introuvable.', field: null }, { status: 400 })
    }
    return redirect(`${base}?fait=rouverte`)
  }
  return json({ form: 'etat', applicationId: null, message: 'Action inconnue.', field: null }, { status: 400 })
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
  const deciding = call.state === 'en_deliberation'
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
      {data.habits.length ? (
        <details className="fr-mb-2w">
          <summary>Habitudes de chaque évaluateur ({data.habits.length})</summary>
          <div className="fr-table fr-table--no-caption fr-mt-2w">
            <table>
              <caption>Notes totales données par chaque évaluateur, sur 5, et ce que la correction en fait</caption>
              <thead>
                <tr>
                  <th scope="col">Évaluateur</th>
                  <th scope="col">Jury</th>
                  <th scope="col">Avis envoyés</th>
                  <th scope="col">Note moyenne</th>
                  <th scope="col">Écart-type</th>
                  <th scope="col">Dans les notes corrigées</th>
                </tr>
              </thead>
              <tbody>
                {data.habits.map((habit) => (
                  <tr key={habit.id}>
                    <th scope="row">{habit.name}</th>
                    <td>{habit.jury}</td>
                    <td>{habit.reviews}</td>
                    <td>{habit.mean}</td>
                    <td>{habit.sd}</td>
                    <td>{habit.effect}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      <p>
        {data.counts.applications} candidatures, {data.counts.reviews} évaluations envoyées, {data.counts.decided} décision
        {data.counts.decided > 1 ? 's' : ''} prise{data.counts.decided > 1 ? 's' : ''}.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {call.state === 'en_evaluation' ? (
          <li>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="deliberation" />
              <button type="submit" className="fr-btn">
                Clore l’évaluation et passer en délibération
              </button>
            </SecureForm>
          </li>
        ) : null}
        {call.state === 'en_deliberation' || call.state === 'resultats_publies' ? (
          <li>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="publier" />
              <button type="submit" className="fr-btn">
                Publier les résultats
              </button>
            </SecureForm>
          </li>
        ) : null}
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

      {data.rows.length === 0 ? (
        <p>Aucune candidature ne correspond à ce filtre.</p>
      ) : (
        <div className="fr-table fr-table--no-scroll">
          <table>
            <caption>Classement (notes brutes et corrigées, note combinée, rang, alertes)</caption>
            <thead>
              <tr>
                <th scope="col">Rang</th>
                <th scope="col">Candidature</th>
                <th scope="col">Administration : brute / corrigée (évaluations)</th>
                <th scope="col">Panel citoyen (évaluations)</th>
                <th scope="col">Note combinée</th>
                <th scope="col">Alertes</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.rank}</td>
                  <td>
                    <a href={`#candidature-${row.id}`}>
                      {row.reference} – {row.title}
                    </a>
                    <br />
                    <span className="fr-text--xs">{row.status}</span>
                  </td>
                  <td>
                    {row.juries[0]!.raw} / {row.juries[0]!.normalised} ({row.juries[0]!.reviews})
                  </td>
                  <td>
                    {row.juries[1]!.raw}
                    {row.juries[1]!.normalised !== '–' ? ` / ${row.juries[1]!.normalised}` : ''} ({row.juries[1]!.reviews})
                  </td>
                  <td>{row.score}</td>
                  <td>{row.flags.length ? row.flags.map((f) => f.label).join(' ; ') : '–'}</td>
                  <td>{row.decision?.label ?? 'À décider'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data.rows.map((row) => (
        <section key={row.id} id={`candidature-${row.id}`} aria-labelledby={`titre-${row.id}`} className="fr-mt-6w">
          <h2 id={`titre-${row.id}`} className="fr-h4">
            {row.rank}. {row.reference} – {row.title}
          </h2>
          {row.flags.length ? (
            <ul>
              {row.flags.map((f) => (
                <li key={f.label}>
                  <strong>{f.label} :</strong> {f.explanation}
                </li>
              ))}
            </ul>
          ) : null}
          {row.reviews.length === 0 ? (
            <p>Aucune évaluation envoyée.</p>
          ) : (
            <div className="fr-grid-row fr-grid-row--gutters">
              {row.reviews.map((review) => (
                <div key={review.id} className="fr-col-12 fr-col-md-4">
                  <div className="fr-card fr-card--no-arrow fr-card--sm">
                    <div className="fr-card__body">
                      <div className="fr-card__content">
                        <h3 className="fr-card__title">
                          {review.reviewer} ({review.jury})
                        </h3>
                        <p className="fr-card__desc">
                          {review.summary}
                          {review.confidence ? ` — confiance ${review.confidence}/3` : ''}
                        </p>
                        {review.commentTeam ? <p className="fr-text--sm">Pour l’équipe : « {review.commentTeam} »</p> : null}
                        {review.commentLeader ? <p className="fr-text--sm">Pour le porteur : « {review.commentLeader} »</p> : null}
                        {call.state === 'en_evaluation' ? (
                          <SecureForm method="post">
                            <input type="hidden" name="intent" value="rouvrir" />
                            <input type="hidden" name="reviewId" value={review.id} />
                            <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary">
                              Rouvrir cette évaluation
                            </button>
                          </SecureForm>
                        ) : null}
                      </div>
                    </div>
                  </div>
                </div>
              ))}
            </div>
          )}
          {deciding ? (
            <SecureForm method="post" noValidate className="fr-mt-2w">
              <input type="hidden" name="intent" value="decider" />
              <input type="hidden" name="applicationId" value={row.id} />
              {actionData?.form === 'decider' && actionData.applicationId === row.id ? <FormErrors errors={[actionData.message]} title="Décision non enregistrée" /> : null}
              <SelectField
                label="Décision"
                name="decision"
                id={`decision-${row.id}`}
                placeholder="Choisissez"
                options={DECISIONS}
                defaultValue={row.decision?.value ?? ''}
                errors={actionData?.form === 'decider' && actionData.applicationId === row.id && actionData.field === 'decision' ? [actionData.message] : null}
              />
              <TextAreaField
                label="Motivation (envoyée au porteur)"
                name="motivation"
                id={`motivation-${row.id}`}
                rows={2}
                defaultValue={row.decision?.motivation ?? ''}
                errors={actionData?.form === 'decider' && actionData.applicationId === row.id && actionData.field === 'motivation' ? [actionData.message] : null}
              />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Enregistrer la décision
              </button>
            </SecureForm>
          ) : row.decision ? (
            <p>
              Décision : <strong>{row.decision.label}</strong> — {row.decision.motivation}
            </p>
          ) : null}
        </section>
      ))}
    </div>
  )
}
