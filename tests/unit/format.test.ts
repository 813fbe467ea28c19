import { describe, expect, it } from 'vitest'
import { formatDate, formatTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

describe('affichage', () => {
  it('écrit l’heure à la française, à l’heure de Paris', () => {
    expect(formatTime('2026-11-23T13:32:00Z')).toBe('14 h 32')
    expect(formatTime('2026-07-01T07:05:00Z')).toBe('9 h 05')
  })

  it('écrit les dates en toutes lettres', () => {
    expect(formatDate('2026-01-26T12:00:00Z')).toBe('26 janvier 2026')
  })

  it('titre les pages « Page – Service »', () => {
    expect(pageTitle('Connexion')).toBe('Connexion – Accélérateur d’initiatives citoyennes')
  })
})
