import { describe, expect, it } from 'vitest'
import { Honeypot, SpamError } from 'remix-utils/honeypot/server'
import { NodeCryptoHoneypot } from '#app/context.server.ts'

const SEED = 'graine-de-test-graine-de-test-0123456789'

function form(props: { nameFieldName: string; validFromFieldName: string | null; encryptedValidFrom: string }, overrides: Record<string, string> = {}) {
  const data = new FormData()
  data.set(props.nameFieldName, '')
  if (props.validFromFieldName) data.set(props.validFromFieldName, props.encryptedValidFrom)
  for (const [key, value] of Object.entries(overrides)) data.set(key, value)
  return data
}

describe('le pot de miel chiffré par node:crypto', () => {
  const honeypot = new NodeCryptoHoneypot({ encryptionSeed: SEED, randomizeNameFieldName: false })

  it('accepte le formulaire qu’il a produit, avec les mêmes noms de champs que remix-utils', () => {
    const props = honeypot.getInputProps()
    expect(props).toMatchObject({ nameFieldName: 'name__confirm', validFromFieldName: 'from__confirm' })
    expect(props.encryptedValidFrom).toMatch(/^[\w-]{40,}$/)
    expect(() => honeypot.check(form(props))).not.toThrow()
    // Each sealing uses a fresh nonce: the same time stamp never gives the same value.
    const at = Date.now() - 1000
    expect(honeypot.getInputProps({ validFromTimestamp: at }).encryptedValidFrom).not.toBe(honeypot.getInputProps({ validFromTimestamp: at }).encryptedValidFrom)
  })

  it('refuse un champ piège rempli, un horodatage modifié, forgé, d’une autre clé ou dans le futur', () => {
    const props = honeypot.getInputProps()
    expect(() => honeypot.check(form(props, { name__confirm: 'robot' }))).toThrow(SpamError)
    const bytes = Buffer.from(props.encryptedValidFrom, 'base64url')
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1
    expect(() => honeypot.check(form(props, { from__confirm: bytes.toString('base64url') }))).toThrow(SpamError)
    expect(() => honeypot.check(form(props, { from__confirm: String(Date.now() - 60_000) }))).toThrow(SpamError)
    expect(() => honeypot.check(form(props, { from__confirm: 'AAAA' }))).toThrow(SpamError)
    const other = new NodeCryptoHoneypot({ encryptionSeed: `${SEED}-autre`, randomizeNameFieldName: false })
    expect(() => honeypot.check(form(other.getInputProps()))).toThrow(SpamError)
    // A value sealed by remix-utils' crypto-js cipher with the same seed does not open either.
    const legacy = new Honeypot({ encryptionSeed: SEED, randomizeNameFieldName: false })
    expect(() => honeypot.check(form(legacy.getInputProps()))).toThrow(SpamError)
    expect(() => honeypot.check(form(honeypot.getInputProps({ validFromTimestamp: Date.now() + 60_000 })))).toThrow(/future/)
  })
})
