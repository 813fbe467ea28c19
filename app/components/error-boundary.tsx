import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { pageTitle } from '#app/utils/meta.ts'

const DEFAULTS: Record<number, { title: string; lead: string }> = {
  400: { title: 'Demande incorrecte', lead: 'La demande envoyée n’a pas pu être comprise.' },
  403: { title: 'Accès refusé', lead: 'Vous n’avez pas accès à cette page avec votre compte.' },
  404: {
    title: 'Page non trouvée',
    lead: 'La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.',
  },
  405: { title: 'Action impossible', lead: 'Cette action n’est pas possible sur cette page.' },
  409: { title: 'Conflit', lead: 'Cette action entre en conflit avec une autre modification.' },
  413: { title: 'Envoi trop volumineux', lead: 'Ce que vous avez envoyé dépasse la taille autorisée.' },
  429: { title: 'Trop de tentatives', lead: 'Merci de patienter quelques minutes avant de réessayer.' },
  503: {
    title: 'Service momentanément indisponible',
    lead: 'Le service est momentanément indisponible. Merci de réessayer dans quelques instants.',
  },
}

export function describeError(error: unknown) {
  let status = 500
  let message: string | null = null
  if (isRouteErrorResponse(error)) {
    status = error.status
    const data = error.data as unknown
    if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') message = data.message
    else if (typeof data === 'string' && data.length < 300 && status < 500) message = data
  }
  const defaults = DEFAULTS[status] ?? {
    title: 'Erreur inattendue',
    lead: 'Désolé, le service rencontre un problème, nous travaillons pour le résoudre le plus rapidement possible.',
  }
  return { status, message, ...defaults }
}

/** Title of the error page, for the root `meta`. */
export function errorPageTitle(error: unknown): string {
  return pageTitle(describeError(error).title)
}

/**
 * The one error page of the app (DSFR error page model): a French title, the error code, a
 * plain explanation and a way back. Used by the root and by any route.
 */
export function GeneralErrorBoundary() {
  const { status, message, title, lead } = describeError(useRouteError())
  return (
    <div className="fr-container fr-my-7w">
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8">
          <h1>{title}</h1>
          <p className="fr-text--sm fr-mb-3w">{`Erreur ${status}`}</p>
          <p className="fr-text--lead fr-mb-3w">{message ?? lead}</p>
          {status >= 500 ? (
            <p className="fr-text--sm fr-mb-5w">
              Essayez de rafraîchir la page ou bien réessayez plus tard. Si le problème persiste, écrivez-nous en
              indiquant l’heure de l’erreur.
            </p>
          ) : status === 404 ? (
            <p className="fr-text--sm fr-mb-5w">
              Si vous avez tapé l’adresse web dans le navigateur, vérifiez qu’elle est correcte. La page n’est
              peut-être plus disponible.
            </p>
          ) : null}
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Link className="fr-btn" to="/">
                Page d’accueil
              </Link>
            </li>
            {status === 403 ? (
              <li>
                <Link className="fr-btn fr-btn--secondary" to="/connexion">
                  Changer de compte
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      </div>
    </div>
  )
}
