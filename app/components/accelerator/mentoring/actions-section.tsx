import { ACTION_OWNER_LABELS, ACTION_STATUS_LABELS, isOpenNeed, isOverdue, NEED_KIND_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { ChoiceField, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { EditBox, EditLink, ErrorText, IntentField, Section, StatusForm, useFormErrors, useFreshKey, useOpenEdit } from './form-parts.tsx'
import type { ProjectPermissionsView, ProjectRecordView, ProjectView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type Action = ProjectRecordView['actions'][number]
type Need = ProjectRecordView['needs'][number]

/** The project's actions: who carries them, when they are due, their states; edit and add forms for the staff. */
export function ActionsSection({ project, actions, needs, can, today }: { project: ProjectView; actions: Action[]; needs: Need[]; can: ProjectPermissionsView; today: string }) {
  const { errors, values } = useFormErrors('action')
  const status = useFormErrors('action_status')
  const freshKey = useFreshKey('action')
  const canEdit = can.editRecord
  const openNeeds = needs.filter((n) => isOpenNeed(n.status))
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
      {canEdit ? (
        <SecureForm key={freshKey} method="post" noValidate>
          <h3 className="fr-h6">Ajouter une action</h3>
          <IntentField value="action" />
          <TextField label="Action" name="title" defaultValue={values.title ?? ''} errors={errors.title} />
          <SelectField
            label="Besoin lié (facultatif)"
            name="needId"
            placeholder="Aucun"
            options={openNeeds.map((n) => ({ value: n.id, label: `${NEED_KIND_LABELS[n.kind]} – ${n.description.slice(0, 80)}` }))}
            defaultValue={values.needId ?? ''}
            errors={errors.needId}
          />
          <ChoiceField legend="Qui porte l’action ?" name="owner" inline options={options(ACTION_OWNER_LABELS)} defaultValue={values.owner} errors={errors.owner} />
          <TextField label="Échéance" hint={`Pendant la cohorte, au plus tard le ${formatDay(project.ends_on)}.`} name="dueOn" type="date" defaultValue={values.dueOn ?? ''} errors={errors.dueOn} />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Ajouter l’action
          </button>
        </SecureForm>
      ) : null}
    </Section>
  )
}

/** The open edit form of an action: title, linked need, who carries it, due day. */
function ActionEditForm({ project, actions, needs }: { project: ProjectView; actions: Action[]; needs: Need[] }) {
  const { item: action, errors, values } = useOpenEdit('action_edit', 'actionId', actions)
  if (!action) return <ErrorText messages={errors.actionId} />
  // Open needs, plus the one already linked even if it is closed (saving must not drop the link).
  const linkable = needs.filter((n) => isOpenNeed(n.status) || n.id === action.need_id)
  return (
    <EditBox key={action.id} projectId={project.id} intent="action_edit" field="actionId" id={action.id} title={`Modifier l’action « ${action.title} »`} cancelTo="action" submit="Enregistrer l’action">
      <TextField label="Action" name="title" defaultValue={values.title ?? action.title} errors={errors.title} />
      <SelectField
        label="Besoin lié (facultatif)"
        name="needId"
        placeholder="Aucun"
        options={linkable.map((n) => ({ value: n.id, label: `${NEED_KIND_LABELS[n.kind]} – ${n.description.slice(0, 80)}` }))}
        defaultValue={values.needId ?? action.need_id ?? ''}
        errors={errors.needId}
      />
      <ChoiceField legend="Qui porte l’action ?" name="owner" inline options={options(ACTION_OWNER_LABELS)} defaultValue={values.owner ?? action.owner} errors={errors.owner} />
      <TextField
        label="Échéance"
        hint={`Pendant la cohorte, du ${formatDay(project.starts_on)} au ${formatDay(project.ends_on)}.`}
        name="dueOn"
        type="date"
        defaultValue={values.dueOn ?? action.due_on}
        errors={errors.dueOn}
      />
    </EditBox>
  )
}
