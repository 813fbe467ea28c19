export const SERVICE_NAME = 'Accélérateur d’initiatives citoyennes'

/** Page title in the « Page – Service » form required by the DSFR and RGAA 8.6. */
export function pageTitle(page?: string): string {
  return page ? `${page} – ${SERVICE_NAME}` : SERVICE_NAME
}

/** `meta` export for a route with a fixed title. */
export function titleMeta(page: string) {
  return () => [{ title: pageTitle(page) }]
}
