import { getFormProps } from '@conform-to/react'
import { HEALTH_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { HealthBadge } from '#app/components/accelerator/mentoring.tsx'
import { ChoiceField, fieldProps, initialText, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { formatNumber } from '#app/utils/format.ts'
import { EditBox, EditLink, ErrorText, IntentField, Section, useFreshKey, useOpenEdit, useSectionForm, type SectionField } from './form-parts.tsx'
import type { ProjectPermissionsView, ProjectRecordView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type CheckIn = ProjectRecordView['checkIns'][number]

/** The check-ins (cards with the leader's view), the open correction of one, and the form that records one. */
export function CheckInsSection({ projectId, checkIns, can, today }: { projectId: string; checkIns: CheckIn[]; can: ProjectPermissionsView; today: string }) {
  const freshKey = useFreshKey('check_in')
  const canEdit = can.editRecord
  const minutes = checkIns.reduce((sum, c) => sum + c.minutes_spent, 0)
  return (
    <Section id="check-in" title="Points d’étape">
      <p>
        {checkIns.length} point{checkIns.length > 1 ? 's' : ''} d’étape, {formatNumber(minutes / 60, 1)} h d’accompagnement.
      </p>
      {checkIns.map((checkIn) => (
        <div key={checkIn.id} className="fr-card fr-card--no-arrow fr-mb-2w">
          <div className="fr-card__body">
            <div className="fr-card__content">
              <h3 className="fr-card__title">
                Point du {formatDay(checkIn.held_on)} <HealthBadge health={checkIn.health} small />
              </h3>
              <p className="fr-card__desc">
                <strong>Participants :</strong> {checkIn.attendees} – {checkIn.minutes_spent} min
                {canEdit ? <EditLink id={checkIn.id} label={`Modifier le point du ${formatDay(checkIn.held_on)}`} /> : null}
              </p>
              <p className="fr-card__desc">{checkIn.notes}</p>
              {checkIn.decisions ? (
                <p className="fr-card__desc">
                  <strong>Décisions :</strong> {checkIn.decisions}
                </p>
              ) : null}
              {checkIn.private_notes ? (
                <p className="fr-card__desc">
                  <strong>Notes privées (équipe et chargé·e d’accélération) :</strong> {checkIn.private_notes}
                </p>
              ) : null}
              {checkIn.leader_view ? (
                <p className="fr-card__desc">
                  <strong>Point de vue du porteur :</strong> {checkIn.leader_view}
                </p>
              ) : null}
              {can.addLeaderView ? <LeaderViewForm checkIn={checkIn} /> : null}
            </div>
          </div>
        </div>
      ))}
      {canEdit ? <CheckInEditForm projectId={projectId} checkIns={checkIns} /> : null}
      {canEdit ? <CheckInAddForm key={freshKey} today={today} /> : null}
    </Section>
  )
}

/** The leader's view of one check-in (a form per check-in). */
function LeaderViewForm({ checkIn }: { checkIn: CheckIn }) {
  const [form, fields] = useSectionForm('leader_view', {
    id: `point-de-vue-${checkIn.id}`,
    defaultValue: { checkInId: checkIn.id, leaderView: checkIn.leader_view ?? '' },
    item: { checkInId: checkIn.id },
  })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <IntentField value="leader_view" />
      <input type="hidden" name={fields.checkInId.name} value={checkIn.id} />
      <TextAreaField
        label={checkIn.leader_view ? 'Modifier votre point de vue' : 'Ajouter votre point de vue'}
        {...fieldProps(fields.leaderView)}
        required={fields.leaderView.required}
        maxLength={fields.leaderView.maxLength}
        rows={2}
      />
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
        Enregistrer mon point de vue
      </button>
    </SecureForm>
  )
}

/** The form that records a check-in. */
function CheckInAddForm({ today }: { today: string }) {
  const [form, fields] = useSectionForm('check_in', { id: 'point-etape', defaultValue: { heldOn: today, minutesSpent: '60' } })
  return (
    <SecureForm method="post" {...getFormProps(form)} noValidate>
      <h3 className="fr-h6">Ajouter un point d’étape</h3>
      <IntentField value="check_in" />
      <CheckInFields fields={fields} />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer le point d’étape
      </button>
    </SecureForm>
  )
}

/** The open edit form of a check-in. */
function CheckInEditForm({ projectId, checkIns }: { projectId: string; checkIns: CheckIn[] }) {
  const { item: checkIn, errors } = useOpenEdit('check_in_edit', 'checkInId', checkIns)
  if (!checkIn) return <ErrorText messages={errors} />
  return <CheckInEditBox key={checkIn.id} projectId={projectId} checkIn={checkIn} />
}

function CheckInEditBox({ projectId, checkIn }: { projectId: string; checkIn: CheckIn }) {
  const [form, fields] = useSectionForm('check_in_edit', {
    id: `point-etape-${checkIn.id}`,
    defaultValue: {
      checkInId: checkIn.id,
      heldOn: checkIn.held_on,
      attendees: checkIn.attendees,
      notes: checkIn.notes,
      decisions: checkIn.decisions ?? '',
      privateNotes: checkIn.private_notes ?? '',
      minutesSpent: String(checkIn.minutes_spent),
      health: checkIn.health,
    },
    item: { checkInId: checkIn.id },
  })
  return (
    <EditBox
      projectId={projectId}
      intent="check_in_edit"
      field="checkInId"
      id={checkIn.id}
      title={`Modifier le point du ${formatDay(checkIn.held_on)}`}
      cancelTo="check-in"
      submit="Enregistrer la correction"
      formProps={getFormProps(form)}
    >
      <CheckInFields fields={fields} />
    </EditBox>
  )
}

/** The fields of a check-in, for recording one and for correcting it. */
function CheckInFields({ fields }: { fields: Record<'heldOn' | 'attendees' | 'notes' | 'decisions' | 'privateNotes' | 'minutesSpent' | 'health', SectionField> }) {
  return (
    <>
      <TextField label="Date" {...fieldProps(fields.heldOn)} required={fields.heldOn.required} type="date" />
      <TextField
        label="Participants"
        hint="Par exemple : Claire Martin (porteuse), Sofia (chargée d’accélération)."
        {...fieldProps(fields.attendees)}
        required={fields.attendees.required}
        maxLength={fields.attendees.maxLength}
      />
      <TextAreaField label="Compte rendu" hint="Visible par le porteur et les référents." {...fieldProps(fields.notes)} required={fields.notes.required} maxLength={fields.notes.maxLength} rows={4} />
      <TextAreaField label="Décisions (facultatif)" {...fieldProps(fields.decisions)} maxLength={fields.decisions.maxLength} rows={2} />
      <TextAreaField
        label="Notes privées (facultatif)"
        hint="Visibles seulement par l’équipe du programme et les chargés d’accélération."
        {...fieldProps(fields.privateNotes)}
        maxLength={fields.privateNotes.maxLength}
        rows={2}
      />
      <TextField label="Temps passé (en minutes)" {...fieldProps(fields.minutesSpent)} required={fields.minutesSpent.required} inputMode="numeric" />
      <ChoiceField
        legend="Santé du projet"
        name={fields.health.name}
        inline
        required={fields.health.required}
        options={options(HEALTH_LABELS)}
        defaultValue={initialText(fields.health.initialValue)}
        errors={fields.health.errors}
      />
    </>
  )
}
