import type { deliberationView } from '#app/accelerator/scoring/deliberation.server.ts'
import { DECISIONS } from '#app/accelerator/scoring/labels.ts'
import { FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'

type DeliberationView = Awaited<ReturnType<typeof deliberationView>>
type Row = DeliberationView['rows'][number]

/** Each reviewer's habits (severity, spread) and what the correction does with their scores. */
export function ReviewerHabits({ habits }: { habits: DeliberationView['habits'] }) {
  if (!habits.length) return null
  return (
    <details className="fr-mb-2w">
      <summary>Habitudes de chaque évaluateur ({habits.length})</summary>
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
            {habits.map((habit) => (
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
  )
}

/** The ranking under the published rule, both juries side by side (raw and corrected). */
export function RankingTable({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p>Aucune candidature ne correspond à ce filtre.</p>
  return (
    <div className="fr-table">
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
          {rows.map((row) => (
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
  )
}

/**
 * One application in deliberation: its flags, each review sent (which the team may reopen while
 * the evaluation runs), and the decision with its motivation (a form while the call deliberates).
 */
export function ApplicationDeliberation({
  row,
  callState,
  error,
}: {
  row: Row
  callState: string
  error: { message: string; field: string | null } | null
}) {
  return (
    <section id={`candidature-${row.id}`} aria-labelledby={`titre-${row.id}`} className="fr-mt-6w">
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
                    {callState === 'en_evaluation' ? (
                      <SecureForm method="post">
                        <input type="hidden" name="intent" value="reopen_review" />
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
      {callState === 'en_deliberation' ? (
        <SecureForm method="post" noValidate className="fr-mt-2w">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="applicationId" value={row.id} />
          {error ? <FormErrors errors={[error.message]} title="Décision non enregistrée" /> : null}
          <SelectField
            label="Décision"
            name="decision"
            id={`decision-${row.id}`}
            placeholder="Choisissez"
            options={DECISIONS}
            defaultValue={row.decision?.value ?? ''}
            errors={error?.field === 'decision' ? [error.message] : null}
          />
          <TextAreaField
            label="Motivation (envoyée au porteur)"
            name="motivation"
            id={`motivation-${row.id}`}
            rows={2}
            defaultValue={row.decision?.motivation ?? ''}
            errors={error?.field === 'motivation' ? [error.message] : null}
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
  )
}
