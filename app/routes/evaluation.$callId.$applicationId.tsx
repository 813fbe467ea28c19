import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { notFound } from '#app/auth/authorize.server.ts'
import { projectTitle, type Answers } from '#app/accelerator/application-form.ts'
import { requireJuryMember } from '#app/accelerator/scoring-access.server.ts'
import { CONFLICT_KINDS } from '#app/accelerator/scoring-labels.ts'
import { declareConflict, needsCharter } from '#app/accelerator/scoring-panel.server.ts'
import { findOwnReview, juryCriteriaOf, juryMode, reviewAccess, saveReview, visibleOtherReviews } from '#app/accelerator/scoring-reviews.server.ts'
import { JURY_LABELS, MENTIONS } from '#app/accelerator/scoring/types.ts'
import { AnswersView } from '#app/components/accelerator/answers-view.tsx'
import { ChoiceField, FormErrors, SecureForm, SelectField, TextAreaField } from '#app/components/forms.tsx'
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
  const { user, jury, call, applicationId } = await load(request, params, context)
  const application = await context.db.selectFrom('applications').select(['id', 'reference', 'answers']).where('id', '=', applicationId).executeTakeFirstOrThrow()
  const answers = { ...(application.answers as Answers) }
  delete answers.contacts
  const [criteria, review, others] = await Promise.all([
    juryCriteriaOf(context.db, call.id, jury),
    findOwnReview(context.db, user.id, applicationId),
    visibleOtherReviews(context.db, user, call, applicationId, jury),
  ])
  return json({
    call: { id: call.id, title: call.title, open: call.state === 'en_evaluation' },
    jury,
    mode: juryMode(call, jury),
    id: application.id,
    reference: application.reference,
    title: projectTitle(application.answers as Answers),
    answers,
    criteria,
    review: review
      ? {
          status: review.status,
          scores: review.scores,
          mention: review.mention,
          confidence: review.confidence,
          commentTeam: review.comment_team,
          commentLeader: review.comment_leader,
          submittedAt: review.submitted_at,
        }
      : null,
    others: {
      unlocked: others.unlocked,
      reviews: others.reviews.map((r) => ({ id: r.id, jury: r.jury, scores: r.scores, mention: r.mention, commentTeam: r.comment_team, commentLeader: r.comment_leader })),
    },
  })
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

const CONFIDENCE = [
  { value: '1', label: '1 – Peu sûr·e' },
  { value: '2', label: '2 – Assez sûr·e' },
  { value: '3', label: '3 – Très sûr·e' },
]

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string>
  const err = (name: string) => (errors[name] ? [errors[name]] : null)
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
            <AnswersView answers={data.answers} headingLevel={3} />
          </section>
        </div>
        <div className="fr-col-12 fr-col-lg-6">
          <section aria-labelledby="evaluation">
            <h2 id="evaluation">Mon évaluation</h2>
            {actionData?.form === 'avis' ? <FormErrors errors={[actionData.message]} title="Évaluation non enregistrée" /> : null}
            <SecureForm method="post" noValidate>
              <fieldset className="fr-fieldset" disabled={!editable}>
                <legend className="fr-sr-only">Mon évaluation</legend>
                {data.mode === 'majority_judgment' ? (
                  <ChoiceField
                    legend="Votre mention pour ce projet"
                    hint="Après avoir lu le projet et les critères du guide, quelle mention lui donnez-vous ?"
                    name="mention"
                    options={[...MENTIONS].reverse().map((m) => ({ value: m, label: m }))}
                    defaultValue={data.review?.mention ?? undefined}
                    errors={err('mention')}
                  />
                ) : (
                  data.criteria.map((criterion) => (
                    <ChoiceField
                      key={criterion.id}
                      legend={criterion.title}
                      hint={criterion.description}
                      name={`score-${criterion.id}`}
                      options={criterion.levels.map((level, index) => ({ value: String(index + 1), label: `Niveau ${index + 1}`, hint: level }))}
                      defaultValue={data.review?.scores[criterion.id] ? String(data.review.scores[criterion.id]) : undefined}
                      errors={err(`score-${criterion.id}`)}
                    />
                  ))
                )}
                <SelectField
                  label="Êtes-vous sûr·e de votre évaluation ? (facultatif)"
                  name="confidence"
                  options={CONFIDENCE}
                  placeholder="Je ne précise pas"
                  defaultValue={data.review?.confidence ? String(data.review.confidence) : ''}
                  errors={err('confidence')}
                />
                <TextAreaField
                  label="Commentaire pour l’équipe du programme (facultatif)"
                  hint="Lu seulement par l’équipe et les jurys."
                  name="commentTeam"
                  rows={3}
                  defaultValue={data.review?.commentTeam ?? ''}
                  errors={err('commentTeam')}
                />
                <TextAreaField
                  label="Commentaire partagé avec le porteur (facultatif)"
                  hint="Envoyé au porteur avec la décision, sans votre nom."
                  name="commentLeader"
                  rows={3}
                  defaultValue={data.review?.commentLeader ?? ''}
                  errors={err('commentLeader')}
                />
                {editable ? (
                  <ul className="fr-btns-group fr-btns-group--inline-md">
                    <li>
                      <button type="submit" name="intent" value="envoyer" className="fr-btn">
                        Envoyer mon évaluation
                      </button>
                    </li>
                    <li>
                      <button type="submit" name="intent" value="brouillon" className="fr-btn fr-btn--secondary">
                        Enregistrer le brouillon
                      </button>
                    </li>
                  </ul>
                ) : null}
                {editable ? <p className="fr-text--sm">Une fois envoyée, l’évaluation ne peut plus être modifiée.</p> : null}
              </fieldset>
            </SecureForm>
          </section>

          <section aria-labelledby="autres" className="fr-mt-4w">
            <h2 id="autres">Les autres évaluations</h2>
            {!data.others.unlocked ? (
              <p>Vous verrez les évaluations des autres membres de votre jury après avoir envoyé la vôtre.</p>
            ) : data.others.reviews.length === 0 ? (
              <p>Aucune autre évaluation envoyée pour le moment.</p>
            ) : (
              <ul>
                {data.others.reviews.map((review, index) => (
                  <li key={review.id} className="fr-mb-2w">
                    <strong>
                      Évaluation {index + 1} ({JURY_LABELS[review.jury]})
                    </strong>{' '}
                    :{' '}
                    {review.mention
                      ? `mention « ${review.mention} »`
                      : data.criteria
                          .filter((c) => review.scores[c.id])
                          .map((c) => `${c.title} : ${review.scores[c.id]}/5`)
                          .join(' ; ')}
                    {review.commentTeam ? <p className="fr-mb-0">« {review.commentTeam} »</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {!submitted && data.call.open ? (
            <section aria-labelledby="conflit" className="fr-mt-4w">
              <h2 id="conflit">Signaler un conflit d’intérêts</h2>
              <p>Si vous connaissez une personne ou la structure qui porte ce projet, signalez-le : le projet vous sera retiré.</p>
              {actionData?.form === 'conflit' ? <FormErrors errors={[actionData.message]} title="Conflit non enregistré" /> : null}
              <SecureForm method="post" noValidate>
                <input type="hidden" name="intent" value="conflit" />
                <SelectField label="Type de lien" name="kind" options={CONFLICT_KINDS} placeholder="Choisissez" errors={err('kind')} />
                <TextAreaField label="Expliquez en une phrase" name="details" rows={2} errors={err('details')} />
                <button type="submit" className="fr-btn fr-btn--tertiary">
                  Signaler le conflit et ne pas évaluer ce projet
                </button>
              </SecureForm>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  )
}
