// Small numeric helpers shared by the scoring modules.
import type { Summary } from './types.ts'

/**
 * Count, mean, median, population standard deviation, min and max.
 * The values are sorted first and summed in that order, so the result is bit-for-bit the same
 * whatever order the reviews arrive in (permutation invariance does not depend on luck with
 * floating-point rounding). The median of an even count is the mean of the two middle values.
 */
export function summarise(values: readonly number[]): Summary {
  const count = values.length
  if (count === 0) return { count: 0, mean: null, median: null, sd: null, min: null, max: null }
  const sorted = sortedCopy(values)
  let sum = 0
  for (let i = 0; i < count; i++) sum += sorted[i]!
  const mean = sum / count
  let squares = 0
  for (let i = 0; i < count; i++) squares += (sorted[i]! - mean) * (sorted[i]! - mean)
  const middle = count >> 1
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { count, mean, median, sd: Math.sqrt(squares / count), min: sorted[0]!, max: sorted[count - 1]! }
}

/** Ascending copy; insertion sort for the short lists of a few reviews (most calls), else sort(). */
export function sortedCopy(values: readonly number[]): number[] {
  const sorted = values.slice()
  if (sorted.length > 16) return sorted.sort((a, b) => a - b)
  for (let i = 1; i < sorted.length; i++) {
    const value = sorted[i]!
    let j = i - 1
    while (j >= 0 && sorted[j]! > value) {
      sorted[j + 1] = sorted[j]!
      j--
    }
    sorted[j + 1] = value
  }
  return sorted
}

/** Mean of values summed in ascending order (order-independent to the last bit). */
export function stableMean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = sortedCopy(values)
  let sum = 0
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!
  return sum / sorted.length
}

/**
 * Scores are compared after rounding to 1e-9: two applications whose scores are equal on paper
 * but differ in the 15th digit because of floating-point arithmetic are treated as tied, and the
 * documented tie-breaking decides. Rounding is monotone, so it never reverses an order.
 */
export function comparable(value: number): number {
  return Math.round(value * 1e9)
}

/** Descending comparison of two optional scores; a missing score comes last. */
export function compareScoresDesc(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1
  return comparable(b) - comparable(a)
}

/** Locale-independent string order (UTF-16 code units), stable across machines. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
