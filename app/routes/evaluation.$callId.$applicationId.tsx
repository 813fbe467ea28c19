import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { requireJuryMember } from '#app/accelerator/scoring/access.server.ts'
import { declareConflict, needsCharter } from '#app/accelerator/scoring/panel.server.ts'
import { juryCriteriaOf, reviewAccess, saveReview } from '#app/accelerator/scoring/reviews.server.ts'
import { reviewPage } from '#app/accelerator/scoring/review-page.server.ts'
import { ReviewerApplication } from '#app/components/accelerator/reviewer-application.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { ConflictForm, OtherReviews, ReviewForm } from '#app/components/accelerator/review-sections.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
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

const ConflictSchema = z.object({
  kind: z.enum(['personnel', 'professionnel', 'financier', 'autre'], { error: 'Choisissez le type de lien.' }),
  details: z.string({ error: 'Expliquez en une phrase.' }).trim().min(1, 'Expliquez en une phrase.').max(1000, '1 000 caractères au plus.'),
})

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, jury, call, applicationId } = await load(request, params, context)
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  if (intent === 'conflit') {
    const parsed = ConflictSchema.safeParse({ kind: formData.get('kind') ?? undefined, details: formData.get('details') ?? undefined })
    if (!parsed.success) {
      const errors: Record<string, string> = {}
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message
      return json({ form: 'conflit' as const, message: 'Le conflit n’est pas enregistré : corrigez les points signalés.', fieldErrors: errors }, { status: 400 })
    }
    await declareConflict(context.db, user, call.id, applicationId, parsed.data)
    return redirect(`/evaluation/${call.id}?conflit=1`)
  }
  if (intent !== 'brouillon' && intent !== 'envoyer') return json({ form: 'avis' as const, message: 'Action inconnue.', fieldErrors: {} }, { status: 400 })
  const criteria = await juryCriteriaOf(context.db, call.id, jury)
  const scores: Record<string, string | null> = {}
  for (const criterion of criteria) {
    const value = formData.get(`score-${criterion.id}`)
    scores[criterion.id] = typeof value === 'string' ? value : null
  }
  const text = (name: string) => {
    const value = formData.get(name)
    return typeof value === 'string' ? value : null
  }
  const result = await saveReview(
    context.db,
    user,
    call,
    applicationId,
    { scores, mention: text('mention'), confidence: text('confidence'), commentTeam: text('commentTeam'), commentLeader: text('commentLeader') },
    intent === 'envoyer',
  )
  if (!result.ok) {
    if (result.status === 404) throw notFound()
    return json({ form: 'avis' as const, message: result.message, fieldErrors: result.fieldErrors ?? {} }, { status: 400 })
  }
  return redirect(result.submitted ? `/evaluation/${call.id}/${applicationId}?envoye=1` : `/evaluation/${call.id}/${applicationId}?brouillon=1`)
}

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string>
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
            <ConflictForm message={actionData?.form === 'conflit' ? actionData.message : null} errors={errors} />
          ) : null}
        </div>
      </div>
    </div>
  )
}
