// Detection of personal data in free text (verbatims): e-mail addresses, French phone numbers,
// social security numbers (NIR, with their key), IBANs (mod-97 checked), postal addresses, names
// after a civility title or a role, birth dates (after a birth cue), tax numbers (SPI, key mod 511),
// registration plates, passport and identity-card numbers and CAF/MSA numbers (after their cue).
// The rules, the cues and what is deliberately not detected: docs/decisions/093-donnees-personnelles-ecrites.md;
// precision and recall are measured on tests/fixtures/personal-data-corpus.ts.
// A flagged review is masked in dashboards and exports until a team member looks at it.
// Pure functions, property-tested in tests/unit/personal-data.test.ts.

export type PersonalDataKind =
  | 'email'
  | 'phone'
  | 'nir'
  | 'iban'
  | 'address'
  | 'person_name'
  | 'birth_date'
  | 'tax_number'
  | 'licence_plate'
  | 'passport'
  | 'identity_card'
  | 'benefit_number'

export const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  email: 'adresse e-mail',
  phone: 'numéro de téléphone',
  nir: 'numéro de sécurité sociale',
  iban: 'coordonnées bancaires (IBAN)',
  address: 'adresse postale',
  person_name: 'nom de personne',
  birth_date: 'date de naissance',
  tax_number: 'numéro fiscal',
  licence_plate: 'plaque d’immatriculation',
  passport: 'numéro de passeport',
  identity_card: 'numéro de carte d’identité',
  benefit_number: 'numéro d’allocataire CAF ou MSA',
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

// ——— Names after a civility title or a role ———
// A surname is a capitalised word (« Dupont », « Le Goff » is two, « N'Diaye », « Lefèvre-Martin »)
// or a word in capitals (« DUPONT »); one to three of them (given name then surname).
const CAPITALISED_WORD = String.raw`(?:\p{Lu}['’])?\p{Lu}[\p{Ll}]+(?:[-'’]\p{Lu}?[\p{Ll}]+)*`
const NAME_WORD = String.raw`(?:${CAPITALISED_WORD}|\p{Lu}{2,}(?:-\p{Lu}{2,})*)`
const PARTICLE = String.raw`(?:(?:de|du|d'|d’|van|von)\s?)?`
const TITLES = String.raw`(?:[Mm]adame|[Mm]ademoiselle|[Mm]onsieur|[Dd]octeur|[Mm]a[iî]tre|[Pp]rofesseur|Mme|Mmes|Mlle|MM\.|M\.|Mr\.?|Dr\.?|Pr\.?|Me)`
// A title then one to three name words: « Mme Dupont », « M. Jean DURAND », « Maître de Villiers ».
const TITLED_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])${TITLES}\s+(${PARTICLE}${NAME_WORD}(?:[ \t]${NAME_WORD}){0,2})(?![\p{L}\p{N}])`, 'gu')
// A role then a capitalised word: « l'agent Martin », « la conseillère Dupont ». Words in capitals
// after a role are organisations (« le conseiller CAF »), so they are not taken here.
const ROLES = String.raw`(?:agente?|conseill[eè]re?|conseiller|assistante? sociale?|gestionnaire|interlocut(?:eur|rice)|r[ée]f[ée]rente?|employée?|guicheti[eè]re?|guichetier|fact(?:eur|rice)|contr[oô]l(?:eur|euse)|m[ée]decin|infirmi[eè]re?|infirmier|[ée]ducat(?:eur|rice)|instruct(?:eur|rice)|secr[ée]taire|chauffeur|policier|polici[eè]re|gendarme)`
const ROLE_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:[Ll]['’]|[Ll]es?\s|[Ll]a\s|[Uu]ne?\s|[Mm]on\s|[Mm]a\s|[Vv]otre\s|[Nn]otre\s|[Cc]et(?:te)?\s|[Cc]e\s)\s*${ROLES}\s+(${CAPITALISED_WORD}(?:[ \t]${CAPITALISED_WORD})?)(?![\p{L}\p{N}])`, 'gu')
// Capitalised words after a title or a role that are not names: articles (« Monsieur Le Maire »),
// functions (« Madame la Directrice » written « Madame Directrice »), organisations, places, days.
const NOT_NAMES = new Set(
  (
    'le la les l de du des un une et ou mais madame monsieur mademoiselle mesdames messieurs mme mmes mlle mr dr pr me docteur maître maitre professeur maire préfet préfète directeur directrice président présidente ' +
    'ministre député députée sénateur sénatrice conseiller conseillère agent agente adjoint adjointe responsable chef cheffe juge procureur procureure ' +
    'france pôle services service travail emploi poste caf cpam msa urssaf carsat cnav mdph ants crous sncf ratp ameli impôts impots trésor public publique ' +
    'sécurité securite sociale assurance maladie retraite mairie préfecture prefecture tribunal hôpital hopital centre maison espace agence bureau guichet ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre ' +
    'bonjour merci cordialement bonne bon très tres vous nous je il elle ils elles on ce cette ces mon ma mes votre vos notre nos'
  ).split(' '),
)

function nameMatches(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = []
  for (const regex of [TITLED_NAME, ROLE_NAME]) {
    const scanner = new RegExp(regex.source, regex.flags)
    let match: RegExpExecArray | null
    while ((match = scanner.exec(text))) {
      // Only the name is masked (« Mme [supprimé] »), and only up to the first word that is not
      // a name (« Monsieur Le Maire » gives nothing, « Mme Dupont Bonjour » keeps « Bonjour »).
      const nameStart = match.index + match[0].length - match[1]!.length
      const tokens = [...match[1]!.matchAll(/(?:(?:de|du|van|von)\s|d['’]\s?)?[^\s]+/gu)]
      let end = nameStart
      for (const [index, token] of tokens.entries()) {
        // « Le », « La » start a surname when a name follows (« Mme Le Goff », not « Monsieur Le Maire »).
        const next = tokens[index + 1]?.[0].toLowerCase()
        if (/^l[ea]$/iu.test(token[0]) && next !== undefined && !NOT_NAMES.has(next) && /^\p{Lu}/u.test(tokens[index + 1]![0])) continue
        const bare = token[0].toLowerCase().replace(/^(?:(?:de|du|van|von)\s|d['’]\s?)/u, '')
        if (NOT_NAMES.has(token[0].toLowerCase()) || NOT_NAMES.has(bare)) break
        end = nameStart + token.index! + token[0].length
      }
      if (end > nameStart) found.push({ kind: 'person_name', start: nameStart, end })
      scanner.lastIndex = match.index + 1
    }
  }
  return found
}

// ——— Birth dates, only after a birth cue ———
const MONTHS = 'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv\\.?|f[ée]vr?\\.?|avr\\.?|juil\\.?|sept\\.?|oct\\.?|nov\\.?|d[ée]c\\.?'
const BIRTH_CUE = String.raw`(?:n[ée]e?s?\s*(?:\(e\)\s*)?le|date\s+de\s+naissance|date\s+de\s+naiss\.?|n[ée]e?\s*(?:\(e\)\s*)?en\s+date\s+du|naissance|DDN|anniversaire)`
const BIRTH_DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${BIRTH_CUE}\s*(?:[:,]\s*)?(?:(?:le|du)\s+)?((\d{1,2})(?:er)?\s*(?:([/.-])\s*(\d{1,2})\s*\3\s*(\d{4}|\d{2})|\s+(${MONTHS})(?:\s+(\d{4}))?))(?![\p{L}\p{N}])`,
  'giu',
)

function birthDateMatches(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = []
  const scanner = new RegExp(BIRTH_DATE.source, BIRTH_DATE.flags)
  let match: RegExpExecArray | null
  while ((match = scanner.exec(text))) {
    const day = Number(match[2])
    const month = match[4] === undefined ? 1 : Number(match[4])
    const year = match[5] ?? match[7]
    const plausibleYear = year === undefined || year.length === 2 || (Number(year) >= 1900 && Number(year) <= 2100)
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12 && plausibleYear) {
      found.push({ kind: 'birth_date', start: match.index + match[0].length - match[1]!.length, end: match.index + match[0].length })
    }
    scanner.lastIndex = match.index + 1
  }
  return found
}

// ——— Numbers recognised by their format and a cue written shortly before them ———
/** SPI (numéro fiscal): 13 digits, the first 0–3, the last three = the first ten mod 511. */
export function isValidTaxNumber(value: string): boolean {
  const compact = value.replace(/\s/g, '')
  if (!/^[0-3]\d{12}$/.test(compact)) return false
  return Number(compact.slice(0, 10)) % 511 === Number(compact.slice(10))
}

// A cue is looked for in the 60 characters before the candidate: bounded work per candidate.
const CUE_WINDOW = 60
const TAX_CUE = /(?:num[ée]ro|n°|no|identifiant|id\.?)\s*(?:d['’]identification\s*)?fiscal|fiscale|\bSPI\b|\bNIF\b|contribuable|imp[oô]ts?\.gouv|avis\s+d['’]imp[oô]t/iu
const PLATE_CUE = /immatricul|plaque|carte\s+grise|v[ée]hicule|voiture|moto|scooter|camion|fourri[eè]re|\bPV\b|amende|radar|\bANTAI\b|\bSIV\b/iu
const PASSPORT_CUE = /passeport/iu
const ID_CARD_CUE = /carte\s+(?:nationale\s+)?d['’]\s?identit[ée]|\bCNI\b|pi[eè]ce\s+d['’]\s?identit[ée]/iu
const BENEFIT_CUE = /\bCAF\b|\bMSA\b|allocataire|allocations?\s+familiales/iu

// 13 digits, written together or in the groups of the tax notice (« 12 34 567 890 123 »).
const TAX_NUMBER = /(?<![\p{L}\p{N}])[0-3]\d[ \t]?\d{2}[ \t]?\d{3}[ \t]?\d{3}[ \t]?\d{3}(?![\p{L}\p{N}])/gu
// SIV (since 2009): two letters, three digits, two letters; I, O and U are never used, nor SS,
// nor WW first (temporary plates), nor 000.
const SIV_LETTER = '[A-HJ-NP-TV-Z]'
const SIV_PLATE = new RegExp(String.raw`(?<![\p{L}\p{N}])(${SIV_LETTER}{2})([- ]?)(\d{3})\2(${SIV_LETTER}{2})(?![\p{L}\p{N}])`, 'giu')
// FNI (before 2009): 1–4 digits, 1–3 letters, a department (« 1234 AB 56 », « 56 ABC 2A »).
const FNI_PLATE = /(?<![\p{L}\p{N}])\d{1,4}[ -]?[A-Z]{1,3}[ -]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])(?![\p{L}\p{N}])/gu
// Passport: two digits, two letters, five digits (« 19AB12345 »).
const PASSPORT = /(?<![\p{L}\p{N}])\d{2}[A-Z]{2}\d{5}(?![\p{L}\p{N}])/giu
// Identity card: old (1988–2021) 12 digits, maybe in groups of four; new (2021) 9 letters and
// digits with at least one of each (« X4RTBPFW4 »), so that a word is never taken for one.
const ID_CARD_OLD = /(?<![\p{L}\p{N}])\d{4}[ \t]?\d{4}[ \t]?\d{4}(?![\p{L}\p{N}])/gu
const ID_CARD_NEW = /(?<![\p{L}\p{N}])(?=[A-Z0-9]{0,8}\d)(?=[A-Z0-9]{0,8}[A-Z])[A-Z0-9]{9}(?![\p{L}\p{N}])/gu
// CAF or MSA number: 7 digits (a key letter may follow at the CAF: « 1234567 A »).
const BENEFIT_NUMBER = /(?<![\p{L}\p{N}])\d{7}(?:[ \t]?[A-Z](?![\p{L}\p{N}]))?(?![\p{L}\p{N}])/gu

function cuedMatches(text: string): PersonalDataMatch[] {
  const found: PersonalDataMatch[] = []
  const before = (index: number) => text.slice(Math.max(0, index - CUE_WINDOW), index)
  const scan = (kind: PersonalDataKind, regex: RegExp, accept: (match: RegExpExecArray) => boolean) => {
    const scanner = new RegExp(regex.source, regex.flags)
    let match: RegExpExecArray | null
    while ((match = scanner.exec(text))) {
      if (accept(match)) found.push({ kind, start: match.index, end: match.index + match[0].length })
      scanner.lastIndex = match.index + 1
    }
  }
  // A valid key is enough for a tax number; a cue is enough too (people mistype a digit).
  scan('tax_number', TAX_NUMBER, (match) => isValidTaxNumber(match[0]) || TAX_CUE.test(before(match.index)))
  // A SIV plate in capitals with its dashes is its own cue; otherwise a vehicle cue is needed.
  scan('licence_plate', SIV_PLATE, (match) => {
    const [first, last] = [match[1]!.toUpperCase(), match[4]!.toUpperCase()]
    if (first === 'SS' || last === 'SS' || first === 'WW' || match[3] === '000') return false
    const canonical = match[2] === '-' && match[0] === match[0].toUpperCase()
    return canonical || PLATE_CUE.test(before(match.index))
  })
  scan('licence_plate', FNI_PLATE, (match) => PLATE_CUE.test(before(match.index)))
  scan('passport', PASSPORT, (match) => PASSPORT_CUE.test(before(match.index)))
  scan('identity_card', ID_CARD_OLD, (match) => ID_CARD_CUE.test(before(match.index)))
  scan('identity_card', ID_CARD_NEW, (match) => ID_CARD_CUE.test(before(match.index)))
  scan('benefit_number', BENEFIT_NUMBER, (match) => BENEFIT_CUE.test(before(match.index)))
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
  push('phone', PHONE)
  push('address', STREET)
  push('address', POSTCODE_TOWN, (match) => !NOT_TOWNS.has(match[0].split(/\s+/).pop()!.toLowerCase()))
  matches.push(...nameMatches(text), ...birthDateMatches(text), ...cuedMatches(text))
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
