// The route-matching patches (scripts/patch-route-matching.mjs) are applied by `postinstall`, and
// what they keep between requests never leaks from one request to the next.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as Router from '@remix-run/router'
import { describe, expect, it } from 'vitest'
import { MARKER, PATCHES } from '../../scripts/patch-route-matching.mjs'

// Node loads the CommonJS build on the server: that is the patched one.
const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as typeof Router

describe('patch-route-matching', () => {
  it.each((PATCHES as Array<{ file: string }>).map((patch) => patch.file))('%s is patched', (file) => {
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
