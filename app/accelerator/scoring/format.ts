// French number formatting for the scoring labels. Same output as formatNumber in
// app/utils/format.ts, but with the Intl formatters built once: rankApplications writes tens of
// thousands of labels, and building a formatter per call was most of its running time.
const formatters = new Map<number, Intl.NumberFormat>()

/** « 3,8 » — a number with exactly `fractionDigits` decimals, written the French way. */
export function formatDecimal(value: number, fractionDigits = 0): string {
  let formatter = formatters.get(fractionDigits)
  if (!formatter) {
    formatter = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
    formatters.set(fractionDigits, formatter)
  }
  return formatter.format(value)
}
