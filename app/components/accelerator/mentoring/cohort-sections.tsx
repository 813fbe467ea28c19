import type { SerializeFrom } from '@remix-run/node'
import { Form, Link } from '@remix-run/react'
import type { cohortOverview, findCohort } from '#app/accelerator/mentoring/cohorts.server.ts'
import type { fundingTotals, listCommittees } from '#app/accelerator/mentoring/committees.server.ts'
import { COHORT_SORTS, COMMITTEE_KIND_LABELS, HEALTH_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { HealthBadge } from '#app/components/accelerator/mentoring.tsx'
import { SecureForm, TextField } from '#app/components/forms.tsx'
import { formatEuros } from '#app/utils/format.ts'
import { formatDay } from '#app/utils/days.ts'

// The sections of a cohort's page (app/routes/accompagnement.cohortes.$cohortId._index.tsx), with
// the loader's data as the browser receives it.
type Cohort = NonNullable<SerializeFrom<typeof findCohort>>
type ProjectRow = SerializeFrom<typeof cohortOverview>[number]
type Committee = SerializeFrom<typeof listCommittees>[number]
type Funding = SerializeFrom<typeof fundingTotals>
type Choice = { value: string; label: string }
export interface CohortFilters {
  sante?: string
  mentor?: string
  alertes?: string
  tri: (typeof COHORT_SORTS)[number]
}

const SORT_LABELS: Record<(typeof COHORT_SORTS)[number], string> = {
  titre: 'Titre',
  sante: 'Santé (bloqués d’abord)',
  'dernier-point': 'Dernier point d’étape (le plus ancien d’abord)',
  retards: 'Actions en retard (le plus d’abord)',
}

export function CohortFiltersForm({ filters, mentors }: { filters: CohortFilters; mentors: Choice[] }) {
  return (
    <Form method="get" className="fr-mb-3w" aria-label="Filtrer et trier les projets">
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-sante">
              Santé
            </label>
            <select className="fr-select" id="filtre-sante" name="sante" defaultValue={filters.sante ?? ''}>
              <option value="">Toutes</option>
              {options(HEALTH_LABELS).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-mentor">
              Chargé·e d’accélération
            </label>
            <select className="fr-select" id="filtre-mentor" name="mentor" defaultValue={filters.mentor ?? ''}>
              <option value="">Toutes et tous</option>
              <option value="aucun">Projet non confié</option>
              {mentors.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-tri">
              Trier par
            </label>
            <select className="fr-select" id="filtre-tri" name="tri" defaultValue={filters.tri}>
              {COHORT_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {SORT_LABELS[sort]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <div className="fr-checkbox-group fr-mt-4w">
            <input type="checkbox" id="filtre-alertes" name="alertes" value="1" defaultChecked={filters.alertes === '1'} />
            <label className="fr-label" htmlFor="filtre-alertes">
              Seulement les projets en alerte
            </label>
          </div>
        </div>
      </div>
      <button type="submit" className="fr-btn fr-btn--secondary fr-mt-2w">
        Afficher
      </button>
    </Form>
  )
}

export function CohortProjects({ cohortId, rows, mentors, isTeam }: { cohortId: string; rows: ProjectRow[]; mentors: Choice[]; isTeam: boolean }) {
  return (
    <>
      {rows.length ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Projets de la cohorte</caption>
            <thead>
              <tr>
                <th scope="col">Projet</th>
                <th scope="col">Santé</th>
                <th scope="col">Dernier point d’étape</th>
                <th scope="col">Besoins ouverts</th>
                <th scope="col">Actions en retard</th>
                <th scope="col">Prochain comité</th>
                <th scope="col">Alertes</th>
                <th scope="col">Chargé·e d’accélération</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/accompagnement/projets/${row.id}`}>{row.title}</Link>
                    <br />
                    <span className="fr-text--sm">{row.structure}</span>
                  </td>
                  <td>
                    <HealthBadge health={row.health} small />
                  </td>
                  <td>{row.lastCheckIn ? formatDay(row.lastCheckIn) : 'Aucun'}</td>
                  <td>{row.openNeeds}</td>
                  <td>{row.overdueActions ? <strong className="fr-text-default--error">{row.overdueActions}</strong> : 0}</td>
                  <td>{row.nextCommittee ? formatDay(row.nextCommittee) : '–'}</td>
                  <td>
                    {row.alerts.length ? (
                      <ul className="fr-text--sm fr-mb-0">
                        {row.alerts.map((alert) => (
                          <li key={alert}>{alert}</li>
                        ))}
                      </ul>
                    ) : (
                      'Aucune'
                    )}
                  </td>
                  <td>
                    {isTeam ? (
                      <SecureForm method="post">
                        <input type="hidden" name="intent" value="assign_mentor" />
                        <input type="hidden" name="projectId" value={row.id} />
                        <label className="fr-label fr-sr-only" htmlFor={`mentor-${row.id}`}>
                          Chargé·e d’accélération de « {row.title} »
                        </label>
                        <select className="fr-select" id={`mentor-${row.id}`} name="mentorId" defaultValue={row.mentorId ?? ''}>
                          <option value="">Non confié</option>
                          {mentors.map((m) => (
                            <option key={m.value} value={m.value}>
                              {m.label}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w" aria-label={`Confier « ${row.title} »`}>
                          Confier
                        </button>
                      </SecureForm>
                    ) : (
                      (row.mentorName ?? 'Non confié')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="fr-callout">
          <p className="fr-callout__text">Aucun projet ne correspond à ces filtres.</p>
        </div>
      )}

      <p>
        Exporter les projets de la cohorte :{' '}
        <a className="fr-link" href={`/accompagnement/cohortes/${cohortId}/export?format=csv`} download>
          tableur CSV
        </a>{' '}
        ou{' '}
        <a className="fr-link" href={`/accompagnement/cohortes/${cohortId}/export?format=xlsx`} download>
          classeur Excel (XLSX)
        </a>
        .
      </p>
    </>
  )
}

export function CohortCommittees({ cohortId, committees, funding, isTeam }: { cohortId: string; committees: Committee[]; funding: Funding; isTeam: boolean }) {
  return (
    <>
      <h2>Comités</h2>
      {committees.length ? (
        <ul>
          {committees.map((committee) => (
            <li key={committee.id}>
              <Link to={`/accompagnement/comites/${committee.id}`}>
                {COMMITTEE_KIND_LABELS[committee.kind]} du {formatDay(committee.held_on)}
              </Link>{' '}
              – {committee.decided ?? 0} décision{(committee.decided ?? 0) > 1 ? 's' : ''} sur {committee.agenda ?? 0} projet{(committee.agenda ?? 0) > 1 ? 's' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun comité n’est prévu.</p>
      )}
      {isTeam ? (
        <p>
          <Link className="fr-btn fr-btn--secondary" to={`/accompagnement/cohortes/${cohortId}/comites`}>
            Prévoir un comité
          </Link>
        </p>
      ) : null}
      <h3 className="fr-h6">Financements décidés</h3>
      {funding.byCommittee.length ? (
        <ul>
          {funding.byCommittee.map((row) => (
            <li key={row.id}>
              {COMMITTEE_KIND_LABELS[row.kind]} du {formatDay(row.held_on)} : {formatEuros(row.amount)}
            </li>
          ))}
          <li>
            <strong>Total : {formatEuros(funding.total)}</strong>
          </li>
        </ul>
      ) : (
        <p>Aucun financement décidé pour le moment.</p>
      )}
    </>
  )
}

/** Dates and publication: the programme team only. */
export function CohortSettings({ cohort, errors }: { cohort: Cohort; errors: Record<string, string[] | null | undefined> }) {
  return (
    <>
      <h2>Dates et publication</h2>
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="set_dates" />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <TextField label="Début" name="startsOn" type="date" defaultValue={cohort.starts_on} errors={errors.startsOn} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <TextField label="Fin" name="endsOn" type="date" defaultValue={cohort.ends_on} errors={errors.endsOn} />
          </div>
        </div>
        <button type="submit" className="fr-btn fr-btn--secondary">
          Enregistrer les dates
        </button>
      </SecureForm>
      <SecureForm method="post" className="fr-mt-3w">
        <input type="hidden" name="intent" value={cohort.published_at ? 'unpublish' : 'publish'} />
        <p>
          {cohort.published_at ? (
            <>
              La <Link to={`/cohortes/${cohort.id}/resultats`}>page publique des résultats</Link> est en ligne. Seuls les textes acceptés par les
              porteurs y figurent.
            </>
          ) : (
            'La page publique des résultats n’est pas publiée.'
          )}
        </p>
        <button type="submit" className="fr-btn fr-btn--tertiary">
          {cohort.published_at ? 'Retirer la page publique' : 'Publier la page des résultats'}
        </button>
      </SecureForm>
    </>
  )
}
