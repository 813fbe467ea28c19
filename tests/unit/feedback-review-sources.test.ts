// A review's source: the door accepts the French values of embed codes pasted before migration 0021 and the English
// ones, and stores English; what is published (the labels) does not change (decision 111).
import { describe, expect, it } from 'vitest'
import { normaliseReviewSource, REVIEW_SOURCES, reviewSourceLabel } from '#app/feedback/review-sources.ts'

describe('la source d’un avis', () => {
  it('lit l’ancienne valeur française comme la nouvelle valeur anglaise', () => {
    expect(normaliseReviewSource('lien')).toBe('link')
    expect(normaliseReviewSource('sourire')).toBe('smiley')
    expect(normaliseReviewSource('widget')).toBe('widget')
    for (const source of REVIEW_SOURCES) expect(normaliseReviewSource(source)).toBe(source)
  })

  it('ne reconnaît rien d’autre', () => {
    for (const value of [null, undefined, '', 'Lien', 'SMILEY', 'bouton', 'toString', '__proto__', 'constructor', ' lien']) expect(normaliseReviewSource(value)).toBeNull()
  })

  it('publie les mêmes libellés qu’avant la migration', () => {
    expect(REVIEW_SOURCES.map(reviewSourceLabel)).toEqual(['Bouton', 'Fenêtre intégrée', 'Avis en un clic'])
    // A value it does not know is published as it is, as before.
    expect(reviewSourceLabel('inconnue')).toBe('inconnue')
  })
})
