import { describe, expect, it } from 'vitest'
import { loadEnv } from '#app/utils/env.server.ts'

describe('configuration', () => {
  it('exige SESSION_SECRET en production hors démonstration', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/)
  })

  it('refuse les crochets de test en production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), TEST_HOOKS: 'true' })).toThrow(/TEST_HOOKS/)
  })

  it('explique une valeur invalide', () => {
    expect(() => loadEnv({ PORT: 'abc', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/Configuration invalide/)
  })

  it('déduit l’adresse publique du port', () => {
    const env = loadEnv({ PORT: '4000', SESSION_SECRET: 'x'.repeat(40) })
    expect(env.APP_URL).toBe('http://localhost:4000')
    expect(env.DEMO_MODE).toBe(false)
  })
})
