import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { findPublicCall, getGrid } from '#app/accelerator/calls/calls.server.ts'
import { findPublication, type PublishedSnapshot } from '#app/accelerator/scoring/results.server.ts'
import { GridView } from '#app/components/accelerator/grid-view.tsx'
import { formatDate, formatNumber } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Résultats – ${data.call.title}` : 'Résultats') }]

/** The public results of a call: exactly what was published (the snapshot), never names of citizens. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const call = await findPublicCall(context.db, params.slug ?? '')
  if (!call) throw notFound('Cet appel à projets n’existe pas ou n’est pas encore publié.')
  const publication = await findPublication(context.db, call.id)
  if (!publication) throw notFound('Les résultats de cet appel ne sont pas encore publiés.')
  const grid = await getGrid(context.db, call.id)
  const snapshot = publication.snapshot as PublishedSnapshot
  return json({
    call: { slug: call.slug, title: call.title },
    publishedAt: publication.published_at,
    rule: snapshot.rule,
    normalisation: snapshot.normalisation,
    juries: snapshot.juries,
    statistics: snapshot.statistics,
    laureates: snapshot.laureates,
    criteria: grid?.criteria ?? [],
  })
}

export default function PublicResults() {
  const data = useLoaderData<typeof loader>()
  const { statistics, juries } = data
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/appels', label: 'Appels à projets' }, { to: `/appels/${data.call.slug}`, label: data.call.title }]} current="Résultats" />
      <h1>Résultats – {data.call.title}</h1>
      <p className="fr-text--lead">Résultats publiés le {formatDate(data.publishedAt)}.</p>

      <section aria-labelledby="laureats" className="fr-mb-6w">
        <h2 id="laureats">Les projets retenus ({data.laureates.length})</h2>
        {data.laureates.length === 0 ? (
          <p>Aucun projet n’a été retenu.</p>
        ) : (
          <ul className="fr-grid-row fr-grid-row--gutters" style={{ listStyle: 'none', paddingLeft: 0 }}>
            {data.laureates.map((laureate) => (
              <li key={laureate.reference} className="fr-col-12 fr-col-md-6">
                <div className="fr-card fr-card--no-arrow">
                  <div className="fr-card__body">
                    <div className="fr-card__content">
                      <h3 className="fr-card__title">{laureate.title}</h3>
                      <p className="fr-card__desc">{laureate.summary || 'Résumé non communiqué.'}</p>
                    </div>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="chiffres" className="fr-mb-6w">
        <h2 id="chiffres">En chiffres</h2>
        <ul>
          <li>{statistics.applications} candidatures évaluées</li>
          <li>{statistics.reviews} évaluations</li>
          <li>
            {statistics.retained} projets retenus, soit {formatNumber(statistics.rate * 100, 0)} % des candidatures évaluées
          </li>
          {statistics.waiting ? <li>{statistics.waiting} projets sur liste d’attente</li> : null}
        </ul>
      </section>

      <section aria-labelledby="jurys" className="fr-mb-6w">
        <h2 id="jurys">Les jurys</h2>
        <ul>
          <li>
            Jury de l’administration : {juries.administration.members} agents publics, {juries.administration.reviews} évaluations (notes de 1 à
            5 par critère).
          </li>
          <li>
            Panel citoyen : {juries.citizen.members} citoyennes et citoyens, {juries.citizen.reviews} évaluations (
            {juries.citizen.mode === 'majority_judgment' ? 'jugement majoritaire : une mention par projet' : 'notes de 1 à 5 par critère'}).
          </li>
        </ul>
      </section>

      <section aria-labelledby="regle" className="fr-mb-6w">
        <h2 id="regle">La règle de sélection</h2>
        <p>{data.rule}</p>
        <p>{data.normalisation}</p>
      </section>

      <section aria-labelledby="grille">
        <h2 id="grille">La grille d’évaluation</h2>
        <GridView criteria={data.criteria} />
      </section>
    </div>
  )
}
