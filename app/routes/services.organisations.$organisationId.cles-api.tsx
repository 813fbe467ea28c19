import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SecureForm, TextField } from '#app/components/forms.tsx'
import { createApiKey, listApiKeys, revokeApiKey } from '#app/experiences/api-keys.server.ts'
import { requireOrganisation } from '#app/feedback/access.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { shortText } from '#app/utils/validation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Clés d’API – ${data.organisation.name}` : 'Clés d’API') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOrganisation(context, request, params.organisationId)
  return json({ organisation, keys: await listApiKeys(context.db, organisation.id) })
}

const Schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('create'), name: shortText('un nom pour la clé', 100) }),
  z.object({ intent: z.literal('revoke'), keyId: z.string().uuid('Cette clé n’existe pas.') }),
])

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, organisation } = await requireOrganisation(context, request, params.organisationId)
  const submission = parseWithZod(await readForm(request, context), { schema: Schema })
  if (submission.status !== 'success') return json({ result: submission.reply(), created: null, revoked: false }, { status: 400 })
  if (submission.value.intent === 'create') {
    const created = await createApiKey(context.db, user, organisation.id, submission.value.name)
    // Shown once, in this response only: never stored in clear, never in a URL.
    return json({ result: null, created: { name: submission.value.name, key: created.key }, revoked: false }, { headers: { 'Cache-Control': 'no-store' } })
  }
  const revoked = await revokeApiKey(context.db, user, organisation.id, submission.value.keyId)
  return json({ result: null, created: null, revoked })
}

export default function ApiKeys() {
  const { organisation, keys } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result?.error ?? {}
  return (
    <div className="fr-container fr-pb-6w">
      <Breadcrumb currentPageLabel="Clés d’API" segments={[{ label: 'Mes services', linkProps: { href: '/services' } }, { label: organisation.name, linkProps: { href: `/services/organisations/${organisation.id}` } }]} />
      <h1>Clés d’API</h1>
      <p>
        Une clé permet aux outils de votre organisation de lire, en lecture seule, les expériences publiées, les réponses et les chiffres de vos services.{' '}
        <Link to="/api/documentation">Documentation de l’API</Link>
      </p>
      {actionData?.created ? (
        <div className="fr-alert fr-alert--success fr-mb-4w" role="status">
          <h2 className="fr-alert__title">{`Clé « ${actionData.created.name} » créée`}</h2>
          <p>Copiez-la maintenant : elle ne sera plus jamais affichée (nous n’en gardons qu’une empreinte).</p>
          <p>
            <code data-testid="nouvelle-cle">{actionData.created.key}</code>
          </p>
        </div>
      ) : null}
      {actionData?.revoked ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-4w" role="status">
          <p>La clé est révoquée : elle ne donne plus accès à rien.</p>
        </div>
      ) : null}
      <h2>Créer une clé</h2>
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="create" />
        <TextField label="Nom de la clé" hint="Pour la reconnaître, par exemple « Tableau de bord interne »." name="name" required maxLength={100} errors={errors.name} />
        <button type="submit" className="fr-btn">
          Créer la clé
        </button>
      </SecureForm>
      <h2 className="fr-mt-6w">Clés existantes</h2>
      {keys.length ? (
        <div className="fr-table">
          <table>
            <caption>Clés d’API de l’organisation</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Début de la clé</th>
                <th scope="col">Créée</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{`${key.prefix}…`}</code>
                  </td>
                  <td>{`${formatDateTime(key.created_at)} par ${key.display_name ?? key.email ?? 'compte supprimé'}`}</td>
                  <td>{key.last_used_at ? formatDateTime(key.last_used_at) : 'Jamais'}</td>
                  <td>
                    {key.revoked_at ? (
                      `Révoquée le ${formatDateTime(key.revoked_at)}`
                    ) : (
                      <SecureForm method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="keyId" value={key.id} />
                        <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
                          {`Révoquer « ${key.name} »`}
                        </button>
                      </SecureForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune clé pour l’instant.</p>
      )}
    </div>
  )
}
