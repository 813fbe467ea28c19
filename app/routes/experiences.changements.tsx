import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { listChanges } from '#app/experiences/changes.server.ts'
import { ChangeList, RatesTable, StatsTable } from '#app/components/experiences/public-lists.tsx'
import { publicRatesByOrganisation } from '#app/experiences/rates.server.ts'
import { formatDelay, publicStats } from '#app/experiences/stats.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Vous nous l’avez dit, nous l’avons fait') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = Math.min(10000, Math.max(1, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1))
  const [changes, stats, rates] = await Promise.all([listChanges(context.db, { page }), publicStats(context.db), publicRatesByOrganisation(context.db)])
  return json({ page, ...changes, rates, stats: { ...stats, medianAnswerLabel: formatDelay(stats.medianAnswerHours) } })
}

export default function NationalChanges() {
  const { page, rows, total, stats, rates } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Vous nous l’avez dit, nous l’avons fait</h1>
      <p className="fr-text--lead">Les changements que les services publics ont prévus ou réalisés à la suite des expériences racontées par les usagers.</p>
      <StatsTable stats={stats} caption="Tous les services" />
      <h2 className="fr-mt-4w">Les organisations répondent-elles ?</h2>
      {rates.rows.length ? <RatesTable view={rates} caption="Taux de réponse par organisation" scopeLabel="Organisation" /> : <p>Aucune expérience publiée sur la période.</p>}
      <h2 className="fr-mt-4w">{`Changements (${total})`}</h2>
      {rows.length ? <ChangeList rows={rows} showService /> : <p>Aucun changement n’est encore enregistré.</p>}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `/experiences/changements?page=${p}`} />
    </div>
  )
}
