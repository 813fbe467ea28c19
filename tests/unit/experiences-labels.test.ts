// The words shown under an experience's title agree with « expérience » (the pages said « ressenti négative »).
import { describe, expect, it } from 'vitest'
import { FEELINGS, feelingPhrase } from '#app/experiences/labels.ts'

describe('libellés des expériences', () => {
  it('le ressenti se lit avec « expérience », accordé', () => {
    expect(FEELINGS.map((feeling) => feelingPhrase(feeling.value))).toEqual(['expérience positive', 'expérience neutre', 'expérience négative'])
  })
})
