// When a person's digest is due and which days it covers (decision 103). Paris wall-clock time:
// a person who chose 8 h gets it at 8 h in winter and in summer; a day is midnight to midnight in
// Paris (23 or 25 hours on the days clocks change). No database here.
import { parisDay, parisLocalToDate } from '#app/utils/paris-time.ts'
import { addDays } from '#app/utils/days.ts'

export type DigestFrequency = 'daily' | 'weekly'
export interface DigestPreference {
  frequency: DigestFrequency
  /** 0 to 23, Paris time. */
  hour: number
  /** 1 (Monday) to 7 (Sunday); used by weekly digests. */
  weekday: number
}

export const DEFAULT_DIGEST_PREFERENCE: DigestPreference = { frequency: 'weekly', hour: 8, weekday: 1 }
export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const

/** 1 (Monday) to 7 (Sunday) for a « 2026-12-07 » day. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1
}

/** The instant of `hour`:00 in Paris on that day; an hour skipped when clocks go forward becomes the next one. */
export function parisHourOn(day: string, hour: number): Date {
  for (let h = hour; h < 24; h++) {
    const instant = parisLocalToDate(`${day}T${String(h).padStart(2, '0')}:00`)
    if (instant) return instant
  }
  return parisLocalToDate(`${addDays(day, 1)}T00:00`)!
}

/** [start, end) of the Paris days `from` to `to` included. */
export function periodBounds(from: string, to: string): { start: Date; end: Date } {
  return { start: parisLocalToDate(`${from}T00:00`)!, end: parisLocalToDate(`${addDays(to, 1)}T00:00`)! }
}

export interface DueDigest {
  /** When it was due (the chosen hour). */
  sendAt: Date
  /** First and last Paris days covered. */
  from: string
  to: string
}

/**
 * The latest digest due at `at`: a daily digest covers the day before the sending day, a weekly
 * one the seven days before it. Sending late (a job that was down) still covers the same days.
 */
export function latestDueDigest(preference: DigestPreference, at: Date): DueDigest {
  let day = parisDay(at)
  for (let step = 0; step < 9; step++) {
    const candidate = addDays(day, -step)
    if (preference.frequency === 'weekly' && isoWeekday(candidate) !== preference.weekday) continue
    const sendAt = parisHourOn(candidate, preference.hour)
    if (sendAt.getTime() > at.getTime()) continue
    day = candidate
    return { sendAt, from: addDays(day, preference.frequency === 'weekly' ? -7 : -1), to: addDays(day, -1) }
  }
  throw new Error('no digest day found')
}

export interface DigestItem {
  serviceId: string
  serviceName: string
  at: Date
  text: string
}

export interface DigestGroup {
  serviceId: string
  serviceName: string
  reviews: number
  items: Array<{ at: Date; text: string }>
}

/**
 * Items grouped by service, newest first in each group; the services with the most recent item
 * come first, then those with reviews but no comment, then the quiet ones (by name).
 */
export function groupDigest(services: Array<{ serviceId: string; serviceName: string; reviews: number }>, items: DigestItem[], perService = 5): DigestGroup[] {
  const groups = services.map((service) => ({
    ...service,
    items: items
      .filter((item) => item.serviceId === service.serviceId)
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, perService)
      .map((item) => ({ at: item.at, text: item.text })),
  }))
  const newest = (group: DigestGroup) => group.items[0]?.at.getTime() ?? -Infinity
  return groups.sort((a, b) => newest(b) - newest(a) || b.reviews - a.reviews || a.serviceName.localeCompare(b.serviceName, 'fr'))
}
