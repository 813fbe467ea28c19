// Dates and numbers as a French reader expects them, always in Europe/Paris time.
// The Intl formatters are built once: `toLocaleString` with options builds one per call, and a
// dashboard or a ranking writes thousands of numbers (it was a tenth of a service dashboard's time).
const TZ = 'Europe/Paris'

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'long', timeStyle: 'short' })
const dateFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' })
const timeFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, hour: '2-digit', minute: '2-digit' })
const eurosFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
const numberFormats = new Map<number, Intl.NumberFormat>()

export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value))
}

export function formatDate(value: Date | string): string {
  return dateFormat.format(new Date(value))
}

/** « 14 h 32 », as in « Enregistré à 14 h 32 ». */
export function formatTime(value: Date | string): string {
  const parts = timeFormat.formatToParts(new Date(value))
  const hour = parts.find((p) => p.type === 'hour')?.value ?? ''
  const minute = parts.find((p) => p.type === 'minute')?.value ?? ''
  return `${Number(hour)} h ${minute}`
}

/** « 3,8 », « 12 345 » — a number with exactly `fractionDigits` decimals, written the French way. */
export function formatNumber(value: number, fractionDigits = 0): string {
  let format = numberFormats.get(fractionDigits)
  if (!format) {
    format = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
    numberFormats.set(fractionDigits, format)
  }
  return format.format(value)
}

export function formatEuros(value: number): string {
  return eurosFormat.format(value)
}

/** « 26 janvier 2027 à 12 h 00 » (deadlines). */
export function formatDateAtTime(value: Date | string): string {
  return `${formatDate(value)} à ${formatTime(value)}`
}

/** A file size in French units: « 2,4 Mo », « 820 ko ». */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / (1024 * 1024), 1)} Mo`
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} ko`
}
