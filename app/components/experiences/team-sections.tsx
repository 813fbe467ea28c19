import { getFormProps } from '@conform-to/react'
import { Link } from '@remix-run/react'
import { fieldProps, FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'
import { experienceSpamReasonLabels } from '#app/feedback/spam.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { useExperienceForm, type Replies } from './team-form.ts'

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
  replies,
}: {
  services: Array<{ value: string; label: string }>
  pendingTransfer: { service_name: string; organisation_name: string; requested_at: string } | null
  replies: Replies
}) {
  const [form, fields] = useExperienceForm('reassign', { id: 'reaffectation', lastResult: replies.lastResultFor('reassign') })
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
          <FormErrors errors={replies.messageFor('reassign')} />
          <SecureForm method="post" {...getFormProps(form)} noValidate>
            <input type="hidden" name="intent" value="reassign" />
            <SelectField
              label="Service compétent"
              {...fieldProps(fields.targetServiceId)}
              options={services}
              placeholder="Choisir un service"
              required={fields.targetServiceId.required}
            />
            <TextAreaField
              label="Note pour ce service"
              hint="Visible seulement des équipes."
              {...fieldProps(fields.note)}
              required={fields.note.required}
              maxLength={fields.note.maxLength}
              rows={2}
            />
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
  replies,
}: {
  comments: Comment[]
  commentToken: string
  replies: Replies
}) {
  const [form, fields] = useExperienceForm('comment', { id: 'commentaire', lastResult: replies.lastResultFor('comment') })
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
      <FormErrors errors={replies.messageFor('comment')} />
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="comment" />
        <input type="hidden" name={fields.token.name} value={commentToken} />
        <TextAreaField label="Nouveau commentaire" {...fieldProps(fields.body)} required={fields.body.required} maxLength={fields.body.maxLength} rows={3} />
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
