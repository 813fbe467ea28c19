import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashIp, randomDigits, randomToken, safeEqual, sha256 } from '#app/utils/crypto.server.ts'

describe('jetons et empreintes', () => {
  it('les jetons font au moins 128 bits et ne se répètent pas', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()))
    expect(tokens.size).toBe(1000)
    for (const token of tokens) expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16)
  })

  it('les codes ont six chiffres, tous les chiffres apparaissent', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 500; i++) {
      const code = randomDigits(6)
      expect(code).toMatch(/^\d{6}$/)
      for (const digit of code) seen.add(digit)
    }
    expect(seen.size).toBe(10)
  })

  it('l’empreinte d’une adresse IP change chaque jour et ne contient pas l’adresse', () => {
    const day1 = new Date('2026-11-23T10:00:00Z')
    const day1Later = new Date('2026-11-23T22:00:00Z')
    const day2 = new Date('2026-11-24T10:00:00Z')
    const ip = '203.0.113.42'
    expect(hashIp('secret', ip, day1)).toBe(hashIp('secret', ip, day1Later))
    expect(hashIp('secret', ip, day1)).not.toBe(hashIp('secret', ip, day2))
    expect(hashIp('secret', ip, day1)).not.toContain('203')
    expect(hashIp('autre-secret', ip, day1)).not.toBe(hashIp('secret', ip, day1))
  })

  it('la comparaison à temps constant est une égalité', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(safeEqual(sha256(a), sha256(b))).toBe(a === b)
      }),
    )
  })
})
