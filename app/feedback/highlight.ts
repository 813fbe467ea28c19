// Highlighted search matches travel as plain text with two control characters around each match
// (control characters are refused in stored texts), then become <mark> elements: never raw HTML.
export const MARK_START = '\u0001'
export const MARK_END = '\u0002'

/** Splits a highlighted text into plain and marked parts (rendered as <mark>, never as HTML). */
export function highlightParts(text: string): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = []
  let marked = false
  let buffer = ''
  for (const char of text) {
    if (char === MARK_START || char === MARK_END) {
      if (buffer) parts.push({ text: buffer, marked })
      buffer = ''
      marked = char === MARK_START
    } else buffer += char
  }
  if (buffer) parts.push({ text: buffer, marked })
  return parts
}
