import type { Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { ModerationSection } from '#app/components/experiences/moderation-section.tsx'
import { PublishedSection } from '#app/components/experiences/published-section.tsx'
import { useReplies, type ExperienceActionReply, type ExperienceIntent } from '#app/components/experiences/team-form.ts'
import { CommentsSection, HistorySection, RoutingSection, SpamNotice } from '#app/components/experiences/team-sections.tsx'
import { answerExperience, commentExperience, editAnswer, findForTeam, publishExperience, refuseExperience } from '#app/experiences/experiences.server.ts'
import { channelLabel, feelingPhrase, refusalLabel } from '#app/experiences/labels.ts'
import { resolveRefusal } from '#app/experiences/moderation.server.ts'
import { highlightFlagged } from '#app/experiences/redaction.ts'
import { EXPERIENCE_INTENTS, ExperienceActionSchema } from '#app/experiences/schemas.ts'
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

/**
 * A refusal of the form of `intent`: conform's reply (the text it sent, its field errors) and, for a refusal that is no
 * field's, its message (shown above the form).
 */
function invalid(intent: ExperienceIntent, submission: Pick<Submission<unknown>, 'reply'>, refusal: { message?: string; fieldErrors?: Record<string, string[]> } = {}) {
  const result = submission.reply({ formErrors: refusal.message ? [refusal.message] : [], fieldErrors: refusal.fieldErrors })
  return json<ExperienceActionReply>({ intent, result, message: refusal.message ?? null }, { status: 400 })
}

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
  const submission = parseWithZod(await readForm(request, context), { schema: ExperienceActionSchema })
  if (submission.status !== 'success') {
    const intent = EXPERIENCE_INTENTS.find((known) => known === submission.payload.intent)
    if (intent) return invalid(intent, submission)
    return json<ExperienceActionReply>({ intent: null, result: null, message: 'Action inconnue.' }, { status: 400 })
  }
  const value = submission.value
  const services = { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }
  const base = `/services/${service.id}/experiences/${experienceId}`

  switch (value.intent) {
    case 'refuse': {
      const refusal = await resolveRefusal(context.db, service.organisation_id, value.reason)
      if (!refusal) return invalid(value.intent, submission, { fieldErrors: { reason: ['Choisissez un motif de la liste.'] } })
      const result = await refuseExperience(services, user, service.id, experienceId, refusal.reason, refusal.template)
      if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
      return redirect(`${base}?refusee=1`)
    }
    case 'publish': {
      const flaggedCount = highlightFlagged(found.experience.body).filter((part) => part.index !== null).length
      const erase: Array<boolean | undefined> = []
      for (let index = 0; index < flaggedCount; index++) {
        const decision = value[`passage-${index}`]
        erase.push(decision === 'effacer' ? true : decision === 'garder' ? false : undefined)
      }
      const extra = (value.extra ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
      const result = await publishExperience(services, user, service.id, experienceId, { erase, extra })
      if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
      if (result.kind === 'undecided') {
        const missing = `${result.missing.length} passage${result.missing.length > 1 ? 's' : ''} sans décision`
        return invalid(value.intent, submission, { message: `Décidez pour chaque passage surligné (effacer ou garder) avant de publier : ${missing}.` })
      }
      return redirect(`${base}?publiee=1`)
    }
    case 'answer': {
      const result = await answerExperience(services, user, service.id, experienceId, { ...value, signWithName: value.signWithName === 'on' })
      if (result === 'notfound') return invalid(value.intent, submission, { message: 'Seule une expérience publiée peut recevoir une réponse.' })
      return redirect(`${base}?reponse=1`)
    }
    case 'edit_answer': {
      const result = await editAnswer(context.db, user, service.id, experienceId, value.answerId, value)
      if (result === 'notfound') throw notFound('Cette réponse n’existe pas.')
      return redirect(`${base}?${result === 'edited' ? 'corrigee=1' : 'modifiee=1'}`)
    }
    case 'comment': {
      await commentExperience(context.db, user, service.id, experienceId, value)
      return redirect(`${base}?commentaire=1#commentaires`)
    }
    case 'reassign': {
      const result = await routeExperience(context.db, user, service.id, experienceId, value)
      if (result === 'notfound') throw notFound('Cette expérience n’existe pas.')
      if (result === 'transfer-requested') return redirect(`${base}?transfert=1`)
      if (result !== 'reassigned') {
        const general = result === 'already-pending' || result === 'refused-experience'
        const message = ROUTING_ERRORS[result]!
        return invalid(value.intent, submission, general ? { message } : { fieldErrors: { targetServiceId: [message] } })
      }
      return redirect(`/services/${service.id}/experiences?reaffectee=1`)
    }
  }
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
  const replies = useReplies()
  const [params] = useSearchParams()
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
          feelingPhrase(experience.feeling),
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
          replies={replies}
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
          replies={replies}
        />
      ) : null}
      {data.services.length ? (
        <RoutingSection services={data.services} pendingTransfer={data.pendingTransfer} replies={replies} />
      ) : null}
      <CommentsSection comments={data.comments} commentToken={data.commentToken} replies={replies} />
      <HistorySection history={data.history} />
      <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/services/${service.id}/experiences`}>
        Retour aux expériences
      </Link>
    </>
  )
}
