import { describe, expect, it } from 'vitest'
import { hasFrenchMessage } from '../integration/fuzz/inputs.ts'

// The fuzz test trusts this reader of error bodies: it must find the messages a person reads, whatever the field's name.
describe('messages d’erreur lus par le fuzzing', () => {
  it('lit les erreurs de champ, y compris d’un champ nommé « status »', () => {
    expect(hasFrenchMessage(JSON.stringify({ intent: 'modifier-reponse', error: { status: ['Choisissez un statut.'] }, message: null }))).toBe(true)
    expect(hasFrenchMessage(JSON.stringify({ error: { email: ['Saisissez une adresse e-mail.'] } }))).toBe(true)
  })

  it('ignore le statut d’une soumission conform, refuse l’anglais et l’absence de message', () => {
    expect(hasFrenchMessage(JSON.stringify({ status: 'error', initialValue: { a: 'b' } }))).toBe(false)
    expect(hasFrenchMessage(JSON.stringify({ error: { status: ['Invalid enum value'] } }))).toBe(false)
    expect(hasFrenchMessage(JSON.stringify({ message: 'Ce dossier n’existe pas.' }))).toBe(true)
  })
})
