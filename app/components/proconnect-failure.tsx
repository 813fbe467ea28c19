import { Link } from '@remix-run/react'

/** What a person sees when a ProConnect sign-in is refused: why, and the two ways forward. */
export function ProConnectFailure({ message, redirection }: { message: string; redirection?: string | null }) {
  const query = redirection ? `?redirection=${encodeURIComponent(redirection)}` : ''
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Connexion avec ProConnect</h1>
          <div className="fr-alert fr-alert--error fr-mb-4w" role="alert">
            <h2 className="fr-alert__title">Connexion refusée</h2>
            <p>{message}</p>
          </div>
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Link className="fr-btn" to={`/connexion${query}`}>
                Recommencer la connexion
              </Link>
            </li>
            <li>
              <Link className="fr-btn fr-btn--secondary" to="/">
                Retour à l’accueil
              </Link>
            </li>
          </ul>
        </div>
      </div>
    </div>
  )
}
