import { describe, expect, it } from 'vitest'
import { loadEnv } from '#app/utils/env.server.ts'

describe('configuration', () => {
  it('exige SESSION_SECRET en production hors démonstration', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/)
  })

  it('refuse les crochets de test en production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), TEST_HOOKS: 'true' })).toThrow(/TEST_HOOKS/)
  })

  const secret = 'x'.repeat(40)
  const journeyServer = {
    NODE_ENV: 'production',
    SESSION_SECRET: secret,
    DEMO_MODE: 'true',
    TEST_HOOKS: 'true',
    HOST: '127.0.0.1',
    PORT: '3100',
    APP_URL: 'http://localhost:3100',
  }

  it('le mode démonstration n’écoute que sur la machine locale, sauf demande explicite avec un avertissement', () => {
    const warnings: string[] = []
    const demo = loadEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO_MODE: 'true' }, (m) => warnings.push(m))
    expect(demo.HOST).toBe('127.0.0.1')
    expect(warnings).toEqual([])
    const opened = loadEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO_MODE: 'true', HOST: '0.0.0.0' }, (m) => warnings.push(m))
    expect(opened.HOST).toBe('0.0.0.0')
    expect(warnings.join('\n')).toMatch(/mode démonstration ouvert sur 0\.0\.0\.0/)
    // A real deployment (no demo) still listens on every interface, behind its proxy.
    expect(loadEnv({ NODE_ENV: 'production', SESSION_SECRET: secret }, (m) => warnings.push(m)).HOST).toBe('0.0.0.0')
  })

  it('accepte les crochets de test pour le serveur des parcours (démonstration locale)', () => {
    expect(loadEnv(journeyServer).TEST_HOOKS).toBe(true)
    expect(loadEnv({ ...journeyServer, HOST: undefined, APP_URL: undefined }).TEST_HOOKS).toBe(true)
    expect(loadEnv({ NODE_ENV: 'test', SESSION_SECRET: secret, TEST_HOOKS: 'true' }).TEST_HOOKS).toBe(true)
  })

  it('refuse les crochets de test d’une démonstration ouverte à d’autres', () => {
    const quiet = () => {}
    expect(() => loadEnv({ ...journeyServer, HOST: '0.0.0.0' }, quiet)).toThrow(/TEST_HOOKS refusé.*HOST=0\.0\.0\.0/)
    expect(() => loadEnv({ ...journeyServer, HOST: '192.168.1.20' }, quiet)).toThrow(/TEST_HOOKS refusé/)
    expect(() => loadEnv({ ...journeyServer, APP_URL: 'https://demo.aic.example.fr' })).toThrow(/TEST_HOOKS refusé.*APP_URL/)
    expect(() => loadEnv({ ...journeyServer, RESEND_API_KEY: 're_123' })).toThrow(/TEST_HOOKS refusé.*RESEND_API_KEY/)
    expect(() => loadEnv({ ...journeyServer, DEMO_MODE: 'false' })).toThrow(/TEST_HOOKS refusé/)
    expect(() => loadEnv({ ...journeyServer, NODE_ENV: 'development', HOST: '0.0.0.0' }, quiet)).toThrow(/TEST_HOOKS refusé/)
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
