// The three ways a service shows its form, as copyable HTML: a link button (image + link), a
// floating widget (a script opening the form in a modal iframe) and an inline smiley (three faces).

export type EmbedKind = 'bouton' | 'widget' | 'sourire'

export const EMBED_LABELS: Record<EmbedKind, { title: string; description: string }> = {
  bouton: {
    title: 'Bouton « Je donne mon avis »',
    description:
      'Une image cliquable qui ouvre le questionnaire dans un nouvel onglet. Elle fonctionne partout, y compris dans un e-mail ou sur une page sans JavaScript.',
  },
  widget: {
    title: 'Fenêtre intégrée',
    description:
      'Un bouton qui ouvre le questionnaire dans une fenêtre, sans quitter votre page. Votre site doit figurer dans la liste des sites autorisés.',
  },
  sourire: {
    title: 'Avis en un clic',
    description:
      'Trois visages intégrés à votre page : un clic enregistre l’avis, puis la personne peut répondre aux autres questions. Votre site doit figurer dans la liste des sites autorisés.',
  },
}

export function publicFormUrl(appUrl: string, placementId: string): string {
  return `${appUrl}/avis/${placementId}`
}

export function buttonImageUrl(appUrl: string, variant: 'bleu' | 'blanc' = 'bleu'): string {
  return `${appUrl}/integration/bouton-${variant}.svg`
}

export function embedCode(kind: EmbedKind, appUrl: string, placementId: string): string {
  switch (kind) {
    case 'bouton':
      return [
        `<a href="${publicFormUrl(appUrl, placementId)}" target="_blank" rel="noopener" title="Je donne mon avis – nouvelle fenêtre">`,
        `  <img src="${buttonImageUrl(appUrl)}" alt="Je donne mon avis" width="200" height="56" />`,
        `</a>`,
      ].join('\n')
    case 'widget':
      return [
        `<div data-je-donne-mon-avis="${placementId}"></div>`,
        `<script src="${appUrl}/integration/widget.js" async></script>`,
      ].join('\n')
    case 'sourire':
      return [
        `<div data-je-donne-mon-avis-sourire="${placementId}"></div>`,
        `<script src="${appUrl}/integration/widget.js" async></script>`,
        `<noscript>`,
        `  <iframe src="${appUrl}/integration/sourire/${placementId}" title="Donnez votre avis en un clic" width="100%" height="220" style="border:0"></iframe>`,
        `</noscript>`,
      ].join('\n')
  }
}

/** A placement's allowed site: an origin such as https://www.exemple.gouv.fr (no path). */
export function normaliseOrigin(input: string): string | null {
  const trimmed = input.trim().replace(/\/+$/, '')
  if (!trimmed) return null
  let url: URL
  try {
    url = new URL(trimmed.includes('://') ? trimmed : `https://${trimmed}`)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return null
  // A real site name (« exemple.gouv.fr »), not a stray word.
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null
  // Plain http only for local development and tests.
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1'].includes(url.hostname)) return null
  return url.origin
}

/** The CSP header value of an embeddable page: the placement's sites, plus this app itself. */
export function frameAncestors(origins: readonly string[]): string {
  const sources = origins.map((origin) => normaliseOrigin(origin)).filter((origin): origin is string => Boolean(origin))
  return `frame-ancestors 'self'${sources.map((source) => ` ${source}`).join('')}`
}
