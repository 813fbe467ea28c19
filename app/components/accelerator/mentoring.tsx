import { HEALTH_LABELS, HEALTH_SEVERITY, type Health } from '#app/accelerator/mentoring/mentoring.ts'

export function HealthBadge({ health, small = false }: { health: Health; small?: boolean }) {
  return <span className={`fr-badge fr-badge--${HEALTH_SEVERITY[health]} fr-badge--no-icon${small ? ' fr-badge--sm' : ''}`}>{HEALTH_LABELS[health]}</span>
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
