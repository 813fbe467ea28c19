import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// Remix removes `.server` modules from the browser bundle: a value imported from one and used in a
// page's component renders on the server, then becomes `undefined` after hydration (the alerts page
// read « depuis NaN minutes »). A page passes such values through its loader instead.
const ROUTES = 'app/routes'

/** The names of the values (not types) a file imports from `.server` modules. */
function serverValues(source: string): string[] {
  const names: string[] = []
  for (const match of source.matchAll(/import\s+\{([^}]*)\}\s+from\s+'[^']*\.server(?:\.tsx?)?'/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.trim()
      if (!name || name.startsWith('type ')) continue
      names.push(name.split(/\s+as\s+/).pop()!.trim())
    }
  }
  return names
}

/** The part of a route module that runs in the browser too: from its first component on. */
function componentCode(source: string): string | null {
  const starts = [...source.matchAll(/^(?:export default function|export function [A-Z]|function [A-Z])/gm)].map((m) => m.index!)
  return starts.length ? source.slice(Math.min(...starts)) : null
}

/** A use of the name itself: not a property (`can.name`), an object key (`{ name: value }`) or a JSX attribute. */
function usesValue(code: string, name: string): boolean {
  for (const match of code.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
    const before = code.slice(0, match.index)
    const after = code.slice(match.index + name.length)
    if (before.endsWith('.')) continue
    if (/[{,]\s*$/.test(before) && /^\s*:/.test(after)) continue
    // A JSX attribute of the same name (`refusalChoices={choices}`).
    if (/^=[^=]/.test(after)) continue
    return true
  }
  return false
}

describe('valeurs des modules serveur dans les pages', () => {
  it('aucun composant de page n’utilise une valeur importée d’un module .server', () => {
    const found: string[] = []
    for (const file of readdirSync(ROUTES).filter((name) => name.endsWith('.tsx'))) {
      const source = readFileSync(path.join(ROUTES, file), 'utf8')
      const code = componentCode(source)
      if (!code) continue
      for (const name of serverValues(source)) if (usesValue(code, name)) found.push(`${file} : ${name}`)
    }
    expect(found).toEqual([])
  })

  it('le contrôle trouve le défaut qu’il cherche', () => {
    const source = "import { LIMIT } from '#app/x.server.ts'\nexport async function loader() {}\nexport default function Page() { return <p>{LIMIT}</p> }\n"
    expect(serverValues(source)).toEqual(['LIMIT'])
    expect(usesValue(componentCode(source)!, 'LIMIT')).toBe(true)
    expect(usesValue('const { LIMIT: limit } = data; return can.LIMIT', 'LIMIT')).toBe(false)
  })
})
