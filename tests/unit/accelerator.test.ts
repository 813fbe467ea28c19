import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applicationProgress,
  invalidReason,
  isValidRna,
  isValidSiret,
  luhn,
  normaliseValue,
  parseFrenchNumber,
  sectionBySlug,
  sectionIssues,
  sectionMissing,
  SECTIONS,
  STRUCTURE_KINDS,
  structureKindCode,
  structureKindLabel,
} from '#app/accelerator/applications/application-form.ts'
import {
  APPLICATION_STATES,
  callAcceptsSubmissions,
  editability,
  leaderExplanation,
  TRANSITION_NAMES,
  TRANSITIONS,
  transitionsFrom,
} from '#app/accelerator/applications/application-states.ts'
import { assignmentOpen, callTransitionFrom, closingDateEditable, gridEditMode, JURY_STATES, objectionsOpen, publicStatus, scoringStarted, selectionUnderWay } from '#app/accelerator/calls/call-states.ts'
import { csvCell } from '#app/accelerator/exports.server.ts'
import { searchQuery } from '#app/accelerator/instruction/instruction.server.ts'
import { reminderKind } from '#app/accelerator/reminders.server.ts'
import { formatDateAtTime, formatFileSize } from '#app/utils/format.ts'
import { dateToParisLocal, parisLocalToDate, parisOffsetMinutes } from '#app/utils/paris-time.ts'
import { completeAnswers } from '#tests/helpers/accelerator.ts'

const digitString = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''))

function withCheckDigit(body: string): string {
  for (let check = 0; check <= 9; check++) if (luhn(`${body}${check}`)) return `${body}${check}`
  throw new Error('impossible')
}

describe('numéros SIRET et RNA', () => {
  it('accepte tout numéro à 14 chiffres dont la clé de Luhn est juste', () => {
    fc.assert(fc.property(digitString(13), (body) => isValidSiret(withCheckDigit(body)) || body.startsWith('356000000')))
  })

  it('refuse un numéro dont un seul chiffre a changé (une faute de frappe)', () => {
    fc.assert(
      fc.property(digitString(13), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 9 }), (body, position, delta) => {
        fc.pre(!body.startsWith('356000000'))
        const valid = withCheckDigit(body)
        const typo = valid.slice(0, position) + String((Number(valid[position]) + delta) % 10) + valid.slice(position + 1)
        return !isValidSiret(typo)
      }),
    )
  })

  it('reconnaît un vrai SIRET, refuse les formats faux, et tolère les espaces saisis', () => {
    expect(isValidSiret('73282932000074')).toBe(true)
    expect(isValidSiret('7328293200007')).toBe(false)
    expect(isValidSiret('7328293200007A')).toBe(false)
    const siret = SECTIONS[0]!.fields.find((f) => f.name === 'siret')!
    expect(normaliseValue(siret, ' 732 829 320 00074 ')).toBe('73282932000074')
    expect(isValidRna('W751234567')).toBe(true)
    expect(isValidRna('W75123456')).toBe(false)
    expect(isValidRna('751234567W')).toBe(false)
    const rna = SECTIONS[0]!.fields.find((f) => f.name === 'rna')!
    expect(normaliseValue(rna, 'w 751 234 567')).toBe('W751234567')
  })
})

describe('types de structure (décision 113)', () => {
  it('sont rangés en anglais, lus en français ; l’ancienne valeur française postée est lue comme l’anglaise, une inconnue reste telle quelle', () => {
    expect(STRUCTURE_KINDS.map((kind) => kind.value)).toEqual(['association', 'collective', 'social_enterprise', 'foundation', 'administration_association'])
    expect(structureKindLabel('collective')).toBe('Collectif citoyen (sans statut juridique)')
    expect(structureKindLabel('collectif')).toBe('Non renseigné')
    const kind = SECTIONS[0]!.fields.find((f) => f.name === 'kind')!
    for (const [french, english] of [['collectif', 'collective'], ['entreprise_ess', 'social_enterprise'], ['fondation', 'foundation'], ['association', 'association']]) {
      expect(normaliseValue(kind, ` ${french} `)).toBe(english)
      expect(structureKindCode(french)).toBe(english)
      expect(invalidReason(kind, normaliseValue(kind, french!))).toBeNull()
    }
    for (const other of ['cooperative', 'toString', '__proto__', '']) expect(normaliseValue(kind, other)).toBe(other)
    expect(structureKindCode(['collectif'])).toEqual(['collectif'])
    // Only the kind field reads the old values: a name typed « collectif » stays as typed.
    expect(normaliseValue(SECTIONS[0]!.fields.find((f) => f.name === 'name')!, 'collectif')).toBe('collectif')
  })
})

describe('contrôles du formulaire de candidature', () => {
  const project = sectionBySlug('projet')!
  const summary = project.fields.find((f) => f.name === 'summary')!

  it('la description fait 800 caractères au plus, et le message dit de combien elle dépasse', () => {
    expect(invalidReason(summary, 'a'.repeat(800))).toBeNull()
    expect(invalidReason(summary, 'a'.repeat(801))).toBe('800 caractères au plus : vous en avez écrit 801. Raccourcissez votre texte.')
  })

  it('les nombres s’écrivent à la française ; les montants sont des euros entiers', () => {
    expect(parseFrenchNumber('12 000')).toBe(12000)
    expect(parseFrenchNumber('3,5')).toBe(3.5)
    expect(parseFrenchNumber('douze')).toBeNull()
    const budget = sectionBySlug('budget')!
    const annual = budget.fields.find((f) => f.name === 'annualBudget')!
    expect(invalidReason(annual, '12000')).toBeNull()
    expect(invalidReason(annual, '12,50')).toBe('Saisissez un montant en euros, sans centimes.')
  })

  it('un financeur à moitié rempli est signalé, pas une ligne vide', () => {
    const budget = sectionBySlug('budget')!
    expect(sectionIssues(budget, { funder1Name: 'Région', funder1Amount: '', funder1Kind: '' })).toEqual({
      funder1Amount: 'Indiquez le montant, ou videz la ligne.',
      funder1Kind: 'Indiquez la nature du financement, ou videz la ligne.',
    })
    expect(sectionIssues(budget, { funder2Name: '', funder2Amount: '', funder2Kind: '' })).toEqual({})
  })

  it('une association doit donner un SIRET ou un RNA ; un collectif, aucun ; une entreprise de l’ESS, un SIRET', () => {
    const structure = sectionBySlug('structure')!
    const base = { name: 'X', address: 'Ici', siret: '', rna: '' }
    expect(sectionMissing(structure, { ...base, kind: 'association' }).siret).toBe('Indiquez le numéro SIRET ou, pour une association, le numéro RNA.')
    expect(sectionMissing(structure, { ...base, kind: 'association', rna: 'W751234567' }).siret).toBeUndefined()
    expect(sectionMissing(structure, { ...base, kind: 'collective' }).siret).toBeUndefined()
    expect(sectionMissing(structure, { ...base, kind: 'social_enterprise', rna: 'W751234567' }).siret).toBe('Indiquez le numéro SIRET de l’entreprise.')
  })

  it('une candidature complète n’a aucun point à corriger ; sans pièces jointes il en manque deux, sauf pour un collectif', () => {
    const files = [{ kind: 'statutes' }, { kind: 'accounts' }]
    expect(applicationProgress(completeAnswers(), files).every((s) => s.status === 'complete')).toBe(true)
    const withoutFiles = applicationProgress(completeAnswers(), [])
    expect(withoutFiles.at(-1)).toMatchObject({ slug: 'pieces-jointes', status: 'empty' })
    expect(withoutFiles.at(-1)!.problems).toHaveLength(2)
    const collective = completeAnswers({ structure: { ...completeAnswers().structure, kind: 'collective' } })
    expect(applicationProgress(collective, []).at(-1)!.problems).toHaveLength(0)
  })

  it('les contacts sont deux personnes différentes', () => {
    const contacts = sectionBySlug('contacts')!
    expect(sectionIssues(contacts, { contact1Email: 'a@exemple.fr', contact2Email: 'a@exemple.fr' }).contact2Email).toBe(
      'Les deux contacts doivent être deux personnes différentes.',
    )
  })
})

describe('états des candidatures', () => {
  it('chaque état de DESIGN.md existe, et chacun (sauf les décisions finales) a une sortie', () => {
    expect(APPLICATION_STATES).toEqual(['brouillon', 'deposee', 'en_instruction', 'correction_demandee', 'recevable', 'preselectionnee', 'non_retenue', 'sans_suite', 'retenue'])
    for (const state of APPLICATION_STATES) {
      const final = ['non_retenue', 'sans_suite', 'retenue'].includes(state)
      expect(transitionsFrom(state).length > 0, state).toBe(!final)
    }
    for (const name of TRANSITION_NAMES) expect(APPLICATION_STATES).toContain(TRANSITIONS[name].to)
  })

  it('chaque état a une explication et une prochaine étape en français, avant et après la date limite', () => {
    const call = { state: 'ouvert', closes_at: '2027-01-26T11:00:00Z', results_on: '2027-04-01' }
    for (const state of APPLICATION_STATES) {
      for (const at of [new Date('2027-01-20T10:00:00Z'), new Date('2027-02-01T10:00:00Z')]) {
        const text = leaderExplanation({ state, reference: 'AIC-2027-00001', last_submitted_at: '2027-01-10T10:00:00Z', state_motivation: 'Motif.' }, call, at)
        expect(text.title.length).toBeGreaterThan(5)
        expect(text.explanation.length).toBeGreaterThan(20)
        expect(text.nextStep.length).toBeGreaterThan(20)
      }
    }
  })

  it('la date limite compte à la seconde, même avant que la tâche ne close l’appel', () => {
    const call = { state: 'ouvert', closes_at: '2027-01-26T11:00:00Z', results_on: '2027-04-01' }
    expect(callAcceptsSubmissions(call, new Date('2027-01-26T10:59:59Z'))).toBe(true)
    expect(callAcceptsSubmissions(call, new Date('2027-01-26T11:00:00Z'))).toBe(false)
    expect(editability({ state: 'brouillon' }, call, new Date('2027-01-26T11:00:00Z'))).toMatchObject({ editable: false })
    expect(editability({ state: 'correction_demandee' }, call, new Date('2027-03-01T11:00:00Z'))).toEqual({ editable: true })
  })
})

describe('appels', () => {
  it('se suivent dans l’ordre, et la grille se fige au bon moment', () => {
    expect(['brouillon', 'ouvert', 'clos', 'en_evaluation', 'en_deliberation'].map((s) => callTransitionFrom(s as never))).toEqual([
      'open',
      'close',
      'start_evaluation',
      'start_deliberation',
      'publish_results',
    ])
    expect(callTransitionFrom('resultats_publies')).toBeNull()
    expect(['brouillon', 'ouvert', 'clos', 'en_evaluation'].map((s) => gridEditMode(s as never))).toEqual(['in_place', 'new_version', 'new_version', 'frozen'])
  })

  it('chaque règle d’état a une seule définition : date limite, jurys, évaluations, conflits signalés', () => {
    const all = ['brouillon', 'ouvert', 'clos', 'en_evaluation', 'en_deliberation', 'resultats_publies'] as const
    expect(all.filter(closingDateEditable)).toEqual(['brouillon', 'ouvert'])
    expect(all.filter(scoringStarted)).toEqual(['en_evaluation', 'en_deliberation', 'resultats_publies'])
    expect(all.filter((s) => JURY_STATES.includes(s))).toEqual(['ouvert', 'clos', 'en_evaluation', 'en_deliberation', 'resultats_publies'])
    expect(all.filter(objectionsOpen)).toEqual(['clos', 'en_evaluation'])
    expect(all.filter(assignmentOpen)).toEqual(['clos', 'en_evaluation'])
    expect(all.filter(selectionUnderWay)).toEqual(['clos', 'en_evaluation', 'en_deliberation', 'resultats_publies'])
  })

  it('le public voit un brouillon seulement quand son ouverture est programmée', () => {
    const at = new Date('2027-01-01T00:00:00Z')
    expect(publicStatus({ state: 'brouillon', opening_scheduled: false, closes_at: '2027-02-01' }, at)).toBeNull()
    expect(publicStatus({ state: 'brouillon', opening_scheduled: true, closes_at: '2027-02-01' }, at)).toBe('upcoming')
    expect(publicStatus({ state: 'ouvert', opening_scheduled: false, closes_at: '2027-02-01' }, at)).toBe('open')
    expect(publicStatus({ state: 'ouvert', opening_scheduled: false, closes_at: '2026-12-31' }, at)).toBe('past')
  })
})

describe('heure de Paris', () => {
  it('un instant et son heure de Paris se convertissent dans les deux sens (à la minute)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
        const date = new Date(Math.floor(ms / 60000) * 60000)
        return parisLocalToDate(dateToParisLocal(date))?.getTime() === date.getTime() || isAmbiguousHour(date)
      }),
    )
  })

  it('gère l’heure d’été et l’heure d’hiver, et refuse l’heure qui n’existe pas', () => {
    expect(parisLocalToDate('2027-01-26T12:00')?.toISOString()).toBe('2027-01-26T11:00:00.000Z')
    expect(parisLocalToDate('2027-07-01T12:00')?.toISOString()).toBe('2027-07-01T10:00:00.000Z')
    expect(parisLocalToDate('2027-03-28T02:30')).toBeNull()
    expect(parisLocalToDate('26/01/2027')).toBeNull()
    expect(formatDateAtTime('2027-01-26T11:00:00Z')).toBe('26 janvier 2027 à 12 h 00')
  })
})

// In the autumn hour that happens twice, the wall-clock time maps back to one of the two instants.
function isAmbiguousHour(date: Date): boolean {
  return parisOffsetMinutes(date) !== parisOffsetMinutes(new Date(date.getTime() - 3600_000))
    || parisOffsetMinutes(date) !== parisOffsetMinutes(new Date(date.getTime() + 3600_000))
}

describe('exports et recherche', () => {
  it('une cellule CSV relue donne le texte d’origine, et une formule ne s’exécute jamais', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = csvCell(text)
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell
        const expected = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
        return unquoted === expected && !/^[=+\-@]/.test(unquoted)
      }),
    )
    expect(csvCell(12.5)).toBe('12,5')
    expect(csvCell(null)).toBe('')
  })

  it('la recherche ne garde que des mots, cherchés par leur début', () => {
    expect(searchQuery('Jardins partagés')).toBe('jardins:* & partagés:*')
    expect(searchQuery("'); DROP TABLE x; --")).toBe('drop:* & table:* & x:*')
    expect(searchQuery('  !!! ')).toBeNull()
  })

  it('les rappels partent à J-7 puis à J-1, jamais après la date limite', () => {
    const hour = 3600 * 1000
    expect(reminderKind(10 * 24 * hour)).toBeNull()
    expect(reminderKind(7 * 24 * hour)).toBe('J-7')
    expect(reminderKind(40 * hour)).toBe('J-7')
    expect(reminderKind(30 * hour)).toBe('J-1')
    expect(reminderKind(-1)).toBeNull()
  })

  it('écrit les tailles de fichier en français', () => {
    expect(formatFileSize(2.4 * 1024 * 1024)).toBe('2,4 Mo')
    expect(formatFileSize(820 * 1024)).toBe('820 ko')
  })
})
