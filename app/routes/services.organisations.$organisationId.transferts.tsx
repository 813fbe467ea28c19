import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { TransferDecisionSchema } from '#app/experiences/schemas.ts'
import { decideTransfer, listIncomingTransfers } from '#app/experiences/transfers.server.ts'
import { requireOrganisation } from '#app/feedback/access.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Transferts reçus – ${data.organisation.name}` : 'Transferts reçus') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(context, request, params.organisationId)
  const page = Math.min(10000, Math.max(1, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1))
  return json({ organisation, page, ...(await listIncomingTransfers(context.db, organisation.id, page)) })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisation(context, request, params.organisationId)
  const submission = parseWithZod(await readForm(request, context), { schema: TransferDecisionSchema })
  if (submission.status !== 'success') return json({ transferId: null, error: submission.reply().error ?? {}, message: null }, { status: 400 })
  const { transferId } = submission.value
  const services = { db: context.db, jobs: context.jobs, appUrl: context.env.APP_URL }
  const decision = submission.value.intent === 'accept' ? ({ decision: 'accept' } as const) : ({ decision: 'decline', reason: submission.value.reason } as const)
  const result = await decideTransfer(services, user, organisation.id, transferId, decision)
  if (result === 'notfound') return json({ transferId, error: {}, message: 'Cette demande n’existe pas.' }, { status: 404 })
  if (result === 'already') return json({ transferId, error: {}, message: 'Cette demande a déjà reçu une réponse.' }, { status: 409 })
  return redirect(`/services/organisations/${organisation.id}/transferts?${result === 'accepted' ? 'acceptee' : 'refusee'}=1`)
}

const STATUS: Record<string, string> = { pending: 'En attente de votre réponse', accepted: 'Acceptée', declined: 'Refusée' }

export default function IncomingTransfers() {
  const { organisation, page, rows, total } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb currentPageLabel="Transferts reçus" segments={[{ label: 'Mes services', linkProps: { href: '/services' } }, { label: organisation.name, linkProps: { href: `/services/organisations/${organisation.id}` } }]} />
      <h1>Transferts reçus</h1>
      <p>
        Une autre organisation pense qu’une expérience concerne l’un de vos services. Acceptez : l’expérience passe dans votre file et son auteur est prévenu
        (s’il a laissé son adresse). Refusez avec un motif : elle reste chez l’organisation qui l’a reçue, qui lit votre motif.
      </p>
      {params.get('acceptee') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le transfert est accepté : l’expérience est maintenant dans la file du service.</p>
        </div>
      ) : null}
      {params.get('refusee') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le transfert est refusé ; l’autre organisation voit votre motif.</p>
        </div>
      ) : null}
      {actionData?.message ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{actionData.message}</p>
        </div>
      ) : null}
      {rows.length ? (
        <ul className="fr-raw-list">
          {rows.map((row) => (
            <li key={row.id} className="fr-p-3w fr-mb-3w" style={{ border: '1px solid var(--border-default-grey)' }}>
              <p className={`fr-badge fr-badge--sm ${row.status === 'pending' ? 'fr-badge--new' : row.status === 'accepted' ? 'fr-badge--success' : 'fr-badge--error'}`}>
                {STATUS[row.status]}
              </p>
              <h2 className="fr-h5 fr-mt-1w">{row.title}</h2>
              <p className="fr-text--sm">{`De « ${row.from_service_name} » (${row.from_organisation_name}) vers « ${row.to_service_name} », le ${formatDateTime(row.requested_at)}`}</p>
              <p>{`Note : ${row.note}`}</p>
              {row.decline_reason ? <p>{`Motif du refus : ${row.decline_reason}`}</p> : null}
              {row.status === 'pending' ? (
                <>
                  <SecureForm method="post" noValidate>
                    <input type="hidden" name="transferId" value={row.id} />
                    <button type="submit" name="intent" value="accept" className="fr-btn fr-btn--sm fr-mb-2w">
                      Accepter le transfert
                    </button>
                  </SecureForm>
                  <SecureForm method="post" noValidate>
                    <input type="hidden" name="intent" value="decline" />
                    <input type="hidden" name="transferId" value={row.id} />
                    <TextAreaField
                      label="Motif du refus"
                      hint="Lu par l’organisation qui a demandé le transfert."
                      name="reason"
                      rows={2}
                      required
                      errors={actionData && (actionData.transferId === null || actionData.transferId === row.id) ? (actionData.error as Record<string, string[] | undefined>).reason : undefined}
                    />
                    <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                      Refuser le transfert
                    </button>
                  </SecureForm>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune demande de transfert reçue.</p>
      )}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `/services/organisations/${organisation.id}/transferts?page=${p}`} />
    </div>
  )
}
