import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import '#app/utils/zod-fr.ts'
import { computeIndicators, contactScore, emptyMeasures, formatIndicator } from '#app/feedback/indicators.ts'
import { DEFAULT_DEFINITION, mainSteps, nextStep, schemaForStep, toStepAnswers } from '#app/feedback/questionnaire.ts'
import { embedCode, frameAncestors, normaliseOrigin } from '#app/feedback/embed-codes.ts'

function form(entries: Array<[string, string]>) {
  const data = new FormData()
  for (const [key, value] of entries) data.append(key, value)
  return data
}

describe('le questionnaire national', () => {
  it('enchaîne les étapes, et saute la suite de l’aide quand on n’en a pas eu besoin', () => {
    expect(mainSteps(DEFAULT_DEFINITION)).toEqual(['satisfaction', 'clarte', 'aide', 'commentaire'])
    expect(nextStep(DEFAULT_DEFINITION, 'aide', { helpNeeded: true })).toBe('aide-suite')
    expect(nextStep(DEFAULT_DEFINITION, 'aide', { helpNeeded: false })).toBe('commentaire')
    expect(nextStep(DEFAULT_DEFINITION, 'aide-suite', { helpNeeded: true })).toBe('commentaire')
    expect(nextStep(DEFAULT_DEFINITION, 'commentaire', { helpNeeded: null })).toBeNull()
    expect(mainSteps({ questions: ['comment'] })).toEqual(['satisfaction', 'commentaire'])
  })

  it('refuse « Je n’ai pas eu besoin d’aide » avec un moyen d’aide, en français', () => {
    const submission = parseWithZod(form([['channels', 'aucune'], ['channels', 'telephone']]), { schema: schemaForStep('aide') })
    expect(submission.status).toBe('error')
    expect(JSON.stringify(submission.reply().error)).toContain('gardez l’un ou l’autre')
  })

  it('lit les moyens d’aide d’avant la migration 0023 (guichet, téléphone, proche, autre) comme les nouveaux', () => {
    // Decision 111: a questionnaire page opened before the change still posts the French codes.
    const submission = parseWithZod(form([['channels', 'guichet'], ['channels', 'email'], ['channels', 'autre'], ['channels', 'phone'], ['channels', 'proche']]), {
      schema: schemaForStep('aide'),
    })
    expect(submission.status).toBe('success')
    const value = submission.status === 'success' ? submission.value : {}
    expect(toStepAnswers('aide', value)).toEqual({ step: 'aide', helpNeeded: true, channels: ['counter', 'phone', 'email', 'relative', 'other'] })
  })

  it('refuse une valeur hors des choix et une note de qualité quand l’aide n’a pas été obtenue', () => {
    expect(parseWithZod(form([['clarity', '9']]), { schema: schemaForStep('clarte') }).status).toBe('error')
    expect(parseWithZod(form([['channels', 'pigeon']]), { schema: schemaForStep('aide') }).status).toBe('error')
    const followUp = parseWithZod(form([['reached', 'non'], ['quality', '4']]), { schema: schemaForStep('aide-suite') })
    expect(JSON.stringify(followUp.status === 'error' && followUp.reply().error)).toContain('ne notez pas sa qualité')
  })

  it('refuse un commentaire de 100 ko avec un message clair, accepte emojis et arabe', () => {
    const long = parseWithZod(form([['comment', 'a'.repeat(100 * 1024)]]), { schema: schemaForStep('commentaire') })
    expect(long.status).toBe('error')
    expect(JSON.stringify(long.status === 'error' && long.reply().error)).toMatch(/ne doit pas dépasser 2\u202f000 caractères/)
    const ok = parseWithZod(form([['comment', 'Très bien 👍🏽 الخدمة ممتازة'], ['contact', '']]), { schema: schemaForStep('commentaire') })
    expect(ok.status).toBe('success')
    expect(ok.status === 'success' && toStepAnswers('commentaire', ok.value)).toEqual({ step: 'commentaire', comment: 'Très bien 👍🏽 الخدمة ممتازة', contact: null })
  })

  it('« Je n’ai pas eu besoin d’aide » seul est enregistré comme tel', () => {
    const submission = parseWithZod(form([['channels', 'aucune']]), { schema: schemaForStep('aide') })
    expect(submission.status === 'success' && toStepAnswers('aide', submission.value)).toEqual({ step: 'aide', helpNeeded: false, channels: [] })
  })
})

describe('indicateurs sur 10', () => {
  it('calcule chaque indicateur selon la méthode nationale', () => {
    const m = { ...emptyMeasures(), reviews: 4, sat_points: 10 + 10 + 5 + 0, clarity_count: 2, clarity_sum: 4 + 1, reached_answered: 4, reached_yes: 3, quality_count: 3, quality_sum: 4 + 3 + 2, help_answered: 5, help_none: 1 }
    const byKey = Object.fromEntries(computeIndicators(m).map((indicator) => [indicator.key, indicator]))
    expect(byKey.satisfaction!.value).toBe(6.25)
    expect(byKey.clarity!.value).toBe(6.25)
    expect(byKey.reached!.value).toBe(75)
    expect(byKey.quality!.value).toBe(7.5)
    expect(byKey.autonomy!.value).toBe(2)
    expect(byKey.quality!.answers).toBe(3)
    expect(contactScore(m)).toBe((9 * 2.5) / 4)
    expect(formatIndicator(byKey.satisfaction!)).toBe('6,3 / 10')
    expect(formatIndicator(byKey.reached!)).toBe('75,0 %')
  })

  it('sans réponse, un indicateur n’a pas de valeur (et pas de division par zéro)', () => {
    expect(computeIndicators(emptyMeasures()).every((indicator) => indicator.value === null && indicator.answers === 0)).toBe(true)
    expect(formatIndicator({ value: null, unit: '/10' })).toBe('—')
  })
})

describe('codes d’intégration', () => {
  it('le bouton pointe vers le questionnaire de l’emplacement', () => {
    const code = embedCode('bouton', 'https://avis.exemple.gouv.fr', 'abc')
    expect(code).toContain('href="https://avis.exemple.gouv.fr/avis/abc"')
    expect(code).toContain('alt="Je donne mon avis"')
    expect(embedCode('widget', 'https://x.fr', 'abc')).toContain('data-je-donne-mon-avis="abc"')
    expect(embedCode('sourire', 'https://x.fr', 'abc')).toContain('/integration/sourire/abc')
  })

  it('n’autorise comme sites que des origines complètes', () => {
    expect(normaliseOrigin('www.exemple.gouv.fr')).toBe('https://www.exemple.gouv.fr')
    expect(normaliseOrigin('https://www.exemple.gouv.fr/')).toBe('https://www.exemple.gouv.fr')
    expect(normaliseOrigin('https://www.exemple.gouv.fr/page')).toBeNull()
    expect(normaliseOrigin('http://exemple.fr')).toBeNull()
    expect(normaliseOrigin('javascript:alert(1)')).toBeNull()
    expect(normaliseOrigin('adresse')).toBeNull()
    expect(normaliseOrigin('http://localhost:4000')).toBe('http://localhost:4000')
    expect(frameAncestors(['https://a.fr', 'n’importe quoi; script-src *'])).toBe("frame-ancestors 'self' https://a.fr")
  })
})
