// Detection of personal data in free text (verbatims): e-mail addresses, French phone numbers,
// social security numbers (NIR, with their key), IBANs (mod-97 checked) and postal addresses.
// A flagged review is masked in dashboards and exports until a team member looks at it.
// Pure functions, property-tested in tests/unit/personal-data.test.ts.

export type PersonalDataKind = 'email' | 'telephone' | 'nir' | 'iban' | 'adresse'

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: 'adresse e-mail',
  telephone: 'numéro de téléphone',
  nir: 'numéro de sécurité sociale',
  iban: 'coordonnées bancaires (IBAN)',
  adresse: 'adresse postale',
}

export interface PersonalDataMatch {
  kind: PersonalDataKind
  start: number
  end: number
}

// The lookbehind starts a match only at the start of a run of such characters: without it, a long
// run with no « @ » was scanned again from each of its characters (quadratic: 0.5 s for 20 000).
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu
// 0X XX XX XX XX, +33 X XX XX XX XX, 0033…, +33 (0)X…, with spaces, dots or dashes.
const PHONE = /(?<![\p{N}])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?![\p{N}])/gu
// Sex, year, month, department (2A/2B for Corsica), commune, order, key; spaces allowed between groups.
const NIR = /(?<![\p{L}\p{N}])([1-478])[\s.]?(\d{2})[\s.]?(\d{2})[\s.]?(\d{2}|2[ABab])[\s.]?(\d{3})[\s.]?(\d{3})[\s.]?(\d{2})(?![\p{L}\p{N}])/gu
const IBAN_START = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?:[\s-]?[A-Za-z0-9]){11,32}/gu
const STREET_TYPES =
  'rue|avenue|av\\.?|boulevard|bd|chemin|impasse|all[ée]e|place|quai|route|cours|square|r[ée]sidence|lotissement|hameau|passage|voie|cit[ée]|faubourg|sentier|rond-point|esplanade|parvis|promenade'
const STREET = new RegExp(`(?<![\\p{L}\\p{N}])\\d{1,4}\\s?(?:bis|ter|quater|[abc])?,?\\s+(?:${STREET_TYPES})\\s+(?:d[eu']\\s?|des\\s|de la\\s|l'|la\\s|le\\s|les\\s)?\\p{L}[\\p{L}'-]+`, 'giu')
// A French postal code followed by a capitalised town name (« 75011 Paris », « 13001 Marseille »).
const POSTCODE_TOWN = /(?<![\p{N}])(?:0[1-9]|[1-8]\d|9[0-8])\d{3}\s+(?:C[ée]dex\s+)?\p{Lu}[\p{L}'-]{2,}/gu
const NOT_TOWNS = new Set(['euros', 'euro', 'eur', 'habitants', 'personnes', 'dossiers', 'demandes', 'km', 'kilomètres', 'mètres', 'minutes', 'heures', 'jours'])

/** NIR key: 97 − (the first 13 digits mod 97), Corsica 2A → 19, 2B → 18. */
export function nirKey(thirteen: string): number {
  const digits = thirteen.toUpperCase().replace('2A', '19').replace('2B', '18')
  return 97 - Number(BigInt(digits) % 97n)
}

export function isValidNir(value: string): boolean {
  const compact = value.replace(/[\s.]/g, '').toUpperCase()
  if (!/^[1-478]\d{4}(?:\d{2}|2[AB])\d{6}\d{2}$/.test(compact)) return false
  return nirKey(compact.slice(0, 13)) === Number(compact.slice(13))
}

/** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
export function isValidIban(value: string): boolean {
  const compact = value.replace(/[\s-]/g, '').toUpperCase()
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false
  const length = IBAN_LENGTHS[compact.slice(0, 2)]
  if (length !== undefined && compact.length !== length) return false
  const rearranged = compact.slice(4) + compact.slice(0, 4)
  let remainder = 0
  for (const char of rearranged) {
    const code = char.charCodeAt(0)
    const chunk = code >= 65 ? String(code - 55) : char
    for (const digit of chunk) remainder = (remainder * 10 + Number(digit)) % 97
  }
  return remainder === 1
}

// Lengths of the IBANs most likely to appear here (others are checked by mod-97 alone).
const IBAN_LENGTHS: Record<string, number> = {
  FR: 27, MC: 27, DE: 22, BE: 16, ES: 24, IT: 27, LU: 20, NL: 18, PT: 25, CH: 21, GB: 22, IE: 22, AT: 20, PL: 28, RO: 24, MA: 28, TN: 24, DZ: 26, SN: 28,
}

function ibanMatches(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = []
  const regex = new RegExp(IBAN_START.source, IBAN_START.flags)
  let match: RegExpExecArray | null
  while ((match = regex.exec(text))) {
    // The pattern may run into the next word (or the next IBAN): keep the longest valid prefix,
    // and look again right after it.
    const candidate = match[0]
    let accepted = 0
    for (let end = candidate.length; end >= 15; end--) {
      if (/[\s-]/.test(candidate[end - 1]!)) continue
      if (isValidIban(candidate.slice(0, end))) {
        accepted = end
        break
      }
    }
    if (accepted) found.push({ kind: 'iban', start: match.index, end: match.index + accepted })
    regex.lastIndex = match.index + (accepted || 1)
  }
  return found
}

/** Every piece of text that looks like personal data, sorted, without overlaps. */
export function findPersonalData(text: string): PersonalDataMatch[] {
  const matches: PersonalDataMatch[] = []
  // Every candidate, overlapping ones included: a match that is later dropped for overlapping
  // another kind must not hide the real one that starts inside it (« 2A…026 06 12 34 56 78 »).
  const push = (kind: PersonalDataKind, regex: RegExp, accept: (match: RegExpMatchArray) => boolean = () => true) => {
    const scanner = new RegExp(regex.source, regex.flags)
    let match: RegExpExecArray | null
    while ((match = scanner.exec(text))) {
      if (accept(match)) matches.push({ kind, start: match.index, end: match.index + match[0].length })
      scanner.lastIndex = match.index + 1
    }
  }
  push('email', EMAIL)
  matches.push(...ibanMatches(text))
  push('nir', NIR, (match) => isValidNir(match[0]))
  push('telephone', PHONE)
  push('adresse', STREET)
  push('adresse', POSTCODE_TOWN, (match) => !NOT_TOWNS.has(match[0].split(/\s+/).pop()!.toLowerCase()))
  // Keep the earliest, then longest, match where several overlap (an IBAN contains digit runs).
  matches.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: PersonalDataMatch[] = []
  for (const match of matches) {
    const last = kept[kept.length - 1]
    if (last && match.start < last.end) continue
    kept.push(match)
  }
  return kept
}

export function personalDataKinds(text: string): PersonalDataKind[] {
  return [...new Set(findPersonalData(text).map((match) => match.kind))]
}

export const REDACTED = '[supprimé]'

/** The text with every detected piece of personal data replaced by « [supprimé] ». */
export function redactPersonalData(text: string): string {
  let out = ''
  let cursor = 0
  for (const match of findPersonalData(text)) {
    out += text.slice(cursor, match.start) + REDACTED
    cursor = match.end
  }
  return out + text.slice(cursor)
}

export function describeKinds(kinds: readonly string[]): string {
  const labels = kinds.map((kind) => PERSONAL_DATA_LABELS[kind as PersonalDataKind] ?? kind)
  if (labels.length <= 1) return labels[0] ?? ''
  return `${labels.slice(0, -1).join(', ')} et ${labels[labels.length - 1]}`
}
