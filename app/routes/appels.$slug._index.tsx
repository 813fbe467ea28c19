import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { ATTACHMENT_KINDS, SECTIONS, structureKindLabel } from '#app/accelerator/applications/application-form.ts'
import { findPublicCallPage } from '#app/accelerator/calls/calls.server.ts'
import { publicStatus, selectionRuleText } from '#app/accelerator/calls/call-states.ts'
import { GridView } from '#app/components/accelerator/grid-view.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.call.title ?? 'Appel à projets') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  // One query: the call, its current grid and the number of applications submitted.
  const page = await findPublicCallPage(context.db, params.slug ?? '')
  if (!page) throw notFound('Cet appel à projets n’existe pas ou n’est pas encore publié.')
  const { call, grid, submitted } = page
  return json({
    call: {
      slug: call.slug,
      title: call.title,
      intro: call.intro,
      opensAt: call.opens_at,
      closesAt: call.closes_at,
      resultsOn: call.results_on,
      places: call.places,
      faq: call.faq,
      state: call.state,
      rule: selectionRuleText(call),
    },
    status: publicStatus(call, now())!,
    grid: grid ? { version: grid.version, reason: grid.reason, createdAt: grid.createdAt, eligibleKinds: grid.eligibleKinds.map(structureKindLabel), criteria: grid.criteria } : null,
    submitted,
  })
}

export default function PublicCall() {
  const { call, status, grid, submitted } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/appels', label: 'Appels à projets' }]} current={call.title} />
      <h1>{call.title}</h1>
      {call.state === 'resultats_publies' ? (
        <div className="fr-callout fr-mb-3w">
          <p className="fr-callout__text">Les résultats de cet appel sont publiés.</p>
          <Link className="fr-btn" to={`/appels/${call.slug}/resultats`}>
            Voir les résultats
          </Link>
        </div>
      ) : null}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8">
          <p className="fr-text--lead aic-answer">{call.intro}</p>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <div className="fr-callout">
            <h2 className="fr-callout__title fr-h5">
              {status === 'open' ? 'Candidatures ouvertes' : status === 'upcoming' ? 'Bientôt ouvert' : 'Candidatures closes'}
            </h2>
            <p className="fr-callout__text fr-text--md">
              {status === 'open'
                ? `Déposez votre candidature avant le ${formatDateAtTime(call.closesAt)}.`
                : status === 'upcoming'
                  ? `Les candidatures ouvrent le ${formatDateAtTime(call.opensAt)}.`
                  : `Les candidatures étaient ouvertes jusqu’au ${formatDateAtTime(call.closesAt)}.`}
            </p>
            {status === 'open' ? (
              <Link className="fr-btn" to={`/appels/${call.slug}/candidater`}>
                Déposer une candidature
              </Link>
            ) : null}
          </div>
        </div>
      </div>

      <section aria-labelledby="dates" className="fr-mb-6w">
        <h2 id="dates">Dates et chiffres clés</h2>
        <ul>
          <li>Ouverture des candidatures : {formatDateAtTime(call.opensAt)} (heure de Paris)</li>
          <li>Date limite de dépôt : {formatDateAtTime(call.closesAt)} (heure de Paris)</li>
          <li>Résultats attendus vers le {formatDate(`${call.resultsOn}T12:00:00Z`)}</li>
          <li>Nombre de projets accompagnés : {call.places} au plus</li>
          {status !== 'upcoming' ? (
            <li>
              Candidatures déposées à ce jour : <strong>{submitted}</strong>
            </li>
          ) : null}
        </ul>
      </section>

      <section aria-labelledby="eligibilite" className="fr-mb-6w">
        <h2 id="eligibilite">Qui peut candidater ?</h2>
        <p>Le projet doit servir l’intérêt général et être porté par l’une de ces structures :</p>
        <ul>
          {grid?.eligibleKinds.map((kind) => <li key={kind}>{kind}</li>)}
        </ul>
        <p>
          Deux personnes du projet s’engagent à consacrer chacune 2 à 3 jours par mois au programme pendant les trois mois
          d’accompagnement.
        </p>
      </section>

      <section aria-labelledby="dossier" className="fr-mb-6w">
        <h2 id="dossier">Ce que vous remplissez</h2>
        <p>La candidature se remplit en ligne, en plusieurs fois si vous le souhaitez : elle est enregistrée au fur et à mesure.</p>
        <ol>
          {SECTIONS.map((section) => (
            <li key={section.key}>
              <strong>{section.title}</strong> : {section.intro}
            </li>
          ))}
          <li>
            <strong>Pièces jointes</strong> : {ATTACHMENT_KINDS.filter((kind) => kind.value !== 'other').map((kind) => kind.label.toLowerCase()).join(' ; ')}.
            Formats PDF, ODT, DOCX, JPG ou PNG, 10 Mo au plus par fichier.
          </li>
        </ol>
      </section>

      <section aria-labelledby="selection" className="fr-mb-6w">
        <h2 id="selection">Comment les projets sont choisis</h2>
        <ol>
          <li>Des agents des administrations vérifient que la candidature est complète et que la structure peut candidater. Ils peuvent vous demander une correction.</li>
          <li>Deux jurys évaluent ensuite les projets avec la grille ci-dessous : les administrations, et un panel d’une quinzaine de citoyennes et de citoyens.</li>
          <li>{call.rule}</li>
          <li>Les décisions sont publiées ensemble, avec leurs motifs.</li>
        </ol>
        <h3 className="fr-mt-4w">La grille d’évaluation</h3>
        {grid ? (
          <>
            {grid.version > 1 ? (
              <p className="fr-text--sm">
                Version {grid.version} de la grille, modifiée le {formatDate(grid.createdAt)}
                {grid.reason ? ` : ${grid.reason}` : ''}.
              </p>
            ) : null}
            <p>Chaque critère est évalué sur cinq niveaux, décrits ci-dessous en langage simple.</p>
            <GridView criteria={grid.criteria} headingLevel={4} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="accompagnement" className="fr-mb-6w">
        <h2 id="accompagnement">L’accompagnement de trois mois</h2>
        <ul>
          <li>Une chargée ou un chargé d’accélération suit votre projet, avec des référents dans les ministères concernés.</li>
          <li>Un diagnostic de départ classe vos besoins : consolider le projet, travailler avec les administrations, changer d’échelle.</li>
          <li>Des mises en relation avec des administrations et des experts.</li>
          <li>Un comité d’accélération qui peut décider d’un financement par tranches, selon les résultats.</li>
          <li>Une présentation finale aux administrations et aux financeurs, et un bilan public.</li>
        </ul>
      </section>

      {call.faq.length ? (
        <section aria-labelledby="questions" className="fr-mb-6w">
          <h2 id="questions">Questions fréquentes</h2>
          {call.faq.map((entry) => (
            <div key={entry.question} className="fr-mb-3w">
              <h3 className="fr-h6 fr-mb-1w">{entry.question}</h3>
              <p className="aic-answer">{entry.answer}</p>
            </div>
          ))}
        </section>
      ) : null}

      {status === 'open' ? (
        <Link className="fr-btn fr-btn--lg" to={`/appels/${call.slug}/candidater`}>
          Déposer une candidature
        </Link>
      ) : null}
    </div>
  )
}
