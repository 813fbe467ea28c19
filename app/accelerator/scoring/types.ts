// Shared vocabulary of the joint scoring (issue 5). Everything under app/accelerator/scoring/ is
// pure: plain data in, plain data out, no database, no Remix, no React. The domain layer reads
// calls, reviews and assignments from the database, builds these inputs, and stores or renders the
// outputs. Decisions 040–049 in docs/decisions explain the rules.

/** The two juries of a call. */
export type Jury = 'administration' | 'citizen'
export const JURIES: readonly Jury[] = ['administration', 'citizen']

export const JURY_LABELS: Record<Jury, string> = {
  administration: 'Jury de l’administration',
  citizen: 'Panel citoyen',
}

/** Levels of the anchored scale of every criterion. */
export const MIN_LEVEL = 1
export const MAX_LEVEL = 5
/** The middle of the 1–5 scale: « neither good nor bad ». Jury scores are expressed around it. */
export const MID_LEVEL = 3

/** A criterion of the call's grid (already versioned and frozen by the calls module). */
export interface Criterion {
  id: string
  label: string
  /** Relative weight inside the jury's weighted total (any non-negative number; only ratios matter). */
  weight: number
  /** Which jury scores it; « both » criteria appear in both juries' forms. */
  jury: Jury | 'both'
}

/** The seven mentions of majority judgment, from worst to best (index = rank on the scale). */
export const MENTIONS = ['À rejeter', 'Insuffisant', 'Passable', 'Assez bien', 'Bien', 'Très bien', 'Excellent'] as const
export type Mention = (typeof MENTIONS)[number]

/** How a jury gives its opinion: levels per criterion, or one mention per application. */
export type JuryMode = 'numbers' | 'majority_judgment'

/**
 * One submitted review. Numeric juries fill `scores` (criterion id → level 1–5); majority-judgment
 * juries fill `mention` (one overall mention per application). Drafts never enter the maths.
 */
export interface Review {
  applicationId: string
  reviewerId: string
  jury: Jury
  scores?: Readonly<Record<string, number>>
  mention?: Mention
}

/** An application to rank. `tieBreakKey` (e.g. the submission reference) decides perfect ties. */
export interface ApplicationRef {
  id: string
  tieBreakKey?: string
}

/** Summary statistics of a list of numbers. `sd` is the population standard deviation. */
export interface Summary {
  count: number
  mean: number | null
  median: number | null
  sd: number | null
  min: number | null
  max: number | null
}

/** One problem found in an input, with a plain-French message for the team. */
export interface InputIssue {
  code: string
  message: string
}

/** Thrown by the entry points when the input breaks a rule the domain layer should have enforced. */
export class ScoringInputError extends Error {
  readonly issues: InputIssue[]
  constructor(issues: InputIssue[]) {
    super(`Données de notation invalides : ${issues.map((issue) => issue.message).join(' ')}`)
    this.name = 'ScoringInputError'
    this.issues = issues
  }
}
