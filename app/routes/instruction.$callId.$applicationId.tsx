import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { longText } from '#app/utils/validation.ts'
import type { EligibilityChecks } from '#db/schema/accelerator.ts'
import { notFound } from '#app/auth/authorize.server.ts'
import { acceleratorServices, requireCallStaff } from '#app/accelerator/access.server.ts'
import { applicationTimeline, listAttachments, listMembers } from '#app/accelerator/applications.server.ts'
import { ATTACHMENT_KINDS, ATTACHMENTS_SECTION, projectTitle, SECTIONS, structureKindLabel, type Answers } from '#app/accelerator/application-form.ts'
import {
  INSTRUCTION_TRANSITIONS,
  instructionGuidance,
  isTransitionName,
  returnedFromCorrection,
  TRANSITIONS,
  transitionsFrom,
  type TransitionName,
} from '#app/accelerator/application-states.ts'
import {
  previewCorrectionRequest,
  transitionApplication,
  type CorrectionPreview,
  type TransitionError,
} from '#app/accelerator/application-state-machine.server.ts'
import { findCall, getGrid } from '#app/accelerator/calls.server.ts'
import {
  addNote,
  findApplicationForStaff,
  listMessages,
  listNotes,
  postMessage,
  saveEligibility,
} from '#app/accelerator/instruction.server.ts'
import { AnswersView, AttachmentList } from '#app/components/accelerator/answers-view.tsx'
import { ApplicationStateBadge } from '#app/components/accelerator/badges.tsx'
import { MessageThread } from '#app/components/accelerator/message-thread.tsx'
import { Timeline } from '#app/components/accelerator/timeline.tsx'
import { FormErrors, SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ELIGIBILITY_ANSWERS, ELIGIBILITY_CHECKS } from '#app/accelerator/limits.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `${data.title} – Instruction` : 'Instruction') }]

async function load(request: Request, params: LoaderFunctionArgs['params'], context: LoaderFunctionArgs['context']) {
  const user = requireCallStaff(context, request, params.callId ?? '')
  const application = await findApplicationForStaff(context.db, user, params.callId ?? '', params.applicationId ?? '')
  if (!application) throw notFound()
  return { user, application }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application } = await load(request, params, context)
  const call = (await findCall(context.db, application.call_id))!
  const [files, members, notes, messages, timeline, grid] = await Promise.all([
    listAttachments(context.db, application.id),
    listMembers(context.db, application.id),
    listNotes(context.db, application.id),
    listMessages(context.db, application.id, { forTeam: true }),
    applicationTimeline(context.db, application.id, { forTeam: true }),
    getGrid(context.db, call.id),
  ])
  const answers = application.answers as Answers
  return json({
    call: { id: call.id, title: call.title },
    id: application.id,
    title: projectTitle(answers),
    state: application.state,
    reference: application.reference,
    submittedAt: application.last_submitted_at,
    structure: String(answers.structure?.name ?? ''),
    kind: String(answers.structure?.kind ?? ''),
    kindEligible: grid?.eligibleKinds.includes(String(answers.structure?.kind ?? '')) ?? false,
    answers,
    files,
    members: members.map((m) => ({ id: m.user_id, name: m.display_name, email: m.email, role: m.role })),
    eligibility: application.eligibility,
    notes,
    messages,
    timeline,
    transitions: transitionsFrom(application.state, INSTRUCTION_TRANSITIONS),
    // Where the application is and what the agent does next, at each point (issue 17 #6).
    guidance: instructionGuidance({
      state: application.state,
      eligibility: application.eligibility,
      returnedAt: returnedFromCorrection(application) ? application.last_submitted_at : null,
      correctionRequestedAt: application.state === 'correction_demandee' ? (application.correction_request?.requestedAt ?? null) : null,
    }),
  })
}

const FieldRef = z.string().regex(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/)

/** « Prévisualiser » in the correction form: shows what the leaders will receive, sends nothing. */
const PREVIEW_CORRECTION = 'apercu-correction'

interface Reply {
  form: 'transition' | 'note' | 'message'
  message: string | null
  transition: TransitionName | null
  /** The field a refused transition points at: its error goes next to it. */
  field?: 'motivation' | 'fields' | null
  /** What the agent typed and ticked, shown again after a refusal or a preview. */
  values?: { motivation: string; fields: string[] }
  preview?: Extract<CorrectionPreview, { ok: true }> | null
}

function reply(body: Reply, status = 200) {
  return json<Reply>(body, { status })
}

function fieldOf(error: TransitionError): Reply['field'] {
  return error === 'motivation-required' ? 'motivation' : error === 'fields-required' ? 'fields' : null
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await load(request, params, context)
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  const base = `/instruction/${application.call_id}/${application.id}`
  const services = acceleratorServices(context)

  if (intent === 'transition' || intent === PREVIEW_CORRECTION) {
    const name = intent === PREVIEW_CORRECTION ? 'request_correction' : String(formData.get('transition') ?? '')
    if (!isTransitionName(name) || !INSTRUCTION_TRANSITIONS.includes(name)) return reply({ form: 'transition', message: 'Action inconnue.', transition: null }, 400)
    const motivation = String(formData.get('motivation') ?? '')
    const fields = formData
      .getAll('fields')
      .map(String)
      .filter((value) => FieldRef.safeParse(value).success)
      .map((value) => {
        const [section, field] = value.split('.') as [string, string]
        return { section, field }
      })
    const values = { motivation, fields: fields.map((f) => `${f.section}.${f.field}`) }
    if (intent === PREVIEW_CORRECTION) {
      const preview = await previewCorrectionRequest(services, application.id, { motivation, fields })
      if (!preview.ok) return reply({ form: 'transition', message: preview.message, transition: name, field: fieldOf(preview.error), values }, 400)
      return reply({ form: 'transition', message: null, transition: name, values, preview })
    }
    const result = await transitionApplication(services, user, application.id, name, { motivation, fields })
    if (!result.ok) {
      return reply({ form: 'transition', message: result.message, transition: name, field: fieldOf(result.error), values }, result.error === 'not-found' ? 404 : 400)
    }
    return redirect(`${base}?fait=${name}`)
  }
  if (intent === 'eligibilite') {
    const checks: EligibilityChecks = {}
    for (const check of ELIGIBILITY_CHECKS) {
      const value = formData.get(`check-${check.key}`)
      if (value === 'oui' || value === 'non' || value === 'a_verifier') checks[check.key] = value
    }
    await saveEligibility(context.db, user, application.id, checks)
    return redirect(`${base}?fait=eligibilite#eligibilite`)
  }
  if (intent === 'note' || intent === 'message') {
    // longText refuses control characters too (PostgreSQL text cannot hold a NUL byte).
    const body = longText(intent === 'note' ? 'votre note' : 'votre message', 5000).safeParse(formData.get('body'))
    if (!body.success) {
      return reply({ form: intent, message: body.error.issues[0]?.message ?? 'Écrivez votre texte.', transition: null }, 400)
    }
    if (intent === 'note') {
      await addNote(context.db, user, application.id, body.data)
      return redirect(`${base}?fait=note#notes`)
    }
    const result = await postMessage(services, user, application.id, body.data, 'team')
    if (!result.ok) return reply({ form: 'message', message: result.message, transition: null }, 400)
    return redirect(`${base}?fait=message#messages`)
  }
  return reply({ form: 'transition', message: 'Action inconnue.', transition: null }, 400)
}

const DONE_MESSAGES: Record<string, string> = {
  start_instruction: 'La candidature est passée en instruction. Les porteurs sont prévenus par e-mail.',
  declare_admissible: 'La candidature est déclarée recevable. Les porteurs sont prévenus par e-mail.',
  request_correction: 'La demande de correction est envoyée aux porteurs.',
  declare_inadmissible: 'La candidature est déclarée non recevable. Les porteurs sont prévenus par e-mail.',
  close_without_action: 'La candidature est classée sans suite. Les porteurs sont prévenus par e-mail.',
  eligibilite: 'La vérification de l’éligibilité est enregistrée.',
  note: 'Note ajoutée.',
  message: 'Message envoyé aux porteurs.',
}

const CORRECTION_SECTIONS = [
  ...SECTIONS.map((section) => ({
    key: section.key,
    title: section.title,
    fields: section.fields.map((f) => ({ name: f.name, label: f.group ? `${f.group} – ${f.label}` : f.label })),
  })),
  { key: ATTACHMENTS_SECTION.key, title: ATTACHMENTS_SECTION.title, fields: ATTACHMENT_KINDS.map((k) => ({ name: k.value, label: k.label })) },
]

/** The fields to correct: one group, with its error on it, unfolded when in error or previewed. */
function CorrectionFields({ applicationId, error, checked, open }: { applicationId: string; error: string | null; checked: Set<string>; open: boolean }) {
  const groupId = `champs-a-corriger-${applicationId}`
  return (
    <details className="fr-mb-2w" open={open || undefined}>
      <summary>Champs à corriger (cochez au moins un champ)</summary>
      <fieldset
        className={`fr-fieldset fr-mt-1w${error ? ' fr-fieldset--error' : ''}`}
        id={groupId}
        role="group"
        aria-labelledby={`${groupId}-legende${error ? ` ${groupId}-erreur` : ''}`}
      >
        <legend className="fr-fieldset__legend fr-fieldset__legend--regular" id={`${groupId}-legende`}>
          Champs à corriger
          <span className="fr-hint-text">Les porteurs y seront conduits directement.</span>
        </legend>
        <div className="fr-messages-group" id={`${groupId}-erreur`} aria-live="polite">
          {error ? <p className="fr-message fr-message--error">{error}</p> : null}
        </div>
        {CORRECTION_SECTIONS.map((section) => (
          <div key={section.key} className="fr-fieldset__element">
            <fieldset className="fr-fieldset" aria-labelledby={`corriger-${section.key}-${applicationId}`}>
              <legend className="fr-fieldset__legend fr-text--regular" id={`corriger-${section.key}-${applicationId}`}>
                {section.title}
              </legend>
              {section.fields.map((field) => (
                <div key={field.name} className="fr-fieldset__element">
                  <div className="fr-checkbox-group fr-checkbox-group--sm">
                    <input
                      type="checkbox"
                      id={`corriger-${section.key}-${field.name}`}
                      name="fields"
                      value={`${section.key}.${field.name}`}
                      defaultChecked={checked.has(`${section.key}.${field.name}`)}
                    />
                    <label className="fr-label" htmlFor={`corriger-${section.key}-${field.name}`}>
                      {field.label}
                    </label>
                  </div>
                </div>
              ))}
            </fieldset>
          </div>
        ))}
      </fieldset>
    </details>
  )
}

/** What the leaders will receive: the e-mail and the fields listed in their messages. */
function CorrectionPreviewPanel({ preview }: { preview: NonNullable<Reply['preview']> }) {
  return (
    <div className="fr-callout fr-mb-3w" role="region" aria-labelledby="apercu-correction-titre">
      <h3 className="fr-callout__title fr-h6" id="apercu-correction-titre">
        Aperçu : ce que recevront les porteurs
      </h3>
      <p className="fr-text--sm">Rien n’est encore envoyé. Relisez, modifiez si besoin, puis cliquez sur « Demander une correction ».</p>
      <p className="fr-text--sm fr-mb-1w">
        Un e-mail à {preview.recipients > 1 ? `chacun des ${preview.recipients} porteurs` : 'chaque porteur'}, objet : <strong>{preview.subject}</strong>
      </p>
      <blockquote className="aic-answer fr-text--sm fr-mb-2w" aria-label="Texte de l’e-mail">
        {preview.text}
      </blockquote>
      <p className="fr-text--sm fr-mb-1w">Dans la messagerie de la candidature, votre message, avec un lien vers chaque champ à corriger :</p>
      <ul className="fr-text--sm">
        {preview.fields.map((field) => (
          <li key={field.key}>{field.label}</li>
        ))}
      </ul>
    </div>
  )
}

function TransitionForm({ name, applicationId, reply: answer }: { name: TransitionName; applicationId: string; reply: Reply | null }) {
  const definition = TRANSITIONS[name]
  // Only this form's own reply: another form's refusal does not show here.
  const own = answer?.form === 'transition' && answer.transition === name ? answer : null
  const fieldError = (field: 'motivation' | 'fields') => (own?.message && own.field === field ? own.message : null)
  const otherError = own?.message && !own.field ? own.message : null
  const motivationField = (label: string, hint: string, rows: number) => (
    <TextAreaField
      label={label}
      hint={hint}
      name="motivation"
      rows={rows}
      required
      id={`motif-${name}`}
      defaultValue={own?.values?.motivation}
      errors={fieldError('motivation') ? [fieldError('motivation')!] : null}
    />
  )
  if (name === 'request_correction') {
    return (
      <SecureForm method="post" className="fr-mb-4w" noValidate>
        <input type="hidden" name="transition" value={name} />
        {otherError ? <FormErrors errors={[otherError]} title="Action impossible" /> : null}
        {motivationField('Message aux porteurs', 'Expliquez ce qu’il faut corriger ou compléter. Ce message leur est envoyé.', 4)}
        <CorrectionFields
          applicationId={applicationId}
          error={fieldError('fields')}
          checked={new Set(own?.values?.fields ?? [])}
          open={Boolean(fieldError('fields') || own?.preview)}
        />
        {own?.preview ? <CorrectionPreviewPanel preview={own.preview} /> : null}
        {/* « Prévisualiser » first: Enter in a field previews, it never sends. */}
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          <li>
            <button type="submit" name="intent" value={PREVIEW_CORRECTION} className="fr-btn fr-btn--tertiary">
              Prévisualiser
            </button>
          </li>
          <li>
            <button type="submit" name="intent" value="transition" className="fr-btn fr-btn--secondary">
              {definition.label}
            </button>
          </li>
        </ul>
      </SecureForm>
    )
  }
  return (
    <SecureForm method="post" className="fr-mb-4w" noValidate>
      <input type="hidden" name="intent" value="transition" />
      <input type="hidden" name="transition" value={name} />
      {otherError ? <FormErrors errors={[otherError]} title="Action impossible" /> : null}
      {definition.motivation !== 'none'
        ? motivationField(`Motif (${definition.label.toLowerCase()})`, 'Obligatoire. Il est envoyé aux porteurs et gardé dans l’historique.', 3)
        : null}
      <button type="submit" className={`fr-btn${name === 'start_instruction' || name === 'declare_admissible' ? '' : ' fr-btn--secondary'}`}>
        {definition.label}
      </button>
    </SecureForm>
  )
}

export default function InstructApplication() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('fait')
  const answer: Reply | null = actionData ?? null
  // « Recevable » is the step after the eligibility checklist: its button sits below it.
  const actions = data.transitions.filter((name) => name !== 'declare_admissible')
  const admissible = data.transitions.includes('declare_admissible')
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/instruction', label: 'Instruction' }, { to: `/instruction/${data.call.id}`, label: data.call.title }]} current={data.reference ?? 'Candidature'} />
      <h1>{data.title}</h1>
      <ApplicationStateBadge state={data.state} />
      <p className="fr-mt-2w">
        Référence {data.reference} · {data.structure} ({structureKindLabel(data.kind)}) · déposée le{' '}
        {data.submittedAt ? formatDateAtTime(data.submittedAt) : '—'}
      </p>
      <div className="fr-callout fr-mt-3w fr-mb-4w" id="etat-et-suite">
        <h2 className="fr-callout__title fr-h5">Où en est la candidature</h2>
        <p className="fr-callout__text fr-text--md">
          <strong>État : {data.guidance.title}.</strong> {data.guidance.situation}
        </p>
        <p className="fr-callout__text fr-text--md">
          <strong>Prochaine action :</strong> {data.guidance.next}
        </p>
      </div>
      {done && DONE_MESSAGES[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{DONE_MESSAGES[done]}</p>
        </div>
      ) : null}
      {answer?.message && answer.form !== 'transition' ? <FormErrors errors={[answer.message]} /> : null}

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <section aria-labelledby="actions" className="fr-mb-6w">
            <h2 id="actions">Actions</h2>
            {answer?.form === 'transition' && answer.message && !answer.transition ? <FormErrors errors={[answer.message]} /> : null}
            {actions.length === 0 ? (
              <p>{admissible ? 'Vérifiez l’éligibilité ci-dessous, puis déclarez la candidature recevable.' : 'Aucune action d’instruction n’est possible dans cet état.'}</p>
            ) : (
              actions.map((name) => <TransitionForm key={name} name={name} applicationId={data.id} reply={answer} />)
            )}
          </section>

          <section aria-labelledby="eligibilite" className="fr-mb-6w">
            <h2 id="eligibilite">Éligibilité</h2>
            <p className="fr-text--sm">
              Type de structure : {structureKindLabel(data.kind)} —{' '}
              {data.kindEligible ? 'admis par l’appel.' : <strong>non admis par l’appel.</strong>}
            </p>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="eligibilite" />
              {ELIGIBILITY_CHECKS.map((check) => (
                <fieldset key={check.key} className="fr-fieldset" aria-labelledby={`check-${check.key}-legende`}>
                  <legend className="fr-fieldset__legend fr-text--regular" id={`check-${check.key}-legende`}>
                    {check.label}
                  </legend>
                  {ELIGIBILITY_ANSWERS.map((answer) => (
                    <div key={answer.value} className="fr-fieldset__element fr-fieldset__element--inline">
                      <div className="fr-radio-group fr-radio-group--sm">
                        <input
                          type="radio"
                          id={`check-${check.key}-${answer.value}`}
                          name={`check-${check.key}`}
                          value={answer.value}
                          defaultChecked={data.eligibility[check.key] === answer.value}
                        />
                        <label className="fr-label" htmlFor={`check-${check.key}-${answer.value}`}>
                          {answer.label}
                        </label>
                      </div>
                    </div>
                  ))}
                </fieldset>
              ))}
              <button type="submit" className="fr-btn fr-btn--secondary">
                Enregistrer la vérification
              </button>
            </SecureForm>
            {admissible ? (
              <div className="fr-mt-3w">
                <p className="fr-text--sm fr-mb-1w">Quand chaque point est à « Oui » et enregistré, l’instruction se termine :</p>
                <TransitionForm name="declare_admissible" applicationId={data.id} reply={answer} />
              </div>
            ) : null}
          </section>

          <section aria-labelledby="notes" className="fr-mb-6w">
            <h2 id="notes">Notes internes</h2>
            <p className="fr-text--sm">Visibles seulement par l’équipe du programme et les agents instructeurs. Jamais par les porteurs.</p>
            {data.notes.length === 0 ? (
              <p>Aucune note.</p>
            ) : (
              <ul className="fr-raw-list">
                {data.notes.map((note) => (
                  <li key={note.id} className="aic-message">
                    <p className="fr-text--sm fr-mb-1w">
                      <strong>{note.display_name ?? note.email ?? 'Compte supprimé'}</strong> · {formatDateAtTime(note.created_at)}
                    </p>
                    <p className="fr-mb-0">{note.body}</p>
                  </li>
                ))}
              </ul>
            )}
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="note" />
              <TextAreaField label="Nouvelle note" name="body" rows={3} required id="nouvelle-note" errors={answer?.form === 'note' && answer.message ? [answer.message] : null} />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Ajouter la note
              </button>
            </SecureForm>
          </section>
        </div>

        <div className="fr-col-12 fr-col-md-8">
          <section aria-labelledby="porteurs" className="fr-mb-4w">
            <h2 id="porteurs">Porteurs</h2>
            <ul>
              {data.members.map((member) => (
                <li key={member.id}>
                  {member.name ? `${member.name} – ` : ''}
                  {member.email} {member.role === 'porteur' ? '(a créé la candidature)' : '(co-porteur)'}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="reponses" className="fr-mb-4w">
            <h2 id="reponses">Réponses</h2>
            <AnswersView answers={data.answers} />
          </section>
          <section aria-labelledby="pieces" className="fr-mb-6w">
            <h2 id="pieces">Pièces jointes</h2>
            <AttachmentList files={data.files} />
          </section>
          <section aria-labelledby="messages" className="fr-mb-6w">
            <h2 id="messages">Messages avec les porteurs</h2>
            <MessageThread messages={data.messages} applicationId={data.id} emptyText="Aucun message." linkFields={false} />
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="message" />
              <TextAreaField
                label="Écrire aux porteurs"
                hint="Ils reçoivent un e-mail les invitant à lire votre message sur le site."
                name="body"
                rows={4}
                required
                id="nouveau-message"
                errors={answer?.form === 'message' && answer.message ? [answer.message] : null}
              />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Envoyer le message
              </button>
            </SecureForm>
          </section>
          <section aria-labelledby="historique">
            <h2 id="historique">Historique</h2>
            <Timeline entries={data.timeline} />
          </section>
        </div>
      </div>
    </div>
  )
}
