// The pages the baseline renderer serves (kept apart from pages.tsx: the benchmark runner reads
// the list without loading React DSFR, whose SVG imports only the bundler understands).
export const basePagePaths = [{ path: '/', label: 'accueil' }] as const
