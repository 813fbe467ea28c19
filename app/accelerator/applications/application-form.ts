// The application form: its sections, fields, and the checks that say what is invalid or
// missing. Pure (no database, no React): shared by the server, the pages and the exports.
//
// A draft keeps what the person typed, even when it is not valid yet (a SIRET with a typo, a
// summary a little too long): nothing typed is ever thrown away. Validity and completeness are
// computed from the saved answers, shown next to each field, and required to submit.
import { z } from 'zod'
import { fromLegacy } from '#app/utils/legacy-values.ts'
import type { AttachmentKind } from '#db/schema/accelerator.ts'

// Stored in English since migration 0025 (decision 113); the labels people read stay French.
export const STRUCTURE_KINDS = [
  { value: 'association', label: 'Association' },
  { value: 'collective', label: 'Collectif citoyen (sans statut juridique)' },
  { value: 'social_enterprise', label: 'Entreprise de l’économie sociale et solidaire' },
  { value: 'foundation', label: 'Fondation ou fonds de dotation' },
  { value: 'administration_association', label: 'Administration porteuse, avec une association' },
] as const

export type StructureKind = (typeof STRUCTURE_KINDS)[number]['value']

/** The French values stored before migration 0025, which a page opened before the deploy may still post. */
export const LEGACY_STRUCTURE_KINDS: Readonly<Record<string, StructureKind>> = {
  collectif: 'collective',
  entreprise_ess: 'social_enterprise',
  fondation: 'foundation',
}

/** A posted structure kind, the old French value read as the English one; anything else is returned as it came. */
export const structureKindCode = fromLegacy(LEGACY_STRUCTURE_KINDS)

export function structureKindLabel(value: string | null | undefined): string {
  return STRUCTURE_KINDS.find((kind) => kind.value === value)?.label ?? 'Non renseigné'
}

export const TERRITORIES = [
  { value: 'national', label: 'Tout le territoire national' },
  { value: 'auvergne-rhone-alpes', label: 'Auvergne-Rhône-Alpes' },
  { value: 'bourgogne-franche-comte', label: 'Bourgogne-Franche-Comté' },
  { value: 'bretagne', label: 'Bretagne' },
  { value: 'centre-val-de-loire', label: 'Centre-Val de Loire' },
  { value: 'corse', label: 'Corse' },
  { value: 'grand-est', label: 'Grand Est' },
  { value: 'hauts-de-france', label: 'Hauts-de-France' },
  { value: 'ile-de-france', label: 'Île-de-France' },
  { value: 'normandie', label: 'Normandie' },
  { value: 'nouvelle-aquitaine', label: 'Nouvelle-Aquitaine' },
  { value: 'occitanie', label: 'Occitanie' },
  { value: 'pays-de-la-loire', label: 'Pays de la Loire' },
  { value: 'provence-alpes-cote-d-azur', label: 'Provence-Alpes-Côte d’Azur' },
  { value: 'guadeloupe', label: 'Guadeloupe' },
  { value: 'guyane', label: 'Guyane' },
  { value: 'la-reunion', label: 'La Réunion' },
  { value: 'martinique', label: 'Martinique' },
  { value: 'mayotte', label: 'Mayotte' },
  { value: 'autres-outre-mer', label: 'Autres collectivités d’outre-mer' },
] as const

export function territoryLabel(value: string): string {
  return TERRITORIES.find((territory) => territory.value === value)?.label ?? value
}

/**
 * The kinds of attachment: stored in English since migration 0024 (decision 112). `word` is the French word people read
 * where a kind shows without its label: the anchors of the attachments page (`#fichier-statuts`) and a correction
 * request's field (« Pièces jointes – comptes »). Never derive a name people read from `value`.
 */
export const ATTACHMENT_KINDS = [
  { value: 'statutes', word: 'statuts', label: 'Statuts de la structure' },
  { value: 'accounts', word: 'comptes', label: 'Derniers comptes approuvés (ou budget prévisionnel pour une structure de moins d’un an)' },
  { value: 'other', word: 'autre', label: 'Autre document utile (facultatif)' },
] as const satisfies ReadonlyArray<{ value: AttachmentKind; word: string; label: string }>

/**
 * A kind as a form posts it, in English; the French value a page opened before migration 0024 still posts
 * (`statuts`, `comptes`, `autre`) is read as its English one. Anything else is returned as it came, to be refused.
 */
export function normaliseAttachmentKind(value: string): string {
  return ATTACHMENT_KINDS.find((kind) => kind.word === value)?.value ?? value
}

/** The kind a form posts, English or French (see `normaliseAttachmentKind`), always given back in English. */
export const AttachmentKindSchema = z
  .enum([...ATTACHMENT_KINDS.map((kind) => kind.value), ...ATTACHMENT_KINDS.map((kind) => kind.word)], { error: 'Choisissez le type de document.' })
  .transform((value) => normaliseAttachmentKind(value) as AttachmentKind)

/** The French word of a kind (`statuts`), for anchors and for a correction request's field; an unknown value as it is. */
export function attachmentKindWord(kind: string): string {
  return ATTACHMENT_KINDS.find((k) => k.value === kind)?.word ?? kind
}

export type FieldType = 'text' | 'textarea' | 'email' | 'tel' | 'url' | 'number' | 'siret' | 'rna' | 'select' | 'radio' | 'checkboxes' | 'checkbox'

export interface FieldDefinition {
  name: string
  label: string
  hint?: string
  type: FieldType
  /** Longest text accepted (characters). */
  max?: number
  /** Required to submit (the draft may leave it empty). */
  required?: boolean
  options?: ReadonlyArray<{ value: string; label: string }>
  /** Fields of one group are shown together in a fieldset with this legend. */
  group?: string
  autoComplete?: string
  /** Whole euros, no decimals. */
  integer?: boolean
  /** Old value → today's: what a page opened before a deploy may still post is kept under today's value. */
  legacyValues?: Readonly<Record<string, string>>
  /** Shows a live character counter (with JavaScript). */
  counter?: boolean
  rows?: number
}

export interface SectionDefinition {
  /** In the address: /mes-candidatures/:id/:slug */
  slug: string
  /** Key in `applications.answers`. */
  key: string
  title: string
  intro: string
  fields: FieldDefinition[]
}

function funder(n: number): FieldDefinition[] {
  const group = `Financeur ${n}`
  return [
    { name: `funder${n}Name`, label: 'Nom du financeur', type: 'text', max: 150, group },
    { name: `funder${n}Amount`, label: 'Montant (en euros)', type: 'number', integer: true, max: 15, group },
    {
      name: `funder${n}Kind`,
      label: 'Nature du financement',
      type: 'select',
      options: [
        { value: 'public', label: 'Aide publique (État, collectivité, Europe)' },
        { value: 'prive', label: 'Financement privé (fondation, mécénat, dons, ventes)' },
      ],
      group,
    },
  ]
}

function contact(n: 1 | 2): FieldDefinition[] {
  const group = n === 1 ? 'Premier contact' : 'Second contact'
  return [
    { name: `contact${n}Name`, label: 'Prénom et nom', type: 'text', max: 120, required: true, group, autoComplete: n === 1 ? 'name' : 'off' },
    { name: `contact${n}Role`, label: 'Rôle dans le projet', type: 'text', max: 120, required: true, group },
    { name: `contact${n}Email`, label: 'Adresse e-mail', type: 'email', max: 254, required: true, group, autoComplete: n === 1 ? 'email' : 'off' },
    { name: `contact${n}Phone`, label: 'Téléphone', hint: 'Par exemple : 06 12 34 56 78', type: 'tel', max: 30, required: true, group, autoComplete: n === 1 ? 'tel' : 'off' },
  ]
}

export const FUNDER_COUNT = 5

export const SECTIONS: SectionDefinition[] = [
  {
    slug: 'structure',
    key: 'structure',
    title: 'Votre structure',
    intro: 'La structure qui porte le projet et signera, le cas échéant, la convention avec l’État.',
    fields: [
      { name: 'name', label: 'Nom de la structure', type: 'text', max: 200, required: true, autoComplete: 'organization' },
      { name: 'kind', label: 'Type de structure', type: 'radio', options: STRUCTURE_KINDS, required: true, legacyValues: LEGACY_STRUCTURE_KINDS },
      {
        name: 'siret',
        label: 'Numéro SIRET',
        hint: '14 chiffres. Vous le trouvez sur l’annuaire des entreprises (annuaire-entreprises.data.gouv.fr).',
        type: 'siret',
        max: 20,
      },
      {
        name: 'rna',
        label: 'Numéro RNA (associations)',
        hint: 'La lettre W suivie de 9 chiffres, par exemple W751234567. Il figure sur le récépissé de la préfecture.',
        type: 'rna',
        max: 12,
      },
      { name: 'address', label: 'Adresse du siège', type: 'textarea', max: 500, required: true, rows: 3, autoComplete: 'street-address' },
      { name: 'website', label: 'Site internet (facultatif)', hint: 'Par exemple : https://www.exemple.fr', type: 'url', max: 300, autoComplete: 'url' },
    ],
  },
  {
    slug: 'projet',
    key: 'project',
    title: 'Votre projet',
    intro: 'Ce que fait le projet, pour qui, et où.',
    fields: [
      { name: 'title', label: 'Nom du projet', type: 'text', max: 150, required: true },
      {
        name: 'summary',
        label: 'Description du projet',
        hint: '800 caractères au plus. Ce texte est lu en premier par les jurys : allez à l’essentiel.',
        type: 'textarea',
        max: 800,
        required: true,
        counter: true,
        rows: 6,
      },
      { name: 'problem', label: 'Le problème auquel le projet répond', type: 'textarea', max: 3000, required: true, rows: 6 },
      { name: 'audience', label: 'Les publics concernés', hint: 'Qui en bénéficie, et combien de personnes aujourd’hui.', type: 'textarea', max: 1500, required: true, rows: 4 },
      { name: 'territories', label: 'Territoires où le projet agit', hint: 'Cochez une ou plusieurs régions.', type: 'checkboxes', options: TERRITORIES, required: true },
    ],
  },
  {
    slug: 'impact',
    key: 'impact',
    title: 'Indicateur d’impact',
    intro: 'Un indicateur principal, mesurable, avec sa valeur d’aujourd’hui et celle que vous visez dans six mois.',
    fields: [
      { name: 'indicatorName', label: 'Indicateur principal', hint: 'Par exemple : nombre de personnes accompagnées chaque mois.', type: 'text', max: 200, required: true },
      { name: 'unit', label: 'Unité', hint: 'Par exemple : personnes, repas, communes, %.', type: 'text', max: 60, required: true },
      { name: 'startValue', label: 'Valeur aujourd’hui', type: 'number', max: 20, required: true },
      { name: 'targetValue', label: 'Valeur visée dans six mois', type: 'number', max: 20, required: true },
      { name: 'method', label: 'Comment la mesurez-vous ? (facultatif)', type: 'textarea', max: 1000, rows: 3 },
    ],
  },
  {
    slug: 'strategie',
    key: 'strategy',
    title: 'Stratégie à six mois',
    intro: 'Les grandes étapes prévues dans les six prochains mois, et les moyens que vous y consacrez.',
    fields: [{ name: 'strategy', label: 'Votre stratégie pour les six prochains mois', type: 'textarea', max: 4000, required: true, rows: 10 }],
  },
  {
    slug: 'objectifs',
    key: 'objectives',
    title: 'Objectifs pour l’accélérateur',
    intro: 'Trois objectifs concrets que l’accompagnement de l’État doit vous aider à atteindre en trois mois.',
    fields: [
      { name: 'objective1', label: 'Objectif 1', type: 'textarea', max: 600, required: true, rows: 3 },
      { name: 'objective2', label: 'Objectif 2', type: 'textarea', max: 600, required: true, rows: 3 },
      { name: 'objective3', label: 'Objectif 3', type: 'textarea', max: 600, required: true, rows: 3 },
    ],
  },
  {
    slug: 'budget',
    key: 'budget',
    title: 'Budget et financeurs',
    intro:
      'Ces montants servent à vérifier la règle européenne des aides « de minimis » : une structure ne peut pas recevoir plus de 300 000 € d’aides publiques sur trois ans.',
    fields: [
      { name: 'annualBudget', label: 'Budget annuel de la structure (en euros)', type: 'number', integer: true, max: 15, required: true },
      { name: 'projectBudget', label: 'Budget du projet pour les douze prochains mois (en euros)', type: 'number', integer: true, max: 15, required: true },
      {
        name: 'publicAidThreeYears',
        label: 'Total des aides publiques reçues sur les trois derniers exercices (en euros)',
        hint: 'Indiquez 0 si vous n’en avez reçu aucune.',
        type: 'number',
        integer: true,
        max: 15,
        required: true,
      },
      ...Array.from({ length: FUNDER_COUNT }, (_, i) => funder(i + 1)).flat(),
    ],
  },
  {
    slug: 'contacts',
    key: 'contacts',
    title: 'Deux contacts',
    intro: 'Deux personnes du projet qui suivront l’accompagnement. Chacune s’engage à y consacrer 2 à 3 jours par mois pendant trois mois.',
    fields: [
      ...contact(1),
      ...contact(2),
      {
        name: 'commitment',
        label: 'Ces deux personnes s’engagent à consacrer 2 à 3 jours par mois au programme pendant trois mois.',
        type: 'checkbox',
        required: true,
      },
    ],
  },
]

/** The attachments page, listed with the sections for progress and links. */
export const ATTACHMENTS_SECTION = {
  slug: 'pieces-jointes',
  key: 'attachments',
  title: 'Pièces jointes',
  intro: 'Les statuts et les derniers comptes de la structure. Formats acceptés : PDF, ODT, DOCX, JPG, PNG ; 10 Mo au plus par fichier.',
} as const

/** A `section.field` a correction request names, as the team page posts it: an attachment's French kind is read as English. */
export function normaliseFieldRef(ref: string): string {
  const [section, field] = ref.split('.')
  return section === ATTACHMENTS_SECTION.key && field ? `${section}.${normaliseAttachmentKind(field)}` : ref
}

export function sectionBySlug(slug: string): SectionDefinition | undefined {
  return SECTIONS.find((section) => section.slug === slug)
}

export function sectionByKey(key: string): SectionDefinition | undefined {
  return SECTIONS.find((section) => section.key === key)
}

/** « Section – Champ », as a correction request names a field to the leaders. */
export function correctionFieldLabel(section: string, field: string): string {
  if (section === ATTACHMENTS_SECTION.key) return `${ATTACHMENTS_SECTION.title} – ${ATTACHMENT_KINDS.find((k) => k.value === field)?.label ?? field}`
  const definition = sectionByKey(section)
  const input = definition?.fields.find((f) => f.name === field)
  return `${definition?.title ?? section} – ${input ? (input.group ? `${input.group} – ${input.label}` : input.label) : field}`
}

export function fieldId(sectionKey: string, fieldName: string): string {
  return `champ-${sectionKey}-${fieldName}`
}

export type SectionValues = Record<string, string | string[]>
export type Answers = Record<string, SectionValues>

// ---------------------------------------------------------------------------------------------
// Identifiers

/** SIRET: 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments: digit sum multiple of 5). */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false
  if (value.startsWith('356000000')) {
    const sum = [...value].reduce((total, digit) => total + Number(digit), 0)
    return sum % 5 === 0
  }
  return luhn(value)
}

export function luhn(digits: string): boolean {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** RNA number of an association: W followed by 9 digits. */
export function isValidRna(value: string): boolean {
  return /^W\d{9}$/.test(value)
}

/** What the person typed, tidied the way a form would: spaces removed from identifiers and numbers. */
export function normaliseValue(field: FieldDefinition, value: string): string {
  const read = value.replace(/\r\n/g, '\n').trim()
  const trimmed = field.legacyValues && Object.hasOwn(field.legacyValues, read) ? field.legacyValues[read]! : read
  switch (field.type) {
    case 'siret':
      return trimmed.replace(/[\s.\u00a0\u202f]/g, '')
    case 'rna':
      return trimmed.replace(/[\s\u00a0\u202f]/g, '').toUpperCase()
    case 'number':
      return trimmed.replace(/[\s\u00a0\u202f€]/g, '')
    case 'email':
      return trimmed.toLowerCase()
    default:
      return trimmed
  }
}

const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const CONTROL_CHARS_SINGLE_LINE = /[\u0000-\u001f\u007f]/
const EmailFormat = z.email()
const UrlFormat = z.url({ protocol: /^https?$/ })

/** Parses a number typed the French way (« 12 000 », « 3,5 »). Null when it is not a number. */
export function parseFrenchNumber(value: string): number | null {
  const cleaned = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.')
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null
  const number = Number(cleaned)
  return Number.isFinite(number) ? number : null
}

/** The problem with one non-empty value, in plain French; null when the value is fine. */
export function invalidReason(field: FieldDefinition, value: string | string[]): string | null {
  if (Array.isArray(value)) {
    const allowed = new Set(field.options?.map((option) => option.value) ?? [])
    return value.every((v) => allowed.has(v)) ? null : 'Choisissez dans la liste proposée.'
  }
  if (value === '') return null
  if (field.max && value.length > field.max) {
    return `${field.max} caractères au plus : vous en avez écrit ${value.length}. Raccourcissez votre texte.`
  }
  if ((field.type === 'textarea' ? CONTROL_CHARS : CONTROL_CHARS_SINGLE_LINE).test(value)) return 'Ce champ contient des caractères non autorisés.'
  switch (field.type) {
    case 'siret':
      return isValidSiret(value) ? null : 'Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.'
    case 'rna':
      return isValidRna(value) ? null : 'Ce numéro RNA n’est pas valide : il commence par W, suivi de 9 chiffres.'
    case 'email':
      return EmailFormat.safeParse(value).success ? null : 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'
    case 'url':
      return UrlFormat.safeParse(value).success ? null : 'Saisissez une adresse complète, qui commence par https://'
    case 'tel':
      return /^\+?[\d\s.()-]{6,30}$/.test(value) ? null : 'Saisissez un numéro de téléphone, par exemple 06 12 34 56 78.'
    case 'number': {
      const number = parseFrenchNumber(value)
      if (number === null) return 'Saisissez un nombre, en chiffres.'
      if (field.integer && (!Number.isInteger(number) || number < 0)) return 'Saisissez un montant en euros, sans centimes.'
      return null
    }
    case 'select':
    case 'radio':
      return field.options?.some((option) => option.value === value) ? null : 'Choisissez dans la liste proposée.'
    case 'checkbox':
      return value === 'oui' ? null : 'Valeur inattendue.'
    default:
      return null
  }
}

function isEmpty(value: string | string[] | undefined): boolean {
  return value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === '')
}

/** Values of one section read from a posted form (only the section's own fields). */
export function readSectionValues(section: SectionDefinition, formData: FormData): SectionValues {
  const values: SectionValues = {}
  for (const field of section.fields) {
    if (field.type === 'checkboxes') {
      values[field.name] = formData.getAll(field.name).filter((v): v is string => typeof v === 'string')
    } else {
      const raw = formData.get(field.name)
      values[field.name] = typeof raw === 'string' ? normaliseValue(field, raw) : ''
    }
  }
  return values
}

/** Beyond this a value is refused outright (not kept): protects the database from huge posts. */
export function hardLimit(field: FieldDefinition): number {
  return Math.max((field.max ?? 200) * 4, 2000)
}

export type FieldMessages = Record<string, string>

/** What the application's call admits: it narrows the form (issue 17 #5). */
export interface CallRules {
  eligibleKinds: readonly string[]
}

/** The section as this call offers it: only the structure types the call admits. */
export function sectionForCall(section: SectionDefinition, rules: CallRules | null | undefined): SectionDefinition {
  if (!rules || section.key !== 'structure') return section
  return {
    ...section,
    fields: section.fields.map((field) => (field.name === 'kind' ? { ...field, options: field.options?.filter((option) => rules.eligibleKinds.includes(option.value)) } : field)),
  }
}

/** The message next to « Type de structure » when the call does not admit the chosen type. */
export function excludedKindMessage(kind: string, rules: CallRules): string | null {
  if (!kind || rules.eligibleKinds.includes(kind)) return null
  const admitted = STRUCTURE_KINDS.filter((k) => rules.eligibleKinds.includes(k.value)).map((k) => k.label.toLowerCase())
  return `Cet appel à projets n’est pas ouvert aux structures de type « ${structureKindLabel(kind)} ».${admitted.length ? ` Types admis : ${admitted.join(', ')}.` : ''}`
}

/** Problems with what is typed (formats), field by field. Empty fields are not problems here. */
export function sectionIssues(section: SectionDefinition, values: SectionValues, rules?: CallRules | null): FieldMessages {
  const issues: FieldMessages = {}
  for (const field of section.fields) {
    const value = values[field.name]
    if (value === undefined || isEmpty(value)) continue
    const reason = invalidReason(field, value)
    if (reason) issues[field.name] = reason
  }
  if (section.key === 'budget') {
    for (let n = 1; n <= FUNDER_COUNT; n++) {
      const name = String(values[`funder${n}Name`] ?? '')
      const amount = String(values[`funder${n}Amount`] ?? '')
      const kind = String(values[`funder${n}Kind`] ?? '')
      const filled = [name, amount, kind].filter(Boolean).length
      if (filled > 0 && filled < 3) {
        if (!name) issues[`funder${n}Name`] ??= 'Indiquez le nom de ce financeur, ou videz la ligne.'
        if (!amount) issues[`funder${n}Amount`] ??= 'Indiquez le montant, ou videz la ligne.'
        if (!kind) issues[`funder${n}Kind`] ??= 'Indiquez la nature du financement, ou videz la ligne.'
      }
    }
  }
  if (section.key === 'structure' && rules) {
    // Said even for a draft saved before the call narrowed its rules: it blocks the submission.
    const excluded = excludedKindMessage(String(values.kind ?? ''), rules)
    if (excluded) issues.kind = excluded
  }
  if (section.key === 'contacts') {
    const first = String(values.contact1Email ?? '')
    if (first && first === String(values.contact2Email ?? '')) issues.contact2Email ??= 'Les deux contacts doivent être deux personnes différentes.'
  }
  return issues
}

/** Required fields left empty, with the message the submit page shows. */
export function sectionMissing(section: SectionDefinition, values: SectionValues): FieldMessages {
  const missing: FieldMessages = {}
  for (const field of section.fields) {
    if (field.required && isEmpty(values[field.name])) missing[field.name] = missingMessage(field)
  }
  if (section.key === 'structure') {
    const kind = String(values.kind ?? '')
    if (kind && kind !== 'collective' && isEmpty(values.siret) && isEmpty(values.rna)) {
      missing.siret = 'Indiquez le numéro SIRET ou, pour une association, le numéro RNA.'
    }
    if (kind === 'social_enterprise' && isEmpty(values.siret)) missing.siret = 'Indiquez le numéro SIRET de l’entreprise.'
  }
  return missing
}

function missingMessage(field: FieldDefinition): string {
  if (field.type === 'checkbox') return 'Cochez cette case pour confirmer l’engagement.'
  if (field.type === 'checkboxes') return 'Choisissez au moins un territoire.'
  if (field.type === 'radio' || field.type === 'select') return `Choisissez : ${lowerFirst(field.label)}.`
  return `Renseignez : ${lowerFirst(field.label)}.`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

export type SectionStatus = 'empty' | 'partial' | 'complete'

export interface AttachmentSummary {
  kind: string
}

export function requiredAttachmentKinds(answers: Answers): string[] {
  const kind = String(answers.structure?.kind ?? '')
  return kind === 'collective' ? [] : ['statutes', 'accounts']
}

export function missingAttachments(answers: Answers, files: AttachmentSummary[]): string[] {
  const present = new Set(files.map((file) => file.kind))
  return requiredAttachmentKinds(answers).filter((kind) => !present.has(kind))
}

export interface SectionProgress {
  slug: string
  key: string
  title: string
  status: SectionStatus
  /** Field name → message, for the submit page (missing first, then invalid). */
  problems: Array<{ field: string; label: string; message: string }>
}

/** Where each section stands, and what is missing or wrong: the submit page and the progress marks. */
export function applicationProgress(answers: Answers, files: AttachmentSummary[], rules?: CallRules | null): SectionProgress[] {
  const progress: SectionProgress[] = SECTIONS.map((section) => {
    const values = answers[section.key] ?? {}
    const missing = sectionMissing(section, values)
    const issues = sectionIssues(section, values, rules)
    const touched = section.fields.some((field) => !isEmpty(values[field.name]))
    const problems = section.fields.flatMap((field) => {
      const message = issues[field.name] ?? missing[field.name]
      return message ? [{ field: field.name, label: field.label, message }] : []
    })
    return {
      slug: section.slug,
      key: section.key,
      title: section.title,
      status: !touched ? 'empty' : problems.length ? 'partial' : 'complete',
      problems,
    }
  })
  const missingFiles = missingAttachments(answers, files)
  progress.push({
    slug: ATTACHMENTS_SECTION.slug,
    key: ATTACHMENTS_SECTION.key,
    title: ATTACHMENTS_SECTION.title,
    status: files.length === 0 && missingFiles.length ? 'empty' : missingFiles.length ? 'partial' : 'complete',
    problems: missingFiles.map((kind) => ({
      field: `fichier-${attachmentKindWord(kind)}`,
      label: ATTACHMENT_KINDS.find((k) => k.value === kind)?.label ?? kind,
      message: `Joignez ce document : ${ATTACHMENT_KINDS.find((k) => k.value === kind)?.label.toLowerCase() ?? kind}.`,
    })),
  })
  return progress
}

export function isComplete(progress: SectionProgress[]): boolean {
  return progress.every((section) => section.problems.length === 0)
}

/** A value as a reader sees it (labels for choices, « Oui » for a ticked box). */
export function displayValue(field: FieldDefinition, value: string | string[] | undefined): string {
  if (value === undefined || isEmpty(value)) return ''
  if (Array.isArray(value)) return value.map((v) => field.options?.find((o) => o.value === v)?.label ?? v).join(', ')
  if (field.type === 'checkbox') return value === 'oui' ? 'Oui' : value
  if (field.options) return field.options.find((option) => option.value === value)?.label ?? value
  return value
}

/** The project's title, or a placeholder while it is not written yet. */
export function projectTitle(answers: Answers | null | undefined): string {
  return titleOrPlaceholder(answers?.project?.title)
}

/** The same from the title alone (lists read it from the database without the whole answers). */
export function titleOrPlaceholder(title: unknown): string {
  return typeof title === 'string' && title.trim() ? title : 'Projet sans titre'
}
