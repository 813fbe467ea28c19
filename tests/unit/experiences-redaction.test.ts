// Redaction before publication (decision 061), as properties: nothing erased without a decision,
// every erased passage really gone, the rest of the text kept in order.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findPersonalData, REDACTED } from '#app/feedback/personal-data.ts'
import { redactText } from '#app/experiences/redaction.ts'

const words = fc.array(fc.constantFrom('Bonjour', 'le', 'guichet', 'était', 'fermé', 'Martine', 'Dupont', 'merci', '.', ','), { maxLength: 12 }).map((list) => list.join(' '))
const pii = fc.constantFrom('06 12 34 56 78', 'jean.martin@exemple.fr', '+33 1 23 45 67 89', '12 rue de la Paix')
const story = fc.array(fc.oneof(words, pii), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' '))

describe('masquage d’une expérience', () => {
  it('sans décision d’effacer ni passage ajouté, le texte publié est le texte écrit', () => {
    fc.assert(
      fc.property(story, (text) => {
        const flagged = findPersonalData(text)
        expect(redactText(text, { erase: flagged.map(() => false), extra: [] })).toBe(text)
      }),
    )
  })

  it('tout effacer : plus aucune donnée détectée, et chaque passage ajouté a disparu', () => {
    fc.assert(
      fc.property(story, fc.subarray(['Martine', 'Dupont']), (text, extra) => {
        const flagged = findPersonalData(text)
        const redacted = redactText(text, { erase: flagged.map(() => true), extra })
        expect(findPersonalData(redacted.split(REDACTED).join(' '))).toEqual([])
        for (const passage of extra) expect(redacted.toLowerCase()).not.toContain(passage.toLowerCase())
      }),
    )
  })

  it('ne change que les passages choisis : ce qui reste apparaît dans le même ordre', () => {
    fc.assert(
      fc.property(story, fc.array(fc.boolean(), { maxLength: 6 }), (text, choices) => {
        const flagged = findPersonalData(text)
        const erase = flagged.map((_, index) => choices[index] ?? false)
        const redacted = redactText(text, { erase, extra: [] })
        flagged.forEach((match, index) => {
          if (!erase[index]) expect(redacted).toContain(text.slice(match.start, match.end))
        })
        const kept = redacted.split(REDACTED)
        let cursor = 0
        for (const piece of kept) {
          const at = text.indexOf(piece, cursor)
          expect(at).toBeGreaterThanOrEqual(0)
          cursor = at + piece.length
        }
      }),
    )
  })
})
