import { parseWithZod } from '@conform-to/zod/v4'
import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { ModerationSection, type Errors } from '#app/components/experiences/moderation-section.tsx'
import { PublishedSection } from '#app/components/experiences/published-section.tsx'
import { CommentsSection, HistorySection, RoutingSection, SpamNotice } from '#app/components/experiences/team-sections.tsx'
import { answerExperience, commentExperience, editAnswer, findForTeam, publishExperience, refuseExperience } from '#app/experiences/experiences.server.ts'
import { channelLabel, feelingLabel, refusalLabel } from '#app/experiences/labels.ts'
import { resolveRefusal } from '#app/experiences/moderation.server.ts'
import { highlightFlagged } from '#app/experiences/redaction.ts'
import { AnswerSchema, CommentSchema, EditAnswerSchema, ModerationSchema, ReassignSchema } from '#app/experiences/schemas.ts'
import { teamExperienceView } from '#app/experiences/team-view.server.ts'
import { routeExperience } from '#app/experiences/transfers.server.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Expérience « ${data.experience.title} »` : 'Expérience') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const view = await teamExperienceView(context.db, service, params.experienceId, now())
  if (!view) throw notFound('Cette expérience n’existe pas.')
  return json({ service: { id: service.id, name: service.name }, ...view, answerToken: randomUUID(), commentToken: randomUUID() })
}

const invalid = (intent: string, errors: Errors, message: string | null = null) => json({ intent, error: errors, message }, { status: 400 })

const ROUTING_ERRORS: Record<string, string> = {
  same: 'Choisissez un autre service, parmi la liste.',
  'unknown-target': 'Choisissez un autre service, parmi la liste.',
  'already-pending': 'Un transfert est déjà demandé pour cette expérience : attendez la réponse de l’autre organisation.',
  'refused-experience': 'Une expérience refusée ne se transfère pas.',
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const experienceId = params.experienceId ?? ''
  const found = await findForTeam(context.db, service.id, experienceId)
  if (!found) throw notFound('Cette expérience n’existe pas.')
  const formData = await readForm(request, context)
  const intent = String(formData.get('intent') ?? '')
  const services = { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }
  const base = `/services/${service.id}/experiences/${experienceId}`

  if (intent === 'publier' || intent === 'refuser') {
    const submission = parseWithZod(formData, { schema: ModerationSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    if (submission.value.intent === 'refuser') {
      const refusal = await resolveRefusal(context.db, service.organisation_id, submission.value.reason)
      if (!refusal) return invalid(intent, { reason: ['Choisissez un motif de la liste.'] })
      const result = await refuseExperience(services, user, service.id, experienceId, refusal.reason, refusal.template)
      if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
      return redirect(`${base}?refusee=1`)
    }
    const flaggedCount = highlightFlagged(found.experience.body).filter((part) => part.index !== null).length
    const erase: Array<boolean | undefined> = []
    for (let index = 0; index < flaggedCount; index++) {
      const value = formData.get(`passage-${index}`)
      erase.push(value === 'effacer' ? true : value === 'garder' ? false : undefined)
    }
    const extra = (submission.value.extra ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
    const result = await publishExperience(services, user, service.id, experienceId, { erase, extra })
    if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
    if (result.kind === 'undecided') {
      return invalid(
        intent,
        {},
        `Décidez pour chaque passage surligné (effacer ou garder) avant de publier : ${result.missing.length} passage${result.missing.length > 1 ? 's' : ''} sans décision.`,
      )
    }
    return redirect(`${base}?publiee=1`)
  }
  if (intent === 'repondre') {
    const submission = parseWithZod(formData, { schema: AnswerSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    const result = await answerExperience(services, user, service.id, experienceId, {
      ...submission.value,
      signWithName: submission.value.signWithName === 'on',
    })
    if (result === 'notfound') return invalid(intent, {}, 'Seule une expérience publiée peut recevoir une réponse.')
    return redirect(`${base}?reponse=1`)
  }
  if (intent === 'modifier-reponse') {
    const submission = parseWithZod(formData, { schema: EditAnswerSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    const result = await editAnswer(context.db, user, service.id, experienceId, submission.value.answerId, submission.value)
    if (result === 'notfound') throw notFound('Cette réponse n’existe pas.')
    return redirect(`${base}?${result === 'edited' ? 'corrigee=1' : 'modifiee=1'}`)
  }
  if (intent === 'commenter') {
    const submission = parseWithZod(formData, { schema: CommentSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    await commentExperience(context.db, user, service.id, experienceId, submission.value)
    return redirect(`${base}?commentaire=1#commentaires`)
  }
  if (intent === 'reaffecter') {
    const submission = parseWithZod(formData, { schema: ReassignSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    const result = await routeExperience(context.db, user, service.id, experienceId, submission.value)
    if (result === 'notfound') throw notFound('Cette expérience n’existe pas.')
    if (result === 'transfer-requested') return redirect(`${base}?transfert=1`)
    if (result !== 'reassigned')
      return invalid(
        intent,
        result === 'already-pending' || result === 'refused-experience' ? {} : { targetServiceId: [ROUTING_ERRORS[result]!] },
        result === 'already-pending' || result === 'refused-experience' ? ROUTING_ERRORS[result]! : null,
      )
    return redirect(`/services/${service.id}/experiences?reaffectee=1`)
  }
  return invalid(intent, {}, 'Action inconnue.')
}

function Notice({ children }: { children: string }) {
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p>{children}</p>
    </div>
  )
}

const NOTICES: Array<[string, string]> = [
  ['publiee', 'L’expérience est publiée. Vous pouvez maintenant y répondre.'],
  ['refusee', 'L’expérience est refusée ; l’auteur est prévenu s’il a laissé son adresse.'],
  ['reponse', 'Votre réponse est publiée ; l’auteur est prévenu s’il a laissé son adresse.'],
  ['corrigee', 'La réponse est corrigée.'],
  ['modifiee', 'La réponse est modifiée ; la page publique affiche « modifié le ».'],
  ['commentaire', 'Votre commentaire interne est enregistré.'],
  ['transfert', 'La demande de transfert est envoyée à l’autre organisation. L’expérience reste chez vous jusqu’à sa réponse.'],
]

export default function TeamExperience() {
  const data = useLoaderData<typeof loader>()
  const { service, experience } = data
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errorsFor = (intent: string): Errors => (actionData && actionData.intent === intent ? actionData.error : {})
  const messageFor = (intent: string) => (actionData && actionData.intent === intent && actionData.message ? [actionData.message] : null)
  return (
    <>
      <h1>{experience.title}</h1>
      {NOTICES.filter(([key]) => params.get(key)).map(([key, text]) => (
        <Notice key={key}>{text}</Notice>
      ))}
      <SpamNotice status={experience.spam_status} reasons={experience.spam_reasons} queueHref={`/services/${service.id}/experiences?onglet=spam-probable`} />
      <p className="fr-text--sm">
        {[
          `Reçue le ${formatDateTime(experience.created_at)}`,
          experience.happened_on ? `vécue le ${formatDate(experience.happened_on)}` : null,
          channelLabel(experience.channel),
          `ressenti ${feelingLabel(experience.feeling).toLowerCase()}`,
          `signée « ${experience.author_name ?? 'Un usager'} »`,
          experience.has_email ? 'l’auteur sera prévenu par e-mail' : 'pas d’adresse e-mail',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {experience.status === 'pending' ? (
        <ModerationSection
          parts={data.parts}
          piiKinds={experience.pii_kinds}
          refusalChoices={data.refusalChoices}
          errorsFor={errorsFor}
          messageFor={messageFor}
        />
      ) : null}
      {experience.status === 'refused' ? (
        <p className="fr-badge fr-badge--error fr-mb-3w">{`Refusée : ${refusalLabel(experience.refusal_reason)}${experience.refusal_message ? ` — ${experience.refusal_message}` : ''}`}</p>
      ) : null}
      {experience.status === 'published' ? (
        <PublishedSection
          experience={experience}
          serviceName={service.name}
          answers={data.answers}
          editableAnswerIds={data.editableAnswerIds}
          answerToken={data.answerToken}
          errorsFor={errorsFor}
          messageFor={messageFor}
        />
      ) : null}
      {data.services.length ? (
        <RoutingSection services={data.services} pendingTransfer={data.pendingTransfer} errors={errorsFor('reaffecter')} message={messageFor('reaffecter')} />
      ) : null}
      <CommentsSection comments={data.comments} commentToken={data.commentToken} errors={errorsFor('commenter')} message={messageFor('commenter')} />
      <HistorySection history={data.history} />
      <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/services/${service.id}/experiences`}>
        Retour aux expériences
      </Link>
    </>
  )
}
