import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { requireDemoMode } from '#app/utils/demo.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Pagination } from '#app/components/pagination.tsx'

export const meta: MetaFunction = () => [{ title: pageTitle('Boîte d’envoi de démonstration') }]

const PAGE_SIZE = 20

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireDemoMode(context)
  const url = new URL(request.url)
  const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(url.searchParams.get('page') ?? 1)
  const to = z.string().max(254).catch('').parse(url.searchParams.get('a') ?? '')
  let query = context.db.selectFrom('email_outbox')
  if (to) query = query.where('to_address', '=', to.toLowerCase())
  const [emails, total] = await Promise.all([
    query
      .select(['id', 'to_address', 'subject', 'template', 'status', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ])
  return json({ emails, page, pageCount: Math.max(1, Math.ceil(total.count / PAGE_SIZE)), to })
}

export default function Outbox() {
  const { emails, page, pageCount, to } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Boîte d’envoi de démonstration</h1>
      <p>
        En mode démonstration, aucun e-mail ne part : ils sont rangés ici, du plus récent au plus ancien. Cette page
        n’existe pas en production.
      </p>
      {emails.length === 0 ? (
        <p className="fr-callout">Aucun e-mail pour le moment.</p>
      ) : (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>E-mails envoyés</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Destinataire</th>
                <th scope="col">Objet</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td>{new Date(email.created_at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' })}</td>
                  <td>{email.to_address}</td>
                  <td>
                    <Link to={`/dev/boite-mail/${email.id}`}>{email.subject}</Link>
                  </td>
                  <td>{email.status === 'sent' ? 'Envoyé' : email.status === 'failed' ? 'Échec' : 'En attente'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} href={(p) => `?page=${p}${to ? `&a=${encodeURIComponent(to)}` : ''}`} />
    </div>
  )
}
