import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { applicationTimeline, findMemberApplication, listMembers, progressOf } from '#app/accelerator/applications/applications.server.ts'
import { ATTACHMENTS_SECTION, attachmentKindWord, fieldId, projectTitle, sectionByKey, type Answers } from '#app/accelerator/applications/application-form.ts'
import { editability, leaderExplanation } from '#app/accelerator/applications/application-states.ts'
import { mentoringProjectOf } from '#app/accelerator/mentoring/access.server.ts'
import { SectionStatusBadge } from '#app/components/accelerator/badges.tsx'
import { Timeline } from '#app/components/accelerator/timeline.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDateAtTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data && 'title' in data ? data.title : 'Ma candidature') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const found = await findMemberApplication(context.db, user, params.id ?? '')
  if (found.status === 'none') throw notFound()
  if (found.status === 'removed') return json({ removed: true as const })
  const { application, call } = found
  const at = now()
  const [progress, timeline, members, mentoringProject] = await Promise.all([
    progressOf(context.db, application),
    applicationTimeline(context.db, application.id, { forTeam: false }),
    listMembers(context.db, application.id),
    // A retained application followed in a cohort: the leader's way to its follow-up page.
    mentoringProjectOf(context.db, application.id),
  ])
  const correction = application.state === 'correction_demandee' ? application.correction_request : null
  return json({
    removed: false as const,
    id: application.id,
    title: projectTitle(application.answers as Answers),
    state: application.state,
    reference: application.reference,
    explanation: leaderExplanation(application, call, at),
    editable: editability(application, call, at).editable,
    callTitle: call.title,
    callSlug: call.slug,
    closesAt: call.closes_at,
    progress: progress.map((s) => ({ slug: s.slug, title: s.title, status: s.status, problems: s.problems.length })),
    correction: correction
      ? {
          message: correction.message,
          fields: correction.fields.map((f) => {
            const section = sectionByKey(f.section)
            const label =
              f.section === ATTACHMENTS_SECTION.key
                ? `${ATTACHMENTS_SECTION.title} – ${attachmentKindWord(f.field)}`
                : `${section?.title ?? f.section} – ${section?.fields.find((x) => x.name === f.field)?.label ?? f.field}`
            const href =
              f.section === ATTACHMENTS_SECTION.key
                ? `/mes-candidatures/${application.id}/${ATTACHMENTS_SECTION.slug}`
                : `/mes-candidatures/${application.id}/${section?.slug}#${fieldId(f.section, f.field)}`
            return { label, href }
          }),
        }
      : null,
    timeline,
    memberCount: members.length,
    mentoringProjectId: mentoringProject?.id ?? null,
  })
}

export default function ApplicationOverview() {
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  if (data.removed) return null
  const base = `/mes-candidatures/${data.id}`
  const firstIncomplete = data.progress.find((s) => s.status !== 'complete')
  return (
    <>
      <h1>{data.title}</h1>
      {params.get('nouvelle') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Votre candidature est créée. Elle est enregistrée au fur et à mesure : vous pouvez la compléter en plusieurs fois.</p>
        </div>
      ) : null}
      {params.get('rouverte') ? (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" role="status">
          <p>Votre candidature est rouverte. Pensez à la déposer de nouveau avant le {formatDateAtTime(data.closesAt)}.</p>
        </div>
      ) : null}
      <div className="fr-callout fr-mb-4w">
        <h2 className="fr-callout__title fr-h5">{data.explanation.title}</h2>
        <p className="fr-callout__text fr-text--md">{data.explanation.explanation}</p>
        <p className="fr-text--md fr-mt-1w">
          <strong>Prochaine étape :</strong> {data.explanation.nextStep}
        </p>
        {data.editable && firstIncomplete ? (
          <Link className="fr-btn" to={`${base}/${firstIncomplete.slug}`}>
            {data.progress.every((s) => s.status === 'empty') ? 'Commencer' : 'Continuer ma candidature'}
          </Link>
        ) : data.editable ? (
          <Link className="fr-btn" to={`${base}/depot`}>
            Vérifier et déposer
          </Link>
        ) : data.reference ? (
          <Link className="fr-btn fr-btn--secondary" to={`${base}/attestation`}>
            Voir l’attestation de dépôt
          </Link>
        ) : null}
        {data.mentoringProjectId ? (
          <Link className="fr-btn fr-ml-2w" to={`/accompagnement/projets/${data.mentoringProjectId}`}>
            Suivi de l’accompagnement
          </Link>
        ) : null}
        {data.state === 'deposee' ? (
          <Link className="fr-btn fr-btn--tertiary fr-ml-2w" to={`${base}/depot`}>
            Rouvrir pour modifier
          </Link>
        ) : null}
      </div>

      {data.correction ? (
        <div className="fr-alert fr-alert--warning fr-mb-4w">
          <h2 className="fr-alert__title">Ce que l’équipe d’instruction vous demande</h2>
          <p className="aic-answer">{data.correction.message}</p>
          <p className="fr-mt-1w">Champs à corriger :</p>
          <ul>
            {data.correction.fields.map((field) => (
              <li key={field.href}>
                <Link to={field.href}>{field.label}</Link>
              </li>
            ))}
          </ul>
          <p>Quand c’est fait, déposez de nouveau votre candidature depuis la page « Vérifier et déposer ».</p>
        </div>
      ) : null}

      <section aria-labelledby="sections" className="fr-mb-6w">
        <h2 id="sections">Les sections</h2>
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Avancement de la candidature</caption>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">État</th>
                <th scope="col">Points à compléter</th>
              </tr>
            </thead>
            <tbody>
              {data.progress.map((section) => (
                <tr key={section.slug}>
                  <td>
                    <Link to={`${base}/${section.slug}`}>{section.title}</Link>
                  </td>
                  <td>
                    <SectionStatusBadge status={section.status} />
                  </td>
                  <td>{section.problems}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          {data.memberCount > 1 ? `Vous rédigez cette candidature à ${data.memberCount}. ` : 'Personne d’autre ne rédige cette candidature avec vous. '}
          <Link to={`${base}/co-porteurs`}>Gérer les co-porteurs</Link>
        </p>
      </section>

      <section aria-labelledby="historique">
        <h2 id="historique">Historique</h2>
        <Timeline entries={data.timeline} />
      </section>
    </>
  )
}
