import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Pagination } from '#app/components/pagination.tsx'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Journal des actions') }]

const PAGE_SIZE = 50

const QuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  action: z.string().max(100).regex(/^[\w.]*$/).catch(''),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const url = new URL(request.url)
  const { page, action } = QuerySchema.parse(Object.fromEntries(url.searchParams))
  let query = context.db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id')
  if (action) query = query.where('audit_log.action', 'like', `${action}%`)
  const rows = await query
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.data',
      'audit_log.created_at',
      'audit_log.actor_label',
      'users.email as actor_email',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE)
    .execute()
  return json({ entries: rows.slice(0, PAGE_SIZE), page, hasNext: rows.length > PAGE_SIZE, action })
}

export default function AuditLog() {
  const { entries, page, hasNext, action } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Journal des actions</h1>
      <p>Chaque décision, changement d’état et attribution de rôle est enregistré ici, avec son auteur et sa date.</p>
      <Form method="get" className="fr-mb-4w">
        <div className="fr-input-group">
          <label className="fr-label" htmlFor="filtre-action">
            Filtrer par type d’action
            <span className="fr-hint-text">Par exemple : role, invitation, application.submitted</span>
          </label>
          <input className="fr-input" id="filtre-action" name="action" defaultValue={action} />
        </div>
        <button type="submit" className="fr-btn fr-btn--secondary">
          Filtrer
        </button>
      </Form>
      {entries.length === 0 ? (
        <p>Aucune action enregistrée{action ? ' pour ce filtre' : ''}.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Actions, de la plus récente à la plus ancienne</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Auteur</th>
                <th scope="col">Action</th>
                <th scope="col">Objet</th>
                <th scope="col">Détails</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.created_at)}</td>
                  <td>{entry.actor_email ?? entry.actor_label ?? 'Système'}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.subject_type} <span className="fr-text--xs">{entry.subject_id}</span>
                  </td>
                  <td className="fr-text--xs" style={{ overflowWrap: 'anywhere' }}>
                    {JSON.stringify(entry.data)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        page={page}
        pageCount={hasNext ? page + 1 : page}
        href={(p) => `?page=${p}${action ? `&action=${encodeURIComponent(action)}` : ''}`}
      />
    </div>
  )
}
