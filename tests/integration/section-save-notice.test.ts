// What the section page says right after « Enregistrer » (issue 17 #3): a draft keeps every value
// as typed, even one that is not valid yet, so the page never says a bare « Section enregistrée »
// beside a field error: it says that everything was kept and names what must still be corrected.
// A save that is refused writes nothing, and the page says nothing was saved.
import { beforeEach, describe, expect, it } from 'vitest'
import type { SessionUser } from '#app/auth/roles.ts'
import * as sectionRoute from '#app/routes/mes-candidatures.$id.$section.tsx'
import { completeAnswers, createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let leader: SessionUser
let id: string

const WRONG_SIRET = '12345678901234'
const structure = (siret: string) => ({ version: '0', name: 'Atelier vélo solidaire', kind: 'social_enterprise', siret, rna: '', address: '3 rue de Belleville, 75019 Paris', website: '' })

beforeEach(async () => {
  leader = await sessionUser(app.services, await createUser(app.db, 'porteuse@exemple.fr', 'Inès Porteuse'))
  const answers = completeAnswers()
  delete answers.structure
  id = await createApplicationRow(app.db, { callId: await createCallRow(app.db), ownerId: leader.id, answers })
})

const post = (section: string, fields: Record<string, string>) => app.call(sectionRoute.action, { user: leader, path: `/mes-candidatures/${id}/${section}`, params: { id, section }, fields })

async function page(location: string) {
  const url = new URL(location, 'http://localhost:3000')
  const section = url.pathname.split('/').at(-1)!
  const response = await app.call(sectionRoute.loader, { user: leader, path: `${url.pathname}${url.search}`, params: { id, section } })
  return response.data as Extract<typeof response.data, { removed: false }>
}

async function stored() {
  const row = await app.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
  return row.answers.structure
}

describe('après « Enregistrer »', () => {
  it('un SIRET faux est gardé tel que saisi, et la page dit qu’il reste à corriger au lieu d’un simple « Section enregistrée »', async () => {
    const response = await post('structure', structure(WRONG_SIRET))
    expect(response.status).toBe(302)
    const location = response.location!
    expect(location).toBe(`/mes-candidatures/${id}/structure?enregistre=1`)
    expect(await stored()).toMatchObject({ name: 'Atelier vélo solidaire', siret: WRONG_SIRET })

    const data = await page(location)
    expect(data.savedNotice).toEqual({
      at: expect.any(String),
      toFix: [{ name: 'siret', label: 'Numéro SIRET', message: 'Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.' }],
    })
    // The same page opened later, without having just saved, shows no notice.
    expect((await page(`/mes-candidatures/${id}/structure`)).savedNotice).toBeNull()
  })

  it('une section sans erreur : « Section enregistrée », rien à corriger', async () => {
    const response = await post('structure', structure('73282932000074'))
    expect(response.status).toBe(302)
    expect((await page(response.location!)).savedNotice).toEqual({ at: expect.any(String), toFix: [] })
  })

  it('un enregistrement refusé (texte démesuré) n’écrit rien et répond 400 avec le champ en cause, sans redirection vers « Section enregistrée »', async () => {
    expect(await post('structure', structure('73282932000074'))).toMatchObject({ status: 302 })
    const before = await stored()
    const response = await post('structure', { ...structure('73282932000074'), version: '1', name: 'x'.repeat(5000) })
    expect(response.status).toBe(400)
    expect(response.body).toMatchObject({ status: 'invalid', fieldErrors: { name: expect.stringContaining('beaucoup trop long') } })
    expect(await stored()).toEqual(before)
  })
})
