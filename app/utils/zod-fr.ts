import { z } from 'zod'

// Validation messages in French everywhere (server and browser).
z.config(z.locales.fr())
// Without this, zod probes `new Function('')` at its first object parse to compile faster parsers:
// our CSP refuses eval, so the browser reported a violation on every page (issue 21). Parsing
// without compiled parsers is zod's documented mode for CSP-restricted environments. Only in the
// browser: the server keeps the compiled parsers (the ingest endpoint parses every review).
if (typeof document !== 'undefined') z.config({ jitless: true })
