// Sections « Date limite des évaluations » and « Signalements des porteurs » of the team's jury page.
import type { SerializeFrom } from '@remix-run/node'
import type { JuryPageData } from '#app/accelerator/scoring/jury-page.server.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'

type Data = SerializeFrom<JuryPageData>

export function DeadlineSection({ call, message, err }: { call: Data['call']; message: string | null; err: (name: string) => string[] | null }) {
  return (
    <section aria-labelledby="echeance" className="fr-mb-6w">
      <h2 id="echeance">Date limite des évaluations</h2>
      <p>{call.deadlineAt ? `Actuellement : ${formatDateAtTime(call.deadlineAt)}. Un rappel part trois jours avant.` : 'Aucune date limite : pas de rappel.'}</p>
      {message ? <FormErrors errors={[message]} title="Date non enregistrée" /> : null}
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="set_deadline" />
        <TextField label="Date et heure limites (heure de Paris)" name="deadline" type="datetime-local" defaultValue={call.deadline} errors={err('deadline')} />
        <button type="submit" className="fr-btn fr-btn--secondary">
          Enregistrer la date limite
        </button>
      </SecureForm>
    </section>
  )
}

export function ObjectionsSection({ objections, members }: { objections: Data['objections']; members: Data['members'] }) {
  return (
    <section aria-labelledby="signalements" className="fr-mb-6w">
      <h2 id="signalements">Signalements des porteurs ({objections.length})</h2>
      {objections.length === 0 ? (
        <p>Aucun porteur n’a signalé de conflit.</p>
      ) : (
        <ul>
          {objections.map((o) => (
            <li key={o.id} className="fr-mb-3w">
              <p className="fr-mb-1w">
                {o.reference} – {o.title} ({formatDate(o.createdAt)}) : {o.names} — « {o.reason} » {o.handled ? '(traité)' : ''}
              </p>
              {!o.handled ? (
                <SecureForm method="post">
                  <input type="hidden" name="intent" value="handle_objection" />
                  <input type="hidden" name="objectionId" value={o.id} />
                  <SelectField
                    label="Membre concerné"
                    name="memberId"
                    id={`membre-${o.id}`}
                    options={[{ value: 'aucun', label: 'Aucun membre des jurys n’est concerné' }, ...members.map((m) => ({ value: m.userId, label: `${m.name} (${JURY_LABELS[m.jury]})` }))]}
                  />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                    Traiter le signalement
                  </button>
                </SecureForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
