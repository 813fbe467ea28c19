// The spam score (issue 19, decision 101): each reason on its own, the threshold, and the time to
// answer as a LOW bound only (slowness, as with a screen reader or a switch, is never a signal).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareFirstAnswer } from '#app/feedback/reviews.server.ts'
import {
  countLinks,
  elapsedSince,
  FLOOD_COMMENTS,
  mergeReasons,
  MIN_SUBMIT_MS,
  normaliseForRepeat,
  scoreSpam,
  SPAM_THRESHOLD,
  SpamMarkSchema,
  statusAfterScore,
} from '#app/feedback/spam.ts'
import { commentFingerprint } from '#app/feedback/spam.server.ts'

const held = (signals: Parameters<typeof scoreSpam>[0]) => scoreSpam(signals).score >= SPAM_THRESHOLD

describe('score de spam : chaque raison', () => {
  it('rien de suspect : score 0, aucune raison', () => {
    expect(scoreSpam({ elapsedMs: 12_000, text: 'Le rendez-vous a été facile à prendre, merci.', sameTextFromAddress: 0, placementComments: 3 })).toEqual({ score: 0, reasons: [] })
  })
  it('champ piège rempli : retenu à lui seul', () => {
    expect(scoreSpam({ honeypotFilled: true }).reasons).toEqual(['honeypot'])
    expect(held({ honeypotFilled: true })).toBe(true)
  })
  it('réponse trop rapide : une raison, pas assez à elle seule', () => {
    expect(scoreSpam({ elapsedMs: 300 }).reasons).toEqual(['too_fast'])
    expect(held({ elapsedMs: 300 })).toBe(false)
  })
  it('un lien : une raison faible ; deux liens : retenu', () => {
    expect(scoreSpam({ text: 'Voir https://exemple.fr/page' }).reasons).toEqual(['one_link'])
    expect(held({ text: 'Voir https://exemple.fr/page' })).toBe(false)
    expect(scoreSpam({ text: 'Promo www.achat-pas-cher.com et http://x.example.org' }).reasons).toEqual(['links'])
    expect(held({ text: 'Promo www.achat-pas-cher.com et http://x.example.org' })).toBe(true)
    expect(countLinks('casino-gratuit.xyz ici')).toBe(1)
    expect(countLinks('J’ai attendu 2 h. Le site était lent.')).toBe(0)
  })
  it('même texte depuis la même connexion : retenu', () => {
    expect(scoreSpam({ text: 'Très bon service vraiment', sameTextFromAddress: 1 }).reasons).toEqual(['repeated'])
    expect(held({ sameTextFromAddress: 1 })).toBe(true)
  })
  it('afflux sur un emplacement : une raison faible, retenu avec une autre', () => {
    expect(scoreSpam({ placementComments: FLOOD_COMMENTS - 1 }).reasons).toEqual([])
    expect(scoreSpam({ placementComments: FLOOD_COMMENTS }).reasons).toEqual(['flood'])
    expect(held({ placementComments: FLOOD_COMMENTS })).toBe(false)
    expect(held({ placementComments: FLOOD_COMMENTS, elapsedMs: 200 })).toBe(true)
  })
  it('un lien et une réponse trop rapide ensemble : retenu', () => {
    expect(held({ text: 'https://exemple.fr', elapsedMs: 100 })).toBe(true)
  })
})

describe('durée de réponse : une borne basse seulement', () => {
  it('au-delà de la borne, aucune durée n’est suspecte, même très longue', () => {
    fc.assert(fc.property(fc.integer({ min: MIN_SUBMIT_MS, max: 365 * 24 * 3600 * 1000 }), (elapsedMs) => scoreSpam({ elapsedMs }).reasons.length === 0))
  })
  it('sous la borne, la réponse est « rapide »', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MIN_SUBMIT_MS - 1 }), (elapsedMs) => scoreSpam({ elapsedMs }).reasons.includes('too_fast')))
  })
  it('heure d’affichage absente, illisible ou dans le futur : aucun signal', () => {
    const at = new Date('2026-12-07T10:00:00Z')
    expect(elapsedSince(null, at)).toBeNull()
    expect(elapsedSince('hier', at)).toBeNull()
    expect(elapsedSince(String(at.getTime() + 60_000), at)).toBeNull()
    expect(elapsedSince(String(at.getTime() - 4_000), at)).toBe(4_000)
  })
  it('la première réponse : rapide sous la borne, rien après deux minutes, piège retenu', () => {
    const at = new Date('2026-12-07T10:00:00Z')
    const fields = (values: Record<string, string>) =>
      new URLSearchParams({ name__confirm: '', avis: '6f1c1f55-9d43-4c1e-8f7e-6f4a3b2c1d0e', version: '0b9f7a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b', satisfaction: 'tres-bien', ...values })
    const prepare = (values: Record<string, string>) => prepareFirstAnswer({ placementId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d', fields: fields(values), ipHash: 'h', at })
    const quick = prepare({ affiche: String(at.getTime() - 400) })
    const slow = prepare({ affiche: String(at.getTime() - 120_000) })
    const trap = prepare({ name__confirm: 'robot', affiche: String(at.getTime() - 120_000) })
    expect('answer' in quick && quick.answer.spamReasons).toEqual(['too_fast'])
    expect('answer' in quick && quick.answer.spamStatus).toBe('none')
    expect('answer' in slow && slow.answer.spamReasons).toEqual([])
    expect('answer' in trap && [trap.answer.spamReasons, trap.answer.spamStatus]).toEqual([['honeypot'], 'suspected'])
    // A trap with an unusable answer is dropped, the bot only hears « merci ».
    expect(prepare({ name__confirm: 'robot', satisfaction: 'n-importe' })).toEqual({ outcome: { kind: 'spam' } })
  })
})

describe('textes presque identiques', () => {
  it('casse, accents, chiffres et ponctuation ne changent pas l’empreinte', () => {
    expect(normaliseForRepeat('Achetez ICI !!! 123 Éléphant')).toBe(normaliseForRepeat('achetez ici 456 elephant'))
    expect(commentFingerprint('Achetez ICI !!! 123 des montres pas chères')).toBe(commentFingerprint('achetez ici 456 des montres pas cheres'))
  })
  it('les textes courts (« Merci ») n’ont pas d’empreinte : un guichet partagé les répète honnêtement', () => {
    expect(commentFingerprint('Merci beaucoup !')).toBeNull()
    expect(commentFingerprint(null)).toBeNull()
  })
})

describe('statut et décisions', () => {
  it('le seuil décide, sauf décision d’un agent', () => {
    expect(statusAfterScore(SPAM_THRESHOLD)).toBe('suspected')
    expect(statusAfterScore(SPAM_THRESHOLD - 1)).toBe('none')
    expect(statusAfterScore(100, 'cleared')).toBe('cleared')
    expect(statusAfterScore(0, 'spam')).toBe('spam')
    expect(mergeReasons(['too_fast'], ['too_fast', 'one_link', 'inconnue'])).toEqual(['too_fast', 'one_link'])
  })
  it('le formulaire : au moins un avis, des identifiants, une décision connue', () => {
    expect(SpamMarkSchema.safeParse({ decision: 'spam', avis: [] }).success).toBe(false)
    expect(SpamMarkSchema.safeParse({ decision: 'peut-etre', avis: ['6f1c1f55-9d43-4c1e-8f7e-6f4a3b2c1d0e'] }).success).toBe(false)
    expect(SpamMarkSchema.safeParse({ decision: 'not_spam', avis: ['pas-un-id'] }).success).toBe(false)
    expect(SpamMarkSchema.safeParse({ decision: 'not_spam', avis: ['6f1c1f55-9d43-4c1e-8f7e-6f4a3b2c1d0e'] }).success).toBe(true)
  })
})
