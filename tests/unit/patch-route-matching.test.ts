// The route-matching patches (patches/*.patch, patches/README.md, decision 080) are applied by
// `postinstall` (patch-package), and what they keep between requests never leaks from one request
// to the next.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as Router from '@remix-run/router'
import { describe, expect, it } from 'vitest'

// Node loads the CommonJS build on the server: that is the patched one.
const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as typeof Router

const MARKER = '/* aic: memoised (patches/README.md, decision 080) */'
const PATCHED = ['node_modules/@remix-run/router/dist/router.cjs.js', 'node_modules/@remix-run/react/dist/server.js', 'node_modules/react-router-dom/server.js']

describe('patch-route-matching', () => {
  it.each(PATCHED)('%s is patched', (file) => {
    expect(readFileSync(file, 'utf8')).toContain(MARKER)
  })

  const routes = [
    {
      id: 'root',
      path: '',
      children: [
        { id: 'home', index: true },
        { id: 'call', path: 'appels/:slug' },
        { id: 'calls', path: 'appels' },
        { id: 'splat', path: '*' },
      ],
    },
  ]

  it('matches as before, pathname by pathname', () => {
    const ids = (pathname: string) => matchRoutes(routes, pathname)?.map((match) => match.route.id)
    for (let round = 0; round < 2; round++) {
      expect(ids('/')).toEqual(['root', 'home'])
      expect(ids('/appels')).toEqual(['root', 'calls'])
      expect(ids('/appels/budget-2026')).toEqual(['root', 'call'])
      expect(ids('/ailleurs/encore')).toEqual(['root', 'splat'])
    }
    expect(matchRoutes(routes, '/appels/a')![1]!.params).toEqual({ slug: 'a' })
    expect(matchRoutes(routes, '/appels/b')![1]!.params).toEqual({ slug: 'b' })
    expect(matchRoutes([{ id: 'only', path: 'seule' }], '/appels')).toBeNull()
  })

  it('gives each caller its own matches and params', () => {
    const first = matchRoutes(routes, '/appels/budget')!
    const params = first[1]!.params as Record<string, string>
    params.slug = 'modifié par une requête'
    first.pop()
    const second = matchRoutes(routes, '/appels/budget')!
    expect(second).toHaveLength(2)
    expect(second[1]!.params).toEqual({ slug: 'budget' })
    // The matches of one call still share one params object, as React Router builds them.
    expect(second[0]!.params).toBe(second[1]!.params)
  })

  it('keeps matches per route tree', () => {
    const other = [{ id: 'other', path: 'appels/:slug' }]
    expect(matchRoutes(other, '/appels/x')!.map((match) => match.route.id)).toEqual(['other'])
    expect(matchRoutes(routes, '/appels/x')!.map((match) => match.route.id)).toEqual(['root', 'call'])
  })
})
