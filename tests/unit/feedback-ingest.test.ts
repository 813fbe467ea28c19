import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientIp, dailyIpHasher, firstAnswerResponse, wantsJson } from '#app/feedback/ingest.server.ts'
import { hashIp } from '#app/utils/crypto.server.ts'

const placementId = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc'
const reviewId = '0b3b1c52-1f11-4a3c-9b1e-2a7c5d6e7f80'

describe('point d’entrée des avis', () => {
  it('l’empreinte d’IP du chemin rapide est celle du reste de l’application, et change chaque jour', () => {
    const hasher = dailyIpHasher('secret-secret-secret-secret-secret-0123')
    fc.assert(
      fc.property(fc.ipV4(), fc.date({ min: new Date('2025-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (ip, at) => {
        expect(hasher(ip, at)).toBe(hashIp('secret-secret-secret-secret-secret-0123', ip, at))
      }),
    )
    expect(hasher('10.0.0.1', new Date('2026-11-23T10:00:00Z'))).not.toBe(hasher('10.0.0.1', new Date('2026-11-24T10:00:00Z')))
  })

  it('prend l’adresse du client comme Express avec « trust proxy » (nombre de mandataires)', () => {
    expect(clientIp('127.0.0.1', '203.0.113.7, 10.0.0.2', 0)).toBe('127.0.0.1')
    expect(clientIp('127.0.0.1', '203.0.113.7, 10.0.0.2', 1)).toBe('10.0.0.2')
    expect(clientIp('127.0.0.1', '203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7')
    expect(clientIp('127.0.0.1', '203.0.113.7', 5)).toBe('203.0.113.7')
  })

  it('redirige vers l’étape suivante, ou vers le questionnaire avec le motif du refus', () => {
    const context = { placementId, mode: 'integration' as const, origin: 'https://www.exemple.gouv.fr/', wantsJson: false }
    expect(firstAnswerResponse({ kind: 'recorded', reviewId, token: 'abc' }, context).headers.Location).toBe(
      `/integration/avis/${placementId}/${reviewId}?jeton=abc&origine=https%3A%2F%2Fwww.exemple.gouv.fr`,
    )
    expect(firstAnswerResponse({ kind: 'recorded', reviewId, token: 'abc' }, { ...context, mode: 'sourire', origin: 'javascript:x' }).headers.Location).toBe(
      `/integration/sourire/${placementId}/${reviewId}?jeton=abc`,
    )
    expect(firstAnswerResponse({ kind: 'rate-limited', retryAfter: 90 }, { ...context, mode: 'page', origin: null }).headers.Location).toBe(`/avis/${placementId}?erreur=trop-d-avis&attente=90`)
    expect(firstAnswerResponse({ kind: 'spam' }, { ...context, origin: null }).headers.Location).toBe(`/integration/avis/${placementId}/merci`)
    const json = firstAnswerResponse({ kind: 'stale-version' }, { ...context, wantsJson: true })
    expect([json.status, JSON.parse(json.body).message]).toEqual([409, 'Ce questionnaire vient d’être modifié. Voici sa nouvelle version : répondez à nouveau, s’il vous plaît.'])
  })

  it('ne répond en JSON qu’à qui le demande explicitement', () => {
    expect(wantsJson('application/json')).toBe(true)
    expect(wantsJson('text/html,application/xhtml+xml,application/json;q=0.9')).toBe(false)
    expect(wantsJson(undefined)).toBe(false)
  })
})
