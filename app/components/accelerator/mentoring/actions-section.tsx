import { getFormProps } from '@conform-to/react'
import { ACTION_OWNER_LABELS, ACTION_STATUS_LABELS, isOpenNeed, isOverdue, NEED_KIND_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { ChoiceField, fieldProps, initialText, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { EditBox, EditLink, ErrorText, IntentField, Section, StatusForm, useFormErrors, useFreshKey, useOpenEdit, useSectionForm, type SectionField } from './form-parts.tsx'
import type { ProjectPermissionsView, ProjectRecordView, ProjectView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type Action = ProjectRecordView['actions'][number]
type Need = ProjectRecordView['needs'][number]

/** The project's actions: who carries them, when they are due, their states; edit and add forms for the staff. */
export function ActionsSection({ project, actions, needs, can, today }: { project: ProjectView; actions: Action[]; needs: Need[]; can: ProjectPermissionsView; today: string }) {
  const status = useFormErrors('action_status')
  const freshKey = useFreshKey('action')
  const canEdit = can.editRecord
  return (
    <Section id="action" title="Actions">
      {actions.length ? (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Actions du projet</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Qui</th>
                <th scope="col">Échéance</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((action) => {
                const overdue = isOverdue(action, today)
                const need = needs.find((n) => n.id === action.need_id)
                const editable = canEdit || (can.updateLeaderActions && action.owner === 'leader')
                return (
                  <tr key={action.id}>
                    <td>
                      {action.title}
                      {need ? <span className="fr-text--sm fr-hint-text">Besoin : {need.description}</span> : null}
                      {canEdit ? <EditLink id={action.id} label={`Modifier l’action « ${action.title} »`} /> : null}
                    </td>
                    <td>{ACTION_OWNER_LABELS[action.owner]}</td>
                    <td>
                      {formatDay(action.due_on)}
                      {overdue ? (
                        <>
                          {' '}
                          <span className="fr-badge fr-badge--error fr-badge--sm">En retard</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {editable ? (
                        <StatusForm intent="action_status" field="actionId" id={action.id} idPrefix="action" label={`État de l’action « ${action.title} »`} labels={ACTION_STATUS_LABELS} status={action.status} />
                      ) : (
                        ACTION_STATUS_LABELS[action.status]
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune action enregistrée.</p>
      )}
      <ErrorText messages={status.errors.status} />
      {canEdit ? <ActionEditForm project={project} actions={actions} needs={needs} /> : null}
      {canEdit ? <ActionAddForm key={freshKey} project={project} needs={needs} /> : null}
    </Section>
  )
}

/** The form that adds an action. */
function ActionAddForm({ project, needs }: { project: ProjectView; needs: Need[] }) {
  const [form, fields] = useSectionForm('action', { id: 'action' })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Ajouter une action</h3>
      <IntentField value="action" />
      <ActionFields fields={fields} needs={needs.filter((n) => isOpenNeed(n.status))} dueHint={`Pendant la cohorte, au plus tard le ${formatDay(project.ends_on)}.`} />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Ajouter l’action
      </button>
    </SecureForm>
  )
}

/** The open edit form of an action: title, linked need, who carries it, due day. */
function ActionEditForm({ project, actions, needs }: { project: ProjectView; actions: Action[]; needs: Need[] }) {
  const { item: action, errors } = useOpenEdit('action_edit', 'actionId', actions)
  if (!action) return <ErrorText messages={errors} />
  return <ActionEditBox key={action.id} project={project} action={action} needs={needs} />
}

function ActionEditBox({ project, action, needs }: { project: ProjectView; action: Action; needs: Need[] }) {
  const [form, fields] = useSectionForm('action_edit', {
    id: `action-${action.id}`,
    defaultValue: { actionId: action.id, title: action.title, needId: action.need_id ?? '', owner: action.owner, dueOn: action.due_on },
    item: { actionId: action.id },
  })
  // Open needs, plus the one already linked even if it is closed (saving must not drop the link).
  const linkable = needs.filter((n) => isOpenNeed(n.status) || n.id === action.need_id)
  return (
    <EditBox
      projectId={project.id}
      intent="action_edit"
      field="actionId"
      id={action.id}
      title={`Modifier l’action « ${action.title} »`}
      cancelTo="action"
      submit="Enregistrer l’action"
      formProps={getFormProps(form)}
    >
      <ActionFields fields={fields} needs={linkable} dueHint={`Pendant la cohorte, du ${formatDay(project.starts_on)} au ${formatDay(project.ends_on)}.`} />
    </EditBox>
  )
}

/** The fields of an action, for adding one and for editing it. */
function ActionFields({ fields, needs, dueHint }: { fields: Record<'title' | 'needId' | 'owner' | 'dueOn', SectionField>; needs: Need[]; dueHint: string }) {
  return (
    <>
      <TextField label="Action" {...fieldProps(fields.title)} required={fields.title.required} maxLength={fields.title.maxLength} />
      <SelectField
        label="Besoin lié (facultatif)"
        {...fieldProps(fields.needId)}
        defaultValue={initialText(fields.needId.initialValue) ?? ''}
        placeholder="Aucun"
        options={needs.map((n) => ({ value: n.id, label: `${NEED_KIND_LABELS[n.kind]} – ${n.description.slice(0, 80)}` }))}
      />
      <ChoiceField
        legend="Qui porte l’action ?"
        name={fields.owner.name}
        inline
        required={fields.owner.required}
        options={options(ACTION_OWNER_LABELS)}
        defaultValue={initialText(fields.owner.initialValue)}
        errors={fields.owner.errors}
      />
      <TextField label="Échéance" hint={dueHint} {...fieldProps(fields.dueOn)} required={fields.dueOn.required} type="date" />
    </>
  )
}
