import { Link } from '@remix-run/react'
import { HEALTH_LABELS, HEALTH_SEVERITY, type Health } from '#app/accelerator/mentoring/mentoring.ts'

export function HealthBadge({ health, small = false }: { health: Health; small?: boolean }) {
  return <span className={`fr-badge fr-badge--${HEALTH_SEVERITY[health]} fr-badge--no-icon${small ? ' fr-badge--sm' : ''}`}>{HEALTH_LABELS[health]}</span>
}

/** A DSFR breadcrumb: the links, then the current page. */
export function Breadcrumb({ links, current }: { links: Array<{ to: string; label: string }>; current: string }) {
  return (
    <nav role="navigation" className="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol className="fr-breadcrumb__list">
        {links.map((link) => (
          <li key={link.to}>
            <Link className="fr-breadcrumb__link" to={link.to}>
              {link.label}
            </Link>
          </li>
        ))}
        <li>
          <span className="fr-breadcrumb__link" aria-current="page">
            {current}
          </span>
        </li>
      </ol>
    </nav>
  )
}

/** A success message after a redirect (« ?ok=… »). */
export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null
  return (
    <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
      <p>{message}</p>
    </div>
  )
}
