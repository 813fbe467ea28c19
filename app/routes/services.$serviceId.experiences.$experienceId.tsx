import { parseWithZod } from '@conform-to/zod/v4'
import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { ChoiceField, FormErrors, SecureForm, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'
import {
  answerExperience,
  commentExperience,
  editAnswer,
  findForTeam,
  listPublicServices,
  publishExperience,
  reassignExperience,
  refuseExperience,
} from '#app/experiences/experiences.server.ts'
import { ANSWER_EDIT_MINUTES, ANSWER_STATUSES, answerStatusLabel, channelLabel, feelingLabel, REFUSAL_REASONS, refusalLabel } from '#app/experiences/labels.ts'
import { highlightFlagged } from '#app/experiences/redaction.ts'
import { AnswerSchema, CommentSchema, EditAnswerSchema, ModerationSchema, ReassignSchema } from '#app/experiences/schemas.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { describeKinds } from '#app/feedback/personal-data.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Expérience « ${data.experience.title} »` : 'Expérience') }]

const HISTORY_LABELS: Record<string, string> = {
  'experience.submitted': 'Expérience envoyée',
  'experience.published': 'Publiée',
  'experience.refused': 'Refusée',
  'experience.answered': 'Réponse publiée',
  'experience.answer-edited': 'Réponse corrigée',
  'experience.answer-amended': 'Réponse modifiée (après 30 minutes)',
  'experience.commented': 'Commentaire interne',
  'experience.reassigned': 'Réaffectée',
  'experience.linked-to-change': 'Liée à un changement',
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const found = await findForTeam(context.db, service.id, params.experienceId)
  if (!found) throw notFound('Cette expérience n’existe pas.')
  const at = now().getTime()
  return json({
    service: { id: service.id, name: service.name },
    ...found,
    parts: found.experience.status === 'pending' ? highlightFlagged(found.experience.body) : [],
    editableAnswerIds: found.answers.filter((answer) => at - new Date(answer.created_at).getTime() <= ANSWER_EDIT_MINUTES * 60 * 1000).map((answer) => answer.id),
    services: found.experience.status === 'refused' ? [] : (await listPublicServices(context.db)).filter((candidate) => candidate.id !== service.id).map((s) => ({ value: s.id, label: `${s.name} (${s.organisation_name})` })),
    answerToken: randomUUID(),
    commentToken: randomUUID(),
  })
}

type Errors = Record<string, string[] | null | undefined>
const invalid = (intent: string, errors: Errors, message: string | null = null) => json({ intent, error: errors, message }, { status: 400 })

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
      const result = await refuseExperience(services, user, service.id, experienceId, submission.value.reason)
      if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
      return redirect(`${base}?refusee=1`)
    }
    const flaggedCount = highlightFlagged(found.experience.body).filter((part) => part.index !== null).length
    const erase: Array<boolean | undefined> = []
    for (let index = 0; index < flaggedCount; index++) {
      const value = formData.get(`passage-${index}`)
      erase.push(value === 'effacer' ? true : value === 'garder' ? false : undefined)
    }
    const extra = (submission.value.extra ?? '').split('\n').map((line) => line.trim()).filter(Boolean)
    const result = await publishExperience(services, user, service.id, experienceId, { erase, extra })
    if (result.kind === 'notfound') throw notFound('Cette expérience n’existe pas.')
    if (result.kind === 'undecided') {
      return invalid(intent, {}, `Décidez pour chaque passage surligné (effacer ou garder) avant de publier : ${result.missing.length} passage${result.missing.length > 1 ? 's' : ''} sans décision.`)
    }
    return redirect(`${base}?publiee=1`)
  }
  if (intent === 'repondre') {
    const submission = parseWithZod(formData, { schema: AnswerSchema })
    if (submission.status !== 'success') return invalid(intent, submission.reply().error ?? {})
    const result = await answerExperience(services, user, service.id, experienceId, { ...submission.value, signWithName: submission.value.signWithName === 'on' })
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
    const result = await reassignExperience(context.db, user, service.id, experienceId, submission.value)
    if (result === 'same' || result === 'unknown-target') return invalid(intent, { targetServiceId: ['Choisissez un autre service, parmi la liste.'] })
    if (result === 'notfound') throw notFound('Cette expérience n’existe pas.')
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

export default function TeamExperience() {
  const { service, experience, answers, comments, history, parts, editableAnswerIds, services, answerToken, commentToken } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errorsFor = (intent: string): Errors => (actionData && actionData.intent === intent ? actionData.error : {})
  const messageFor = (intent: string) => (actionData && actionData.intent === intent && actionData.message ? [actionData.message] : null)
  const flagged = parts.filter((part) => part.index !== null)
  return (
    <>
      <h1>{experience.title}</h1>
      {params.get('publiee') ? <Notice>L’expérience est publiée. Vous pouvez maintenant y répondre.</Notice> : null}
      {params.get('refusee') ? <Notice>L’expérience est refusée ; l’auteur est prévenu s’il a laissé son adresse.</Notice> : null}
      {params.get('reponse') ? <Notice>Votre réponse est publiée ; l’auteur est prévenu s’il a laissé son adresse.</Notice> : null}
      {params.get('corrigee') ? <Notice>La réponse est corrigée.</Notice> : null}
      {params.get('modifiee') ? <Notice>La réponse est modifiée ; la page publique affiche « modifié le ».</Notice> : null}
      {params.get('commentaire') ? <Notice>Votre commentaire interne est enregistré.</Notice> : null}
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
        <section aria-labelledby="moderation" className="fr-mb-6w">
          <h2 id="moderation">Modérer</h2>
          {flagged.length ? (
            <p>{`Données personnelles détectées : ${describeKinds(experience.pii_kinds)}. Les passages sont surlignés et numérotés ; décidez pour chacun.`}</p>
          ) : (
            <p>Aucune donnée personnelle détectée automatiquement. Relisez quand même : les noms ne sont pas détectés.</p>
          )}
          <blockquote className="fr-p-2w fr-mb-3w" dir="auto" style={{ whiteSpace: 'pre-wrap', background: 'var(--background-alt-grey)' }}>
            {parts.map((part, index) =>
              part.index !== null ? (
                <mark key={index} className="aic-match" title={describeKinds([part.kind!])}>
                  {`[${part.index + 1}] ${part.text}`}
                </mark>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </blockquote>
          <FormErrors errors={messageFor('publier')} title="Publication impossible" />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="publier" />
            {flagged.map((part) => (
              <ChoiceField
                key={part.index}
                legend={`Passage ${part.index! + 1} : « ${part.text} » (${describeKinds([part.kind!])})`}
                name={`passage-${part.index}`}
                inline
                required
                options={[
                  { value: 'effacer', label: 'Effacer' },
                  { value: 'garder', label: 'Garder (ce n’est pas une donnée personnelle)' },
                ]}
              />
            ))}
            <TextAreaField
              label="Autres passages à masquer (facultatif)"
              hint="Un passage par ligne, recopié exactement (un nom, un numéro de dossier…). Chaque occurrence sera remplacée par « [supprimé] »."
              name="extra"
              rows={3}
              errors={errorsFor('publier').extra}
            />
            <button type="submit" className="fr-btn">
              Publier
            </button>
          </SecureForm>
          <h3 className="fr-mt-4w">Refuser</h3>
          <FormErrors errors={messageFor('refuser')} />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="refuser" />
            <SelectField label="Motif du refus" hint="Le motif est envoyé à l’auteur s’il a laissé son adresse. Une critique n’est jamais un motif de refus." name="reason" options={[...REFUSAL_REASONS]} placeholder="Choisir un motif" required errors={errorsFor('refuser').reason} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Refuser la publication
            </button>
          </SecureForm>
        </section>
      ) : null}

      {experience.status === 'refused' ? <p className="fr-badge fr-badge--error fr-mb-3w">{`Refusée : ${refusalLabel(experience.refusal_reason)}`}</p> : null}

      {experience.status === 'published' ? (
        <section aria-labelledby="publie" className="fr-mb-6w">
          <h2 id="publie">Texte publié</h2>
          <p className="fr-text--sm">
            {`Publié le ${experience.published_at ? formatDateTime(experience.published_at) : ''}. `}
            <Link to={`/experiences/${experience.id}`}>Voir la page publique</Link>
          </p>
          <blockquote className="fr-p-2w" dir="auto" style={{ whiteSpace: 'pre-wrap', background: 'var(--background-alt-grey)' }}>
            {experience.public_body}
          </blockquote>
          {experience.public_body !== experience.body ? (
            <details className="fr-mt-2w">
              <summary>Texte original (jamais publié)</summary>
              <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {experience.body}
              </p>
            </details>
          ) : null}

          <h2 className="fr-mt-4w">{`Réponses publiques (${answers.length})`}</h2>
          <p>{`Statut actuel : ${answerStatusLabel(experience.answer_status)}.`}</p>
          {answers.map((answer) => (
            <div key={answer.id} className="fr-p-2w fr-mb-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
              <p className="fr-badge fr-badge--sm">{answerStatusLabel(answer.status)}</p>
              <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {answer.body}
              </p>
              <p className="fr-text--sm">
                {`${[answer.signer_name, answer.signer_role, service.name].filter(Boolean).join(', ')} — ${formatDateTime(answer.created_at)}`}
                {answer.amended_at ? ` (modifié le ${formatDateTime(answer.amended_at)})` : ''}
              </p>
              <details>
                <summary>{editableAnswerIds.includes(answer.id) ? `Corriger (possible pendant ${ANSWER_EDIT_MINUTES} minutes)` : 'Modifier (la page publique affichera « modifié le »)'}</summary>
                <SecureForm method="post" noValidate>
                  <input type="hidden" name="intent" value="modifier-reponse" />
                  <input type="hidden" name="answerId" value={answer.id} />
                  <TextAreaField label="Réponse" name="body" rows={5} defaultValue={answer.body} required errors={errorsFor('modifier-reponse').body} />
                  <SelectField label="Statut" name="status" options={ANSWER_STATUSES} defaultValue={answer.status} required />
                  <button type="submit" className="fr-btn fr-btn--sm">
                    Enregistrer la modification
                  </button>
                </SecureForm>
              </details>
            </div>
          ))}
          <h3>Répondre en public</h3>
          <p className="fr-text--sm">Votre réponse est signée du nom du service et de votre fonction ; votre nom n’apparaît que si vous le choisissez.</p>
          <FormErrors errors={messageFor('repondre')} />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="repondre" />
            <input type="hidden" name="token" value={answerToken} />
            <TextAreaField label="Réponse" name="body" rows={6} required errors={errorsFor('repondre').body} />
            <SelectField label="Statut" name="status" options={ANSWER_STATUSES} defaultValue="repondu" required errors={errorsFor('repondre').status} />
            <TextField label="Votre fonction" hint="Par exemple « Responsable de l’accueil »." name="signerRole" required maxLength={100} errors={errorsFor('repondre').signerRole} />
            <ChoiceField legend="Signature" name="signWithName" type="checkbox" options={[{ value: 'on', label: 'Ajouter mon nom à la signature' }]} />
            <button type="submit" className="fr-btn">
              Publier la réponse
            </button>
          </SecureForm>
        </section>
      ) : null}

      {services.length ? (
        <section aria-labelledby="reaffecter" className="fr-mb-6w">
          <h2 id="reaffecter">Ce n’est pas le bon service ?</h2>
          <FormErrors errors={messageFor('reaffecter')} />
          <SecureForm method="post" noValidate>
            <input type="hidden" name="intent" value="reaffecter" />
            <SelectField label="Service compétent" name="targetServiceId" options={services} placeholder="Choisir un service" required errors={errorsFor('reaffecter').targetServiceId} />
            <TextAreaField label="Note pour ce service" hint="Visible seulement des équipes." name="note" rows={2} required errors={errorsFor('reaffecter').note} />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Réaffecter
            </button>
          </SecureForm>
        </section>
      ) : null}

      <section aria-labelledby="commentaires" className="fr-mb-6w">
        <h2 id="commentaires">Commentaires internes (jamais publiés)</h2>
        {comments.length ? (
          <ul className="fr-raw-list">
            {comments.map((comment) => (
              <li key={comment.id} className="fr-mb-2w">
                <p className="fr-text--sm fr-mb-0">{`${comment.display_name ?? comment.email ?? 'Compte supprimé'} — ${formatDateTime(comment.created_at)}${comment.kind === 'reassignment' ? ' (réaffectation)' : ''}`}</p>
                <p dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {comment.body}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun commentaire.</p>
        )}
        <FormErrors errors={messageFor('commenter')} />
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="commenter" />
          <input type="hidden" name="token" value={commentToken} />
          <TextAreaField label="Nouveau commentaire" name="body" rows={3} required errors={errorsFor('commenter').body} />
          <button type="submit" className="fr-btn fr-btn--tertiary">
            Ajouter le commentaire
          </button>
        </SecureForm>
      </section>

      <section aria-labelledby="historique">
        <h2 id="historique">Historique</h2>
        <ul>
          {history.map((entry) => (
            <li key={entry.id}>{`${formatDateTime(entry.created_at)} — ${HISTORY_LABELS[entry.action] ?? entry.action} (${entry.display_name ?? entry.email ?? entry.actor_label ?? 'système'})`}</li>
          ))}
        </ul>
      </section>
      <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/services/${service.id}/experiences`}>
        Retour aux expériences
      </Link>
    </>
  )
}
