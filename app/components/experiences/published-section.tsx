import { Link } from '@remix-run/react'
import { ChoiceField, FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import { ANSWER_EDIT_MINUTES, ANSWER_STATUSES, answerStatusLabel } from '#app/experiences/labels.ts'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import type { Errors } from './moderation-section.tsx'

interface Answer {
  id: string
  body: string
  status: string
  signer_role: string
  signer_name: string | null
  created_at: string
  amended_at: string | null
}

function AnswerCard({ answer, serviceName, editable, errors }: { answer: Answer; serviceName: string; editable: boolean; errors: Errors }) {
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
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="edit_answer" />
          <input type="hidden" name="answerId" value={answer.id} />
          <TextAreaField label="Réponse" name="body" rows={5} defaultValue={answer.body} required errors={errors.body} />
          <SelectField label="Statut" name="status" options={ANSWER_STATUSES} defaultValue={answer.status} required />
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
  errorsFor,
  messageFor,
}: {
  experience: { id: string; body: string; public_body: string | null; published_at: string | null; answer_status: string | null; me_too_count: number }
  serviceName: string
  answers: Answer[]
  editableAnswerIds: string[]
  answerToken: string
  errorsFor: (intent: string) => Errors
  messageFor: (intent: string) => string[] | null
}) {
  const errors = errorsFor('answer')
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
          errors={errorsFor('edit_answer')}
        />
      ))}
      <h3>Répondre en public</h3>
      <p className="fr-text--sm">Votre réponse est signée du nom du service et de votre fonction ; votre nom n’apparaît que si vous le choisissez.</p>
      <FormErrors errors={messageFor('answer')} />
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="answer" />
        <input type="hidden" name="token" value={answerToken} />
        <TextAreaField label="Réponse" name="body" rows={6} required errors={errors.body} />
        <SelectField label="Statut" name="status" options={ANSWER_STATUSES} defaultValue="answered" required errors={errors.status} />
        <TextField
          label="Votre fonction"
          hint="Par exemple « Responsable de l’accueil »."
          name="signerRole"
          required
          maxLength={100}
          errors={errors.signerRole}
        />
        <ChoiceField legend="Signature" name="signWithName" type="checkbox" options={[{ value: 'on', label: 'Ajouter mon nom à la signature' }]} />
        <button type="submit" className="fr-btn">
          Publier la réponse
        </button>
      </SecureForm>
    </section>
  )
}
