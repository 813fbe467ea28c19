// Dates typed by the programme team are Paris wall-clock times (`<input type="datetime-local">`
// sends « 2027-01-26T12:00 » with no zone). These helpers convert both ways, across daylight
// saving changes, without a date library.
const TZ = 'Europe/Paris'

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

function parisParts(date: Date) {
  const parts = partsFormatter.formatToParts(date)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') }
}

/** Minutes to add to UTC to get Paris time at this instant (60 in winter, 120 in summer). */
export function parisOffsetMinutes(date: Date): number {
  const p = parisParts(date)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000)
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/

/**
 * « 2027-01-26T12:00 » read as Paris time → the instant. Null when the text is not a date, or is
 * a time that does not exist in Paris (the hour skipped when clocks go forward).
 */
export function parisLocalToDate(value: string): Date | null {
  const match = LOCAL_PATTERN.exec(value.trim())
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null
  const naive = Date.UTC(year, month - 1, day, hour, minute)
  let guess = naive - parisOffsetMinutes(new Date(naive)) * 60000
  guess = naive - parisOffsetMinutes(new Date(guess)) * 60000
  const result = new Date(guess)
  return dateToParisLocal(result) === `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}` ? result : null
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The instant as Paris wall-clock time, « 2027-01-26T12:00 » (for datetime-local inputs). */
export function dateToParisLocal(value: Date | string): string {
  const p = parisParts(new Date(value))
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

/** The Paris calendar day of an instant, « 2027-01-26 ». */
export function parisDay(value: Date | string): string {
  return dateToParisLocal(value).slice(0, 10)
}
