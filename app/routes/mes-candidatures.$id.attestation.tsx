import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { listAttachments, listMembers } from '#app/accelerator/applications/applications.server.ts'
import { projectTitle, structureKindLabel, type Answers } from '#app/accelerator/applications/application-form.ts'
import { APPLICATION_STATE_LABELS } from '#app/accelerator/applications/application-states.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { formatDateAtTime, formatFileSize } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Attestation de dépôt') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application, call } = await requireMemberApplication(context, request, params.id)
  if (!application.reference || !application.last_submitted_at) throw notFound('Cette candidature n’a pas encore été déposée : il n’y a pas d’attestation.')
  const [files, members] = await Promise.all([listAttachments(context.db, application.id), listMembers(context.db, application.id)])
  const answers = application.answers as Answers
  return json({
    id: application.id,
    reference: application.reference,
    state: APPLICATION_STATE_LABELS[application.state],
    firstSubmittedAt: application.submitted_at,
    lastSubmittedAt: application.last_submitted_at,
    submissionCount: application.submission_count,
    callTitle: call.title,
    title: projectTitle(answers),
    structure: String(answers.structure?.name ?? ''),
    kind: structureKindLabel(String(answers.structure?.kind ?? '')),
    identifier: String(answers.structure?.siret || answers.structure?.rna || ''),
    files: files.map((f) => ({ id: f.id, name: f.original_name, size: f.size_bytes })),
    leaders: members.map((m) => m.display_name ?? m.email),
  })
}

export default function Receipt() {
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      {params.get('deposee') ? (
        <div className="fr-alert fr-alert--success fr-mb-4w aic-no-print" role="status">
          <h2 className="fr-alert__title">Votre candidature est déposée</h2>
          <p>Un accusé de réception vous a été envoyé par e-mail. Vous pouvez imprimer cette attestation ou l’enregistrer en PDF.</p>
        </div>
      ) : null}
      <h1>Attestation de dépôt</h1>
      <p className="fr-text--lead">
        Référence : <strong>{data.reference}</strong>
      </p>
      <p>
        L’Accélérateur d’initiatives citoyennes (Direction interministérielle de la transformation publique) atteste avoir reçu la
        candidature décrite ci-dessous.
      </p>
      <div className="fr-table fr-table--no-caption">
        <table>
          <caption>Informations du dépôt</caption>
          <tbody>
            <tr>
              <th scope="row">Appel à projets</th>
              <td>{data.callTitle}</td>
            </tr>
            <tr>
              <th scope="row">Projet</th>
              <td>{data.title}</td>
            </tr>
            <tr>
              <th scope="row">Structure</th>
              <td>
                {data.structure} ({data.kind}){data.identifier ? ` – ${data.identifier}` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">Porteurs</th>
              <td>{data.leaders.join(', ')}</td>
            </tr>
            <tr>
              <th scope="row">Premier dépôt</th>
              <td>{data.firstSubmittedAt ? formatDateAtTime(data.firstSubmittedAt) : ''}</td>
            </tr>
            <tr>
              <th scope="row">Dernier dépôt</th>
              <td>
                {formatDateAtTime(data.lastSubmittedAt)}
                {data.submissionCount > 1 ? ` (${data.submissionCount} dépôts)` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">État actuel</th>
              <td>{data.state}</td>
            </tr>
            <tr>
              <th scope="row">Pièces jointes</th>
              <td>{data.files.length ? data.files.map((f) => `${f.name} (${formatFileSize(f.size)})`).join(', ') : 'Aucune'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="fr-text--sm">Heures indiquées à l’heure de Paris. Conservez la référence : elle vous sera demandée si vous écrivez à l’équipe.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left aic-no-print">
        <li>
          <button type="button" className="fr-btn fr-icon-printer-line fr-btn--icon-left" onClick={() => window.print()}>
            Imprimer l’attestation
          </button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/mes-candidatures/${data.id}`}>
            Revenir à ma candidature
          </Link>
        </li>
      </ul>
    </>
  )
}
