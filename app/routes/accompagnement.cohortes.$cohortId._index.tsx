import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { requireCohortStaff } from '#app/accelerator/mentoring/access.server.ts'
import { assignMentor, cohortOverview, findCohort, mentorCandidates, updateCohortDates } from '#app/accelerator/mentoring/cohorts.server.ts'
import { fundingTotals, listCommittees } from '#app/accelerator/mentoring/committees.server.ts'
import { COHORT_SORTS, COMMITTEE_KIND_LABELS, formatDay, HEALTH_LABELS, isDay, options } from '#app/accelerator/mentoring/mentoring.ts'
import { setCohortPublished } from '#app/accelerator/mentoring/reports.server.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { HealthBadge, Notice } from '#app/components/accelerator/mentoring.tsx'
import { FormErrors, SecureForm, TextField } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatEuros } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Cohorte – ${data.cohort.name}` : 'Cohorte') }]

const FiltersSchema = z.object({
  sante: z.enum(['on_track', 'at_risk', 'stuck']).optional().catch(undefined),
  mentor: z.string().max(40).optional().catch(undefined),
  alertes: z.literal('1').optional().catch(undefined),
  tri: z.enum(COHORT_SORTS).catch('titre'),
})

const NOTICES: Record<string, string> = {
  creee: 'La cohorte est créée. Confiez maintenant chaque projet à un·e chargé·e d’accélération.',
  mentor: 'Le projet est confié.',
  dates: 'Les dates sont enregistrées.',
  publiee: 'La page publique des résultats est en ligne.',
  retiree: 'La page publique des résultats est retirée.',
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const cohortId = params.cohortId ?? ''
  const user = requireCohortStaff(context, request, cohortId)
  const cohort = await findCohort(context.db, cohortId)
  if (!cohort) throw notFound()
  const url = new URL(request.url)
  const filters = FiltersSchema.parse(Object.fromEntries(url.searchParams))
  const today = parisDay(now())
  const isTeam = hasRole(user, 'programme_team')
  const [rows, committees, funding, mentors] = await Promise.all([
    cohortOverview(context.db, cohort.id, today, { health: filters.sante, mentorId: filters.mentor, alertsOnly: filters.alertes === '1', sort: filters.tri }),
    listCommittees(context.db, cohort.id),
    fundingTotals(context.db, cohort.id),
    mentorCandidates(context.db),
  ])
  return json({
    cohort,
    rows,
    committees,
    funding,
    filters,
    isTeam,
    mentors: mentors.map((m) => ({ value: m.id, label: m.display_name ?? m.email })),
    notice: NOTICES[url.searchParams.get('ok') ?? ''] ?? null,
  })
}

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('assign-mentor'), projectId: z.string().uuid('Ce projet n’existe pas.'), mentorId: z.string({ error: 'Choisissez un·e chargé·e d’accélération.' }).uuid('Choisissez un·e chargé·e d’accélération.') }),
  z.object({
    intent: z.literal('dates'),
    startsOn: z.string({ error: 'Saisissez la date de début.' }).refine(isDay, 'Saisissez une date valide.'),
    endsOn: z.string({ error: 'Saisissez la date de fin.' }).refine(isDay, 'Saisissez une date valide.'),
  }),
  z.object({ intent: z.literal('publish') }),
  z.object({ intent: z.literal('unpublish') }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const cohortId = params.cohortId ?? ''
  const user = requireCohortStaff(context, request, cohortId)
  if (!hasRole(user, 'programme_team')) return json({ message: 'Seule l’équipe du programme peut modifier la cohorte.' }, { status: 403 })
  const cohort = await findCohort(context.db, cohortId)
  if (!cohort) throw notFound()
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const input = submission.value
  const result =
    input.intent === 'assign-mentor'
      ? await assignMentor(context.db, user, cohort.id, input.projectId, input.mentorId)
      : input.intent === 'dates'
        ? await updateCohortDates(context.db, user, cohort.id, input)
        : await setCohortPublished(context.db, user, cohort.id, input.intent === 'publish')
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  const ok = { 'assign-mentor': 'mentor', dates: 'dates', publish: 'publiee', unpublish: 'retiree' }[input.intent]
  return redirect(`/accompagnement/cohortes/${cohort.id}?ok=${ok}`)
}

const SORT_LABELS: Record<(typeof COHORT_SORTS)[number], string> = {
  titre: 'Titre',
  sante: 'Santé (bloqués d’abord)',
  'dernier-point': 'Dernier point d’étape (le plus ancien d’abord)',
  retards: 'Actions en retard (le plus d’abord)',
}

export default function CohortView() {
  const { cohort, rows, committees, funding, filters, isTeam, mentors, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData && 'result' in actionData ? (actionData.result.error ?? {}) : {}
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/accompagnement', label: 'Accompagnement' }]} current={cohort.name} />
      <h1>{cohort.name}</h1>
      <p>
        {cohort.callTitle} – accompagnement du {formatDay(cohort.starts_on)} au {formatDay(cohort.ends_on)}.
      </p>
      <Notice message={notice} />
      <FormErrors errors={Object.values(errors).flat().filter((e): e is string => typeof e === 'string')} />

      <h2>Projets</h2>
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
                        <input type="hidden" name="intent" value="assign-mentor" />
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
        <a className="fr-link" href={`/accompagnement/cohortes/${cohort.id}/export?format=csv`} download>
          tableur CSV
        </a>{' '}
        ou{' '}
        <a className="fr-link" href={`/accompagnement/cohortes/${cohort.id}/export?format=xlsx`} download>
          classeur Excel (XLSX)
        </a>
        .
      </p>

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
          <Link className="fr-btn fr-btn--secondary" to={`/accompagnement/cohortes/${cohort.id}/comites`}>
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

      {isTeam ? (
        <>
          <h2>Dates et publication</h2>
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="dates" />
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
      ) : null}
    </div>
  )
}
