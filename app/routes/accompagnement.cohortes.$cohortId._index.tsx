import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { hasRole } from '#app/auth/roles.ts'
import { requireCohortStaff } from '#app/accelerator/mentoring/access.server.ts'
import { assignMentor, cohortOverview, findCohort, mentorCandidates, updateCohortDates } from '#app/accelerator/mentoring/cohorts.server.ts'
import { fundingTotals, listCommittees } from '#app/accelerator/mentoring/committees.server.ts'
import { COHORT_SORTS } from '#app/accelerator/mentoring/mentoring.ts'
import { setCohortPublished } from '#app/accelerator/mentoring/reports.server.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { Notice } from '#app/components/accelerator/mentoring.tsx'
import { CohortCommittees, CohortFiltersForm, CohortProjects, CohortSettings } from '#app/components/accelerator/mentoring/cohort-sections.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { formatDay, isDay } from '#app/utils/days.ts'

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
  z.object({ intent: z.literal('assign_mentor'), projectId: z.string().uuid('Ce projet n’existe pas.'), mentorId: z.string({ error: 'Choisissez un·e chargé·e d’accélération.' }).uuid('Choisissez un·e chargé·e d’accélération.') }),
  z.object({
    intent: z.literal('set_dates'),
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
    input.intent === 'assign_mentor'
      ? await assignMentor(context.db, user, cohort.id, input.projectId, input.mentorId)
      : input.intent === 'set_dates'
        ? await updateCohortDates(context.db, user, cohort.id, input)
        : await setCohortPublished(context.db, user, cohort.id, input.intent === 'publish')
  if (!result.ok) return json({ result: submission.reply({ fieldErrors: { [result.field]: [result.message] } }) }, { status: 400 })
  const ok = { assign_mentor: 'mentor', set_dates: 'dates', publish: 'publiee', unpublish: 'retiree' }[input.intent]
  return redirect(`/accompagnement/cohortes/${cohort.id}?ok=${ok}`)
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
      <CohortFiltersForm filters={filters} mentors={mentors} />
      <CohortProjects cohortId={cohort.id} rows={rows} mentors={mentors} isTeam={isTeam} />
      <CohortCommittees cohortId={cohort.id} committees={committees} funding={funding} isTeam={isTeam} />
      {isTeam ? <CohortSettings cohort={cohort} errors={errors} /> : null}
    </div>
  )
}
