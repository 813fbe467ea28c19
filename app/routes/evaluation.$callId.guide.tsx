import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireJuryMember } from '#app/accelerator/scoring/access.server.ts'
import { juryCriteriaOf, juryMode } from '#app/accelerator/scoring/reviews.server.ts'
import { MENTIONS } from '#app/accelerator/scoring/types.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Guide des critères') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { jury, call } = await requireJuryMember(context, request, params.callId ?? '')
  const criteria = await juryCriteriaOf(context.db, call.id, jury)
  return json({ call: { id: call.id, title: call.title }, mode: juryMode(call, jury), criteria })
}

export default function Guide() {
  const { call, mode, criteria } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <p>
        <Link to={`/evaluation/${call.id}`}>Retour à mes évaluations</Link>
      </p>
      <h1>Guide des critères</h1>
      <p className="fr-text--lead">Comment évaluer les projets de l’appel « {call.title} ».</p>
      {mode === 'majority_judgment' ? (
        <section aria-labelledby="mentions" className="fr-mb-4w">
          <h2 id="mentions">Une mention par projet</h2>
          <p>
            Pour chaque projet, vous donnez une mention, de la meilleure à la moins bonne : {[...MENTIONS].reverse().join(', ')}. Lisez les
            critères ci-dessous pour vous faire un avis d’ensemble. Les projets sont classés par leur mention majoritaire : celle
            qu’approuve au moins la moitié du panel.
          </p>
        </section>
      ) : (
        <section aria-labelledby="niveaux" className="fr-mb-4w">
          <h2 id="niveaux">Un niveau par critère</h2>
          <p>Pour chaque critère, choisissez le niveau (de 1 à 5) dont la description ressemble le plus au projet.</p>
        </section>
      )}
      {criteria.map((criterion) => (
        <section key={criterion.id} aria-labelledby={`critere-${criterion.position}`} className="fr-mb-4w">
          <h2 id={`critere-${criterion.position}`} className="fr-h4">
            {criterion.title}
          </h2>
          <p>{criterion.description}</p>
          <ol>
            {criterion.levels.map((level, index) => (
              <li key={index}>
                <strong>Niveau {index + 1} :</strong> {level}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}
