/**
 * Every route module of the app, found by file name (flat routes), with the URL pattern Remix
 * gives it. New route files are picked up automatically by the authorisation matrix and the fuzz
 * tests, which then fail until the route is described.
 */
export interface RouteModule {
  loader?: (args: { request: Request; context: unknown; params: Record<string, string> }) => Promise<unknown>
  action?: (args: { request: Request; context: unknown; params: Record<string, string> }) => Promise<unknown>
  default?: unknown
}

const modules = import.meta.glob<RouteModule>('/app/routes/*.{ts,tsx}')

export interface RouteFile {
  /** The file name without extension, e.g. `equipe.personnes` or `invitations.$jeton`. */
  id: string
  /** The file, e.g. `app/routes/equipe.personnes.tsx`. */
  file: string
  /** The URL pattern, e.g. `/invitations/:jeton`. */
  pattern: string
  load: () => Promise<RouteModule>
}

/** The URL pattern of a flat-routes file name (Remix v2 conventions). */
export function routePattern(id: string): string {
  const segments: string[] = []
  for (const raw of id.split(/\.(?![^[]*\])/)) {
    if (raw === '_index') continue
    if (raw.startsWith('_')) continue // pathless layout
    let segment = raw.endsWith('_') ? raw.slice(0, -1) : raw
    segment = segment.replace(/\[([^\]]*)\]/g, '$1')
    if (segment === '$') segments.push('*')
    else if (segment.startsWith('$')) segments.push(`:${segment.slice(1)}`)
    else segments.push(segment)
  }
  return `/${segments.join('/')}`
}

export function routeFiles(): RouteFile[] {
  return Object.entries(modules)
    .map(([file, load]) => {
      const id = file.replace(/^\/app\/routes\//, '').replace(/\.tsx?$/, '')
      return { id, file: file.slice(1), pattern: routePattern(id), load }
    })
    .sort((a, b) => a.id.localeCompare(b.id))
}

/** Fills a pattern with parameters: `/invitations/:jeton` + { jeton } → `/invitations/abc`. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([\w-]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? 'inconnu')).replace('*', params['*'] ?? 'inconnu')
}
