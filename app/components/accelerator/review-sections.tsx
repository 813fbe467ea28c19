import type { SerializeFrom } from '@remix-run/node'
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import type { z } from 'zod'
import type { reviewPage } from '#app/accelerator/scoring/review-page.server.ts'
import { CONFLICT_KINDS, conflictKindCode } from '#app/accelerator/scoring/labels.ts'
import { ConflictSchema } from '#app/accelerator/scoring/review-form.ts'
import { JURY_LABELS, MENTIONS } from '#app/accelerator/scoring/types.ts'
import { ChoiceField, fieldProps, FormErrors, initialText, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'

// The sections of a juror's review page (app/routes/evaluation.$callId.$applicationId.tsx).
type ReviewPage = SerializeFrom<typeof reviewPage>
type Errors = Record<string, string>

const CONFIDENCE = [
  { value: '1', label: '1 – Peu sûr·e' },
  { value: '2', label: '2 – Assez sûr·e' },
  { value: '3', label: '3 – Très sûr·e' },
]

/** The review: a mention (majority judgment) or a level per criterion, confidence and two comments. */
export function ReviewForm({ page, editable, errors }: { page: ReviewPage; editable: boolean; errors: Errors }) {
  const err = (name: string) => (errors[name] ? [errors[name]] : null)
  return (
    <SecureForm method="post" noValidate>
      <fieldset className="fr-fieldset" disabled={!editable}>
        <legend className="fr-sr-only">Mon évaluation</legend>
        {page.mode === 'majority_judgment' ? (
          <ChoiceField
            legend="Votre mention pour ce projet"
            hint="Après avoir lu le projet et les critères du guide, quelle mention lui donnez-vous ?"
            name="mention"
            options={[...MENTIONS].reverse().map((m) => ({ value: m, label: m }))}
            defaultValue={page.review?.mention ?? undefined}
            errors={err('mention')}
          />
        ) : (
          page.criteria.map((criterion) => (
            <ChoiceField
              key={criterion.id}
              legend={criterion.title}
              hint={criterion.description}
              name={`score-${criterion.id}`}
              options={criterion.levels.map((level, index) => ({ value: String(index + 1), label: `Niveau ${index + 1}`, hint: level }))}
              defaultValue={page.review?.scores[criterion.id] ? String(page.review.scores[criterion.id]) : undefined}
              errors={err(`score-${criterion.id}`)}
            />
          ))
        )}
        <SelectField
          label="Êtes-vous sûr·e de votre évaluation ? (facultatif)"
          name="confidence"
          options={CONFIDENCE}
          placeholder="Je ne précise pas"
          defaultValue={page.review?.confidence ? String(page.review.confidence) : ''}
          errors={err('confidence')}
        />
        <TextAreaField
          label="Commentaire pour l’équipe du programme (facultatif)"
          hint="Lu seulement par l’équipe et les jurys."
          name="commentTeam"
          rows={3}
          defaultValue={page.review?.commentTeam ?? ''}
          errors={err('commentTeam')}
        />
        <TextAreaField
          label="Commentaire partagé avec le porteur (facultatif)"
          hint="Envoyé au porteur avec la décision, sans votre nom."
          name="commentLeader"
          rows={3}
          defaultValue={page.review?.commentLeader ?? ''}
          errors={err('commentLeader')}
        />
        {editable ? (
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button type="submit" name="intent" value="submit" className="fr-btn">
                Envoyer mon évaluation
              </button>
            </li>
            <li>
              <button type="submit" name="intent" value="save_draft" className="fr-btn fr-btn--secondary">
                Enregistrer le brouillon
              </button>
            </li>
          </ul>
        ) : null}
        {editable ? <p className="fr-text--sm">Une fois envoyée, l’évaluation ne peut plus être modifiée.</p> : null}
      </fieldset>
    </SecureForm>
  )
}

/** The other reviews of the juror's jury, shown once the juror has sent theirs. */
export function OtherReviews({ others, criteria }: { others: ReviewPage['others']; criteria: ReviewPage['criteria'] }) {
  return (
    <section aria-labelledby="autres" className="fr-mt-4w">
      <h2 id="autres">Les autres évaluations</h2>
      {!others.unlocked ? (
        <p>Vous verrez les évaluations des autres membres de votre jury après avoir envoyé la vôtre.</p>
      ) : others.reviews.length === 0 ? (
        <p>Aucune autre évaluation envoyée pour le moment.</p>
      ) : (
        <ul>
          {others.reviews.map((review, index) => (
            <li key={review.id} className="fr-mb-2w">
              <strong>
                Évaluation {index + 1} ({JURY_LABELS[review.jury]})
              </strong>{' '}
              :{' '}
              {review.mention
                ? `mention « ${review.mention} »`
                : criteria
                    .filter((c) => review.scores[c.id])
                    .map((c) => `${c.title} : ${review.scores[c.id]}/5`)
                    .join(' ; ')}
              {review.commentTeam ? <p className="fr-mb-0">« {review.commentTeam} »</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function ConflictForm({ message, lastResult }: { message: string | null; lastResult: SubmissionResult<string[]> | null }) {
  const [form, fields] = useForm<z.input<typeof ConflictSchema>>({ id: 'conflit-form', lastResult, constraint: getZodConstraint(ConflictSchema), shouldValidate: 'onSubmit' })
  // After a refusal, a kind posted in French by a page opened before migration 0026 comes back chosen, in English.
  const kind = fieldProps(fields.kind)
  return (
    <section aria-labelledby="conflit" className="fr-mt-4w">
      <h2 id="conflit">Signaler un conflit d’intérêts</h2>
      <p>Si vous connaissez une personne ou la structure qui porte ce projet, signalez-le : le projet vous sera retiré.</p>
      {message ? <FormErrors errors={[message]} title="Conflit non enregistré" /> : null}
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="declare_conflict" />
        <SelectField
          label="Type de lien"
          {...kind}
          defaultValue={initialText(conflictKindCode(kind.defaultValue))}
          required={fields.kind.required}
          options={CONFLICT_KINDS}
          placeholder="Choisissez"
        />
        <TextAreaField
          label="Expliquez en une phrase"
          {...fieldProps(fields.details)}
          required={fields.details.required}
          maxLength={fields.details.maxLength}
          rows={2}
        />
        <button type="submit" className="fr-btn fr-btn--tertiary">
          Signaler le conflit et ne pas évaluer ce projet
        </button>
      </SecureForm>
    </section>
  )
}
