// Saving a section from an older version: a person's own saves never conflict with each other
// (double clicks, an autosave racing a click, two tabs), and another person's text is never
// overwritten without the person seeing it. Property tests against the real database (both drivers).
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { saveSection } from '#app/accelerator/applications/applications.server.ts'
import { sectionBySlug, type SectionValues } from '#app/accelerator/applications/application-form.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { completeAnswers, createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let people: [SessionUser, SessionUser]

const project = sectionBySlug('projet')!
const base = completeAnswers().project as SectionValues

beforeEach(async () => {
  const ines = await createUser(app.db, 'porteuse@exemple.fr', 'Inès Porteuse')
  const paul = await createUser(app.db, 'coporteur@exemple.fr', 'Paul Co')
  people = [await sessionUser(app.services, ines), await sessionUser(app.services, paul)]
})

/** A draft of its own call each time (one draft per person and call). */
async function newDraft(): Promise<string> {
  const id = await createApplicationRow(app.db, { callId: await createCallRow(app.db), ownerId: people[0].id })
  await app.db.insertInto('application_members').values({ application_id: id, user_id: people[1].id, role: 'co_leader', added_by: people[0].id }).execute()
  return id
}

async function storedProject(id: string): Promise<SectionValues> {
  const row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
  return row.answers.project as SectionValues
}

/** One save: who, how far behind the latest version the page is (negative: a version from elsewhere), what it says. */
const saveArbitrary = (persons: number) =>
  fc.record({
    person: fc.integer({ min: 0, max: persons - 1 }),
    behind: fc.integer({ min: -2, max: 4 }),
    title: fc.constantFrom('Vélos pour tous', 'Jardins partagés', ''),
    summary: fc.constantFrom('Un résumé.', 'Un autre résumé, plus long.'),
  })

const valuesOf = (save: { title: string; summary: string }): SectionValues => ({ ...base, title: save.title, summary: save.summary })
const same = (a: SectionValues, b: SectionValues) => a.title === b.title && a.summary === b.summary

describe('versions des sections', () => {
  it('les enregistrements d’une même personne, dans n’importe quel ordre de versions, ne sont jamais un conflit et le dernier gagne', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saveArbitrary(1), { minLength: 1, maxLength: 10 }), async (saves) => {
        const id = await newDraft()
        let current = 0
        for (const save of saves) {
          const result = await saveSection(app.db, people[0], id, project, valuesOf(save), Math.max(0, current - save.behind))
          expect(result).toMatchObject({ ok: true })
          if (result.ok) current = result.version
        }
        expect(await storedProject(id)).toMatchObject({ title: saves.at(-1)!.title, summary: saves.at(-1)!.summary })
      }),
      { numRuns: 25 },
    )
  })

  it('entre deux personnes, un conflit arrive exactement quand l’autre a écrit depuis la version de départ, et rien n’écrase son texte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saveArbitrary(2), { minLength: 1, maxLength: 12 }), async (saves) => {
        const id = await newDraft()
        // The model: what is stored, and who wrote each version.
        let stored = base
        const writers: number[] = [-1]
        for (const save of saves) {
          const current = writers.length - 1
          const from = Math.max(0, current - save.behind)
          const values = valuesOf(save)
          const otherWroteSince = writers.some((writer, version) => version > from && writer !== save.person)
          const result = await saveSection(app.db, people[save.person]!, id, project, values, from)
          if (same(values, stored)) {
            expect(result).toMatchObject({ ok: true, unchanged: true, version: current })
          } else if (otherWroteSince) {
            expect(result).toMatchObject({ ok: false, reason: 'conflict', version: current, theirs: { title: stored.title, summary: stored.summary } })
          } else {
            expect(result).toMatchObject({ ok: true, unchanged: false, version: current + 1 })
            stored = values
            writers.push(save.person)
          }
          expect(await storedProject(id)).toMatchObject({ title: stored.title, summary: stored.summary })
        }
      }),
      { numRuns: 25 },
    )
  })

  it('un conflit nomme la personne qui a écrit ; une section jamais enregistrée n’est jamais « modifiée par un autre porteur »', async () => {
    const id = await newDraft()
    // A page that believes in a version the section never had (left over from another section) saves normally.
    expect(await saveSection(app.db, people[0], id, project, { ...base, title: 'Premier titre' }, 3)).toMatchObject({ ok: true, version: 1 })
    expect(await saveSection(app.db, people[1], id, project, { ...base, title: 'Titre de Paul' }, 1)).toMatchObject({ ok: true, version: 2 })
    expect(await saveSection(app.db, people[0], id, project, { ...base, title: 'Titre d’Inès' }, 1)).toMatchObject({ ok: false, reason: 'conflict', by: 'Paul Co', version: 2 })
    // Saving identical values never makes a new version, even on a section never saved before.
    const fresh = await newDraft()
    expect(await saveSection(app.db, people[0], fresh, project, base, 0)).toMatchObject({ ok: true, unchanged: true, version: 0 })
    expect(await saveSection(app.db, people[1], fresh, project, { ...base, title: 'Titre de Paul' }, 0)).toMatchObject({ ok: true, version: 1 })
  })
})
