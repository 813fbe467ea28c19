import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import type { teamCallPage } from '#app/accelerator/calls/call-team-page.server.ts'
import { selectionUnderWay } from '#app/accelerator/calls/call-states.ts'
import type { CallState } from '#db/schema/accelerator.ts'
import { GridView } from '#app/components/accelerator/grid-view.tsx'
import { SecureForm } from '#app/components/forms.tsx'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'

// The sections of the programme team's page of a call (app/routes/equipe.appels.$callId._index.tsx).
type TeamCallPage = SerializeFrom<typeof teamCallPage>

export function CallSummary({ page }: { page: TeamCallPage }) {
  const { call } = page
  return (
    <section aria-labelledby="infos" className="fr-mb-4w">
      <h2 id="infos">En bref</h2>
      <ul>
        <li>Ouverture : {formatDateAtTime(call.opensAt)}</li>
        <li>Date limite : {formatDateAtTime(call.closesAt)}</li>
        <li>Résultats attendus le {formatDate(`${call.resultsOn}T12:00:00Z`)}</li>
        <li>{call.places} projets accompagnés au plus</li>
        <li>{page.submitted} candidature{page.submitted > 1 ? 's' : ''} déposée{page.submitted > 1 ? 's' : ''}</li>
        <li>
          Évaluations par candidature : {call.reviews.admin} de l’administration, {call.reviews.citizen} du panel citoyen ; écart
          signalé au-delà de {String(call.reviews.gap).replace('.', ',')} point(s)
        </li>
        <li>{call.rule}</li>
      </ul>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/modifier`}>
            Modifier les informations
          </Link>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/grille`}>
            {page.gridMode === 'frozen' ? 'Voir la grille' : 'Modifier la grille et l’éligibilité'}
          </Link>
        </li>
        {call.state !== 'brouillon' || call.scheduled ? (
          <li>
            <Link className="fr-btn fr-btn--tertiary" to={`/appels/${call.slug}`}>
              Voir la page publique
            </Link>
          </li>
        ) : null}
        {call.state !== 'brouillon' ? (
          <li>
            <Link className="fr-btn fr-btn--tertiary" to={`/instruction/${call.id}`}>
              Voir les candidatures
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  )
}

/** The juries, assignment and deliberation pages, once the call is open. */
export function SelectionLinks({ callId, state }: { callId: string; state: CallState }) {
  return (
    <>
          {state === 'ouvert' ? (
            <section aria-labelledby="selection" className="fr-mb-4w">
              <h2 id="selection">Sélection</h2>
              <p>Vous pouvez constituer les jurys pendant l’appel. L’affectation et les évaluations commenceront après la clôture.</p>
              <ul className="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${callId}/jurys`}>
                    Préparer les jurys
                  </Link>
                </li>
              </ul>
            </section>
          ) : null}
          {selectionUnderWay(state) ? (
            <section aria-labelledby="selection" className="fr-mb-4w">
              <h2 id="selection">Sélection</h2>
              <ul className="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${callId}/jurys`}>
                    Jurys et conflits d’intérêts
                  </Link>
                </li>
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${callId}/affectation`}>
                    Affectation des évaluations
                  </Link>
                </li>
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${callId}/deliberation`}>
                    Résultats et délibération
                  </Link>
                </li>
              </ul>
            </section>
          ) : null}
    </>
  )
}

export function GridSection({ grid, history }: { grid: TeamCallPage['grid']; history: TeamCallPage['history'] }) {
  return (
    <section aria-labelledby="grille" className="fr-mb-4w">
      <h2 id="grille">Grille d’évaluation (version {grid?.version})</h2>
      <p>Types de structure admis : {grid?.eligibleKinds.join(', ') || 'aucun'}.</p>
      <GridView criteria={grid?.criteria ?? []} />
      {history.length > 1 ? (
        <>
          <h3>Versions de la grille</h3>
          <ul>
            {history.map((version) => (
              <li key={version.version}>
                Version {version.version}, {formatDateAtTime(version.created_at)}
                {version.author ? ` par ${version.author}` : ''}
                {version.reason ? ` : ${version.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

/** The call's state and the button to its next step (opening, closing, evaluation…). */
export function CallStatePanel({ page }: { page: TeamCallPage }) {
  const { call } = page
  return (
    <section aria-labelledby="etat" className="fr-p-3w fr-background-alt--grey">
      <h2 id="etat" className="fr-h5">
        État de l’appel
      </h2>
      {call.state === 'brouillon' ? (
        <>
          {page.problems.length ? (
            <>
              <p>Avant de l’ouvrir :</p>
              <ul>
                {page.problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>L’appel est prêt. Une fois ouvert, sa grille et ses règles d’éligibilité sont figées (une modification crée une nouvelle version).</p>
          )}
          {page.openingInFuture && !call.scheduled ? (
            <SecureForm method="post" className="fr-mb-2w">
              <input type="hidden" name="intent" value="schedule_opening" />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Programmer l’ouverture le {formatDateAtTime(call.opensAt)}
              </button>
            </SecureForm>
          ) : null}
          {call.scheduled ? (
            <SecureForm method="post" className="fr-mb-2w">
              <input type="hidden" name="intent" value="unschedule_opening" />
              <button type="submit" className="fr-btn fr-btn--tertiary">
                Annuler l’ouverture programmée
              </button>
            </SecureForm>
          ) : null}
        </>
      ) : null}
      {page.next?.name === 'publish_results' ? (
        <Link className="fr-btn" to={`/equipe/appels/${call.id}/deliberation`}>
          Décider et publier les résultats
        </Link>
      ) : page.next ? (
        <SecureForm method="post">
          <input type="hidden" name="intent" value="change_state" />
          <input type="hidden" name="transition" value={page.next.name} />
          {page.next.name === 'close' ? (
            <p className="fr-text--sm">L’appel se clôt tout seul à sa date limite. Le clore maintenant empêche tout nouveau dépôt.</p>
          ) : null}
          <button type="submit" className={`fr-btn${page.next.name === 'close' ? ' fr-btn--secondary' : ''}`}>
            {page.next.label}
          </button>
        </SecureForm>
      ) : (
        <p>Les résultats sont publiés : l’appel est terminé.</p>
      )}
      <p className="fr-text--sm fr-mt-2w">
        L’appel s’ouvre à sa date d’ouverture quand elle est programmée, et se clôt tout seul à sa date limite. Chaque changement
        est enregistré dans le journal des actions.
      </p>
    </section>
  )
}
