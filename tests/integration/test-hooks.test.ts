// The test hooks answer 404 unless TEST_HOOKS is set (the app refuses to start with it outside a
// loopback demo: tests/unit/env.test.ts). The session hook, which opens a session without any
// e-mail, is the one that must never be reachable: without TEST_HOOKS it creates nothing.
import { describe, expect, it } from 'vitest'
import * as hooks from '#app/routes/test-hooks.tsx'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()

const hookRequest = (body: unknown) =>
  new Request('http://localhost:3000/test-hooks', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

const counts = async () => ({
  users: (await app.db.selectFrom('users').select(app.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  sessions: (await app.db.selectFrom('sessions').select(app.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
})

describe('les crochets de test', () => {
  it('sans TEST_HOOKS, chaque crochet répond 404, et celui de session ne crée ni compte ni session ni cookie', async () => {
    expect(app.services.env.TEST_HOOKS).toBeFalsy()
    for (const body of [
      { hook: 'session', email: 'equipe@demo.aic.gouv.fr' },
      { hook: 'session', email: 'inconnue@exemple.fr' },
      { hook: 'clock', offsetMs: 1000 },
      { hook: 'run-job', name: 'x', data: {} },
    ]) {
      const result = await app.call(hooks.action, { request: hookRequest(body) })
      expect(result.status, JSON.stringify(body)).toBe(404)
      expect(result.headers.get('Set-Cookie')).toBeNull()
    }
    expect(await counts()).toEqual({ users: 0, sessions: 0 })
  })

  it('avec TEST_HOOKS (les parcours), le crochet de session ouvre une session pour l’adresse, en créant le compte comme la connexion par e-mail', async () => {
    const context = { env: { ...app.services.env, TEST_HOOKS: true } }
    const result = await app.call(hooks.action, { request: hookRequest({ hook: 'session', email: 'Nouvelle@Exemple.fr' }), context })
    expect(result.status).toBe(200)
    expect(result.headers.get('Set-Cookie')).toMatch(/session=[^;]+;/)
    const user = await app.db.selectFrom('users').select(['id', 'email']).executeTakeFirstOrThrow()
    expect(user.email).toBe('nouvelle@exemple.fr')
    expect(result.body).toEqual({ userId: user.id })
    expect(await counts()).toEqual({ users: 1, sessions: 1 })
    // A second time: the same account, a second session.
    await app.call(hooks.action, { request: hookRequest({ hook: 'session', email: 'nouvelle@exemple.fr' }), context })
    expect(await counts()).toEqual({ users: 1, sessions: 2 })
    const refused = await app.call(hooks.action, { request: hookRequest({ hook: 'session', email: 'pas une adresse' }), context })
    expect(refused.status).toBe(400)
  })
})
