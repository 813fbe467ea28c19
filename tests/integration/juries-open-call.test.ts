// Issue 17 #8: the programme recruits its citizen panel while the call is open. The team's jury
// page opens from the opening on; assignment and scoring still wait for the close.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { seedDemo } from '#db/seed.ts'
import type { AppServices } from '#app/context.server.ts'
import * as juriesPage from '#app/routes/equipe.appels.$callId.jurys.tsx'
import * as assignmentPage from '#app/routes/equipe.appels.$callId.affectation.tsx'
import * as queuePage from '#app/routes/evaluation.$callId._index.tsx'
import * as panelHome from '#app/routes/panel._index.tsx'
import { createCallRow } from '#tests/helpers/accelerator.ts'
import { contextFor, createTestServices, formRequest, getRequest, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb, truncateAll } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
let users: Record<string, string>
let openCallId: string

const TEAM = 'equipe@demo.aic.gouv.fr'

beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
})
afterAll(() => handle.close())
beforeEach(async () => {
  await truncateAll(handle.db)
  users = (await seedDemo(handle.db)).users
  openCallId = (await handle.db.selectFrom('calls').select(['id', 'state']).where('slug', '=', 'edition-3').executeTakeFirstOrThrow()).id
})

const as = async (email: string | null) => contextFor(services, email ? await sessionUser(services, users[email]!) : null)

async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run()
    return result instanceof Response ? result.status : 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('préparer les jurys pendant l’appel', () => {
  it('l’équipe ouvre la page des jurys d’un appel ouvert, y lit que les évaluations attendent la clôture, et invite une citoyenne', async () => {
    const state = await handle.db.selectFrom('calls').select('state').where('id', '=', openCallId).executeTakeFirstOrThrow()
    expect(state.state).toBe('ouvert')
    const params = { callId: openCallId }
    const response = (await juriesPage.loader({ request: getRequest(`/equipe/appels/${openCallId}/jurys`), context: await as(TEAM), params })) as Response
    expect(response.status).toBe(200)
    const page = await response.json()
    expect(page.call).toMatchObject({ id: openCallId, open: true })

    const invited = (await juriesPage.action({
      request: await formRequest(services, `/equipe/appels/${openCallId}/jurys`, { intent: 'invite', email: 'nouvelle.citoyenne@laposte.net', jury: 'citizen' }),
      context: await as(TEAM),
      params,
    })) as Response
    expect(invited.status).toBe(302)
    expect(invited.headers.get('Location')).toBe(`/equipe/appels/${openCallId}/jurys?fait=invitation`)
    const invitation = await handle.db.selectFrom('invitations').select(['email', 'role', 'scope_id']).where('email', '=', 'nouvelle.citoyenne@laposte.net').executeTakeFirstOrThrow()
    expect(invitation).toMatchObject({ role: 'citizen_panelist', scope_id: openCallId })
  })

  it('les autres ne la voient pas, un brouillon d’appel non plus, et l’affectation et les évaluations attendent la clôture', async () => {
    const params = { callId: openCallId }
    const request = () => getRequest(`/equipe/appels/${openCallId}/jurys`)
    expect(await statusOf(async () => juriesPage.loader({ request: request(), context: await as('instructeur@demo.aic.gouv.fr'), params }))).toBe(403)
    expect(await statusOf(async () => juriesPage.loader({ request: request(), context: await as(null), params }))).not.toBe(200)
    const draft = await createCallRow(handle.db, { state: 'brouillon', opensInDays: 5 })
    expect(await statusOf(async () => juriesPage.loader({ request: getRequest(`/equipe/appels/${draft}/jurys`), context: await as(TEAM), params: { callId: draft } }))).toBe(404)
    expect(
      await statusOf(async () => assignmentPage.loader({ request: getRequest(`/equipe/appels/${openCallId}/affectation`), context: await as(TEAM), params })),
    ).toBe(404)
  })

  it('un membre du panel recruté pendant l’appel voit l’appel sur son accueil, sans lien vers des évaluations qui n’ont pas commencé', async () => {
    const citizen = 'citoyenne@demo.aic.gouv.fr'
    await handle.db
      .insertInto('role_assignments')
      .values({ user_id: users[citizen]!, role: 'citizen_panelist', scope_type: 'call', scope_id: openCallId, granted_by: users[TEAM]! })
      .execute()
    const home = await ((await panelHome.loader({ request: getRequest('/panel'), context: await as(citizen), params: {} })) as Response).json()
    expect(home.calls).toContainEqual(expect.objectContaining({ id: openCallId, scoring: false }))
    expect(
      await statusOf(async () => queuePage.loader({ request: getRequest(`/evaluation/${openCallId}`), context: await as(citizen), params: { callId: openCallId } })),
    ).toBe(404)
  })
})
