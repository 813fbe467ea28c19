import { Link } from '@remix-run/react'
import { FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'
import { experienceSpamReasonLabels } from '#app/feedback/spam.ts'
import { formatDateTime } from '#app/utils/format.ts'
import type { Errors } from './moderation-section.tsx'

/** An experience held as (probable) spam says so where it is read, with its reasons and the queue that clears it. */
export function SpamNotice({ status, reasons, queueHref }: { status: string; reasons: string[]; queueHref: string }) {
  if (status !== 'suspected' && status !== 'spam') return null
  const why = experienceSpamReasonLabels(reasons)
  return (
    <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
      <p>
        {`${status === 'spam' ? 'Marquée comme spam' : 'Spam probable'} : elle n’est ni dans la file « À modérer » ni publique${why.length ? ` (${why.join(' ; ')})` : ''}. `}
        <Link to={queueHref}>Ouvrir la file « Spam probable »</Link>
      </p>
    </div>
  )
}

/** « Ce n'est pas le bon service ? » : reassigned at once inside the organisation, a transfer request outside it. */
export function RoutingSection({
  services,
  pendingTransfer,
  errors,
  message,
}: {
  services: Array<{ value: string; label: string }>
  pendingTransfer: { service_name: string; organisation_name: string; requested_at: string } | null
  errors: Errors
  message: string[] | null
}) {
  return (
    <section aria-labelledby="reaffecter" className="fr-mb-6w">
      <h2 id="reaffecter">Ce n’est pas le bon service ?</h2>
      {pendingTransfer ? (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>{`Transfert demandé le ${formatDateTime(pendingTransfer.requested_at)} à « ${pendingTransfer.service_name} » (${pendingTransfer.organisation_name}) : en attente de sa réponse.`}</p>
        </div>
      ) : (
        <>
          <p className="fr-text--sm">
            Un service de votre organisation la reçoit tout de suite. Un service d’une autre organisation reçoit une demande de transfert : il l’accepte ou la
            refuse avec un motif, et l’auteur est prévenu s’il a laissé son adresse.
          </p>
          <FormErrors errors={message} />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="reassign" />
            <SelectField
              label="Service compétent"
              name="targetServiceId"
              options={services}
              placeholder="Choisir un service"
              required
              errors={errors.targetServiceId}
            />
            <TextAreaField label="Note pour ce service" hint="Visible seulement des équipes." name="note" rows={2} required errors={errors.note} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Réaffecter ou demander le transfert
            </button>
          </SecureForm>
        </>
      )}
    </section>
  )
}

interface Comment {
  id: string
  kind: string
  body: string
  created_at: string
  display_name: string | null
  email: string | null
}

export function CommentsSection({
  comments,
  commentToken,
  errors,
  message,
}: {
  comments: Comment[]
  commentToken: string
  errors: Errors
  message: string[] | null
}) {
  return (
    <section aria-labelledby="commentaires" className="fr-mb-6w">
      <h2 id="commentaires">Commentaires internes (jamais publiés)</h2>
      {comments.length ? (
        <ul className="fr-raw-list">
          {comments.map((comment) => (
            <li key={comment.id} className="fr-mb-2w">
              <p className="fr-text--sm fr-mb-0">{`${comment.display_name ?? comment.email ?? 'Compte supprimé'} — ${formatDateTime(comment.created_at)}${comment.kind === 'reassignment' ? ' (réaffectation)' : ''}`}</p>
              <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {comment.body}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun commentaire.</p>
      )}
      <FormErrors errors={message} />
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name="token" value={commentToken} />
        <TextAreaField label="Nouveau commentaire" name="body" rows={3} required errors={errors.body} />
        <button type="submit" className="fr-btn fr-btn--tertiary">
          Ajouter le commentaire
        </button>
      </SecureForm>
    </section>
  )
}

export function HistorySection({ history }: { history: Array<{ id: number | string; created_at: string; label: string; who: string }> }) {
  return (
    <section aria-labelledby="historique">
      <h2 id="historique">Historique</h2>
      <ul>
        {history.map((entry) => (
          <li key={entry.id}>{`${formatDateTime(entry.created_at)} — ${entry.label} (${entry.who})`}</li>
        ))}
      </ul>
    </section>
  )
}
