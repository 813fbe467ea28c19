import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { findAccessibleService, manageableOrganisations } from '#app/feedback/access.server.ts'
import { listExports, requestExport, type ExportScope } from '#app/feedback/exports.server.ts'
import { parseReviewFilters } from '#app/feedback/filters.ts'
import { periodLabel } from '#app/feedback/periods.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { now } from '#app/utils/clock.server.ts'
import { formatDateTime, formatNumber } from '#app/utils/format.ts'
import { firstFieldErrors, readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mes exports') }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const exports = await listExports(context.db, user)
  const serviceIds = exports.filter((e) => e.scope_type === 'service').map((e) => e.scope_id)
  const organisationIds = exports.filter((e) => e.scope_type === 'organisation').map((e) => e.scope_id)
  const [services, organisations] = await Promise.all([
    serviceIds.length ? context.db.selectFrom('feedback_services').select(['id', 'name']).where('id', 'in', serviceIds).execute() : [],
    organisationIds.length ? context.db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', organisationIds).execute() : [],
  ])
  const names = new Map([...services, ...organisations].map((row) => [row.id, row.name]))
  return json({
    exports: exports.map((item) => {
      const filters = item.filters as { from?: string; to?: string }
      return {
        id: item.id,
        scope: names.get(item.scope_id) ?? '—',
        period: filters.from && filters.to ? periodLabel(filters.from, filters.to) : '',
        format: item.format,
        status: item.status,
        rowsTotal: item.rows_total,
        rowsDone: item.rows_done,
        byteSize: item.byte_size,
        fileName: item.file_name,
        error: item.error,
        createdAt: item.created_at,
        expiresAt: item.expires_at,
      }
    }),
  })
}

const ExportSchema = z.object({
  portee: z.enum(['service', 'organisation'], { error: 'Export impossible : périmètre inconnu.' }),
  id: z.string().uuid('Export impossible : périmètre inconnu.'),
  format: z.enum(['csv', 'xlsx'], { error: 'Choisissez le format CSV ou Excel.' }),
  filtres: z.string().max(2000).default(''),
})

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'service_team')
  const submission = parseWithZod(await readForm(request, context), { schema: ExportSchema })
  // The export buttons sit on other pages (dashboards, reviews): a refused request shows its first message on the error page.
  if (submission.status !== 'success') throw json({ message: Object.values(firstFieldErrors(submission.error))[0] ?? 'Export impossible.' }, { status: 400 })
  const { portee, id, format, filtres } = submission.value
  let scope: ExportScope
  if (portee === 'service') {
    const service = await findAccessibleService(context.db, user, id)
    if (!service) throw notFound('Ce service n’existe pas ou vous n’en faites pas partie.')
    scope = { type: 'service', id: service.id, organisationId: service.organisation_id, name: service.name }
  } else {
    const organisation = (await manageableOrganisations(context.db, user)).find((candidate) => candidate.id === id)
    if (!organisation) throw notFound('Cette organisation n’existe pas ou vous n’en faites pas partie.')
    scope = { type: 'organisation', id: organisation.id, name: organisation.name }
  }
  const { filters } = parseReviewFilters(new URLSearchParams(filtres), parisDay(now()))
  const exportId = await requestExport(
    { db: context.db, jobs: context.jobs },
    user,
    scope,
    portee === 'organisation' ? { ...filters, placementId: null, versionId: null } : filters,
    format,
  )
  return redirect(`/services/exports?demande=${exportId}`)
}

function statusText(item: { status: string; rowsTotal: number | null; rowsDone: number; error: string | null }) {
  if (item.status === 'ready') return `Prêt (${formatNumber(item.rowsDone)} avis)`
  if (item.status === 'failed') return item.error ?? 'Échec'
  if (item.status === 'running' && item.rowsTotal) {
    return `En préparation : ${formatNumber(Math.floor((item.rowsDone / Math.max(1, item.rowsTotal)) * 100))} % (${formatNumber(item.rowsDone)} avis sur ${formatNumber(item.rowsTotal)})`
  }
  return 'En attente de préparation'
}

function size(bytes: number | null) {
  if (!bytes) return ''
  return bytes > 1024 * 1024 ? `${formatNumber(bytes / 1024 / 1024, 1)} Mo` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} ko`
}

export default function MyExports() {
  const { exports } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const revalidator = useRevalidator()
  const working = exports.some((item) => item.status === 'pending' || item.status === 'running')
  // With JavaScript, progress refreshes by itself; without it, the « Actualiser » link does.
  useEffect(() => {
    if (!working) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [working, revalidator])
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes exports</h1>
      {params.get('demande') ? (
        <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" role="status">
          <p>Votre export est demandé. Il se prépare en arrière-plan : vous pouvez quitter cette page et revenir plus tard.</p>
        </div>
      ) : null}
      <p>Les exports sont gardés 7 jours, puis effacés. Vous seul y avez accès. Les commentaires qui contiennent peut-être des données personnelles restent masqués.</p>
      {working ? (
        <p>
          <Link to="/services/exports" className="fr-link fr-icon-refresh-line fr-link--icon-left">
            Actualiser
          </Link>
        </p>
      ) : null}
      {exports.length === 0 ? (
        <div className="fr-callout">
          <p className="fr-callout__text">Aucun export. Demandez-en un depuis le tableau de bord d’un service, avec les filtres de votre choix.</p>
        </div>
      ) : (
        <div className="fr-table">
          <table>
            <caption>{`Exports (${exports.length})`}</caption>
            <thead>
              <tr>
                <th scope="col">Avis de</th>
                <th scope="col">Période</th>
                <th scope="col">Demandé le</th>
                <th scope="col">État</th>
                <th scope="col">Fichier</th>
              </tr>
            </thead>
            <tbody aria-live="polite">
              {exports.map((item) => (
                <tr key={item.id}>
                  <td>{item.scope}</td>
                  <td>{item.period}</td>
                  <td>{formatDateTime(item.createdAt)}</td>
                  <td>
                    {item.status === 'running' && item.rowsTotal ? (
                      <>
                        <progress max={item.rowsTotal} value={item.rowsDone} aria-label={`Avancement de l’export ${item.fileName}`} />
                        <br />
                      </>
                    ) : null}
                    {statusText(item)}
                  </td>
                  <td>
                    {item.status === 'ready' ? (
                      <a className="fr-link fr-icon-download-line fr-link--icon-left" href={`/services/exports/${item.id}`} download={item.fileName}>
                        {`Télécharger ${item.format === 'csv' ? 'le CSV' : 'le fichier Excel'}`}
                        <span className="fr-text--xs">{` (${size(item.byteSize)})`}</span>
                      </a>
                    ) : (
                      item.fileName
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
