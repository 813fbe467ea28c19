import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { findPublished } from '#app/experiences/experiences.server.ts'
import { answerStatusLabel, changeStatusLabel, channelLabel, feelingPhrase } from '#app/experiences/labels.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091). « Moi aussi » is a
// link to a page of its own, not cached, whose form has its token (decision 102).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? data.experience.title : 'Expérience introuvable') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findPublished(context.db, params.experienceId)
  if (!found) throw notFound('Cette expérience n’existe pas ou n’est pas publiée.')
  return json(found)
}

export default function PublicExperience() {
  const { experience, answers, changes } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-9">
          <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left fr-mb-3w" to={`/experiences/services/${experience.service_id}`}>
            {`Expériences sur « ${experience.service_name} »`}
          </Link>
          <h1 className="fr-mt-2w">{experience.title}</h1>
          <p className="fr-text--sm">
            {[
              `Par ${experience.author_name ?? 'un usager'}`,
              experience.published_at ? `publiée le ${formatDate(experience.published_at)}` : null,
              experience.happened_on ? `vécue le ${formatDate(experience.happened_on)}` : null,
              channelLabel(experience.channel),
              feelingPhrase(experience.feeling),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          <p className={`fr-badge ${experience.answer_status === 'answered' ? 'fr-badge--success' : 'fr-badge--info'}`}>{answerStatusLabel(experience.answer_status)}</p>
          {changes.length ? (
            <div className="fr-alert fr-alert--success fr-alert--sm fr-my-2w">
              <p>Ce retour a contribué à un changement.</p>
            </div>
          ) : null}
          <blockquote className="fr-my-3w" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {experience.public_body}
          </blockquote>
          <p data-testid="moi-aussi">
            {`${experience.me_too_count} personne${experience.me_too_count > 1 ? 's ont' : ' a'} dit « moi aussi ». `}
            <Link className="fr-link fr-icon-chat-check-line fr-link--icon-left" to={`/experiences/${experience.id}/moi-aussi`}>
              Moi aussi, j’ai vécu cela
            </Link>
          </p>
          <h2>{answers.length ? 'Réponse du service' : 'Pas encore de réponse'}</h2>
          {answers.length ? null : <p>Le service a été prévenu. Sa réponse sera publiée ici.</p>}
          {answers.map((answer) => (
            <section key={answer.id} className="fr-p-3w fr-mb-3w" style={{ background: 'var(--background-alt-blue-france)' }} aria-label={`Réponse du ${formatDate(answer.created_at)}`}>
              <p className="fr-badge fr-badge--sm fr-mb-1w">{answerStatusLabel(answer.status)}</p>
              <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {answer.body}
              </p>
              <p className="fr-text--sm fr-mb-0">
                {`${[answer.signer_name, answer.signer_role, answer.service_name].filter(Boolean).join(', ')} — le ${formatDateTime(answer.created_at)}`}
                {answer.amended_at ? ` (modifié le ${formatDateTime(answer.amended_at)})` : ''}
              </p>
            </section>
          ))}
          {changes.length ? (
            <>
              <h2>Changements liés</h2>
              <ul>
                {changes.map((change) => (
                  <li key={change.id}>
                    {`${change.title} — ${changeStatusLabel(change.status).toLowerCase()}${change.done_on ? ` le ${formatDate(change.done_on)}` : ''}`}
                  </li>
                ))}
              </ul>
              <Link to="/experiences/changements">Tous les changements</Link>
            </>
          ) : null}
        </div>
      </div>
    </div>
  )
}
