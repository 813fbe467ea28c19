import { Link } from '@remix-run/react'
import { formatDate, formatNumber } from '#app/utils/format.ts'
import { answerStatusLabel, changeStatusLabel, channelLabel, feelingPhrase } from '#app/experiences/labels.ts'
import type { AnswerRates } from '#app/experiences/rates.ts'

export interface ExperienceSummary {
  id: string
  title: string
  public_body: string | null
  happened_on: string | null
  channel: string
  feeling: string
  author_name: string | null
  published_at: string | Date | null
  answer_status: string | null
  service_name: string
  has_change?: boolean
}

function excerpt(text: string | null, length = 280) {
  if (!text) return ''
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text
}

export function ExperienceList({ rows, showService = true, headingLevel = 'h2' }: { rows: ExperienceSummary[]; showService?: boolean; headingLevel?: 'h2' | 'h3' }) {
  const Heading = headingLevel
  return (
    <ul className="fr-raw-list">
      {rows.map((row) => (
        <li key={row.id} className="fr-mb-3w">
          <div className="fr-card fr-enlarge-link">
            <div className="fr-card__body">
              <div className="fr-card__content">
                <Heading className="fr-card__title">
                  <Link to={`/experiences/${row.id}`}>{row.title}</Link>
                </Heading>
                <p className="fr-card__desc" dir="auto">
                  {excerpt(row.public_body)}
                </p>
                <div className="fr-card__start">
                  <ul className="fr-badges-group">
                    <li>
                      <p className={`fr-badge fr-badge--sm ${row.answer_status === 'answered' ? 'fr-badge--success' : row.answer_status ? 'fr-badge--info' : 'fr-badge--new'}`}>
                        {answerStatusLabel(row.answer_status)}
                      </p>
                    </li>
                    {row.has_change ? (
                      <li>
                        <p className="fr-badge fr-badge--sm fr-badge--green-emeraude">A contribué à un changement</p>
                      </li>
                    ) : null}
                  </ul>
                </div>
                <div className="fr-card__end">
                  <p className="fr-card__detail">
                    {[
                      showService ? row.service_name : null,
                      feelingPhrase(row.feeling),
                      channelLabel(row.channel),
                      row.published_at ? `publiée le ${formatDate(row.published_at)}` : null,
                      `par ${row.author_name ?? 'un usager'}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </p>
                </div>
              </div>
            </div>
          </div>
        </li>
      ))}
    </ul>
  )
}

export interface StatsView {
  received: number
  published: number
  answered: number
  answeredRate: number | null
  medianAnswerLabel: string
  linkedToChange: number
  linkedRate: number | null
  changesPlanned: number
  changesDone: number
}

const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value, 1)} %`)

/** The public figures as a table (the only presentation: readable by everyone, no chart needed). */
export function StatsTable({ stats, caption }: { stats: StatsView; caption: string }) {
  return (
    <div className="fr-table fr-table--no-caption-mobile">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Indicateur</th>
            <th scope="col">Valeur</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Expériences reçues</th>
            <td>{formatNumber(stats.received)}</td>
          </tr>
          <tr>
            <th scope="row">Expériences publiées après modération</th>
            <td>{formatNumber(stats.published)}</td>
          </tr>
          <tr>
            <th scope="row">Expériences publiées ayant reçu une réponse</th>
            <td>{`${formatNumber(stats.answered)} (${percent(stats.answeredRate)})`}</td>
          </tr>
          <tr>
            <th scope="row">Délai médian de réponse</th>
            <td>{stats.medianAnswerLabel}</td>
          </tr>
          <tr>
            <th scope="row">Expériences ayant contribué à un changement</th>
            <td>{`${formatNumber(stats.linkedToChange)} (${percent(stats.linkedRate)})`}</td>
          </tr>
          <tr>
            <th scope="row">Changements prévus</th>
            <td>{formatNumber(stats.changesPlanned)}</td>
          </tr>
          <tr>
            <th scope="row">Changements réalisés</th>
            <td>{formatNumber(stats.changesDone)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  )
}

export interface ChangeView {
  id: string
  title: string
  description: string
  status: string
  planned_on: string | null
  done_on: string | null
  service_id: string
  service_name: string
  sources: Array<{ id: string; title: string }>
  reviewCount?: number
}

export function ChangeList({ rows, showService }: { rows: ChangeView[]; showService: boolean }) {
  return (
    <ul className="fr-raw-list">
      {rows.map((change) => (
        <li key={change.id} className="fr-mb-3w fr-p-3w" style={{ border: '1px solid var(--border-default-grey)' }}>
          <p className={`fr-badge fr-badge--sm ${change.status === 'done' ? 'fr-badge--success' : 'fr-badge--info'} fr-mb-1w`}>{changeStatusLabel(change.status)}</p>
          <h3 className="fr-h5 fr-mb-1w">{change.title}</h3>
          <p className="fr-text--sm fr-mb-1w">
            {[
              showService ? change.service_name : null,
              change.done_on ? `réalisé le ${formatDate(change.done_on)}` : change.planned_on ? `prévu pour le ${formatDate(change.planned_on)}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {change.description}
          </p>
          <p className="fr-text--sm" data-testid="origine-changement">
            {`À l’origine : ${formatNumber(change.reviewCount ?? 0)} avis et ${formatNumber(change.sources.length)} expérience${change.sources.length > 1 ? 's' : ''}.`}
          </p>
          {change.sources.length ? (
            <>
              <p className="fr-text--sm fr-text--bold fr-mb-1v">Ce que les usagers nous ont dit :</p>
              <ul className="fr-text--sm">
                {change.sources.map((source) => (
                  <li key={source.id}>
                    <Link to={`/experiences/${source.id}`}>{source.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

export interface RatesView {
  window: { from: string; to: string }
  rows: Array<{ id: string; name: string; rates: AnswerRates }>
}

const rate = (value: number | null, part: number, whole: number) => (value === null ? '—' : `${formatNumber(value, 1)} % (${formatNumber(part)} sur ${formatNumber(whole)})`)

/** Public answer rates, one row per service or organisation, with the window stated (a table: no chart-only data). */
export function RatesTable({ view, caption, scopeLabel }: { view: RatesView; caption: string; scopeLabel: string }) {
  return (
    <div className="fr-table" data-testid="taux-publics">
      <table>
        <caption>{`${caption} — expériences publiées du ${formatDate(view.window.from)} au ${formatDate(new Date(new Date(view.window.to).getTime() - 1))}`}</caption>
        <thead>
          <tr>
            <th scope="col">{scopeLabel}</th>
            <th scope="col">Publiées</th>
            <th scope="col">Répondues en 30 jours</th>
            <th scope="col">Répondues en 90 jours</th>
            <th scope="col">Délai médian de réponse</th>
            <th scope="col">Négatives suivies d’un changement</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              <td>{formatNumber(row.rates.published)}</td>
              <td>{rate(row.rates.rate30, row.rates.answeredWithin30, row.rates.eligible30)}</td>
              <td>{rate(row.rates.rate90, row.rates.answeredWithin90, row.rates.eligible90)}</td>
              <td>{row.rates.medianAnswerDays === null ? '—' : `${formatNumber(row.rates.medianAnswerDays, 1)} jour(s)`}</td>
              <td>{rate(row.rates.negativeChangeRate, row.rates.negativeWithChange, row.rates.negative)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="fr-text--xs">Le taux à 30 (90) jours ne compte que les expériences publiées depuis au moins 30 (90) jours à la fin de la période.</p>
    </div>
  )
}
