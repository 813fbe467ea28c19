// Issue 17 #8: the programme recruits its citizen panel while the call is open. The team's jury
// page opens from the opening on; assignment and scoring still wait for the close.
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import * as juriesPage from '#app/routes/equipe.appels.$callId.jurys.tsx'
import * as assignmentPage from '#app/routes/equipe.appels.$callId.affectation.tsx'
import * as queuePage from '#app/routes/evaluation.$callId._index.tsx'
import * as panelHome from '#app/routes/panel._index.tsx'
import { createCallRow } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

const app = useTestApp()
let users: Record<string, string>
let openCallId: string

const TEAM = 'equipe@demo.aic.gouv.fr'

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  openCallId = (await app.db.selectFrom('calls').select(['id', 'state']).where('slug', '=', 'edition-3').executeTakeFirstOrThrow()).id
})

/** The route called by the demo person `email` (null: anonymous). */
async function run<H extends RouteHandler>(handler: H, email: string | null, path: string, params: Record<string, string>, fields?: Record<string, string>) {
  return app.call(handler, { user: email ? await sessionUser(app.services, users[email]!) : null, path, params, fields })
}

describe('préparer les jurys pendant l’appel', () => {
  it('l’équipe ouvre la page des jurys d’un appel ouvert, y lit que les évaluations attendent la clôture, et invite une citoyenne', async () => {
    const state = await app.db.selectFrom('calls').select('state').where('id', '=', openCallId).executeTakeFirstOrThrow()
    expect(state.state).toBe('ouvert')
    const params = { callId: openCallId }
    const response = await run(juriesPage.loader, TEAM, `/equipe/appels/${openCallId}/jurys`, params)
    expect(response.status).toBe(200)
    const page = response.data
    expect(page.call).toMatchObject({ id: openCallId, open: true })

    const invited = await run(juriesPage.action, TEAM, `/equipe/appels/${openCallId}/jurys`, params, {
      intent: 'invite',
      email: 'nouvelle.citoyenne@laposte.net',
      jury: 'citizen',
    })
    expect(invited.status).toBe(302)
    expect(invited.location).toBe(`/equipe/appels/${openCallId}/jurys?fait=invitation`)
    const invitation = await app.db.selectFrom('invitations').select(['email', 'role', 'scope_id']).where('email', '=', 'nouvelle.citoyenne@laposte.net').executeTakeFirstOrThrow()
    expect(invitation).toMatchObject({ role: 'citizen_panelist', scope_id: openCallId })
  })

  it('les autres ne la voient pas, un brouillon d’appel non plus, et l’affectation et les évaluations attendent la clôture', async () => {
    const params = { callId: openCallId }
    const path = `/equipe/appels/${openCallId}/jurys`
    expect((await run(juriesPage.loader, 'instructeur@demo.aic.gouv.fr', path, params)).status).toBe(403)
    expect((await run(juriesPage.loader, null, path, params)).status).not.toBe(200)
    const draft = await createCallRow(app.db, { state: 'brouillon', opensInDays: 5 })
    expect((await run(juriesPage.loader, TEAM, `/equipe/appels/${draft}/jurys`, { callId: draft })).status).toBe(404)
    expect((await run(assignmentPage.loader, TEAM, `/equipe/appels/${openCallId}/affectation`, params)).status).toBe(404)
  })

  it('un membre du panel recruté pendant l’appel voit l’appel sur son accueil, sans lien vers des évaluations qui n’ont pas commencé', async () => {
    const citizen = 'citoyenne@demo.aic.gouv.fr'
    await app.db
      .insertInto('role_assignments')
      .values({ user_id: users[citizen]!, role: 'citizen_panelist', scope_type: 'call', scope_id: openCallId, granted_by: users[TEAM]! })
      .execute()
    const home = (await run(panelHome.loader, citizen, '/panel', {})).data
    expect(home.calls).toContainEqual(expect.objectContaining({ id: openCallId, scoring: false }))
    expect((await run(queuePage.loader, citizen, `/evaluation/${openCallId}`, { callId: openCallId })).status).toBe(404)
  })
})
