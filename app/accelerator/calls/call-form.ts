// What the programme team types to create or edit a call, and its grid. Zod schemas with French
// messages, used by the routes (parseWithZod) and the domain tests.
import { z } from 'zod'
import { longText, shortText } from '#app/utils/validation.ts'
import { dateToParisLocal, parisLocalToDate } from '#app/utils/paris-time.ts'
import { STRUCTURE_KINDS, structureKindCode } from '../applications/application-form.ts'

const parisDateTime = (what: string) =>
  z
    .string({ error: `Saisissez ${what}.` })
    .transform((value, ctx) => {
      const date = parisLocalToDate(value)
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `Saisissez ${what} au format jj/mm/aaaa hh:mm (heure de Paris).` })
        return z.NEVER
      }
      return date
    })

export const CallFormSchema = z
  .object({
    title: shortText('le titre de l’appel', 150),
    slug: z
      .string({ error: 'Saisissez l’adresse de la page publique.' })
      .trim()
      .min(3, 'L’adresse doit faire au moins 3 caractères.')
      .max(80, 'L’adresse ne doit pas dépasser 80 caractères.')
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Utilisez des lettres minuscules sans accents, des chiffres et des tirets, par exemple appel-2027.'),
    intro: longText('une présentation de l’appel', 5000),
    opensAt: parisDateTime('la date d’ouverture'),
    closesAt: parisDateTime('la date limite de dépôt'),
    resultsOn: z
      .string({ error: 'Saisissez la date prévue des résultats.' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Saisissez la date prévue des résultats au format jj/mm/aaaa.'),
    places: z
      .number({ error: 'Saisissez le nombre de places, en chiffres.' })
      .int('Saisissez un nombre entier.')
      .min(1, 'Il faut au moins une place.')
      .max(500, '500 places au plus.'),
    faq: z
      .array(
        z.object({
          question: z.string().trim().max(300, 'Une question fait 300 caractères au plus.').optional(),
          answer: z.string().trim().max(3000, 'Une réponse fait 3 000 caractères au plus.').optional(),
        }),
      )
      .default([]),
    adminReviews: z
      .number({ error: 'Saisissez un nombre, en chiffres.' })
      .int('Saisissez un nombre entier.')
      .min(1, 'Au moins une évaluation par candidature.')
      .max(10, '10 évaluations au plus.'),
    citizenReviews: z
      .number({ error: 'Saisissez un nombre, en chiffres.' })
      .int('Saisissez un nombre entier.')
      .min(1, 'Au moins une évaluation par candidature.')
      .max(30, '30 évaluations au plus.'),
    citizenMode: z.enum(['numbers', 'majority_judgment'], { error: 'Choisissez le mode d’évaluation du panel citoyen.' }),
    combinationRule: z.enum(['weighted', 'sequential'], { error: 'Choisissez la règle de combinaison.' }),
    adminWeight: z
      .number({ error: 'Saisissez un pourcentage, en chiffres.' })
      .int('Saisissez un nombre entier.')
      .min(0, 'Entre 0 et 100.')
      .max(100, 'Entre 0 et 100.'),
    topN: z.number({ error: 'Saisissez un nombre, en chiffres.' }).int('Saisissez un nombre entier.').min(1, 'Au moins 1.').max(500, '500 au plus.').optional(),
    divergenceGap: z
      .number({ error: 'Saisissez un écart, par exemple 1,5.' })
      .min(0.5, 'Entre 0,5 et 4 points.')
      .max(4, 'Entre 0,5 et 4 points.'),
  })
  .superRefine((value, ctx) => {
    if (value.opensAt instanceof Date && value.closesAt instanceof Date && value.closesAt <= value.opensAt) {
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'La date limite doit être après la date d’ouverture.' })
    }
    if (value.closesAt instanceof Date && value.resultsOn && `${value.resultsOn}T23:59:59Z` < value.closesAt.toISOString()) {
      ctx.addIssue({ code: 'custom', path: ['resultsOn'], message: 'Les résultats ne peuvent pas être annoncés avant la date limite.' })
    }
    if (value.combinationRule === 'sequential' && !value.topN) {
      ctx.addIssue({ code: 'custom', path: ['topN'], message: 'Indiquez combien de projets l’administration transmet au panel citoyen.' })
    }
    value.faq.forEach((entry, index) => {
      if (entry.question && !entry.answer) ctx.addIssue({ code: 'custom', path: ['faq', index, 'answer'], message: 'Écrivez la réponse, ou videz la question.' })
      if (entry.answer && !entry.question) ctx.addIssue({ code: 'custom', path: ['faq', index, 'question'], message: 'Écrivez la question, ou videz la réponse.' })
    })
  })

export type CallFormValues = z.infer<typeof CallFormSchema>

const KIND_VALUES = STRUCTURE_KINDS.map((kind) => kind.value) as [string, ...string[]]

const optionalText = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional()

export const GridFormSchema = z
  .object({
    eligibleKinds: z
      // A grid page opened before migration 0025 still posts the French values (decision 113).
      .array(z.preprocess(structureKindCode, z.enum(KIND_VALUES, { error: 'Choisissez dans la liste.' })), { error: 'Choisissez au moins un type de structure.' })
      .min(1, 'Choisissez au moins un type de structure.'),
    criteria: z
      .array(
        z.object({
          position: z.number({ error: 'Saisissez un nombre.' }).int().min(1).max(99).optional(),
          title: optionalText(150),
          description: optionalText(1000),
          level1: optionalText(500),
          level2: optionalText(500),
          level3: optionalText(500),
          level4: optionalText(500),
          level5: optionalText(500),
          weight: z.number({ error: 'Saisissez un poids, en chiffres.' }).int('Saisissez un nombre entier.').min(1, 'Entre 1 et 10.').max(10, 'Entre 1 et 10.').optional(),
          jury: z.enum(['administration', 'citizen', 'both'], { error: 'Choisissez le jury.' }).optional(),
        }),
      )
      .default([]),
    reason: optionalText(1000),
  })
  .superRefine((value, ctx) => {
    let kept = 0
    value.criteria.forEach((row, index) => {
      const filled = [row.title, row.description, row.level1, row.level2, row.level3, row.level4, row.level5].some(Boolean)
      if (!filled) return
      kept++
      const need = (key: keyof typeof row, message: string) => {
        if (row[key] === undefined || row[key] === '') ctx.addIssue({ code: 'custom', path: ['criteria', index, key], message })
      }
      need('title', 'Nommez ce critère, ou videz toute la ligne pour le supprimer.')
      need('description', 'Décrivez ce critère en une phrase.')
      for (const level of [1, 2, 3, 4, 5] as const) need(`level${level}`, `Décrivez le niveau ${level} en langage simple.`)
      need('weight', 'Donnez un poids entre 1 et 10.')
      need('jury', 'Choisissez le jury qui note ce critère.')
    })
    if (kept === 0) ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'La grille doit contenir au moins un critère.' })
  })

export type GridFormValues = z.infer<typeof GridFormSchema>

/** The criteria rows actually filled in, in display order. */
export function filledCriteria(values: GridFormValues) {
  return values.criteria
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => Boolean(row.title))
    .sort((a, b) => (a.row.position ?? a.index + 1) - (b.row.position ?? b.index + 1) || a.index - b.index)
    .map(({ row }) => ({
      title: row.title!,
      description: row.description!,
      levels: [row.level1!, row.level2!, row.level3!, row.level4!, row.level5!] as [string, string, string, string, string],
      weight: row.weight!,
      jury: row.jury!,
    }))
}

/** A call's current values, as the edit form shows them. */
export function callFormDefaults(call: {
  title: string
  slug: string
  intro: string
  opens_at: Date | string
  closes_at: Date | string
  results_on: string
  places: number
  faq: Array<{ question: string; answer: string }>
  admin_reviews_per_application: number
  citizen_reviews_per_application: number
  citizen_scoring_mode: string
  combination_rule: string
  admin_jury_weight: number
  sequential_top_n: number | null
  divergence_gap: number
}) {
  return {
    title: call.title,
    slug: call.slug,
    intro: call.intro,
    opensAt: dateToParisLocal(call.opens_at),
    closesAt: dateToParisLocal(call.closes_at),
    resultsOn: call.results_on,
    places: String(call.places),
    faq: call.faq,
    adminReviews: String(call.admin_reviews_per_application),
    citizenReviews: String(call.citizen_reviews_per_application),
    citizenMode: call.citizen_scoring_mode,
    combinationRule: call.combination_rule,
    adminWeight: String(call.admin_jury_weight),
    topN: call.sequential_top_n ? String(call.sequential_top_n) : '',
    divergenceGap: String(call.divergence_gap),
  }
}

/** A grid, as the edit form shows it. */
export function gridFormDefaults(grid: { eligibleKinds: string[]; criteria: Array<{ position: number; title: string; description: string; levels: string[]; weight: number; jury: string }> }) {
  return {
    eligibleKinds: grid.eligibleKinds,
    criteria: grid.criteria.map((criterion) => ({
      position: String(criterion.position),
      title: criterion.title,
      description: criterion.description,
      level1: criterion.levels[0],
      level2: criterion.levels[1],
      level3: criterion.levels[2],
      level4: criterion.levels[3],
      level5: criterion.levels[4],
      weight: String(criterion.weight),
      jury: criterion.jury,
    })),
  }
}
