import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { Link } from '@remix-run/react'
import { ChoiceField, fieldProps, FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { ANSWER_EDIT_MINUTES, ANSWER_STATUSES, answerStatusLabel } from '#app/experiences/labels.ts'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import { useExperienceForm, type Replies } from './team-form.ts'

interface Answer {
  id: string
  body: string
  status: string
  signer_role: string
  signer_name: string | null
  created_at: string
  amended_at: string | null
}

function AnswerCard({ answer, serviceName, editable, lastResult }: { answer: Answer; serviceName: string; editable: boolean; lastResult: SubmissionResult<string[]> }) {
  const [form, fields] = useExperienceForm('edit_answer', { id: `reponse-${answer.id}`, lastResult, defaultValue: { answerId: answer.id, body: answer.body, status: answer.status } })
  return (
    <div className="fr-p-2w fr-mb-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <p className="fr-badge fr-badge--sm">{answerStatusLabel(answer.status)}</p>
      <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
        {answer.body}
      </p>
      <p className="fr-text--sm">
        {`${[answer.signer_name, answer.signer_role, serviceName].filter(Boolean).join(', ')} — ${formatDateTime(answer.created_at)}`}
        {answer.amended_at ? ` (modifié le ${formatDateTime(answer.amended_at)})` : ''}
      </p>
      <details>
        <summary>{editable ? `Corriger (possible pendant ${ANSWER_EDIT_MINUTES} minutes)` : 'Modifier (la page publique affichera « modifié le »)'}</summary>
        <SecureForm method="post" {...getFormProps(form)} noValidate>
          <input type="hidden" name="intent" value="edit_answer" />
          <input type="hidden" name={fields.answerId.name} value={answer.id} />
          <TextAreaField label="Réponse" {...fieldProps(fields.body)} required={fields.body.required} maxLength={fields.body.maxLength} rows={5} />
          <SelectField label="Statut" {...fieldProps(fields.status)} options={ANSWER_STATUSES} required={fields.status.required} />
          <button type="submit" className="fr-btn fr-btn--sm">
            Enregistrer la modification
          </button>
        </SecureForm>
      </details>
    </div>
  )
}

/** A published experience: its public text, the « moi aussi » count, its answers and the answer form. */
export function PublishedSection({
  experience,
  serviceName,
  answers,
  editableAnswerIds,
  answerToken,
  replies,
}: {
  experience: { id: string; body: string; public_body: string | null; published_at: string | null; answer_status: string | null; me_too_count: number }
  serviceName: string
  answers: Answer[]
  editableAnswerIds: string[]
  answerToken: string
  replies: Replies
}) {
  const [form, fields] = useExperienceForm('answer', { id: 'reponse', lastResult: replies.lastResultFor('answer'), defaultValue: { status: 'answered' } })
  return (
    <section aria-labelledby="publie" className="fr-mb-6w">
      <h2 id="publie">Texte publié</h2>
      <p className="fr-text--sm">
        {`Publié le ${experience.published_at ? formatDateTime(experience.published_at) : ''} · « Moi aussi » : ${formatNumber(experience.me_too_count)}. `}
        <Link to={`/experiences/${experience.id}`}>Voir la page publique</Link>
      </p>
      <blockquote className="fr-p-2w" dir="auto" style={{ whiteSpace: 'pre-wrap', background: 'var(--background-alt-grey)' }}>
        {experience.public_body}
      </blockquote>
      {experience.public_body !== experience.body ? (
        <details className="fr-mt-2w">
          <summary>Texte original (jamais publié)</summary>
          <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {experience.body}
          </p>
        </details>
      ) : null}
      <h2 className="fr-mt-4w">{`Réponses publiques (${answers.length})`}</h2>
      <p>{`Statut actuel : ${answerStatusLabel(experience.answer_status)}.`}</p>
      {answers.map((answer) => (
        <AnswerCard
          key={answer.id}
          answer={answer}
          serviceName={serviceName}
          editable={editableAnswerIds.includes(answer.id)}
          lastResult={replies.lastResultFor('edit_answer', answer.id)}
        />
      ))}
      <h3>Répondre en public</h3>
      <p className="fr-text--sm">Votre réponse est signée du nom du service et de votre fonction ; votre nom n’apparaît que si vous le choisissez.</p>
      <FormErrors errors={replies.messageFor('answer')} />
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name={fields.token.name} value={answerToken} />
        <TextAreaField label="Réponse" {...fieldProps(fields.body)} required={fields.body.required} maxLength={fields.body.maxLength} rows={6} />
        <SelectField label="Statut" {...fieldProps(fields.status)} options={ANSWER_STATUSES} required={fields.status.required} />
        <TextField label="Votre fonction" hint="Par exemple « Responsable de l’accueil »." {...fieldProps(fields.signerRole)} required={fields.signerRole.required} maxLength={fields.signerRole.maxLength} />
        <ChoiceField legend="Signature" name={fields.signWithName.name} type="checkbox" options={[{ value: 'on', label: 'Ajouter mon nom à la signature' }]} />
        <button type="submit" className="fr-btn">
          Publier la réponse
        </button>
      </SecureForm>
    </section>
  )
}
