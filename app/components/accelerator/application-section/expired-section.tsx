import { isRouteErrorResponse } from '@remix-run/react'
import { sectionBySlug, type SectionValues } from '#app/accelerator/applications/application-form.ts'
import { SectionFields } from '#app/components/accelerator/section-fields.tsx'
import { SecureForm } from '#app/components/forms.tsx'
import { signInHref } from './save-retry.ts'

export const SESSION_EXPIRED_MESSAGE =
  'Votre session a expiré : votre texte n’a pas été enregistré, mais il n’est pas perdu. Reconnectez-vous pour l’enregistrer.'

/** What a plain post of a section sent when its session had expired: given back to the same browser. */
export type ExpiredSection = { id: string; slug: string; version: number; values: SectionValues }

function isValues(value: unknown): value is SectionValues {
  return (
    Boolean(value) &&
    typeof value === 'object' &&
    Object.values(value as object).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')))
  )
}

/** The text of a section refused for an expired session, when that is what the error is. */
export function expiredSectionOf(error: unknown): ExpiredSection | null {
  if (!isRouteErrorResponse(error) || error.status !== 401) return null
  const data = error.data as { expiredSection?: Partial<ExpiredSection> } | null
  const expired = data && typeof data === 'object' ? data.expiredSection : null
  if (!expired || typeof expired.id !== 'string' || typeof expired.slug !== 'string' || typeof expired.version !== 'number' || !isValues(expired.values))
    return null
  if (!sectionBySlug(expired.slug)) return null
  return expired as ExpiredSection
}

/**
 * The page after a plain post with an expired session (without JavaScript too): the text is back
 * in a form. The person signs in again in a new tab, comes back and sends it: the session cookie
 * is the browser's, so the same form now saves.
 */
export function ExpiredSectionPage({ expired }: { expired: ExpiredSection }) {
  const section = sectionBySlug(expired.slug)!
  const path = `/mes-candidatures/${encodeURIComponent(expired.id)}/${section.slug}`
  return (
    <div className="fr-container fr-py-6w">
      <h1>Votre session a expiré : votre texte n’est pas perdu</h1>
      <div className="fr-alert fr-alert--warning fr-mb-4w" role="alert">
        <h2 className="fr-alert__title">Votre texte n’est pas encore enregistré</h2>
        <p>
          Pour protéger votre compte, la connexion s’arrête après un moment sans activité. Ce que vous venez d’écrire dans « {section.title} » est repris
          ci-dessous : ne fermez pas cet onglet avant de l’avoir enregistré.
        </p>
      </div>
      <ol className="fr-mb-4w">
        <li>
          <a className="fr-link" href={signInHref(path)} target="_blank" rel="noopener noreferrer" title="Se reconnecter - nouvelle fenêtre">
            Se reconnecter
          </a>{' '}
          dans un nouvel onglet.
        </li>
        <li>Revenez sur cet onglet, puis cliquez sur « Enregistrer mon texte » en bas de la page.</li>
      </ol>
      <h2>{section.title}</h2>
      <SecureForm method="post" action={path} noValidate>
        <input type="hidden" name="version" value={expired.version} />
        <SectionFields section={section} values={expired.values} errors={{}} />
        <button type="submit" className="fr-btn">
          Enregistrer mon texte
        </button>
      </SecureForm>
    </div>
  )
}
