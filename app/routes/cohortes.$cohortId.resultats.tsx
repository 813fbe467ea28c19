import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { COMMITTEE_KIND_LABELS } from '#app/accelerator/mentoring/mentoring.ts'
import { publicOutcomes } from '#app/accelerator/mentoring/reports.server.ts'
import { formatEuros, formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'
import { formatDay } from '#app/utils/days.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Résultats – ${data.cohort.name}` : 'Résultats') }]

/** Public: only a cohort the team published, and each project's text only with its leader's consent. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const outcomes = await publicOutcomes(context.db, params.cohortId ?? '')
  if (!outcomes) throw notFound()
  return json(outcomes)
}

export default function CohortOutcomes() {
  const { cohort, projects, introductions, funding } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Résultats – {cohort.name}</h1>
      <p className="fr-text--lead">
        {projects.length} projets de l’{cohort.callTitle.charAt(0).toLowerCase() + cohort.callTitle.slice(1)} accompagnés du {formatDay(cohort.starts_on)} au{' '}
        {formatDay(cohort.ends_on)}.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
        <div className="fr-col-12 fr-col-md-6">
          <div className="fr-callout">
            <h2 className="fr-callout__title">{introductions.total} mises en relation</h2>
            <p className="fr-callout__text">
              dont {introductions.met} rencontres faites et {introductions.followed_up} avec une suite donnée.
            </p>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <div className="fr-callout">
            <h2 className="fr-callout__title">{formatEuros(funding.total)} de financement</h2>
            <p className="fr-callout__text">
              {funding.byCommittee.length
                ? funding.byCommittee.map((row) => `${COMMITTEE_KIND_LABELS[row.kind]} du ${formatDay(row.held_on)} : ${formatEuros(row.amount)}`).join(' ; ')
                : 'Aucune tranche décidée.'}
            </p>
          </div>
        </div>
      </div>
      <h2>Les projets</h2>
      {projects.map((project) => (
        <section key={project.id} className="fr-mb-4w" aria-labelledby={`p-${project.id}`}>
          <h3 id={`p-${project.id}`}>{project.title}</h3>
          <p className="fr-text--sm">{project.structure}</p>
          {project.text ? <p>{project.text}</p> : null}
          <p>
            {project.indicator.name} : départ {Number.isFinite(project.indicator.start) ? formatNumber(project.indicator.start) : '?'}, cible{' '}
            {Number.isFinite(project.indicator.target) ? formatNumber(project.indicator.target) : '?'}
            {project.indicator.current !== null ? `, aujourd’hui ${formatNumber(project.indicator.current)} ${project.indicator.unit}` : ''}
            {project.progress !== null ? ` (${project.progress} % du chemin vers la cible)` : ''}.
            {project.funding ? ` Financement : ${formatEuros(project.funding)}.` : ''}
          </p>
        </section>
      ))}
    </div>
  )
}
