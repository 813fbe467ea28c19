import { getFormProps } from '@conform-to/react'
import { progressPercent } from '#app/accelerator/mentoring/mentoring.ts'
import { fieldProps, SecureForm, TextField } from '#app/components/forms.tsx'
import { formatNumber } from '#app/utils/format.ts'
import { IntentField, Section, useFreshKey, useSectionForm } from './form-parts.tsx'
import type { ProjectRecordView, ProjectView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type IndicatorValue = ProjectRecordView['values'][number]

/** The impact indicator: start, target, measures and progress; the staff records a measure. */
export function IndicatorSection({ indicator, values: measures, canEdit, today }: { indicator: ProjectView['indicator']; values: IndicatorValue[]; canEdit: boolean; today: string }) {
  const freshKey = useFreshKey('indicator')
  const last = measures.at(-1)
  const progress = last && Number.isFinite(indicator.start) && Number.isFinite(indicator.target) ? progressPercent(indicator.start, indicator.target, last.value) : null
  return (
    <Section id="indicator" title="Indicateur d’impact">
      <p>
        <strong>{indicator.name}</strong> ({indicator.unit}) : départ {Number.isFinite(indicator.start) ? formatNumber(indicator.start) : '?'}, cible{' '}
        {Number.isFinite(indicator.target) ? formatNumber(indicator.target) : '?'}
        {last ? `, dernière mesure ${formatNumber(last.value)} le ${formatDay(last.measured_on)}` : ', pas encore de mesure'}.
      </p>
      {progress !== null ? (
        <div aria-hidden="true" className="fr-mb-2w" style={{ background: 'var(--background-contrast-grey)', height: '1.5rem', maxWidth: '40rem' }}>
          <div style={{ background: 'var(--background-action-high-blue-france)', height: '100%', width: `${progress}%` }} />
        </div>
      ) : null}
      {progress !== null ? <p>Progression vers la cible : {progress} %.</p> : null}
      {measures.length ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Mesures de l’indicateur</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Valeur ({indicator.unit})</th>
              </tr>
            </thead>
            <tbody>
              {measures.map((value) => (
                <tr key={value.id}>
                  <td>{formatDay(value.measured_on)}</td>
                  <td>{formatNumber(value.value, Number.isInteger(value.value) ? 0 : 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEdit ? <MeasureForm key={freshKey} unit={indicator.unit} today={today} /> : null}
    </Section>
  )
}

/** The form that records a measure of the indicator. */
function MeasureForm({ unit, today }: { unit: string; today: string }) {
  const [form, fields] = useSectionForm('indicator', { id: 'mesure', defaultValue: { measuredOn: today } })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Enregistrer une mesure</h3>
      <IntentField value="indicator" />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <TextField label="Date de la mesure" {...fieldProps(fields.measuredOn)} required={fields.measuredOn.required} type="date" />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <TextField label={`Valeur (${unit})`} {...fieldProps(fields.value)} required={fields.value.required} maxLength={fields.value.maxLength} inputMode="decimal" />
        </div>
      </div>
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer la mesure
      </button>
    </SecureForm>
  )
}
