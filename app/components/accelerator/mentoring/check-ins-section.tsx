import { HEALTH_LABELS, options } from '#app/accelerator/mentoring/mentoring.ts'
import { HealthBadge } from '#app/components/accelerator/mentoring.tsx'
import { ChoiceField, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { formatNumber } from '#app/utils/format.ts'
import { EditBox, EditLink, ErrorText, IntentField, Section, useFormErrors, useFreshKey, useOpenEdit } from './form-parts.tsx'
import type { ProjectPermissionsView, ProjectRecordView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

type CheckIn = ProjectRecordView['checkIns'][number]

/** The check-ins (cards with the leader's view), the open correction of one, and the form that records one. */
export function CheckInsSection({ projectId, checkIns, can, today }: { projectId: string; checkIns: CheckIn[]; can: ProjectPermissionsView; today: string }) {
  const { errors, values } = useFormErrors('check_in')
  const view = useFormErrors('leader_view')
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
              {can.addLeaderView ? (
                <SecureForm method="post" noValidate>
                  <IntentField value="leader_view" />
                  <input type="hidden" name="checkInId" value={checkIn.id} />
                  <TextAreaField
                    label={checkIn.leader_view ? 'Modifier votre point de vue' : 'Ajouter votre point de vue'}
                    name="leaderView"
                    rows={2}
                    defaultValue={checkIn.leader_view ?? ''}
                    errors={view.values.checkInId === checkIn.id ? view.errors.leaderView : undefined}
                  />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                    Enregistrer mon point de vue
                  </button>
                </SecureForm>
              ) : null}
            </div>
          </div>
        </div>
      ))}
      {canEdit ? <CheckInEditForm projectId={projectId} checkIns={checkIns} /> : null}
      {canEdit ? (
        <SecureForm key={freshKey} method="post" noValidate>
          <h3 className="fr-h6">Ajouter un point d’étape</h3>
          <IntentField value="check_in" />
          <CheckInFields values={values} errors={errors} initial={{ held_on: today, attendees: '', notes: '', decisions: null, private_notes: null, minutes_spent: 60, health: undefined }} />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Enregistrer le point d’étape
          </button>
        </SecureForm>
      ) : null}
    </Section>
  )
}

/** The open edit form of a check-in. */
function CheckInEditForm({ projectId, checkIns }: { projectId: string; checkIns: CheckIn[] }) {
  const { item: checkIn, errors, values } = useOpenEdit('check_in_edit', 'checkInId', checkIns)
  if (!checkIn) return <ErrorText messages={errors.checkInId} />
  return (
    <EditBox
      key={checkIn.id}
      projectId={projectId}
      intent="check_in_edit"
      field="checkInId"
      id={checkIn.id}
      title={`Modifier le point du ${formatDay(checkIn.held_on)}`}
      cancelTo="check-in"
      submit="Enregistrer la correction"
    >
      <CheckInFields values={values} errors={errors} initial={checkIn} />
    </EditBox>
  )
}

/** The fields of a check-in, for recording one and for correcting it. */
function CheckInFields({
  values,
  errors,
  initial,
}: {
  values: Record<string, string>
  errors: Record<string, string[] | null | undefined>
  initial: { held_on: string; attendees: string; notes: string; decisions: string | null; private_notes: string | null; minutes_spent: number; health: string | undefined }
}) {
  return (
    <>
      <TextField label="Date" name="heldOn" type="date" defaultValue={values.heldOn ?? initial.held_on} errors={errors.heldOn} />
      <TextField label="Participants" hint="Par exemple : Claire Martin (porteuse), Sofia (chargée d’accélération)." name="attendees" defaultValue={values.attendees ?? initial.attendees} errors={errors.attendees} />
      <TextAreaField label="Compte rendu" hint="Visible par le porteur et les référents." name="notes" rows={4} defaultValue={values.notes ?? initial.notes} errors={errors.notes} />
      <TextAreaField label="Décisions (facultatif)" name="decisions" rows={2} defaultValue={values.decisions ?? initial.decisions ?? ''} errors={errors.decisions} />
      <TextAreaField
        label="Notes privées (facultatif)"
        hint="Visibles seulement par l’équipe du programme et les chargés d’accélération."
        name="privateNotes"
        rows={2}
        defaultValue={values.privateNotes ?? initial.private_notes ?? ''}
        errors={errors.privateNotes}
      />
      <TextField label="Temps passé (en minutes)" name="minutesSpent" inputMode="numeric" defaultValue={values.minutesSpent ?? String(initial.minutes_spent)} errors={errors.minutesSpent} />
      <ChoiceField legend="Santé du projet" name="health" inline options={options(HEALTH_LABELS)} defaultValue={values.health ?? initial.health} errors={errors.health} />
    </>
  )
}
