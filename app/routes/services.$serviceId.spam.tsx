import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { SpamQueueTable } from '#app/components/feedback/spam-queue.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { listSpamQueue, markSpam, type SpamQueueTab } from '#app/feedback/spam.server.ts'
import { SPAM_TABS, SpamMarkSchema } from '#app/feedback/spam.ts'
import { formatNumber } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Spam probable – ${data.service.name}` : 'Spam probable') }]

function tabFrom(value: string | null): SpamQueueTab {
  return SPAM_TABS.find((tab) => tab.value === value)?.value ?? 'probable'
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const url = new URL(request.url)
  const tab = tabFrom(url.searchParams.get('onglet'))
  const page = Math.min(10_000, Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
  const queue = await listSpamQueue(context.db, service.id, tab, page)
  return json({ service: { id: service.id, name: service.name }, tab, ...queue })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const formData = await readForm(request, context)
  const submission = parseWithZod(formData, { schema: SpamMarkSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const result = await markSpam(context.db, user, service.id, submission.value.avis, submission.value.decision)
  if (!result.ok) {
    // Another organisation's review, another service's, or none: the same answer, nothing changed.
    return json(
      { result: null, message: 'Ces avis ne font pas partie de ce service, ou n’existent pas. Rien n’a été modifié.' },
      { status: 404 },
    )
  }
  const tab = tabFrom(new URL(request.url).searchParams.get('onglet'))
  // The notice's key in the URL is unchanged (`fait=pas-spam`), like the tab's (`onglet=pas-spam`).
  const done = new URLSearchParams({ onglet: tab, fait: submission.value.decision === 'spam' ? 'spam' : 'pas-spam', nombre: String(result.changed) })
  return redirect(`/services/${service.id}/spam?${done.toString()}`)
}

function DoneMessage() {
  const [params] = useSearchParams()
  const done = params.get('fait')
  if (done !== 'spam' && done !== 'pas-spam') return null
  const count = Math.max(0, Number.parseInt(params.get('nombre') ?? '0', 10) || 0)
  const what = count > 1 ? `${formatNumber(count)} avis ont été marqués` : count === 1 ? 'L’avis a été marqué' : 'Aucun avis n’a changé : ils étaient déjà marqués'
  const text =
    done === 'spam'
      ? `${what} comme spam. Ils restent hors des chiffres ; vous pouvez revenir sur cette décision dans l’onglet « Marqués spam ».`
      : `${what} « pas spam ». Ils comptent de nouveau dans les tableaux de bord, les exports et les données publiées.`
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p>{count === 0 ? 'Aucun avis n’a changé : ils étaient déjà marqués ainsi.' : text}</p>
    </div>
  )
}

export default function SpamQueue() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const base = `/services/${data.service.id}/spam`
  const tabLabel = SPAM_TABS.find((tab) => tab.value === data.tab)!.label
  return (
    <>
      <h1>Spam probable</h1>
      <p>
        Les avis que le filtre anti-spam juge suspects (champ invisible rempli, réponse trop rapide, liens, même texte répété depuis une même connexion, afflux
        sur un emplacement) sont mis de côté : ils ne comptent ni dans les tableaux de bord, ni dans les exports, ni dans l’API et les données publiées.
        Vérifiez-les : « Pas spam » les remet dans les chiffres ; chaque décision est enregistrée et peut être changée.
      </p>
      <nav className="fr-mb-3w" aria-label="Avis mis de côté">
        <ul className="fr-btns-group fr-btns-group--inline-sm">
          {SPAM_TABS.map((tab) => (
            <li key={tab.value}>
              <Link
                className={`fr-btn fr-btn--sm ${tab.value === data.tab ? '' : 'fr-btn--secondary'}`}
                aria-current={tab.value === data.tab ? 'page' : undefined}
                to={`${base}?onglet=${tab.value}`}
              >
                {`${tab.label} (${formatNumber(data.counts[tab.value])})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <DoneMessage />
      {actionData?.message ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      {data.items.length ? (
        <SpamQueueTable
          key={`${data.tab}-${data.page}`}
          rows={data.items}
          caption={`${tabLabel} : ${formatNumber(data.total)} avis`}
          serviceId={data.service.id}
          lastResult={actionData?.result ?? null}
        />
      ) : (
        <p className="fr-callout">
          {data.tab === 'probable'
            ? 'Aucun avis en attente de vérification. Les avis que le filtre juge suspects arriveront ici.'
            : data.tab === 'spam'
              ? 'Aucun avis marqué comme spam.'
              : 'Aucun avis marqué « pas spam ».'}
        </p>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} href={(page) => `${base}?onglet=${data.tab}&page=${page}`} />
    </>
  )
}
