import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { BulkQueue } from '#app/components/experiences/bulk-queue.tsx'
import { FormErrors, RowCheckbox, SecureForm } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { listForTeam, type QueueTab } from '#app/experiences/experiences.server.ts'
import { answerStatusLabel, feelingLabel, refusalLabel } from '#app/experiences/labels.ts'
import { moderateInBulk, refusalChoices, resolveRefusal } from '#app/experiences/moderation.server.ts'
import { BulkModerationSchema } from '#app/experiences/schemas.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { markExperiencesSpam } from '#app/feedback/experience-spam.server.ts'
import { experienceSpamReasonLabels } from '#app/feedback/spam.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Expériences – ${data.service.name}` : 'Expériences') }]

const TABS: Array<{ value: QueueTab; label: string; status: string }> = [
  { value: 'a-moderer', label: 'À modérer', status: 'pending' },
  { value: 'spam-probable', label: 'Spam probable', status: 'spam' },
  { value: 'publiees', label: 'Publiées', status: 'published' },
  { value: 'refusees', label: 'Refusées', status: 'refused' },
]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const url = new URL(request.url)
  const tab = TABS.find((candidate) => candidate.value === url.searchParams.get('onglet'))?.value ?? 'a-moderer'
  const page = Math.min(10000, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
  const [result, choices] = await Promise.all([listForTeam(context.db, service.id, tab, page), tab === 'a-moderer' ? refusalChoices(context.db, service.organisation_id) : Promise.resolve([] as Array<{ value: string; label: string }>)])
  const oldestDays = result.oldestPendingAt ? Math.floor((now().getTime() - new Date(result.oldestPendingAt).getTime()) / 86_400_000) : null
  const service_ = { id: service.id, name: service.name, organisationId: service.organisation_id, organisationWide: service.organisationWide }
  return json({ service: service_, tab, page, ...result, oldestDays, refusalChoices: choices })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: BulkModerationSchema })
  if (submission.status !== 'success') return json({ error: submission.reply().error ?? {}, message: null }, { status: 400 })
  const services = { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }
  const { experienceIds } = submission.value
  if (submission.value.intent === 'mark_spam_selection' || submission.value.intent === 'mark_not_spam_selection') {
    const decision = submission.value.intent === 'mark_spam_selection' ? 'spam' : 'not_spam'
    const marked = await markExperiencesSpam(context.db, user, service.id, experienceIds, decision)
    if (!marked.ok) return json({ error: {}, message: ['Ces expériences ne sont pas en attente sur ce service, ou n’existent pas. Rien n’a été modifié.'] }, { status: 404 })
    return redirect(`/services/${service.id}/experiences?${decision === 'spam' ? 'onglet=spam-probable&spam' : 'pas-spam'}=${marked.changed}`)
  }
  let result
  if (submission.value.intent === 'refuse_selection') {
    const refusal = await resolveRefusal(context.db, service.organisation_id, submission.value.reason)
    if (!refusal) return json({ error: { reason: ['Choisissez un motif de la liste.'] }, message: null }, { status: 400 })
    result = await moderateInBulk(services, user, service.id, { experienceIds, decision: 'refuse', refusal })
  } else {
    result = await moderateInBulk(services, user, service.id, { experienceIds, decision: 'publish' })
  }
  const search = new URLSearchParams({ [submission.value.intent === 'refuse_selection' ? 'refusees' : 'publiees']: String(result.done) })
  if (result.toReview.length) search.set('a-relire', String(result.toReview.length))
  if (result.skipped) search.set('ignorees', String(result.skipped))
  return redirect(`/services/${service.id}/experiences?${search}`)
}

function SpamNotice() {
  const [params] = useSearchParams()
  const spam = params.get('spam')
  const cleared = params.get('pas-spam')
  if (spam === null && cleared === null) return null
  const text =
    spam !== null
      ? `${formatNumber(Number(spam) || 0)} expérience(s) mise(s) de côté comme spam. Rien n’est envoyé à l’auteur ; « Pas spam » la remet dans la file.`
      : `${formatNumber(Number(cleared) || 0)} expérience(s) remise(s) dans la file « À modérer ».`
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p>{text}</p>
    </div>
  )
}

interface SpamRow {
  id: string
  title: string
  created_at: string
  spam_score: number
  spam_reasons: string[]
  spam_status: string
}

/** « Spam probable »: waiting experiences held by their score or by an agent; « Pas spam » brings them back into the queue. */
function SpamHeld({ base, rows, message }: { base: string; rows: SpamRow[]; message: string[] | null }) {
  return (
    <SecureForm method="post" noValidate>
      <FormErrors errors={message} />
      <p>
        Ces expériences attendent toujours une décision : elles ne sont pas publiées, et l’auteur n’a rien reçu. Ouvrez-les pour les lire ; cochez celles
        qui sont de vrais récits et remettez-les dans la file.
      </p>
      <div className="fr-table">
        <table>
          <caption>Spam probable, de la plus ancienne à la plus récente</caption>
          <thead>
            <tr>
              <th scope="col">Choisir</th>
              <th scope="col">Titre</th>
              <th scope="col">Reçue le</th>
              <th scope="col">Score</th>
              <th scope="col">Raisons</th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <RowCheckbox id={`spam-${row.id}`} name="experienceIds" value={row.id} label={`Choisir « ${row.title} »`} />
                </td>
                <td>
                  <Link to={`${base}/${row.id}`}>{row.title}</Link>
                </td>
                <td>{formatDateTime(row.created_at)}</td>
                <td>{formatNumber(row.spam_score)}</td>
                <td>{experienceSpamReasonLabels(row.spam_reasons).join(' ; ') || '—'}</td>
                <td>{row.spam_status === 'spam' ? 'Marquée spam par l’équipe' : 'Retenue par le score'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" name="intent" value="mark_not_spam_selection" className="fr-btn">
        Pas spam : remettre la sélection dans la file
      </button>
    </SecureForm>
  )
}

function BulkNotice() {
  const [params] = useSearchParams()
  const published = params.get('publiees')
  const refused = params.get('refusees')
  if (published === null && refused === null) return null
  const toReview = Number(params.get('a-relire') ?? 0)
  const skipped = Number(params.get('ignorees') ?? 0)
  const parts = [
    published !== null ? `${formatNumber(Number(published) || 0)} expérience(s) publiée(s).` : `${formatNumber(Number(refused) || 0)} expérience(s) refusée(s).`,
    toReview ? `${formatNumber(toReview)} contien(nen)t des données personnelles détectées : ouvrez-les pour décider passage par passage.` : null,
    skipped ? `${formatNumber(skipped)} déjà modérée(s) par quelqu’un d’autre.` : null,
  ]
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p>{parts.filter(Boolean).join(' ')}</p>
    </div>
  )
}

export default function TeamExperiences() {
  const { service, tab, page, rows, total, counts, oldestDays, refusalChoices: choices } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const base = `/services/${service.id}/experiences`
  return (
    <>
      <h1>Expériences des usagers</h1>
      <p>
        Les récits publics sur ce service. Chacun est relu par une personne avant publication : vérifiez les passages surlignés (données personnelles), masquez
        ce qui doit l’être, puis publiez ou refusez avec un motif. Une fois publié, répondez en public.{' '}
        <Link to={`/experiences/services/${service.id}`}>Voir la page publique</Link>
      </p>
      <BulkNotice />
      <SpamNotice />
      <nav className="fr-mb-3w" aria-label="Statut des expériences">
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          {TABS.map((item) => (
            <li key={item.value}>
              <Link className={`fr-btn fr-btn--sm ${item.value === tab ? '' : 'fr-btn--secondary'}`} aria-current={item.value === tab ? 'page' : undefined} to={`${base}?onglet=${item.value}`}>
                {`${item.label} (${counts[item.status] ?? 0})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'a-moderer' && oldestDays !== null ? (
        <p className="fr-badge fr-badge--warning fr-mb-2w" data-testid="attente-max">{`La plus ancienne attend depuis ${oldestDays < 1 ? 'moins d’un jour' : `${formatNumber(oldestDays)} jour${oldestDays > 1 ? 's' : ''}`}`}</p>
      ) : null}
      {tab === 'a-moderer' && rows.length ? <BulkQueue base={base} rows={rows} refusalChoices={choices} errors={actionData?.error ?? {}} message={actionData?.message ?? null} /> : null}
      {tab === 'spam-probable' && rows.length ? <SpamHeld base={base} rows={rows} message={actionData?.message ?? (actionData?.error as Record<string, string[] | null> | undefined)?.experienceIds ?? null} /> : null}
      {tab === 'a-moderer' && rows.length ? (
        <p className="fr-text--sm fr-mt-2w">
          {service.organisationWide ? (
            <Link to={`/services/organisations/${service.organisationId}/modeles-de-refus`}>Gérer les modèles de refus de l’organisation</Link>
          ) : (
            'Les modèles de refus sont gérés par les personnes qui administrent les services de l’organisation.'
          )}
        </p>
      ) : null}
      {(tab === 'publiees' || tab === 'refusees') && rows.length ? (
        <div className="fr-table">
          <table>
            <caption>{tab === 'publiees' ? 'Publiées, les plus partagées (« moi aussi ») d’abord' : 'Refusées'}</caption>
            <thead>
              <tr>
                <th scope="col">Titre</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Ressenti</th>
                <th scope="col">{tab === 'publiees' ? 'Réponse' : 'Motif'}</th>
                {tab === 'publiees' ? <th scope="col">« Moi aussi »</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`${base}/${row.id}`}>{row.title}</Link>
                  </td>
                  <td>{formatDateTime(row.created_at)}</td>
                  <td>{feelingLabel(row.feeling)}</td>
                  <td>{tab === 'publiees' ? answerStatusLabel(row.answer_status) : refusalLabel(row.refusal_reason)}</td>
                  {tab === 'publiees' ? <td>{formatNumber(row.me_too_count)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {rows.length ? null : <p>{tab === 'a-moderer' ? 'Aucune expérience n’attend de modération.' : tab === 'spam-probable' ? 'Aucune expérience n’est retenue comme spam.' : tab === 'publiees' ? 'Aucune expérience publiée.' : 'Aucune expérience refusée.'}</p>}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `${base}?onglet=${tab}&page=${p}`} />
    </>
  )
}
