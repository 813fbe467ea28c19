import { getFormProps } from '@conform-to/react'
import { ChoiceField, fieldProps, FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'
import { describeKinds } from '#app/feedback/personal-data.ts'
import { useExperienceForm, type Replies } from './team-form.ts'

interface Part {
  text: string
  index: number | null
  kind?: string | null
}

function HighlightedText({ parts }: { parts: Part[] }) {
  return (
    <blockquote className="fr-p-2w fr-mb-3w" dir="auto" style={{ whiteSpace: 'pre-wrap', background: 'var(--background-alt-grey)' }}>
      {parts.map((part, index) =>
        part.index !== null ? (
          <mark key={index} className="aic-match" title={describeKinds([part.kind!])}>
            {`[${part.index + 1}] ${part.text}`}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </blockquote>
  )
}

/** The refusal select: the closed list and the organisation's templates (shared by one-by-one and bulk refusal). */
export function RefusalSelect({ choices, errors, id }: { choices: Array<{ value: string; label: string }>; errors?: string[] | null; id?: string }) {
  return (
    <SelectField
      id={id}
      label="Motif du refus"
      hint="Le motif (et le message du modèle choisi) est envoyé à l’auteur s’il a laissé son adresse. Une critique n’est jamais un motif de refus."
      name="reason"
      options={choices}
      placeholder="Choisir un motif"
      required
      errors={errors}
    />
  )
}

/** « Modérer » : the flagged passages to decide one by one, publication, refusal with a reason. */
export function ModerationSection({
  parts,
  piiKinds,
  refusalChoices,
  replies,
}: {
  parts: Part[]
  piiKinds: string[]
  refusalChoices: Array<{ value: string; label: string }>
  replies: Replies
}) {
  const flagged = parts.filter((part) => part.index !== null)
  const [publishForm, publishFields] = useExperienceForm('publish', { id: 'publication', lastResult: replies.lastResultFor('publish') })
  const [refuseForm, refuseFields] = useExperienceForm('refuse', { id: 'refus', lastResult: replies.lastResultFor('refuse') })
  return (
    <section aria-labelledby="moderation" className="fr-mb-6w">
      <h2 id="moderation">Modérer</h2>
      {flagged.length ? (
        <p>{`Données personnelles détectées : ${describeKinds(piiKinds)}. Les passages sont surlignés et numérotés ; décidez pour chacun.`}</p>
      ) : (
        <p>Aucune donnée personnelle détectée automatiquement. Relisez quand même : les noms ne sont pas tous détectés.</p>
      )}
      <HighlightedText parts={parts} />
      <FormErrors errors={replies.messageFor('publish')} title="Publication impossible" />
      <SecureForm method="post" {...getFormProps(publishForm)} noValidate>
        <input type="hidden" name="intent" value="publish" />
        {flagged.map((part) => (
          <ChoiceField
            key={part.index}
            legend={`Passage ${part.index! + 1} : « ${part.text} » (${describeKinds([part.kind!])})`}
            name={`passage-${part.index}`}
            inline
            required
            options={[
              { value: 'effacer', label: 'Effacer' },
              { value: 'garder', label: 'Garder (ce n’est pas une donnée personnelle)' },
            ]}
          />
        ))}
        <TextAreaField
          label="Autres passages à masquer (facultatif)"
          hint="Un passage par ligne, recopié exactement (un nom, un numéro de dossier…). Chaque occurrence sera remplacée par « [supprimé] »."
          {...fieldProps(publishFields.extra)}
          maxLength={publishFields.extra.maxLength}
          rows={3}
        />
        <button type="submit" className="fr-btn">
          Publier
        </button>
      </SecureForm>
      <h3 className="fr-mt-4w">Refuser</h3>
      <FormErrors errors={replies.messageFor('refuse')} />
      <SecureForm method="post" {...getFormProps(refuseForm)} noValidate>
        <input type="hidden" name="intent" value="refuse" />
        <RefusalSelect id={refuseFields.reason.id} choices={refusalChoices} errors={refuseFields.reason.errors} />
        <button type="submit" className="fr-btn fr-btn--secondary">
          Refuser la publication
        </button>
      </SecureForm>
    </section>
  )
}
