// Precision and recall of the personal-data detector on the labelled corpus, per kind, printed at
// each run. Bars (decision 093): no ordinary sentence flagged at all, and for every kind a
// precision and a recall of at least 0.95 on the sentences that hold personal data.
import { describe, expect, it } from 'vitest'
import { PERSONAL_DATA_LABELS, personalDataKinds, type PersonalDataKind } from '#app/feedback/personal-data.ts'
import { ORDINARY, PERSONAL_DATA_CORPUS, WITH_PERSONAL_DATA } from '../fixtures/personal-data-corpus.ts'

const KINDS = Object.keys(PERSONAL_DATA_LABELS) as PersonalDataKind[]
const BAR = 0.95

function measure() {
  const counts = new Map(KINDS.map((kind) => [kind, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]))
  const errors: string[] = []
  for (const { text, kinds } of PERSONAL_DATA_CORPUS) {
    const found = personalDataKinds(text)
    for (const kind of KINDS) {
      const expected = kinds.includes(kind)
      const detected = found.includes(kind)
      const count = counts.get(kind)!
      if (expected && detected) count.truePositives++
      else if (detected) {
        count.falsePositives++
        errors.push(`fausse alerte ${kind} : ${text}`)
      } else if (expected) {
        count.falseNegatives++
        errors.push(`manqué ${kind} : ${text}`)
      }
    }
  }
  const rows = KINDS.map((kind) => {
    const { truePositives, falsePositives, falseNegatives } = counts.get(kind)!
    const precision = truePositives + falsePositives ? truePositives / (truePositives + falsePositives) : 1
    const recall = truePositives + falseNegatives ? truePositives / (truePositives + falseNegatives) : 1
    return { kind, expected: truePositives + falseNegatives, truePositives, falsePositives, falseNegatives, precision, recall }
  })
  return { rows, errors }
}

describe('détection des données personnelles sur le corpus étiqueté', () => {
  it(`aucune fausse alerte sur ${ORDINARY.length} phrases ordinaires, précision et rappel ≥ ${BAR} par type sur ${WITH_PERSONAL_DATA.length} phrases`, () => {
    expect(PERSONAL_DATA_CORPUS.length).toBeGreaterThanOrEqual(150)
    const { rows, errors } = measure()
    console.log(
      `Corpus : ${PERSONAL_DATA_CORPUS.length} phrases (${ORDINARY.length} ordinaires)\n` +
        rows.map((row) => `${row.kind.padEnd(16)} attendus ${String(row.expected).padStart(3)}  précision ${row.precision.toFixed(3)}  rappel ${row.recall.toFixed(3)}`).join('\n') +
        (errors.length ? `\n${errors.join('\n')}` : ''),
    )
    const flaggedOrdinary = ORDINARY.filter(({ text }) => personalDataKinds(text).length > 0).map(({ text }) => text)
    expect(flaggedOrdinary).toEqual([])
    for (const row of rows) {
      // Every kind is represented in the corpus, so a recall of 1 over nothing cannot pass.
      expect(row.expected, row.kind).toBeGreaterThanOrEqual(1)
      expect(row.precision, `précision ${row.kind}`).toBeGreaterThanOrEqual(BAR)
      expect(row.recall, `rappel ${row.kind}`).toBeGreaterThanOrEqual(BAR)
    }
  })
})
