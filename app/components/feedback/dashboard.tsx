// Building blocks of the feedback dashboards (service and organisation): filters, indicators with
// how they are computed, an evolution chart with its data table, verbatims, export buttons.
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { SecureForm } from '#app/components/forms.tsx'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'

// The same limit as XLSX_MAX_ROWS in exports.server.ts (a client file cannot import it).
const XLSX_ROW_LIMIT = 1_048_575
import type { ReviewFilters } from '#app/feedback/filters.ts'
import { highlightParts } from '#app/feedback/highlight.ts'
import { formatIndicator, indicatorDelta, round1, type Indicator } from '#app/feedback/indicators.ts'
import { describeKinds } from '#app/feedback/personal-data.ts'
import { GRANULARITIES, PERIOD_PRESETS, periodLabel } from '#app/feedback/periods.ts'
import { satisfactionCode, satisfactionLabel, SATISFACTION_CHOICES } from '#app/feedback/questionnaire.ts'

export function FiltersForm({
  filters,
  errors,
  placements,
  versions,
  query,
  showGranularity = true,
}: {
  filters: ReviewFilters
  errors: string[]
  placements?: Array<{ id: string; name: string }>
  versions?: Array<{ id: string; version: number; form_name: string }>
  query?: string | null
  showGranularity?: boolean
}) {
  return (
    <Form method="get" className="fr-mb-4w" aria-labelledby="filtres-titre">
      <h2 id="filtres-titre" className="fr-h6 fr-mb-2w">
        Filtres
      </h2>
      {errors.length ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" role="alert">
          {errors.map((error) => (
            <p key={error}>{error}</p>
          ))}
        </div>
      ) : null}
      <div className="fr-grid-row fr-grid-row--gutters">
        {query !== undefined ? (
          <div className="fr-col-12">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filtre-recherche">
                Rechercher dans les commentaires
                <span className="fr-hint-text">Un ou plusieurs mots, par exemple : rendez-vous attente. Les formes proches sont trouvées aussi (« compliqué », « compliquées »).</span>
              </label>
              <input className="fr-input" id="filtre-recherche" name="q" type="search" defaultValue={query ?? ''} maxLength={200} />
            </div>
          </div>
        ) : null}
        <div className="fr-col-12 fr-col-md-4">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-periode">
              Période
            </label>
            <select className="fr-select" id="filtre-periode" name="periode" defaultValue={filters.preset}>
              {PERIOD_PRESETS.map((preset) => (
                <option key={preset.value} value={preset.value}>
                  {preset.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="filtre-du">
              Du
              <span className="fr-hint-text">Pour « Période choisie »</span>
            </label>
            <input className="fr-input" type="date" id="filtre-du" name="du" defaultValue={filters.from} />
          </div>
        </div>
        <div className="fr-col-6 fr-col-md-4">
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="filtre-au">
              Au
              <span className="fr-hint-text">Pour « Période choisie »</span>
            </label>
            <input className="fr-input" type="date" id="filtre-au" name="au" defaultValue={filters.to} />
          </div>
        </div>
        {showGranularity ? (
          <div className="fr-col-12 fr-col-md-3">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-pas">
                Évolution
              </label>
              <select className="fr-select" id="filtre-pas" name="pas" defaultValue={filters.granularity}>
                {GRANULARITIES.map((granularity) => (
                  <option key={granularity.value} value={granularity.value}>
                    {granularity.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        {placements ? (
          <div className="fr-col-12 fr-col-md-3">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-emplacement">
                Emplacement
              </label>
              <select className="fr-select" id="filtre-emplacement" name="emplacement" defaultValue={filters.placementId ?? ''}>
                <option value="">Tous</option>
                {placements.map((placement) => (
                  <option key={placement.id} value={placement.id}>
                    {placement.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        {versions ? (
          <div className="fr-col-12 fr-col-md-3">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-version">
                Version du questionnaire
              </label>
              <select className="fr-select" id="filtre-version" name="version" defaultValue={filters.versionId ?? ''}>
                <option value="">Toutes</option>
                {versions.map((version) => (
                  <option key={version.id} value={version.id}>
                    {`${version.form_name} – version ${version.version}`}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-reponse">
              Réponse à « De façon générale »
            </label>
            <select className="fr-select" id="filtre-reponse" name="reponse" defaultValue={filters.satisfaction === null ? '' : (satisfactionCode(filters.satisfaction) ?? '')}>
              <option value="">Toutes</option>
              {SATISFACTION_CHOICES.map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <button type="submit" className="fr-btn fr-btn--secondary">
        Appliquer les filtres
      </button>
    </Form>
  )
}

function deltaText(indicator: Indicator, previous: Indicator | undefined): string {
  const delta = indicatorDelta(indicator, previous)
  if (delta === null) return previous?.value === null || !previous ? 'Pas de comparaison possible avec la période précédente.' : ''
  const shown = formatNumber(Math.abs(round1(delta)), 1)
  const unit = indicator.unit === '%' ? ' point' + (Math.abs(delta) >= 2 ? 's' : '') : ''
  if (round1(delta) === 0) return `Stable par rapport à la période précédente (${formatIndicator(previous!)}).`
  return `${delta > 0 ? 'En hausse' : 'En baisse'} de ${shown}${unit} par rapport à la période précédente (${formatIndicator(previous!)}).`
}

export function IndicatorCards({ indicators, previous }: { indicators: Indicator[]; previous: Indicator[] }) {
  return (
    <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
      {indicators.map((indicator) => {
        const before = previous.find((candidate) => candidate.key === indicator.key)
        return (
          <div key={indicator.key} className="fr-col-12 fr-col-sm-6 fr-col-lg-4">
            <div className="aic-indicator">
              <h3 className="fr-h6 fr-mb-1w">{indicator.label}</h3>
              <p className="aic-indicator-value fr-mb-1w" data-indicateur={indicator.key}>
                {formatIndicator(indicator)}
              </p>
              <p className="fr-text--sm fr-mb-1w">{`Sur ${formatNumber(indicator.answers)} réponse${indicator.answers > 1 ? 's' : ''}.`}</p>
              <p className="fr-text--sm fr-mb-1w">{deltaText(indicator, before)}</p>
              <p className="fr-text--xs fr-mb-0 aic-muted">{`Calcul : ${indicator.method}`}</p>
            </div>
          </div>
        )
      })}
    </div>
  )
}

export function percent(part: number, total: number): string {
  return total ? `${formatNumber((part / total) * 100, 0)} %` : '—'
}

export function AnswersTable({ answers, total, caption }: { answers: { tresBien: number; moyen: number; pasBien: number }; total: number; caption: string }) {
  const rows = [
    { label: 'Très bien', value: answers.tresBien },
    { label: 'Moyen', value: answers.moyen },
    { label: 'Pas bien', value: answers.pasBien },
  ]
  return (
    <div className="fr-table fr-table--no-caption-top">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Réponse</th>
            <th scope="col">Avis</th>
            <th scope="col">Part</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{formatNumber(row.value)}</td>
              <td>{percent(row.value, total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface ChartPoint {
  bucket: string
  label: string
  answers: { tresBien: number; moyen: number; pasBien: number }
  reviews: number
  satisfaction: number | null
}

const COLORS = { tresBien: '#18753c', moyen: '#b34000', pasBien: '#ce0500' }

/**
 * Stacked bars of reviews by answer, drawn as SVG on the server (no JavaScript needed). The
 * same figures are in the table that follows it (RGAA: a chart always has a text alternative).
 */
export function EvolutionChart({ points, title, tableId }: { points: ChartPoint[]; title: string; tableId: string }) {
  const width = 720
  const height = 220
  const left = 40
  const bottom = 30
  const top = 10
  const max = Math.max(1, ...points.map((point) => point.reviews))
  const step = points.length ? (width - left - 10) / points.length : 0
  const barWidth = Math.max(2, Math.min(40, step * 0.7))
  const scale = (value: number) => ((height - top - bottom) * value) / max
  const ticks = [0, Math.round(max / 2), max]
  const labelEvery = Math.max(1, Math.ceil(points.length / 8))
  return (
    <figure className="fr-mb-2w">
      <svg className="aic-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${tableId}-legende`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={left} x2={width - 5} y1={height - bottom - scale(tick)} y2={height - bottom - scale(tick)} stroke="#ddd" />
            <text x={left - 6} y={height - bottom - scale(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {points.map((point, index) => {
          const x = left + index * step + (step - barWidth) / 2
          let y = height - bottom
          return (
            <g key={point.bucket}>
              {(['pasBien', 'moyen', 'tresBien'] as const).map((key) => {
                const h = scale(point.answers[key])
                y -= h
                return h > 0 ? <rect key={key} x={x} y={y} width={barWidth} height={h} fill={COLORS[key]} /> : null
              })}
              {index % labelEvery === 0 ? (
                <text x={x + barWidth / 2} y={height - bottom + 16} textAnchor="middle">
                  {point.bucket.slice(5).split('-').reverse().join('/')}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      <figcaption id={`${tableId}-legende`} className="fr-text--sm">
        {title}. Vert : Très bien ; orange : Moyen ; rouge : Pas bien. Les chiffres sont dans le tableau ci-dessous.
      </figcaption>
    </figure>
  )
}

export function EvolutionTable({ points, tableId, caption }: { points: ChartPoint[]; tableId: string; caption: string }) {
  return (
    <div className="fr-table fr-table--no-caption-top" id={tableId}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Période</th>
            <th scope="col">Avis</th>
            <th scope="col">Très bien</th>
            <th scope="col">Moyen</th>
            <th scope="col">Pas bien</th>
            <th scope="col">Satisfaction</th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.bucket}>
              <th scope="row">{point.label}</th>
              <td>{formatNumber(point.reviews)}</td>
              <td>{formatNumber(point.answers.tresBien)}</td>
              <td>{formatNumber(point.answers.moyen)}</td>
              <td>{formatNumber(point.answers.pasBien)}</td>
              <td>{point.satisfaction === null ? '—' : formatIndicator({ value: point.satisfaction, unit: '/10' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function PeriodSummary({ reviews, previousReviews, from, to, previous }: { reviews: number; previousReviews: number; from: string; to: string; previous: { from: string; to: string } }) {
  return (
    <p className="fr-text--lg fr-mb-3w">
      <strong data-testid="nombre-avis">{`${formatNumber(reviews)} avis`}</strong>
      {` ${periodLabel(from, to)}`}
      <span className="fr-text--sm fr-ml-1w">{`(${formatNumber(previousReviews)} sur la période précédente, ${periodLabel(previous.from, previous.to)})`}</span>
    </p>
  )
}

export interface VerbatimItem {
  id: string
  createdAt: string
  satisfaction: number
  serviceId: string
  serviceName: string
  placementName: string
  piiStatus: string
  piiKinds: string[]
  text: string | null
}

function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightParts(text).map((part, index) =>
        part.marked ? (
          <mark key={index} className="aic-match">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  )
}

const BADGES: Record<number, string> = { 2: 'fr-badge--success', 1: 'fr-badge--warning', 0: 'fr-badge--error' }

export function VerbatimList({ items, showService, reviewHref }: { items: VerbatimItem[]; showService: boolean; reviewHref: (item: VerbatimItem) => string }) {
  if (!items.length) {
    return (
      <div className="fr-callout">
        <p className="fr-callout__text">Aucun commentaire ne correspond à ces filtres.</p>
      </div>
    )
  }
  return (
    <ul className="fr-raw-list">
      {items.map((item) => (
        <li key={item.id} className="fr-mb-3w fr-pb-2w aic-verbatim" style={{ borderBottom: '1px solid var(--border-default-grey)' }}>
          <p className="fr-mb-1w fr-text--sm">
            <span className={`fr-badge fr-badge--sm fr-badge--no-icon ${BADGES[item.satisfaction] ?? ''} fr-mr-1w`}>{satisfactionLabel(item.satisfaction)}</span>
            {formatDateTime(item.createdAt)}
            {showService ? ` · ${item.serviceName}` : ''}
            {` · ${item.placementName}`}
          </p>
          {item.text === null ? (
            <div className="fr-alert fr-alert--warning fr-alert--sm">
              <p>
                {`Commentaire masqué : il contient peut-être des données personnelles (${describeKinds(item.piiKinds)}). `}
                <Link to={reviewHref(item)}>Vérifier ce commentaire</Link>
              </p>
            </div>
          ) : (
            <>
              <blockquote className="fr-mb-1w" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                <Highlighted text={item.text} />
              </blockquote>
              <Link className="fr-link fr-link--sm" to={reviewHref(item)}>
                Voir toutes les réponses de cet avis
              </Link>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

export function ExportButtons({
  scope,
  scopeId,
  filterParams,
  rows,
  children,
}: {
  scope: 'service' | 'organisation'
  scopeId: string
  filterParams: string
  /** How many reviews the export will hold (the same filters), announced before launching it. */
  rows?: number
  children?: ReactNode
}) {
  if (rows === 0) return <p data-testid="export-compte">Aucun avis ne correspond à ces filtres : il n’y a rien à exporter.</p>
  return (
    <SecureForm method="post" action="/services/exports" className="fr-mb-4w">
      <input type="hidden" name="portee" value={scope} />
      <input type="hidden" name="id" value={scopeId} />
      <input type="hidden" name="filtres" value={filterParams} />
      {rows !== undefined ? <p data-testid="export-compte">{`Cet export contiendra ${formatNumber(rows)} avis${rows > XLSX_ROW_LIMIT ? ' : trop pour Excel (limité à 1 048 575 lignes), choisissez le CSV.' : '.'}`}</p> : null}
      {children}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <button type="submit" name="format" value="csv" className="fr-btn fr-btn--secondary fr-icon-download-line">
            Exporter ces avis en CSV
          </button>
        </li>
        <li>
          <button type="submit" name="format" value="xlsx" className="fr-btn fr-btn--secondary fr-icon-download-line">
            Exporter ces avis en Excel (XLSX)
          </button>
        </li>
      </ul>
    </SecureForm>
  )
}

export function SideMenu({ title, items, current }: { title: string; items: Array<{ href: string; text: string }>; current: string }) {
  return (
    <nav className="fr-sidemenu" aria-labelledby="menu-service-titre">
      <div className="fr-sidemenu__inner">
        <div className="fr-sidemenu__title" id="menu-service-titre">
          {title}
        </div>
        <ul className="fr-sidemenu__list">
          {items.map((item) => {
            const active = item.href === current
            return (
              <li key={item.href} className={`fr-sidemenu__item${active ? ' fr-sidemenu__item--active' : ''}`}>
                <Link className="fr-sidemenu__link" to={item.href} aria-current={active ? 'page' : undefined}>
                  {item.text}
                </Link>
              </li>
            )
          })}
        </ul>
      </div>
    </nav>
  )
}
