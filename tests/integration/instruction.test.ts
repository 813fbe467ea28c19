import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, it } from 'vitest'
import { seedDemoForTest } from '#tests/helpers/demo-snapshot.ts'
import { acceleratorServices } from '#app/accelerator/access.server.ts'
import { applicationProgress, isComplete, STRUCTURE_KINDS, type Answers } from '#app/accelerator/applications/application-form.ts'
import { EXPORT_COLUMNS } from '#app/accelerator/exports.server.ts'
import { addNote, postMessage, searchApplications } from '#app/accelerator/instruction/instruction.server.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import * as callList from '#app/routes/instruction.$callId._index.tsx'
import * as instructionPage from '#app/routes/instruction.$callId.$applicationId.tsx'
import * as exportRoute from '#app/routes/instruction.$callId.export.tsx'
import * as leaderOverview from '#app/routes/mes-candidatures.$id._index.tsx'
import * as leaderMessages from '#app/routes/mes-candidatures.$id.messages.tsx'
import { outbox } from '#tests/helpers/accelerator.ts'
import type { RouteHandler } from '#tests/helpers/call-route.ts'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestApp } from '#tests/helpers/setup.ts'

process.env.UPLOADS_DIR = '/tmp/aic-test-uploads'
const app = useTestApp()
let users: Record<string, string>
let openCall: string
let evaluationCall: string

beforeEach(async () => {
  users = (await seedDemoForTest(app.db)).users
  const calls = await app.db.selectFrom('calls').select(['id', 'slug']).execute()
  openCall = calls.find((c) => c.slug === 'edition-3')!.id
  evaluationCall = calls.find((c) => c.slug === 'edition-2')!.id
})

const as = async (email: string | null) => (email ? sessionUser(app.services, users[email] ?? (await userId(email))) : null)
async function userId(email: string) {
  return (await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
}
/** The route called by `email` (null: anonymous). */
async function run<H extends RouteHandler>(handler: H, email: string | null, path: string, params: Record<string, string>, fields?: Record<string, string | string[]>) {
  return app.call(handler, { user: await as(email), path, params, fields })
}

describe('données de démonstration', () => {
  it('un appel ouvert avec la grille du programme, et un appel en évaluation avec au moins 22 candidatures complètes et instruites', async () => {
    const byState = await app.db.selectFrom('applications').select(['call_id', 'state', 'answers', 'id']).execute()
    const evaluation = byState.filter((a) => a.call_id === evaluationCall)
    expect(evaluation.filter((a) => a.state === 'en_instruction').length).toBeGreaterThanOrEqual(22)
    for (const application of evaluation) {
      const files = await app.db.selectFrom('application_files').select('kind').where('application_id', '=', application.id).execute()
      expect(isComplete(applicationProgress(application.answers as Answers, files)), JSON.stringify(application.answers.project?.title)).toBe(true)
    }
    const kinds = new Set(evaluation.map((a) => a.answers.structure?.kind))
    expect(kinds.size).toBe(5)
    const criteria = await app.db.selectFrom('call_criteria').select(['title', 'jury']).where('call_id', '=', openCall).orderBy('position').execute()
    expect(criteria.map((c) => c.title)).toEqual([
      'Intérêt général',
      'Impact',
      'Maturité du projet',
      'Ouverture, transparence et intégrité',
      'Effet levier de l’accompagnement de l’État',
      'Contribution aux communs',
      'Gouvernance partagée',
    ])
    const draft = byState.find((a) => a.call_id === openCall && a.state === 'brouillon')
    const member = await app.db.selectFrom('application_members').select('user_id').where('application_id', '=', draft!.id).executeTakeFirstOrThrow()
    expect(member.user_id).toBe(users['porteuse@demo.aic.gouv.fr'])
    const roles = await app.db.selectFrom('role_assignments').select(['role', 'scope_id']).where('user_id', '=', users['instructeur@demo.aic.gouv.fr']!).execute()
    // Instructor of the second and third editions' calls, and a member of the first edition's jury (its results are published).
    const firstEdition = (await app.db.selectFrom('calls').select('id').where('slug', '=', 'edition-1').executeTakeFirstOrThrow()).id
    expect(roles.map((r) => r.scope_id).sort()).toEqual([evaluationCall, openCall, firstEdition].sort())
  })
})

describe('liste d’instruction', () => {
  it('recherche en français dans le texte, filtre par type et territoire, pagine et compte par état', async () => {
    const search = (filters: Parameters<typeof searchApplications>[2]) => searchApplications(app.db, evaluationCall, filters)
    expect((await search({ page: 1, q: 'jardin' })).rows.map((r) => r.structure)).toContain('Jardins partagés du Nord')
    expect((await search({ page: 1, q: 'vélo' })).rows.map((r) => r.title)).toEqual(['Ateliers vélo itinérants'])
    expect((await search({ page: 1, q: 'maraîchers bio' })).rows.map((r) => r.title)).toEqual(['Installer de jeunes maraîchers'])
    // Typed without accents, as many people do.
    expect((await search({ page: 1, q: 'velo itinerants' })).rows.map((r) => r.title)).toEqual(['Ateliers vélo itinérants'])
    expect((await search({ page: 1, q: 'maraichers' })).rows.map((r) => r.title)).toEqual(['Installer de jeunes maraîchers'])
    expect((await search({ page: 1, q: 'zzzz introuvable' })).total).toBe(0)
    const bretagne = await search({ page: 1, territory: 'bretagne' })
    expect(bretagne.total).toBe(3)
    const collectives = await search({ page: 1, kind: 'collective' })
    expect(collectives.rows.every((r) => r.kind === 'collective')).toBe(true)
    expect(collectives.total).toBe(4)
    const all = await search({ page: 2 })
    expect(all).toMatchObject({ total: 24, pageCount: 2 })
    expect(all.rows).toHaveLength(4)
    expect(all.counts).toEqual({ en_instruction: 22, sans_suite: 1, non_retenue: 1 })
    const filtered = await search({ page: 1, state: 'sans_suite' })
    expect(filtered.rows).toHaveLength(1)
  })

  it('les brouillons ne sont jamais montrés aux agents ; chacun ne voit que ses appels', async () => {
    const open = await searchApplications(app.db, openCall, { page: 1 })
    expect(open.total).toBe(3)
    expect(open.rows.every((r) => r.state === 'deposee')).toBe(true)
    const list = async (email: string, callId: string) => (await run(callList.loader, email, `/instruction/${callId}`, { callId })).status
    expect(await list('evaluateur@demo.aic.gouv.fr', evaluationCall)).toBe(200)
    expect(await list('evaluateur@demo.aic.gouv.fr', openCall)).toBe(404)
    expect(await list('porteuse@demo.aic.gouv.fr', openCall)).toBe(403)
    expect(await list('equipe@demo.aic.gouv.fr', openCall)).toBe(200)
    const draft = await app.db.selectFrom('applications').select('id').where('state', '=', 'brouillon').executeTakeFirstOrThrow()
    expect((await run(instructionPage.loader, 'instructeur@demo.aic.gouv.fr', '/x', { callId: openCall, applicationId: draft.id })).status).toBe(404)
  })

  it('une adresse gardée d’avant la migration 0025 (?type=collectif) filtre encore, sur la valeur anglaise (décision 113)', async () => {
    const list = async (type: string) => {
      const response = await run(callList.loader, 'instructeur@demo.aic.gouv.fr', `/instruction/${evaluationCall}?type=${type}`, { callId: evaluationCall })
      return response.body as { filters: { type?: string }; result: { total: number; rows: Array<{ kind: string | null }> } }
    }
    const [french, english] = [await list('collectif'), await list('collective')]
    expect(french.filters.type).toBe('collective')
    expect(french.result).toEqual(english.result)
    expect(english.result.total).toBe(4)
    expect(english.result.rows.every((row) => row.kind === 'collective')).toBe(true)
  })

  it('les paramètres trafiqués de la liste ne provoquent pas d’erreur', async () => {
    const path = `/instruction/${evaluationCall}?etat=inconnu&type=<script>&territoire=mars&page=-4&q=${encodeURIComponent("'); DROP TABLE applications; --")}`
    const response = await run(callList.loader, 'instructeur@demo.aic.gouv.fr', path, { callId: evaluationCall })
    expect(response.status).toBe(200)
    expect(await app.db.selectFrom('applications').select('id').execute()).not.toHaveLength(0)
  })
})

describe('instruction d’une candidature', () => {
  async function deposited() {
    return app.db.selectFrom('applications').select(['id', 'reference']).where('call_id', '=', openCall).where('state', '=', 'deposee').orderBy('reference').executeTakeFirstOrThrow()
  }

  it('l’agent passe en instruction puis demande une correction qui pointe les champs ; les porteurs sont prévenus par e-mail', async () => {
    const application = await deposited()
    const post = (fields: Record<string, string | string[]>) => run(instructionPage.action, 'instructeur@demo.aic.gouv.fr', '/x', { callId: openCall, applicationId: application.id }, fields)
    expect((await post({ intent: 'transition', transition: 'start_instruction' })).status).toBe(302)
    const missing = await post({ intent: 'transition', transition: 'request_correction', motivation: 'Précisez le budget.' })
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({ message: 'Cochez au moins un champ à corriger : le porteur y sera conduit directement.' })
    const ok = await post({ intent: 'transition', transition: 'request_correction', motivation: 'Précisez le budget.', fields: ['budget.projectBudget', 'attachments.accounts'] })
    expect(ok.status).toBe(302)
    const leader = await app.db
      .selectFrom('application_members')
      .innerJoin('users', 'users.id', 'application_members.user_id')
      .select('users.email')
      .where('application_id', '=', application.id)
      .executeTakeFirstOrThrow()
    const mails = await outbox(app.db, leader.email)
    const title = (await app.db.selectFrom('applications').select('answers').where('id', '=', application.id).executeTakeFirstOrThrow()).answers.project?.title
    expect(mails.map((m) => m.subject)).toEqual([`En instruction : ${title} (${application.reference})`, `Correction demandée : ${title} (${application.reference})`])
    expect(mails[1]!.text).toContain('Précisez le budget.')
    // An unknown transition name, or one that is not the reviewers', is refused.
    expect((await post({ intent: 'transition', transition: 'retain', motivation: 'x' })).status).toBe(400)
  })

  it('les notes internes restent internes ; les messages vont à l’autre partie, avec un e-mail', async () => {
    const application = await deposited()
    const reviewer = await sessionUser(app.services, users['instructeur@demo.aic.gouv.fr']!)
    await addNote(app.db, reviewer, application.id, 'Note confidentielle : structure connue du ministère.')
    const acc = acceleratorServices(app.services)
    expect(await postMessage(acc, reviewer, application.id, 'Bonjour, pouvez-vous préciser vos financeurs ?', 'team')).toEqual({ ok: true })
    const member = await app.db.selectFrom('application_members').select('user_id').where('application_id', '=', application.id).executeTakeFirstOrThrow()
    const leader = await sessionUser(app.services, member.user_id)
    const overview = (await app.call(leaderOverview.loader, { user: leader, path: '/x', params: { id: application.id } })).body
    const thread = (await app.call(leaderMessages.loader, { user: leader, path: '/x', params: { id: application.id } })).body
    expect(JSON.stringify([overview, thread])).not.toContain('confidentielle')
    expect(JSON.stringify(thread)).toContain('pouvez-vous préciser vos financeurs')
    expect(JSON.stringify(thread)).toContain('Équipe d’instruction')
    expect(JSON.stringify(thread)).not.toContain('Karim')
    const reply = await app.call(leaderMessages.action, { user: leader, path: '/x', params: { id: application.id }, fields: { body: 'Voici nos financeurs : la Région et une fondation.' } })
    expect(reply.status).toBe(302)
    const staffMails = await app.db.selectFrom('email_outbox').select('to_address').where('template', '=', 'application-message').execute()
    expect(staffMails.map((m) => m.to_address).sort()).toEqual(
      ['instructeur@demo.aic.gouv.fr', 'instructrice@demo.aic.gouv.fr', (await app.db.selectFrom('users').select('email').where('id', '=', member.user_id).executeTakeFirstOrThrow()).email].sort(),
    )
  })
})

describe('limites', () => {
  it('un porteur ne peut pas inonder l’équipe de messages : au-delà de 20 par heure, 429 et un message en français', async () => {
    const application = await app.db.selectFrom('applications').select('id').where('call_id', '=', openCall).where('state', '=', 'deposee').executeTakeFirstOrThrow()
    const member = await app.db.selectFrom('application_members').select('user_id').where('application_id', '=', application.id).executeTakeFirstOrThrow()
    const leader = await sessionUser(app.services, member.user_id)
    const send = () => app.call(leaderMessages.action, { user: leader, path: '/x', params: { id: application.id }, fields: { body: 'Bonjour' } })
    for (let i = 0; i < 20; i++) expect((await send()).status).toBe(302)
    const refused = await send()
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ message: expect.stringContaining('Trop de tentatives') })
  })
})

describe('exports', () => {
  it('CSV : colonnes stables, une ligne par candidature déposée, pièces jointes par nom, formules neutralisées', async () => {
    const target = await app.db.selectFrom('applications').select(['id', 'answers']).where('call_id', '=', evaluationCall).orderBy('reference').executeTakeFirstOrThrow()
    await app.db
      .updateTable('applications')
      .set({ answers: { ...target.answers, project: { ...target.answers.project, title: '=HYPERLINK("http://pirate")' } } })
      .where('id', '=', target.id)
      .execute()
    const response = await run(exportRoute.loader, 'instructeur@demo.aic.gouv.fr', `/instruction/${evaluationCall}/export?format=csv`, { callId: evaluationCall })
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="candidatures-edition-2-\d{4}-\d{2}-\d{2}\.csv"$/)
    const text = new TextDecoder().decode(response.bytes)
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n')
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => c.key).join(';'))
    expect(lines[0]!.startsWith('reference;etat;date_premier_depot;date_dernier_depot;structure_nom;structure_type')).toBe(true)
    expect(lines).toHaveLength(25)
    // The structure type is printed with its French label, as before migration 0025 (decision 113), never the stored value.
    const types = new Set(lines.slice(1).map((line) => line.split(';')[5]))
    expect(types).toContain('Collectif citoyen (sans statut juridique)')
    expect(types).toContain('Entreprise de l’économie sociale et solidaire')
    expect([...types].every((type) => STRUCTURE_KINDS.some((kind) => kind.label === type))).toBe(true)
    // The seeded accounts are those of the year before the submission (the demo's dates move with its day).
    const submitted = await app.db
      .selectFrom('application_files as f')
      .innerJoin('applications as a', 'a.id', 'f.application_id')
      .select('a.submitted_at')
      .where('a.call_id', '=', evaluationCall)
      .where('f.kind', '=', 'accounts')
      .where('f.original_name', 'like', '%-jardins-partages-du-nord.pdf')
      .executeTakeFirstOrThrow()
    const accountsYear = Number(parisDay(submitted.submitted_at!).slice(0, 4)) - 1
    expect(text).toContain(`statuts-jardins-partages-du-nord.pdf ; comptes-${accountsYear}-jardins-partages-du-nord.pdf`)
    expect(text).toContain(`"'=HYPERLINK(""http://pirate"")"`)
    const log = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'call.applications_exported').execute()
    expect(log).toHaveLength(1)
  })

  it('XLSX : le même contenu, lisible par un tableur', async () => {
    const response = await run(exportRoute.loader, 'equipe@demo.aic.gouv.fr', `/instruction/${evaluationCall}/export?format=xlsx`, { callId: evaluationCall })
    const bytes = response.bytes
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('candidatures')!
    expect(sheet.rowCount).toBe(25)
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map((c) => c.key))
    const firstData = sheet.getRow(2).values as unknown[]
    expect(firstData[EXPORT_COLUMNS.findIndex((c) => c.key === 'indicateur_cible') + 1]).toBe(450)
  })

  it('un porteur ne peut pas exporter', async () => {
    expect((await run(exportRoute.loader, 'porteuse@demo.aic.gouv.fr', '/x', { callId: evaluationCall })).status).toBe(403)
  })
})

