import { json } from '@remix-run/node'

// The refusals every loader and action may throw, with a French message (app/components/error-boundary.tsx shows it).

export function forbidden(message = 'Vous n’avez pas accès à cette page avec votre compte.') {
  return json({ message }, { status: 403 })
}

/** Used for resources that exist but belong to someone else too: never reveal they exist. */
export function notFound(message = 'Cette page n’existe pas ou n’est plus disponible.') {
  return json({ message }, { status: 404 })
}
