import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { longText } from '#app/utils/validation.ts'
import type { EligibilityChecks } from '#db/schema/accelerator.ts'
import { notFound } from '#app/auth/authorize.server.ts'
import { acceleratorServices, requireCallStaff } from '#app/accelerator/access.server.ts'
import { normaliseFieldRef, structureKindLabel } from '#app/accelerator/applications/application-form.ts'
import { INSTRUCTION_TRANSITIONS, isTransitionName } from '#app/accelerator/applications/application-states.ts'
import {
  previewCorrectionRequest,
  transitionApplication,
  type TransitionError,
} from '#app/accelerator/applications/application-state-machine.server.ts'
import { instructionPage } from '#app/accelerator/instruction/instruction-page.server.ts'
import { addNote, findApplicationForStaff, postMessage, saveEligibility } from '#app/accelerator/instruction/instruction.server.ts'
import { AnswersView, AttachmentList } from '#app/components/accelerator/answers-view.tsx'
import { ApplicationStateBadge } from '#app/components/accelerator/badges.tsx'
import { MessageThread } from '#app/components/accelerator/message-thread.tsx'
import { Timeline } from '#app/components/accelerator/timeline.tsx'
import { EligibilityForm, InstructionGuidance, InternalNotes, MembersList, TeamMessageForm } from '#app/components/accelerator/instruction/instruction-sections.tsx'
import { PREVIEW_CORRECTION, TransitionForm, type Reply } from '#app/components/accelerator/instruction/transition-form.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { ELIGIBILITY_CHECKS, eligibilityAnswerCode } from '#app/accelerator/limits.ts'
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
  return json(await instructionPage(context.db, application))
}

const FieldRef = z.string().regex(/^[a-zA-Z]+\.[a-zA-Z0-9]+$/)

const TransitionFields = {
  motivation: z.string().default(''),
  // Only `section.field` references are kept; anything else a forged form sends is ignored. An attachment posted in
  // French by a page opened before migration 0024 comes back in English (its box stays checked after a preview).
  fields: z
    .array(z.string())
    .default([])
    .transform((values) => values.filter((value) => FieldRef.safeParse(value).success).map(normaliseFieldRef)),
}
// A page opened before migration 0026 posts `oui`, `non`, `a_verifier`: read, and stored, in English (decision 115).
const EligibilityAnswer = z
  .preprocess(eligibilityAnswerCode, z.enum(['yes', 'no', 'to_check']))
  .optional()
  .catch(undefined)
const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('transition'), transition: z.string().default(''), ...TransitionFields }),
  z.object({ intent: z.literal(PREVIEW_CORRECTION), ...TransitionFields }),
  z
    .object({ intent: z.literal('eligibility') })
    .catchall(z.unknown())
    .transform((input) => {
      // Each `check-<key>` answered yes / no / to_check; an unanswered or unknown one is left out.
      const checks: EligibilityChecks = {}
      for (const check of ELIGIBILITY_CHECKS) {
        const answer = EligibilityAnswer.parse(input[`check-${check.key}`])
        if (answer) checks[check.key] = answer
      }
      return { intent: input.intent, checks }
    }),
  // longText refuses control characters too (PostgreSQL text cannot hold a NUL byte).
  z.object({ intent: z.literal('note'), body: longText('votre note', 5000) }),
  z.object({ intent: z.literal('message'), body: longText('votre message', 5000) }),
])

function reply(body: Reply, status = 200) {
  return json<Reply>(body, { status })
}

function fieldOf(error: TransitionError): Reply['field'] {
  return error === 'motivation-required' ? 'motivation' : error === 'fields-required' ? 'fields' : null
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, application } = await load(request, params, context)
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') {
    const intent = submission.payload.intent
    const form = intent === 'note' || intent === 'message' ? intent : 'transition'
    return reply({ form, message: form === 'transition' ? 'Action inconnue.' : (submission.error?.body?.[0] ?? 'Écrivez votre texte.'), transition: null }, 400)
  }
  const value = submission.value
  const base = `/instruction/${application.call_id}/${application.id}`
  const services = acceleratorServices(context)

  switch (value.intent) {
    case 'transition':
    case PREVIEW_CORRECTION: {
      const name = value.intent === PREVIEW_CORRECTION ? 'request_correction' : value.transition
      if (!isTransitionName(name) || !INSTRUCTION_TRANSITIONS.includes(name)) return reply({ form: 'transition', message: 'Action inconnue.', transition: null }, 400)
      const fields = value.fields.map((ref) => {
        const [section, field] = ref.split('.') as [string, string]
        return { section, field }
      })
      const input = { motivation: value.motivation, fields }
      const values = { motivation: value.motivation, fields: value.fields }
      if (value.intent === PREVIEW_CORRECTION) {
        const preview = await previewCorrectionRequest(services, application.id, input)
        if (!preview.ok) return reply({ form: 'transition', message: preview.message, transition: name, field: fieldOf(preview.error), values }, 400)
        return reply({ form: 'transition', message: null, transition: name, values, preview })
      }
      const result = await transitionApplication(services, user, application.id, name, input)
      if (!result.ok) {
        return reply({ form: 'transition', message: result.message, transition: name, field: fieldOf(result.error), values }, result.error === 'not-found' ? 404 : 400)
      }
      return redirect(`${base}?fait=${name}`)
    }
    case 'eligibility': {
      await saveEligibility(context.db, user, application.id, value.checks)
      return redirect(`${base}?fait=eligibilite#eligibilite`)
    }
    case 'note':
      await addNote(context.db, user, application.id, value.body)
      return redirect(`${base}?fait=note#notes`)
    case 'message': {
      const result = await postMessage(services, user, application.id, value.body, 'team')
      if (!result.ok) return reply({ form: 'message', message: result.message, transition: null }, 400)
      return redirect(`${base}?fait=message#messages`)
    }
  }
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
      <InstructionGuidance guidance={data.guidance} />
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
            <EligibilityForm eligibility={data.eligibility} />
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
            <InternalNotes notes={data.notes} error={answer?.form === 'note' ? answer.message : null} />
          </section>
        </div>

        <div className="fr-col-12 fr-col-md-8">
          <section aria-labelledby="porteurs" className="fr-mb-4w">
            <h2 id="porteurs">Porteurs</h2>
            <MembersList members={data.members} />
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
            <TeamMessageForm error={answer?.form === 'message' ? answer.message : null} />
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
