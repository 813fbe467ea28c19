import { Link } from '@remix-run/react'
import { FormErrors, RowCheckbox, SecureForm } from '#app/components/forms.tsx'
import { describeKinds } from '#app/feedback/personal-data.ts'
import { feelingLabel } from '#app/experiences/labels.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { RefusalSelect } from './moderation-section.tsx'

interface PendingRow {
  id: string
  title: string
  feeling: string
  created_at: string
  pii_kinds: string[]
}

/**
 * The moderation queue, oldest first, with a checkbox per experience: publish or refuse the
 * selection with one reason. A plain HTML form (works without JavaScript): the button pressed
 * carries the intent.
 */
export function BulkQueue({
  base,
  rows,
  refusalChoices,
  errors,
  message,
}: {
  base: string
  rows: PendingRow[]
  refusalChoices: Array<{ value: string; label: string }>
  errors: Record<string, string[] | null | undefined>
  message: string[] | null
}) {
  return (
    <SecureForm method="post" noValidate>
      <FormErrors errors={message ?? errors.experienceIds} />
      <div className="fr-table">
        <table>
          <caption>À modérer, de la plus ancienne à la plus récente</caption>
          <thead>
            <tr>
              <th scope="col">Choisir</th>
              <th scope="col">Titre</th>
              <th scope="col">Reçue le</th>
              <th scope="col">Ressenti</th>
              <th scope="col">Données personnelles</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <RowCheckbox id={`choix-${row.id}`} name="experienceIds" value={row.id} label={`Choisir « ${row.title} »`} />
                </td>
                <td>
                  <Link to={`${base}/${row.id}`}>{row.title}</Link>
                </td>
                <td>{formatDateTime(row.created_at)}</td>
                <td>{feelingLabel(row.feeling)}</td>
                <td>{row.pii_kinds.length ? `À vérifier une par une : ${describeKinds(row.pii_kinds)}` : 'Rien de détecté'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="fr-text--sm">
        Lisez chaque texte avant de le publier. Une expérience où des données personnelles sont détectées n’est pas publiée en lot : elle reste à modérer une par
        une.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button type="submit" name="intent" value="publish_selection" className="fr-btn">
            Publier la sélection
          </button>
        </li>
      </ul>
      <RefusalSelect id="motif-lot" choices={refusalChoices} errors={errors.reason} />
      <button type="submit" name="intent" value="refuse_selection" className="fr-btn fr-btn--secondary">
        Refuser la sélection avec ce motif
      </button>
      <p className="fr-text--sm fr-mt-3w fr-mb-1w">Publicité, robot, même texte envoyé en série : mettez la sélection de côté, sans rien envoyer à l’auteur.</p>
      <button type="submit" name="intent" value="mark_spam_selection" className="fr-btn fr-btn--tertiary">
        Marquer la sélection comme spam
      </button>
    </SecureForm>
  )
}
