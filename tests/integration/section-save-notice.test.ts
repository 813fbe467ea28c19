// What the section page says right after « Enregistrer » (issue 17 #3): a draft keeps every value
// as typed, even one that is not valid yet, so the page never says a bare « Section enregistrée »
// beside a field error: it says that everything was kept and names what must still be corrected.
// A save that is refused writes nothing, and the page says nothing was saved.
import type { SerializeFrom } from '@remix-run/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import type { AppServices } from '#app/context.server.ts'
import * as sectionRoute from '#app/routes/mes-candidatures.$id.$section.tsx'
import { completeAnswers, createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { contextFor, createTestServices, formRequest, getRequest, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
let leader: SessionUser
let id: string

const WRONG_SIRET = '12345678901234'
const structure = (siret: string) => ({ version: '0', name: 'Atelier vélo solidaire', kind: 'entreprise_ess', siret, rna: '', address: '3 rue de Belleville, 75019 Paris', website: '' })

beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  await truncateAll(handle.db)
  leader = await sessionUser(services, await createUser(handle.db, 'porteuse@exemple.fr', 'Inès Porteuse'))
  const answers = completeAnswers()
  delete answers.structure
  id = await createApplicationRow(handle.db, { callId: await createCallRow(handle.db), ownerId: leader.id, answers })
})

async function post(section: string, fields: Record<string, string>) {
  const context = await contextFor(services, leader)
  return sectionRoute.action({ request: await formRequest(services, `/mes-candidatures/${id}/${section}`, fields), params: { id, section }, context })
}

async function page(location: string) {
  const context = await contextFor(services, leader)
  const url = new URL(location, 'http://localhost:3000')
  const section = url.pathname.split('/').at(-1)!
  const response = await sectionRoute.loader({ request: getRequest(`${url.pathname}${url.search}`), params: { id, section }, context })
  return (await response.json()) as Extract<SerializeFrom<typeof sectionRoute.loader>, { removed: false }>
}

async function stored() {
  const row = await handle.db.selectFrom('applications').select('answers').where('id', '=', id).executeTakeFirstOrThrow()
  return row.answers.structure
}

describe('après « Enregistrer »', () => {
  it('un SIRET faux est gardé tel que saisi, et la page dit qu’il reste à corriger au lieu d’un simple « Section enregistrée »', async () => {
    const response = await post('structure', structure(WRONG_SIRET))
    expect(response.status).toBe(302)
    const location = response.headers.get('Location')!
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
    expect((await page(response.headers.get('Location')!)).savedNotice).toEqual({ at: expect.any(String), toFix: [] })
  })

  it('un enregistrement refusé (texte démesuré) n’écrit rien et répond 400 avec le champ en cause, sans redirection vers « Section enregistrée »', async () => {
    expect(await post('structure', structure('73282932000074'))).toMatchObject({ status: 302 })
    const before = await stored()
    const response = await post('structure', { ...structure('73282932000074'), version: '1', name: 'x'.repeat(5000) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ status: 'invalid', fieldErrors: { name: expect.stringContaining('beaucoup trop long') } })
    expect(await stored()).toEqual(before)
  })
})
