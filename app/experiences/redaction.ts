// Redaction of an experience before publication. The moderator decides, for each passage the
// detector flagged, to erase it or keep it (a false positive), and may add passages of their own
// (a name the detector cannot see). The original text stays private; only the result is published.
import { findPersonalData, REDACTED, type PersonalDataMatch } from '#app/feedback/personal-data.ts'

export interface RedactionDecision {
  /** One decision per flagged passage, in order: true to erase. */
  erase: boolean[]
  /** Extra passages to erase wherever they occur (exact text, case-insensitive). */
  extra: string[]
}

export function flaggedPassages(text: string): PersonalDataMatch[] {
  return findPersonalData(text)
}

/** Splits a text into plain and flagged parts, for highlighting (never rendered as HTML). */
export function highlightFlagged(text: string): Array<{ text: string; kind: string | null; index: number | null }> {
  const parts: Array<{ text: string; kind: string | null; index: number | null }> = []
  let cursor = 0
  findPersonalData(text).forEach((match, index) => {
    if (match.start > cursor) parts.push({ text: text.slice(cursor, match.start), kind: null, index: null })
    parts.push({ text: text.slice(match.start, match.end), kind: match.kind, index })
    cursor = match.end
  })
  if (cursor < text.length) parts.push({ text: text.slice(cursor), kind: null, index: null })
  return parts
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The public text: flagged passages the moderator chose to erase, and every occurrence of the
 * extra passages, replaced by « [supprimé] ». Everything else is kept as written.
 */
export function redactText(text: string, decision: RedactionDecision): string {
  const ranges: Array<[number, number]> = []
  findPersonalData(text).forEach((match, index) => {
    if (decision.erase[index]) ranges.push([match.start, match.end])
  })
  for (const passage of decision.extra) {
    const trimmed = passage.trim()
    if (trimmed.length < 2) continue
    const regex = new RegExp(escapeRegExp(trimmed), 'giu')
    let match: RegExpExecArray | null
    while ((match = regex.exec(text))) ranges.push([match.index, match.index + match[0].length])
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  let out = ''
  let cursor = 0
  for (const [start, end] of ranges) {
    if (end <= cursor) continue
    out += text.slice(cursor, Math.max(cursor, start)) + (start >= cursor ? REDACTED : '')
    cursor = end
  }
  return out + text.slice(cursor)
}
