import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireJuryMember } from '#app/accelerator/scoring/access.server.ts'
import { declareConflict, needsCharter } from '#app/accelerator/scoring/panel.server.ts'
import { juryCriteriaOf, reviewAccess, saveReview } from '#app/accelerator/scoring/reviews.server.ts'
import { reviewPage } from '#app/accelerator/scoring/review-page.server.ts'
import { ReviewActionSchema } from '#app/accelerator/scoring/review-form.ts'
import { ReviewerApplication } from '#app/components/accelerator/reviewer-application.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { ConflictForm, OtherReviews, ReviewForm } from '#app/components/accelerator/review-sections.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { firstFieldErrors, readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Évaluer « ${data.title} »` : 'Évaluer un projet') }]

async function load(request: Request, params: LoaderFunctionArgs['params'], context: LoaderFunctionArgs['context']) {
  const member = await requireJuryMember(context, request, params.callId ?? '')
  if (await needsCharter(context.db, member.user, member.call.id)) throw redirect(`/evaluation/${member.call.id}`)
  const applicationId = params.applicationId ?? ''
  const access = await reviewAccess(context.db, member.user, member.call.id, applicationId)
  if (!access.ok) throw notFound()
  return { ...member, applicationId }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { applicationId, ...member } = await load(request, params, context)
  return json(await reviewPage(context.db, member, applicationId))
}

type ActionData = { form: 'avis' | 'conflit'; message: string; fieldErrors: Record<string, string>; result?: SubmissionResult<string[]> }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, jury, call, applicationId } = await load(request, params, context)
  const submission = parseWithZod(await readForm(request, context), { schema: ReviewActionSchema })
  if (submission.status !== 'success') {
    if (submission.payload.intent === 'declare_conflict') {
      const data: ActionData = { form: 'conflit', message: 'Le conflit n’est pas enregistré : corrigez les points signalés.', fieldErrors: firstFieldErrors(submission.error), result: submission.reply() }
      return json(data, { status: 400 })
    }
    const known = submission.payload.intent === 'save_draft' || submission.payload.intent === 'submit'
    const data: ActionData = { form: 'avis', message: known ? 'Le formulaire envoyé est illisible. Rechargez la page, puis recommencez.' : 'Action inconnue.', fieldErrors: {} }
    return json(data, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'declare_conflict') {
    await declareConflict(context.db, user, call.id, applicationId, { kind: value.kind, details: value.details })
    return redirect(`/evaluation/${call.id}?conflit=1`)
  }
  const criteria = await juryCriteriaOf(context.db, call.id, jury)
  const text = (field: unknown) => (typeof field === 'string' ? field : null)
  const scores = Object.fromEntries(criteria.map((criterion) => [criterion.id, text(value[`score-${criterion.id}`])]))
  const result = await saveReview(
    context.db,
    user,
    call,
    applicationId,
    { scores, mention: text(value.mention), confidence: text(value.confidence), commentTeam: text(value.commentTeam), commentLeader: text(value.commentLeader) },
    value.intent === 'submit',
  )
  if (!result.ok) {
    if (result.status === 404) throw notFound()
    return json<ActionData>({ form: 'avis', message: result.message, fieldErrors: result.fieldErrors ?? {} }, { status: 400 })
  }
  return redirect(result.submitted ? `/evaluation/${call.id}/${applicationId}?envoye=1` : `/evaluation/${call.id}/${applicationId}?brouillon=1`)
}

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.form === 'avis' ? actionData.fieldErrors : {}
  const submitted = data.review?.status === 'submitted'
  const editable = data.call.open && !submitted
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: `/evaluation/${data.call.id}`, label: 'Mes évaluations' }]} current={data.title} />
      <h1>Évaluer « {data.title} »</h1>
      <p>
        Référence {data.reference}. <Link to={`/evaluation/${data.call.id}/guide`}>Guide des critères</Link>
      </p>
      {submitted ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Votre évaluation est envoyée{data.review?.submittedAt ? ` (le ${formatDateAtTime(data.review.submittedAt)})` : ''}. Merci !</p>
        </div>
      ) : data.review ? (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" role="status">
          <p>Brouillon enregistré : il ne compte pas tant que vous ne l’avez pas envoyé.</p>
        </div>
      ) : null}

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-6">
          <section aria-labelledby="projet">
            <h2 id="projet">Le projet</h2>
            <ReviewerApplication answers={data.answers} headingLevel={3} />
          </section>
        </div>
        <div className="fr-col-12 fr-col-lg-6">
          <section aria-labelledby="evaluation">
            <h2 id="evaluation">Mon évaluation</h2>
            {actionData?.form === 'avis' ? <FormErrors errors={[actionData.message]} title="Évaluation non enregistrée" /> : null}
            <ReviewForm page={data} editable={editable} errors={errors} />
          </section>

          <OtherReviews others={data.others} criteria={data.criteria} />

          {!submitted && data.call.open ? (
            <ConflictForm message={actionData?.form === 'conflit' ? actionData.message : null} lastResult={actionData?.form === 'conflit' ? (actionData.result ?? null) : null} />
          ) : null}
        </div>
      </div>
    </div>
  )
}
