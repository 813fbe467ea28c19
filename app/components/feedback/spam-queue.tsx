// The « Spam probable » queue of a service (issue 19, decision 101): a table with a checkbox per
// review and two buttons for the selection, and one button per row. Plain forms: without
// JavaScript, each button posts its form (the row buttons post a small form of their own through
// the `form` attribute, since forms cannot be nested).
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import type { z } from 'zod'
import { RowCheckbox, SecureForm } from '#app/components/forms.tsx'
import { satisfactionLabel } from '#app/feedback/questionnaire.ts'
import { SPAM_REASON_LABELS, SpamMarkSchema, type SpamReason } from '#app/feedback/spam.ts'
import { formatDateTime } from '#app/utils/format.ts'

export interface SpamQueueRow {
  id: string
  createdAt: string
  satisfaction: number
  placementName: string
  score: number
  reasons: SpamReason[]
  status: string
  comment: string | null
  hasComment: boolean
}

function ReasonList({ reasons, score }: { reasons: SpamReason[]; score: number }) {
  return (
    <>
      <p className="fr-text--sm fr-mb-1v">{`Score : ${score}`}</p>
      {reasons.length ? (
        <ul className="fr-text--sm fr-mb-0">
          {reasons.map((reason) => (
            <li key={reason}>{SPAM_REASON_LABELS[reason] ?? reason}</li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

function CommentCell({ row }: { row: SpamQueueRow }) {
  if (!row.hasComment) return <span className="fr-text--sm">Pas de commentaire</span>
  if (row.comment === null) return <span className="fr-text--sm">Masqué : données personnelles à vérifier (ouvrir l’avis)</span>
  return (
    <blockquote className="fr-text--sm fr-mb-0" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {row.comment.length > 400 ? `${row.comment.slice(0, 400)}…` : row.comment}
    </blockquote>
  )
}

function RowButtons({ row }: { row: SpamQueueRow }) {
  return (
    <ul className="fr-btns-group fr-btns-group--sm">
      {row.status !== 'cleared' ? (
        <li>
          <button type="submit" form={`spam-un-${row.id}`} name="decision" value="not_spam" className="fr-btn fr-btn--sm fr-btn--secondary">
            Pas spam
          </button>
        </li>
      ) : null}
      {row.status !== 'spam' ? (
        <li>
          <button type="submit" form={`spam-un-${row.id}`} name="decision" value="spam" className="fr-btn fr-btn--sm fr-btn--tertiary">
            Spam
          </button>
        </li>
      ) : null}
    </ul>
  )
}

export function SpamQueueTable({ rows, caption, serviceId, lastResult }: { rows: SpamQueueRow[]; caption: string; serviceId: string; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm<z.input<typeof SpamMarkSchema>>({ id: 'spam-lot', lastResult, constraint: getZodConstraint(SpamMarkSchema), shouldValidate: 'onSubmit' })
  const selectionErrors = fields.avis.errors ?? form.errors
  return (
    <>
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <div className="fr-table fr-table--bordered">
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="fr-sr-only">Sélection</span>
                </th>
                <th scope="col">Reçu le</th>
                <th scope="col">Réponse et commentaire</th>
                <th scope="col">Pourquoi</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <RowCheckbox
                      id={`avis-${row.id}`}
                      name="avis"
                      value={row.id}
                      label={`Sélectionner l’avis du ${formatDateTime(row.createdAt)}`}
                      describedBy={selectionErrors ? 'spam-lot-erreur' : undefined}
                    />
                  </td>
                  <td>
                    <a href={`/services/${serviceId}/avis/${row.id}`}>{formatDateTime(row.createdAt)}</a>
                    <p className="fr-text--sm fr-mb-0">{`Emplacement « ${row.placementName} »`}</p>
                  </td>
                  <td>
                    <p className="fr-text--sm fr-text--bold fr-mb-1v">{satisfactionLabel(row.satisfaction)}</p>
                    <CommentCell row={row} />
                  </td>
                  <td>
                    <ReasonList reasons={row.reasons} score={row.score} />
                  </td>
                  <td>
                    <RowButtons row={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {selectionErrors ? (
          <p id="spam-lot-erreur" className="fr-error-text fr-mb-2w">
            {selectionErrors.join(' ')}
          </p>
        ) : null}
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" name="decision" value="not_spam" className="fr-btn">
              Pas spam : remettre la sélection dans les chiffres
            </button>
          </li>
          <li>
            <button type="submit" name="decision" value="spam" className="fr-btn fr-btn--secondary">
              Marquer la sélection comme spam
            </button>
          </li>
        </ul>
      </SecureForm>
      {rows.map((row) => (
        <SecureForm key={row.id} method="post" id={`spam-un-${row.id}`}>
          <input type="hidden" name="avis" value={row.id} />
        </SecureForm>
      ))}
    </>
  )
}
