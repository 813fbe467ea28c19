import { existsSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conformityLevel, conformityRate, countStatuses, formatRate, STATUSES, type ConformityCounts } from '#app/accessibility/conformity.ts'
import { RGAA_CRITERIA, RGAA_THEMES } from '#app/accessibility/rgaa-criteria.ts'
import { CHECKS, RGAA_GRID, type GridCheck } from '#app/accessibility/rgaa-grid.ts'
import { buildStatement, DSFR_MENTION } from '#app/accessibility/statement.ts'
import { STATEMENT } from '#app/accessibility/statement.server.ts'

const counts = fc.record({ conformes: fc.nat(200), nonConformes: fc.nat(200), nonApplicables: fc.nat(200) })

describe('taux de conformité RGAA', () => {
  it('compte conformes ÷ (conformes + non conformes), sans les non applicables', () => {
    expect(countStatuses(['conforme', 'conforme', 'non_conforme', 'non_applicable'])).toEqual({ conformes: 2, nonConformes: 1, nonApplicables: 1 })
    expect(conformityRate({ conformes: 3, nonConformes: 1, nonApplicables: 50 })).toBe(75)
    expect(conformityRate({ conformes: 0, nonConformes: 0, nonApplicables: 106 })).toBeNull()
    fc.assert(
      fc.property(counts, fc.nat(50), (c, extra) => {
        const rate = conformityRate(c)
        // Non-applicable criteria never move the rate.
        expect(conformityRate({ ...c, nonApplicables: c.nonApplicables + extra })).toBe(rate)
        if (c.conformes + c.nonConformes === 0) expect(rate).toBeNull()
        else expect(rate).toBeCloseTo((100 * c.conformes) / (c.conformes + c.nonConformes), 10)
      }),
    )
  })

  it('suit les seuils légaux : totalement à 100 %, partiellement à partir de 50 %, non conforme en dessous', () => {
    expect(conformityLevel({ conformes: 10, nonConformes: 0, nonApplicables: 3 })).toBe('totalement conforme')
    expect(conformityLevel({ conformes: 99, nonConformes: 1, nonApplicables: 0 })).toBe('partiellement conforme')
    expect(conformityLevel({ conformes: 1, nonConformes: 1, nonApplicables: 0 })).toBe('partiellement conforme')
    expect(conformityLevel({ conformes: 49, nonConformes: 51, nonApplicables: 0 })).toBe('non conforme')
    expect(conformityLevel({ conformes: 0, nonConformes: 0, nonApplicables: 106 })).toBe('non conforme')
    fc.assert(
      fc.property(counts, (c: ConformityCounts) => {
        const level = conformityLevel(c)
        const applicable = c.conformes + c.nonConformes
        expect(level === 'totalement conforme').toBe(applicable > 0 && c.nonConformes === 0)
        expect(level === 'partiellement conforme').toBe(c.nonConformes > 0 && c.conformes * 2 >= applicable && c.conformes > 0)
      }),
    )
  })

  it('affiche le taux arrondi vers le bas, jamais plus que la grille', () => {
    expect(formatRate(56 * (100 / 79))).toBe('70,8\u00a0%')
    expect(formatRate(100)).toBe('100\u00a0%')
    expect(formatRate(50)).toBe('50\u00a0%')
    expect(formatRate(null)).toBe('non calculé')
    fc.assert(
      fc.property(fc.nat(300), fc.nat(300), (c, nc) => {
        fc.pre(c + nc > 0)
        const rate = conformityRate({ conformes: c, nonConformes: nc, nonApplicables: 0 })!
        const shown = Number(formatRate(rate).replace('\u00a0%', '').replace(/\s/g, '').replace(',', '.'))
        expect(shown).toBeLessThanOrEqual(rate + 1e-9)
        expect(rate - shown).toBeLessThan(0.1)
      }),
    )
  })
})

describe('grille RGAA 4.1', () => {
  it('contient les 106 critères officiels des 13 thématiques, une fois chacun, dans l’ordre', () => {
    expect(RGAA_THEMES).toHaveLength(13)
    expect(RGAA_CRITERIA).toHaveLength(106)
    const perTheme = RGAA_THEMES.map((theme) => RGAA_CRITERIA.filter((c) => c.theme === theme.number).length)
    expect(perTheme).toEqual([9, 2, 3, 13, 8, 2, 5, 10, 4, 14, 13, 11, 12])
    expect(RGAA_CRITERIA.find((c) => c.number === '10.11')!.title).toContain('256px')
    expect(RGAA_GRID.map((entry) => entry.criterion)).toEqual(RGAA_CRITERIA.map((c) => c.number))
  })

  it('ne déclare conforme qu’un critère vérifié, et justifie chaque non-conformité', () => {
    for (const entry of RGAA_GRID) {
      expect(STATUSES).toContain(entry.status)
      if (entry.status === 'conforme') expect(entry.checks.length, entry.criterion).toBeGreaterThan(0)
      if (entry.status === 'non_conforme') expect(entry.note.length, entry.criterion).toBeGreaterThan(20)
      for (const check of entry.checks) if (check.kind === 'manuel') expect(check.date <= new Date().toISOString().slice(0, 10), entry.criterion).toBe(true)
    }
  })

  it('chaque test cité existe sous ce nom dans son fichier (la grille ne peut pas pourrir)', () => {
    const cited = RGAA_GRID.flatMap((entry) => entry.checks.map((check) => ({ criterion: entry.criterion, check })))
    expect(missingTests(cited.map((c) => c.check))).toEqual([])
    // The check does find a name that is not there, a renamed test, and a missing file.
    expect(missingTests([{ ...CHECKS.axe, test: `${CHECKS.axe.test} (renommé)` }])).toHaveLength(1)
    expect(missingTests([{ kind: 'test', file: 'tests/e2e/keyboard.spec.ts', test: 'une porteuse se connecte au clavier' }])).toHaveLength(1)
    expect(missingTests([{ kind: 'test', file: 'tests/e2e/nulle-part.spec.ts', test: 'un test qui n’existe pas' }])).toHaveLength(1)
  })
})

describe('déclaration d’accessibilité', () => {
  it('vient de la grille : taux, état, non-conformités et mention du pied de page', () => {
    const { counts } = STATEMENT
    expect(counts.conformes + counts.nonConformes + counts.nonApplicables).toBe(106)
    expect(STATEMENT.rate).toBe((100 * counts.conformes) / (counts.conformes + counts.nonConformes))
    expect(STATEMENT.nonConformities.map((c) => c.number)).toEqual(RGAA_GRID.filter((e) => e.status === 'non_conforme').map((e) => e.criterion))
    expect(STATEMENT.mention).toBe(DSFR_MENTION[conformityLevel(counts)])
    // A grid changes the statement: one criterion less met, or all met.
    const worse = RGAA_GRID.map((entry) => (entry.status === 'conforme' ? { ...entry, status: 'non_conforme' as const } : entry))
    expect(buildStatement(worse).mention).toBe('non compliant')
    const all = RGAA_GRID.map((entry) => (entry.status === 'non_conforme' ? { ...entry, status: 'conforme' as const } : entry))
    expect(buildStatement(all).level).toBe('totalement conforme')
    expect(buildStatement(all).nonConformities).toEqual([])
  })
})

/** The cited tests that do not exist, under that exact name, in their file. */
function missingTests(checks: GridCheck[]): string[] {
  const titles = new Map<string, Set<string>>()
  const titlesOf = (file: string) => {
    if (!titles.has(file)) {
      const source = existsSync(file) ? readFileSync(file, 'utf8') : ''
      const found = [...source.matchAll(/\b(?:test|it)(?:\.(?:only|skip|fixme|fail))?\(\s*(['"`])((?:\\.|(?!\1)[\s\S])*?)\1/g)].map((m) => m[2]!)
      titles.set(file, new Set(found))
    }
    return titles.get(file)!
  }
  return checks.flatMap((check) => (check.kind === 'test' && !titlesOf(check.file).has(check.test) ? [`${check.file} : ${check.test}`] : []))
}
