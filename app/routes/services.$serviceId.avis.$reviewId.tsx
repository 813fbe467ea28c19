import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { SecureForm } from '#app/components/forms.tsx'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { describeKinds, findPersonalData } from '#app/feedback/personal-data.ts'
import { channelLabel, CLARITY_CHOICES, QUALITY_CHOICES, satisfactionLabel } from '#app/feedback/questionnaire.ts'
import { decidePersonalData, findReviewForTeam } from '#app/feedback/reviews.server.ts'
import { RETENTION_MONTHS } from '#app/feedback/retention.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Détail d’un avis') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const review = await findReviewForTeam(context.db, service.id, params.reviewId ?? '')
  if (!review) throw notFound('Cet avis n’existe pas.')
  // The detected pieces, so the person checking sees exactly what was found.
  const parts: Array<{ text: string; kind: string | null }> = []
  if (review.comment && review.pii_status === 'flagged') {
    let cursor = 0
    for (const match of findPersonalData(review.comment)) {
      parts.push({ text: review.comment.slice(cursor, match.start), kind: null }, { text: review.comment.slice(match.start, match.end), kind: match.kind })
      cursor = match.end
    }
    parts.push({ text: review.comment.slice(cursor), kind: null })
  }
  return json({ service: { id: service.id, name: service.name }, review, parts, retentionMonths: RETENTION_MONTHS })
}

const DecisionSchema = z.object({ decision: z.enum(['afficher', 'effacer']) })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: DecisionSchema })
  if (submission.status !== 'success') return json({ message: 'Choisissez une action.' }, { status: 400 })
  const { decision } = submission.value
  const status = await decidePersonalData(context.db, user, service.id, params.reviewId ?? '', decision)
  if (!status) throw notFound('Cet avis n’existe pas.')
  return redirect(`/services/${service.id}/avis/${params.reviewId}?${decision === 'afficher' ? 'affiche=1' : 'efface=1'}`)
}

function answer(value: string | null) {
  return value ?? 'Pas de réponse'
}

export default function ReviewDetail() {
  const { service, review, parts, retentionMonths } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const base = `/services/${service.id}`
  return (
    <>
      <h1>Détail d’un avis</h1>
      {params.get('affiche') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le commentaire est maintenant visible dans les tableaux de bord et les exports.</p>
        </div>
      ) : null}
      {params.get('efface') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Les données personnelles détectées ont été effacées ; le reste du commentaire est visible.</p>
        </div>
      ) : null}
      <p>{`Avis du ${formatDateTime(review.created_at)}, emplacement « ${review.placement_name} », questionnaire version ${review.version ?? '—'}.`}</p>
      <dl className="fr-mb-4w">
        <dt className="fr-text--bold">De façon générale, comment ça s’est passé ?</dt>
        <dd className="fr-mb-2w">{satisfactionLabel(review.satisfaction)}</dd>
        <dt className="fr-text--bold">Informations et instructions</dt>
        <dd className="fr-mb-2w">{answer(review.clarity ? (CLARITY_CHOICES.find((c) => c.value === review.clarity)?.label ?? null) : null)}</dd>
        <dt className="fr-text--bold">Aide</dt>
        <dd className="fr-mb-2w">
          {review.help_needed === null
            ? 'Pas de réponse'
            : review.help_needed
              ? `A cherché de l’aide : ${review.help_channels.map(channelLabel).join(', ')}`
              : 'Je n’ai pas eu besoin d’aide'}
        </dd>
        {review.help_needed ? (
          <>
            <dt className="fr-text--bold">Aide obtenue</dt>
            <dd className="fr-mb-2w">{review.help_reached === null ? 'Pas de réponse' : review.help_reached ? 'Oui' : 'Non'}</dd>
            <dt className="fr-text--bold">Qualité de l’aide</dt>
            <dd className="fr-mb-2w">{answer(review.help_quality ? (QUALITY_CHOICES.find((c) => c.value === review.help_quality)?.label ?? null) : null)}</dd>
          </>
        ) : null}
        <dt className="fr-text--bold">Commentaire</dt>
        <dd className="fr-mb-2w">
          {review.text_purged_at
            ? `Effacé après ${retentionMonths} mois (durée de conservation).`
            : review.comment === null
              ? 'Pas de commentaire'
              : review.pii_status === 'flagged'
                ? 'À vérifier : voir ci-dessous.'
                : (
                    <blockquote dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                      {review.comment}
                    </blockquote>
                  )}
        </dd>
        {review.contact_email ? (
          <>
            <dt className="fr-text--bold">Adresse pour être recontacté</dt>
            <dd className="fr-mb-2w">{review.contact_email}</dd>
          </>
        ) : null}
      </dl>
      {review.pii_status === 'flagged' && review.comment ? (
        <section aria-labelledby="verification" className="fr-mb-4w">
          <h2 id="verification">Vérifier les données personnelles</h2>
          <p>
            {`Ce commentaire contient peut-être des données personnelles (${describeKinds(review.pii_kinds)}). Il est masqué dans les tableaux de bord et les exports tant que personne ne l’a vérifié. Les passages détectés sont surlignés.`}
          </p>
          <blockquote className="fr-p-2w fr-mb-3w" dir="auto" style={{ whiteSpace: 'pre-wrap', background: 'var(--background-alt-grey)' }}>
            {parts.map((part, index) =>
              part.kind ? (
                <mark key={index} className="aic-match" title={describeKinds([part.kind])}>
                  {part.text}
                </mark>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </blockquote>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <SecureForm method="post">
                <input type="hidden" name="decision" value="effacer" />
                <button type="submit" className="fr-btn">
                  Effacer les passages surlignés
                </button>
              </SecureForm>
            </li>
            <li>
              <SecureForm method="post">
                <input type="hidden" name="decision" value="afficher" />
                <button type="submit" className="fr-btn fr-btn--secondary">
                  Pas de donnée personnelle : afficher
                </button>
              </SecureForm>
            </li>
          </ul>
        </section>
      ) : null}
      {review.pii_status === 'cleared' || review.pii_status === 'redacted' ? (
        <p className="fr-text--sm">{review.pii_status === 'cleared' ? 'Vérifié : pas de donnée personnelle.' : 'Vérifié : les données personnelles détectées ont été effacées.'}</p>
      ) : null}
      <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`${base}/avis`}>
        Retour aux avis
      </Link>
    </>
  )
}
