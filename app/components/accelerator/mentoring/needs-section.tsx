import { getFormProps } from '@conform-to/react'
import { NEED_KIND_LABELS, NEED_STATUS_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { ChoiceField, fieldProps, initialText, SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { EditBox, EditLink, ErrorText, IntentField, Section, StatusForm, useFormErrors, type SectionField, useFreshKey, useOpenEdit, useSectionForm } from './form-parts.tsx'
import type { ProjectRecordView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type Need = ProjectRecordView['needs'][number]

/** The project's needs, their states, the open edit form of one, and the form that adds one. */
export function NeedsSection({ projectId, needs, canEdit }: { projectId: string; needs: Need[]; canEdit: boolean }) {
  const status = useFormErrors('need_status')
  const freshKey = useFreshKey('need')
  return (
    <Section id="need" title="Besoins">
      {needs.length ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Besoins du projet</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Besoin</th>
                <th scope="col">Ouvert le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {needs.map((need) => (
                <tr key={need.id}>
                  <td>{NEED_KIND_LABELS[need.kind]}</td>
                  <td>
                    {need.description}
                    {canEdit ? <EditLink id={need.id} label={`Modifier le besoin « ${need.description} »`} /> : null}
                  </td>
                  <td>{formatDay(need.opened_on)}</td>
                  <td>
                    {canEdit ? (
                      <StatusForm intent="need_status" field="needId" id={need.id} idPrefix="besoin" label={`État du besoin « ${need.description} »`} labels={NEED_STATUS_LABELS} status={need.status} />
                    ) : (
                      NEED_STATUS_LABELS[need.status]
                    )}
                    {need.closed_on ? <span className="fr-text--sm"> (clos le {formatDay(need.closed_on)})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun besoin enregistré.</p>
      )}
      <ErrorText messages={[...(status.errors.status ?? []), ...(status.errors.needId ?? [])]} />
      {canEdit ? <NeedEditForm projectId={projectId} needs={needs} /> : null}
      {canEdit ? <NeedAddForm key={freshKey} /> : null}
    </Section>
  )
}

/** The form that adds a need. */
function NeedAddForm() {
  const [form, fields] = useSectionForm('need', { id: 'besoin' })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Ajouter un besoin</h3>
      <IntentField value="need" />
      <NeedFields fields={fields} rows={2} />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Ajouter le besoin
      </button>
    </SecureForm>
  )
}

/** The open edit form of a need. */
function NeedEditForm({ projectId, needs }: { projectId: string; needs: Need[] }) {
  const { item: need, errors } = useOpenEdit('need_edit', 'needId', needs)
  if (!need) return <ErrorText messages={errors} />
  return <NeedEditBox key={need.id} projectId={projectId} need={need} />
}

function NeedEditBox({ projectId, need }: { projectId: string; need: Need }) {
  const [form, fields] = useSectionForm('need_edit', { id: `besoin-${need.id}`, defaultValue: { needId: need.id, kind: need.kind, description: need.description }, item: { needId: need.id } })
  return (
    <EditBox
      projectId={projectId}
      intent="need_edit"
      field="needId"
      id={need.id}
      title={`Modifier le besoin « ${need.description.slice(0, 80)}${need.description.length > 80 ? '…' : ''} »`}
      cancelTo="need"
      submit="Enregistrer le besoin"
      formProps={getFormProps(form)}
    >
      <NeedFields fields={fields} rows={3} />
    </EditBox>
  )
}

/** The fields of a need, for adding one and for editing it. */
function NeedFields({ fields, rows }: { fields: Record<'kind' | 'description', SectionField>; rows: number }) {
  return (
    <>
      <ChoiceField
        legend="Type de besoin"
        name={fields.kind.name}
        inline
        required={fields.kind.required}
        options={options(NEED_KIND_LABELS)}
        defaultValue={initialText(fields.kind.initialValue)}
        errors={fields.kind.errors}
      />
      <TextAreaField label="Description du besoin" {...fieldProps(fields.description)} required={fields.description.required} maxLength={fields.description.maxLength} rows={rows} />
    </>
  )
}
