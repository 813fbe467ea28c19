import { getFormProps } from '@conform-to/react'
import { INTRODUCTION_OUTCOME_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { fieldProps, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { IntentField, Section, useFreshKey, useSectionForm } from './form-parts.tsx'
import type { IntroductionCountsView, ProjectRecordView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type Introduction = ProjectRecordView['introductions'][number]

/** The introductions made for the project, their outcomes, and the form that adds one. */
export function IntroductionsSection({ introductions, counts, canEdit, today }: { introductions: Introduction[]; counts: IntroductionCountsView; canEdit: boolean; today: string }) {
  const freshKey = useFreshKey('introduction')
  return (
    <Section id="introduction" title="Mises en relation">
      <p>
        {counts.total} mise{counts.total > 1 ? 's' : ''} en relation : {counts.met} rencontre
        {counts.met > 1 ? 's' : ''} faite{counts.met > 1 ? 's' : ''}, {counts.followed_up} avec suite donnée, {counts.pending} en
        attente, {counts.no_follow_up} sans suite.
      </p>
      {introductions.length ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Mises en relation</caption>
            <thead>
              <tr>
                <th scope="col">Avec</th>
                <th scope="col">Pourquoi</th>
                <th scope="col">Date</th>
                <th scope="col">Suite</th>
              </tr>
            </thead>
            <tbody>
              {introductions.map((intro) => (
                <tr key={intro.id}>
                  <td>
                    {intro.organisation}
                    {intro.person ? ` (${intro.person})` : ''}
                  </td>
                  <td>{intro.reason}</td>
                  <td>{formatDay(intro.made_on)}</td>
                  <td>{canEdit ? <OutcomeForm introduction={intro} /> : INTRODUCTION_OUTCOME_LABELS[intro.outcome]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune mise en relation pour le moment.</p>
      )}
      {canEdit ? <IntroductionForm key={freshKey} today={today} /> : null}
    </Section>
  )
}

/** The form that adds an introduction. */
function IntroductionForm({ today }: { today: string }) {
  const [form, fields] = useSectionForm('introduction', { id: 'mise-en-relation', defaultValue: { madeOn: today } })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Ajouter une mise en relation</h3>
      <IntentField value="introduction" />
      <TextField label="Administration ou structure" {...fieldProps(fields.organisation)} required={fields.organisation.required} maxLength={fields.organisation.maxLength} />
      <TextField label="Personne (facultatif)" {...fieldProps(fields.person)} maxLength={fields.person.maxLength} />
      <TextAreaField label="Pourquoi" {...fieldProps(fields.reason)} required={fields.reason.required} maxLength={fields.reason.maxLength} rows={2} />
      <TextField label="Date" {...fieldProps(fields.madeOn)} required={fields.madeOn.required} type="date" />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Ajouter la mise en relation
      </button>
    </SecureForm>
  )
}

/** The outcome of one introduction, as a plain form (the label is for screen readers). */
function OutcomeForm({ introduction }: { introduction: Introduction }) {
  return (
    <SecureForm method="post">
      <IntentField value="introduction_outcome" />
      <input type="hidden" name="introductionId" value={introduction.id} />
      <label className="fr-label fr-sr-only" htmlFor={`intro-${introduction.id}`}>
        Suite de la mise en relation avec {introduction.organisation}
      </label>
      <select className="fr-select" id={`intro-${introduction.id}`} name="outcome" defaultValue={introduction.outcome}>
        {options(INTRODUCTION_OUTCOME_LABELS).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w">
        Changer la suite
      </button>
    </SecureForm>
  )
}
