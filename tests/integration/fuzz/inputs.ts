import fc from 'fast-check'

/** Text that has broken web apps before: empty, huge, control characters, scripts, SQL, RTL, emoji. */
export const trickyText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '\u0000',
    'a\u0000b',
    '\u202eevil\u202c',
    '\u200b\u200c\u200d',
    '🙂👍🏽🇫🇷',
    'مرحبا بالعالم',
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE users; --",
    '../../etc/passwd',
    '%00',
    '${7*7}{{7*7}}',
    '-1',
    '0',
    '1e309',
    'NaN',
    '9999999999999999999999',
    '2026-02-30',
    '00000000-0000-4000-8000-000000000000',
    'nom@exemple.fr',
    'true',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.nat({ max: 120_000 }).map((n) => 'x'.repeat(n)),
)

/** A form: known field names (some missing), optional unknown fields, sometimes repeated values. */
export function formInput(fieldNames: string[], intents: string[]) {
  const known = fc.record(
    Object.fromEntries(fieldNames.map((name) => [name, fc.option(fc.oneof(trickyText, fc.array(trickyText, { minLength: 2, maxLength: 3 })), { nil: undefined })])),
    { requiredKeys: [] },
  )
  const intent = intents.length ? fc.option(fc.constantFrom(...intents), { nil: undefined, freq: 4 }) : fc.constant(undefined)
  const unknown = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), trickyText, { maxKeys: 2 })
  return fc.record({ known, intent, unknown }).map(({ known, intent, unknown }) => {
    const fields: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(unknown)) if (k !== 'csrf') fields[k] = v
    for (const [k, v] of Object.entries(known)) if (v !== undefined) fields[k] = v
    if (intent !== undefined) fields.intent = intent
    return fields
  })
}

const FRENCH = /[éèêàùçôâî’«»]|\b(le|la|les|des|une|un|votre|vous|ce|cette|est|pas|saisissez|choisissez|demande|action|invalide|merci|trop|champ)\b/i
const ENGLISH = /\b(invalid|required|expected|received|must|should|string|number|undefined|null|error|failed|unknown|not found)\b/i

/** The messages a person would read in an error body: `message`, `error` and the form's field errors. */
function messagesOf(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return ['message', 'error', 'errors', 'formErrors'].includes(key) || /^\d+$/.test(key) || key === 'field' ? [value] : []
  if (Array.isArray(value)) return value.flatMap((item) => messagesOf(item, key === 'initialValue' ? '' : key || '0'))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      // Field errors: { error: { email: ['…'] } }, a field may be named `status` too.
      if (key === 'error' && Array.isArray(v)) return v.filter((m): m is string => typeof m === 'string')
      if (k === 'initialValue' || k === 'status') return []
      return messagesOf(v, k)
    })
  }
  return []
}

/** True when a 4xx body carries at least one message, each one in French (not English). */
export function hasFrenchMessage(body: string): boolean {
  let messages: string[]
  try {
    messages = messagesOf(JSON.parse(body))
  } catch {
    messages = [body]
  }
  return messages.length > 0 && messages.every((message) => FRENCH.test(message) || !ENGLISH.test(message))
}
