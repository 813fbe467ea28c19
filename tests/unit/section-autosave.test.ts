import { describe, expect, it } from 'vitest'
import {
  autosaveOutcome,
  REMOVED_MESSAGE,
  savedLabel,
  saveStatusText,
  type SectionActionData,
} from '#app/components/accelerator/application-section/use-autosave.ts'
import { otherAuthor } from '#app/components/accelerator/application-section/section-notices.tsx'

describe('enregistrement automatique d’une section', () => {
  it('une réponse « enregistré » donne la nouvelle version et l’heure ; les autres arrêtent ou signalent', () => {
    const saved: SectionActionData = { status: 'saved', version: 4, savedAt: '2026-11-23T13:32:00Z', issues: {} }
    expect(autosaveOutcome(saved)).toEqual({ status: { kind: 'saved', at: '2026-11-23T13:32:00Z' }, version: 4 })

    const conflict = { version: 5, by: 'Paul Co', at: '2026-11-23T13:33:00Z', theirs: { title: 'Sien' } }
    const afterConflict = autosaveOutcome({ status: 'conflict', message: '…', values: {}, conflict })
    expect(afterConflict.conflict).toBe(conflict)
    expect(afterConflict.version).toBeUndefined()
    expect(afterConflict.status).toEqual({ kind: 'error', message: 'Non enregistré : quelqu’un d’autre a modifié cette section.' })

    expect(autosaveOutcome({ status: 'locked', message: 'L’appel est clos.', values: {} })).toMatchObject({ stopped: 'L’appel est clos.' })
    expect(autosaveOutcome({ status: 'removed', values: {} })).toMatchObject({ stopped: REMOVED_MESSAGE })
    const invalid = autosaveOutcome({ status: 'invalid', fieldErrors: { kind: 'Non' }, values: {} })
    expect(invalid).toEqual({ status: { kind: 'error', message: 'Non enregistré : corrigez le champ signalé.' } })
  })

  it('la ligne d’état dit ce qui se passe, et combien de champs restent à corriger', () => {
    expect(saveStatusText({ kind: 'saving' }, 0, null)).toBe('Enregistrement…')
    expect(saveStatusText({ kind: 'dirty' }, 0, 'Enregistré à 9 h 05')).toBe('Modifications en cours…')
    expect(saveStatusText({ kind: 'idle' }, 0, 'Enregistré à 9 h 05')).toBe('Enregistré à 9 h 05')
    expect(saveStatusText({ kind: 'idle' }, 0, null)).toBe('')
    expect(saveStatusText({ kind: 'saved', at: '2026-11-23T13:32:00Z' }, 0, null)).toBe('Enregistré à 14 h 32')
    expect(saveStatusText({ kind: 'saved', at: '2026-11-23T13:32:00Z' }, 1, null)).toBe('Enregistré à 14 h 32, avec un champ à corriger avant le dépôt')
    expect(saveStatusText({ kind: 'saved', at: '2026-11-23T13:32:00Z' }, 3, null)).toBe('Enregistré à 14 h 32, avec 3 champs à corriger avant le dépôt')
    expect(saveStatusText({ kind: 'error', message: 'Non enregistré.' }, 2, null)).toBe('Non enregistré.')
  })

  it('« Enregistré à » le jour même (heure de Paris), « Enregistré le … à » avant', () => {
    expect(savedLabel(new Date('2026-11-23T13:32:00Z'), new Date('2026-11-23T22:50:00Z'))).toBe('Enregistré à 14 h 32')
    // 23:30 UTC on the 23rd is already the 24th in Paris.
    expect(savedLabel(new Date('2026-11-23T13:32:00Z'), new Date('2026-11-23T23:30:00Z'))).toBe('Enregistré le 23 novembre à 14 h 32')
  })

  it('nomme l’autre membre, ou « un autre porteur » quand son compte n’existe plus', () => {
    expect(otherAuthor('Inès').of).toBe('d’Inès')
    expect(otherAuthor('Paul').of).toBe('de Paul')
    expect(otherAuthor(null)).toEqual({ subject: 'Un autre porteur', name: 'un autre porteur', of: 'd’un autre porteur' })
  })
})
