import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { inviteToRole } from '#app/auth/invitations.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/application-form.ts'
import { requireTeamOnJuryCall } from '#app/accelerator/scoring-access.server.ts'
import { CONFLICT_KIND_LABELS, CONFLICT_STATUS_LABELS } from '#app/accelerator/scoring-labels.ts'
import { decideConflict, handleLeaderObjection, listConflicts, listJuryMembers, listLeaderObjections, setAvailability } from '#app/accelerator/scoring-panel.server.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm, SelectField, TextField } from '#app/components/forms.tsx'
import { audit } from '#app/utils/audit.server.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { dateToParisLocal, parisLocalToDate } from '#app/utils/paris-time.ts'
import { EmailSchema } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Jurys – ${data.call.title}` : 'Jurys') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  const [members, conflicts, objections] = await Promise.all([
    listJuryMembers(context.db, call.id),
    listConflicts(context.db, call.id),
    listLeaderObjections(context.db, { callId: call.id }),
  ])
  return json({
    call: {
      id: call.id,
      title: call.title,
      // While the call is open the juries are prepared; assignment and scoring wait for the close.
      open: call.state === 'ouvert',
      closesAt: call.closes_at,
      deadline: call.review_deadline ? dateToParisLocal(call.review_deadline) : '', deadlineAt: call.review_deadline },
    members,
    objections: objections.map((o) => ({
      id: o.id,
      reference: o.reference,
      title: projectTitle(o.answers as Answers),
      names: o.names,
      reason: o.reason,
      handled: Boolean(o.handled_at),
      createdAt: o.created_at,
    })),
    conflicts: conflicts.map((c) => ({
      id: c.id,
      reviewer: c.display_name ?? c.email,
      reference: c.reference,
      title: projectTitle(c.answers as Answers),
      kind: CONFLICT_KIND_LABELS[c.kind],
      details: c.details,
      source: c.source,
      status: c.status,
      createdAt: c.created_at,
    })),
  })
}

const InviteSchema = z.object({ email: EmailSchema, jury: z.enum(['administration', 'citizen'], { error: 'Choisissez le jury.' }) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnJuryCall(context, request, params.callId ?? '')
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  const base = `/equipe/appels/${call.id}/jurys`
  if (intent === 'inviter') {
    const parsed = InviteSchema.safeParse({ email: formData.get('email') ?? '', jury: formData.get('jury') ?? undefined })
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message
      return json({ form: 'inviter', message: 'L’invitation n’est pas envoyée : corrigez les points signalés.', fieldErrors: errors }, { status: 400 })
    }
    const result = await inviteToRole({ db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }, user, {
      email: parsed.data.email,
      role: parsed.data.jury === 'administration' ? 'admin_reviewer' : 'citizen_panelist',
      scopeId: call.id,
    })
    if (!result.ok) {
      return json(
        { form: 'inviter', message: result.error === 'already-member' ? 'Cette personne fait déjà partie de ce jury.' : 'Cet appel n’accepte pas d’invitation.', fieldErrors: {} },
        { status: 400 },
      )
    }
    return redirect(`${base}?fait=invitation`)
  }
  if (intent === 'disponibilite') {
    const userId = z.string().uuid().safeParse(formData.get('userId'))
    if (!userId.success || !(await setAvailability(context.db, user, call.id, userId.data, formData.get('indisponible') === 'oui'))) {
      return json({ form: 'membres', message: 'Cette personne ne fait pas partie des jurys de cet appel.', fieldErrors: {} }, { status: 400 })
    }
    return redirect(`${base}?fait=disponibilite`)
  }
  if (intent === 'conflit') {
    const decision = z.enum(['upheld', 'dismissed']).safeParse(formData.get('decision'))
    const conflictId = String(formData.get('conflictId') ?? '')
    if (!decision.success || !(await decideConflict(context.db, user, call.id, conflictId, decision.data))) {
      return json({ form: 'conflits', message: 'Ce conflit d’intérêts est introuvable ou la décision est inconnue.', fieldErrors: {} }, { status: 400 })
    }
    return redirect(`${base}?fait=conflit`)
  }
  if (intent === 'signalement') {
    const member = String(formData.get('memberId') ?? '')
    const done = await handleLeaderObjection(context.db, user, call.id, String(formData.get('objectionId') ?? ''), member === 'aucun' ? null : member)
    if (!done) return json({ form: 'conflits', message: 'Ce signalement ou ce membre est introuvable.', fieldErrors: {} }, { status: 400 })
    return redirect(`${base}?fait=signalement`)
  }
  if (intent === 'echeance') {
    const deadline = parisLocalToDate(String(formData.get('deadline') ?? ''))
    if (!deadline) return json({ form: 'echeance', message: 'Saisissez une date et une heure valides.', fieldErrors: { deadline: 'Saisissez une date et une heure valides.' } }, { status: 400 })
    await context.db.transaction().execute(async (trx) => {
      await trx.updateTable('calls').set({ review_deadline: deadline }).where('id', '=', call.id).execute()
      await audit(trx, { actorId: user.id, action: 'scoring.deadline_set', subjectType: 'call', subjectId: call.id, data: { deadline: deadline.toISOString() } })
    })
    return redirect(`${base}?fait=echeance`)
  }
  return json({ form: 'inviter', message: 'Action inconnue.', fieldErrors: {} }, { status: 400 })
}

const DONE: Record<string, string> = {
  invitation: 'Invitation envoyée par e-mail.',
  disponibilite: 'Disponibilité enregistrée. Relancez l’affectation pour en tenir compte.',
  conflit: 'Décision enregistrée.',
  echeance: 'Date limite des évaluations enregistrée.',
  signalement: 'Signalement traité.',
}

export default function Juries() {
  const { call, members, conflicts, objections } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const done = search.get('fait')
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string>
  const err = (name: string) => (errors[name] ? [errors[name]] : null)
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: `/equipe/appels/${call.id}`, label: call.title }]} current="Jurys" />
      <h1>Jurys et conflits d’intérêts</h1>
      {call.open ? (
        <div className="fr-notice fr-notice--info fr-mb-3w">
          <div className="fr-container">
            <div className="fr-notice__body">
              <p className="fr-notice__title">
                L’appel est encore ouvert, jusqu’au {formatDateAtTime(call.closesAt)}. Vous pouvez déjà inviter les membres des jurys et fixer la date limite
                des évaluations. L’affectation des candidatures et les évaluations commenceront après la clôture.
              </p>
            </div>
          </div>
        </div>
      ) : null}
      {done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      {actionData && actionData.form !== 'inviter' && actionData.form !== 'echeance' ? <FormErrors errors={[actionData.message]} title="Action impossible" /> : null}

      <section aria-labelledby="membres" className="fr-mb-6w">
        <h2 id="membres">Membres ({members.length})</h2>
        {members.length === 0 ? (
          <p>Aucun membre pour le moment : invitez les évaluateurs ci-dessous.</p>
        ) : (
          <div className="fr-table">
            <table>
              <caption>Membres des deux jurys</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Jury</th>
                  <th scope="col">Charte</th>
                  <th scope="col">Disponibilité</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.userId}>
                    <td>
                      {m.name}
                      <br />
                      <span className="fr-text--xs">{m.email}</span>
                    </td>
                    <td>{JURY_LABELS[m.jury]}</td>
                    <td>{m.jury === 'administration' ? 'Non requise' : m.charterAcceptedAt ? `Acceptée le ${formatDate(m.charterAcceptedAt)}` : 'Pas encore acceptée'}</td>
                    <td>
                      <SecureForm method="post">
                        <input type="hidden" name="intent" value="disponibilite" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <input type="hidden" name="indisponible" value={m.unavailable ? 'non' : 'oui'} />
                        {m.unavailable ? 'Indisponible ' : 'Disponible '}
                        <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary" aria-label={`${m.unavailable ? 'Marquer disponible' : 'Marquer indisponible'} : ${m.name}`}>
                          {m.unavailable ? 'Marquer disponible' : 'Marquer indisponible'}
                        </button>
                      </SecureForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>Inviter un membre</h3>
        {actionData?.form === 'inviter' ? <FormErrors errors={[actionData.message]} title="Invitation non envoyée" /> : null}
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="inviter" />
          <TextField label="Adresse e-mail" name="email" type="email" autoComplete="off" errors={err('email')} />
          <SelectField
            label="Jury"
            name="jury"
            placeholder="Choisissez"
            options={[
              { value: 'administration', label: JURY_LABELS.administration },
              { value: 'citizen', label: JURY_LABELS.citizen },
            ]}
            errors={err('jury')}
          />
          <button type="submit" className="fr-btn">
            Envoyer l’invitation
          </button>
        </SecureForm>
      </section>

      <section aria-labelledby="echeance" className="fr-mb-6w">
        <h2 id="echeance">Date limite des évaluations</h2>
        <p>{call.deadlineAt ? `Actuellement : ${formatDateAtTime(call.deadlineAt)}. Un rappel part trois jours avant.` : 'Aucune date limite : pas de rappel.'}</p>
        {actionData?.form === 'echeance' ? <FormErrors errors={[actionData.message]} title="Date non enregistrée" /> : null}
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="echeance" />
          <TextField label="Date et heure limites (heure de Paris)" name="deadline" type="datetime-local" defaultValue={call.deadline} errors={err('deadline')} />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Enregistrer la date limite
          </button>
        </SecureForm>
      </section>

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
                    <input type="hidden" name="intent" value="signalement" />
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

      <section aria-labelledby="conflits">
        <h2 id="conflits">Conflits d’intérêts ({conflicts.length})</h2>
        <p>Un conflit déclaré par un évaluateur s’applique tout de suite : le projet lui est retiré. Vous pouvez l’écarter si le lien ne pose pas problème.</p>
        {conflicts.length === 0 ? (
          <p>Aucun conflit déclaré.</p>
        ) : (
          <div className="fr-table">
            <table>
              <caption>Conflits d’intérêts déclarés</caption>
              <thead>
                <tr>
                  <th scope="col">Évaluateur</th>
                  <th scope="col">Projet</th>
                  <th scope="col">Lien</th>
                  <th scope="col">État</th>
                  <th scope="col">Décision</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.reviewer}</td>
                    <td>
                      {c.reference} – {c.title}
                    </td>
                    <td>
                      {c.kind} : « {c.details} » ({c.source === 'reviewer' ? 'déclaré par l’évaluateur' : 'signalé par le porteur'}, {formatDate(c.createdAt)})
                    </td>
                    <td>{CONFLICT_STATUS_LABELS[c.status]}</td>
                    <td>
                      <SecureForm method="post" className="fr-mb-1w">
                        <input type="hidden" name="intent" value="conflit" />
                        <input type="hidden" name="conflictId" value={c.id} />
                        <ul className="fr-btns-group fr-btns-group--sm">
                          <li>
                            <button type="submit" name="decision" value="upheld" className="fr-btn fr-btn--sm" disabled={c.status === 'upheld'}>
                              Retenir le conflit
                            </button>
                          </li>
                          <li>
                            <button type="submit" name="decision" value="dismissed" className="fr-btn fr-btn--sm fr-btn--secondary" disabled={c.status === 'dismissed'}>
                              Écarter
                            </button>
                          </li>
                        </ul>
                      </SecureForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
