// Makes server-side route matching cheap. On every page request, Remix and React Router rebuild
// the route tree, then flatten it, rank it and compile the regular expressions of all ~110 routes,
// three times: this was a quarter of a page's CPU time (bench/README.md, docs/decisions/080).
// These patches to the CommonJS builds (the ones Node loads) keep what does not change between
// requests:
// - @remix-run/router: compiled path patterns by pattern (route patterns, not request URLs, and
//   bounded), flattened and ranked branches by route array, the matches of the last 1,000
//   pathnames by route array;
// - @remix-run/react's RemixServer: the route tree, by build (its asset manifest);
// - react-router-dom's static router: the data routes, by route tree.
// The browser bundle uses the ESM builds and is left alone. Runs from `postinstall`; idempotent.
// If a package changed and the expected text is absent, it says so and leaves that file untouched:
// tests/unit/patch-route-matching.test.ts then fails, so the loss cannot go unnoticed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export const MARKER = '/* aic: memoised by scripts/patch-route-matching.mjs */'

export const PATCHES = [
  {
    file: 'node_modules/@remix-run/router/dist/router.cjs.js',
    replacements: [
      [
        '  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n',
        '  let branches = rankedBranchesByRoutes.get(routes);\n' +
          '  if (!branches) {\n' +
          '    branches = flattenRoutes(routes);\n' +
          '    rankRouteBranches(branches);\n' +
          '    rankedBranchesByRoutes.set(routes, branches);\n' +
          '  }\n',
      ],
      [
        'function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n',
        // Matches of a pathname, by route array: request URLs, so at most 1,000 kept per array.
        // Callers get their own copy of the matches and of the params they share.
        'const matchesByRoutes = new WeakMap();\n' +
          'function matchRoutesImpl(routes, locationArg, basename, allowPartial) {\n' +
          '  let pathname = typeof locationArg === "string" ? locationArg : locationArg.pathname;\n' +
          '  let key = (allowPartial ? "1" : "0") + basename + "\\0" + pathname;\n' +
          '  let cache = matchesByRoutes.get(routes);\n' +
          '  if (!cache) {\n' +
          '    cache = new Map();\n' +
          '    matchesByRoutes.set(routes, cache);\n' +
          '  }\n' +
          '  let matches = cache.get(key);\n' +
          '  if (matches === undefined) {\n' +
          '    matches = matchRoutesImplUncached(routes, locationArg, basename, allowPartial);\n' +
          '    if (cache.size >= 1000) cache.clear();\n' +
          '    cache.set(key, matches);\n' +
          '  }\n' +
          '  if (!matches) return matches;\n' +
          '  let params = { ...matches[0].params };\n' +
          '  return matches.map(match => ({ ...match, params }));\n' +
          '}\n' +
          'function matchRoutesImplUncached(routes, locationArg, basename, allowPartial) {\n',
      ],
      [
        'function compilePath(path, caseSensitive, end) {\n',
        `${MARKER}\n` +
          'const rankedBranchesByRoutes = new WeakMap();\n' +
          'const compiledPaths = new Map();\n' +
          'function compilePath(path, caseSensitive, end) {\n' +
          '  let key = (caseSensitive ? "1" : "0") + (end === false ? "0" : "1") + path;\n' +
          '  let compiled = compiledPaths.get(key);\n' +
          '  if (!compiled) {\n' +
          '    compiled = compilePathUncached(path, caseSensitive, end);\n' +
          '    if (compiledPaths.size < 10000) compiledPaths.set(key, compiled);\n' +
          '  }\n' +
          '  return compiled;\n' +
          '}\n' +
          'function compilePathUncached(path, caseSensitive, end) {\n',
      ],
    ],
  },
  {
    file: 'node_modules/@remix-run/react/dist/server.js',
    replacements: [
      [
        '  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n',
        `  ${MARKER}\n` +
          // routeModules is a new object on each request, holding the same modules: the build's
          // manifest is the key.
          '  let routes$1 = serverRoutesByManifest.get(manifest.routes);\n' +
          '  if (!routes$1) {\n' +
          '    routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);\n' +
          '    serverRoutesByManifest.set(manifest.routes, routes$1);\n' +
          '  }\n',
      ],
      ['function RemixServer({\n', 'const serverRoutesByManifest = new WeakMap();\nfunction RemixServer({\n'],
    ],
  },
  {
    file: 'node_modules/react-router-dom/server.js',
    replacements: [
      [
        '  let manifest = {};\n  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);\n',
        `  ${MARKER}\n` +
          '  let cached = dataRoutesByRoutes.get(routes);\n' +
          '  if (!cached) {\n' +
          '    let manifest = {};\n' +
          '    cached = { manifest, dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest) };\n' +
          '    dataRoutesByRoutes.set(routes, cached);\n' +
          '  }\n' +
          '  let { manifest, dataRoutes } = cached;\n',
      ],
      ['function createStaticRouter(routes, context, opts = {}) {\n', 'const dataRoutesByRoutes = new WeakMap();\nfunction createStaticRouter(routes, context, opts = {}) {\n'],
    ],
  },
]

/**
 * Applies one patch; returns what happened, for the install log and the test. Other patch scripts
 * (scripts/patch-postgres-close-race.mjs) reuse it with their own marker.
 */
export function applyPatch({ file, replacements, marker = MARKER }) {
  if (!existsSync(file)) return 'absent'
  let source = readFileSync(file, 'utf8')
  if (source.includes(marker)) return 'déjà appliqué'
  for (const [find, replace] of replacements) {
    if (source.split(find).length !== 2) return `texte attendu introuvable : ${JSON.stringify(find.slice(0, 70))}`
    source = source.replace(find, replace)
  }
  writeFileSync(file, source)
  return 'appliqué'
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const patch of PATCHES) console.log(`patch-route-matching : ${patch.file} : ${applyPatch(patch)}`)
}
