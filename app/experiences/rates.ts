// Public answer rates of a service or an organisation (issue 19, decision 102), as Care Opinion
// publishes them: over a stated window, the share of experiences answered within 30 and 90 days,
// the median time to a first answer, and the share of negative experiences that led to a change.
// A pure function: the server only loads the rows.
import type { ExperienceFeeling } from '#db/schema/experiences.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export interface RateItem {
  publishedAt: Date
  firstAnsweredAt: Date | null
  feeling: ExperienceFeeling
  /** Whether a change (planned or made) is linked to the experience. */
  linkedToChange: boolean
}

/** Experiences published in [from, to). */
export interface RateWindow {
  from: Date
  to: Date
}

export interface AnswerRates {
  published: number
  /** Experiences published at least 30 (90) days before the end of the window: the only ones that could have had 30 (90) days. */
  eligible30: number
  answeredWithin30: number
  /** 0–100 with one decimal, null when no experience is old enough. */
  rate30: number | null
  eligible90: number
  answeredWithin90: number
  rate90: number | null
  /** Median days from publication to the first answer given before the end of the window, one decimal. */
  medianAnswerDays: number | null
  negative: number
  negativeWithChange: number
  negativeChangeRate: number | null
}

const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : null)

/** The median of numbers (the mean of the two middle ones for an even count), null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function answerRates(items: RateItem[], window: RateWindow): AnswerRates {
  const end = window.to.getTime()
  const inWindow = items.filter((item) => item.publishedAt.getTime() >= window.from.getTime() && item.publishedAt.getTime() < end)
  // An answer given after the end of the window is not known at that date.
  const delayDays = (item: RateItem) =>
    item.firstAnsweredAt && item.firstAnsweredAt.getTime() < end ? Math.max(0, item.firstAnsweredAt.getTime() - item.publishedAt.getTime()) / DAY_MS : null
  const within = (days: number) => {
    const eligible = inWindow.filter((item) => item.publishedAt.getTime() <= end - days * DAY_MS)
    const answered = eligible.filter((item) => {
      const delay = delayDays(item)
      return delay !== null && delay <= days
    })
    return { eligible: eligible.length, answered: answered.length }
  }
  const d30 = within(30)
  const d90 = within(90)
  const delays = inWindow.map(delayDays).filter((delay): delay is number => delay !== null)
  const middle = median(delays)
  const negatives = inWindow.filter((item) => item.feeling === 'negative')
  const negativeWithChange = negatives.filter((item) => item.linkedToChange).length
  return {
    published: inWindow.length,
    eligible30: d30.eligible,
    answeredWithin30: d30.answered,
    rate30: share(d30.answered, d30.eligible),
    eligible90: d90.eligible,
    answeredWithin90: d90.answered,
    rate90: share(d90.answered, d90.eligible),
    medianAnswerDays: middle === null ? null : Math.round(middle * 10) / 10,
    negative: negatives.length,
    negativeWithChange,
    negativeChangeRate: share(negativeWithChange, negatives.length),
  }
}

/** The window the public pages state: the 365 days before the start of today (UTC). */
export function lastYearWindow(at: Date): RateWindow {
  const to = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  return { from: new Date(to.getTime() - 365 * DAY_MS), to }
}
