import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint } from '@conform-to/zod/v4'
import { COMMITTEE_DECISION_LABELS, DecisionSchema, options, PreparationSchema } from '#app/accelerator/mentoring/mentoring.ts'
import { ChoiceField, fieldProps, initialText, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'

// The two forms of each item of a committee's agenda (app/routes/accompagnement.comites.$committeeId.tsx):
// ids, errors and constraints from the schemas of mentoring.ts; `lastResult` is the refused post of
// this form for this project, if any (the page has one pair of forms per project).

type LastResult = SubmissionResult<string[]> | null

export function PreparationForm({ projectId, note, lastResult }: { projectId: string; note: string | null; lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: `preparation-${projectId}`,
    lastResult,
    defaultValue: { projectId, preparationNote: note ?? '' },
    constraint: getZodConstraint(PreparationSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <input type="hidden" name="intent" value="preparation" />
      <input type="hidden" name={fields.projectId.name} value={projectId} />
      <TextAreaField
        label="Note de préparation"
        hint="Où en est le projet, ce qui est demandé au comité."
        {...fieldProps(fields.preparationNote)}
        maxLength={fields.preparationNote.maxLength}
        rows={3}
        errors={fields.preparationNote.errors ?? fields.projectId.errors}
      />
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
        Enregistrer la note
      </button>
    </SecureForm>
  )
}

export function DecisionForm(props: { projectId: string; decision: string | null; amount: number | null; motivation: string | null; lastResult: LastResult }) {
  const { projectId, decision, amount, motivation, lastResult } = props
  const [form, fields] = useForm({
    id: `decision-${projectId}`,
    lastResult,
    defaultValue: { projectId, decision: decision ?? undefined, amount: amount !== null ? String(amount) : '', motivation: motivation ?? '' },
    constraint: getZodConstraint(DecisionSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate className="fr-mt-2w">
      <input type="hidden" name="intent" value="decision" />
      <input type="hidden" name={fields.projectId.name} value={projectId} />
      <ChoiceField
        legend={decision ? 'Corriger la décision' : 'Décision'}
        name={fields.decision.name}
        inline
        required={fields.decision.required}
        options={options(COMMITTEE_DECISION_LABELS)}
        defaultValue={initialText(fields.decision.initialValue)}
        errors={fields.decision.errors}
      />
      <TextField
        label="Montant de la tranche, en euros"
        hint="Par exemple 80 000. Laissez vide si aucun financement."
        {...fieldProps(fields.amount)}
        inputMode="numeric"
      />
      <TextAreaField
        label="Motivation"
        {...fieldProps(fields.motivation)}
        maxLength={fields.motivation.maxLength}
        rows={2}
        errors={fields.motivation.errors ?? fields.projectId.errors}
      />
      <button type="submit" className="fr-btn fr-btn--sm">
        Enregistrer la décision
      </button>
    </SecureForm>
  )
}
