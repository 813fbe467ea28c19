// Dates and numbers as a French reader expects them, always in Europe/Paris time.
const TZ = 'Europe/Paris'

export function formatDateTime(value: Date | string): string {
  return new Date(value).toLocaleString('fr-FR', { timeZone: TZ, dateStyle: 'long', timeStyle: 'short' })
}

export function formatDate(value: Date | string): string {
  return new Date(value).toLocaleDateString('fr-FR', { timeZone: TZ, day: 'numeric', month: 'long', year: 'numeric' })
}

/** « 14 h 32 », as in « Enregistré à 14 h 32 ». */
export function formatTime(value: Date | string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(value))
  const hour = parts.find((p) => p.type === 'hour')?.value ?? ''
  const minute = parts.find((p) => p.type === 'minute')?.value ?? ''
  return `${Number(hour)} h ${minute}`
}

export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString('fr-FR', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })
}

export function formatEuros(value: number): string {
  return value.toLocaleString('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
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
