// Migration 0020 (issue 18 point 3, decision 110): the mentoring area's stored values move from French
// to English. Rows written with the French values become the English ones, the CHECK constraints then
// refuse the French values, the defaults are English, and the way down gives the French rows back.
// Runs on PGlite and on PostgreSQL.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0020 from '#db/migrations/0020-vocabulaire-de-l-accompagnement.ts'
import { createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

type Row = Record<string, string | null>

describe('migration 0020 : les valeurs de l’accompagnement en anglais', () => {
  it('réécrit les besoins, actions, mises en relation, comités et décisions, refuse ensuite le français, et se défait', async () => {
    const db = handle.db
    const callId = await createCallRow(db)
    const owner = await createUser(db, 'porteuse-0020@exemple.fr')
    const applicationId = await createApplicationRow(db, { callId, ownerId: owner, state: 'retenue' })
    const cohort = await db
      .insertInto('mentoring_cohorts')
      .values({ call_id: callId, name: 'Cohorte 0020', starts_on: '2027-01-04', ends_on: '2027-04-04' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const project = await db.insertInto('mentoring_projects').values({ cohort_id: cohort.id, application_id: applicationId }).returning('id').executeTakeFirstOrThrow()
    const projectId = project.id

    await m0020.down(db)
    // Written as before the migration: French values, and the French defaults.
    await sql`INSERT INTO mentoring_needs (project_id, kind, description, opened_on) VALUES (${projectId}, 'deploiement', 'Besoin par défaut', '2027-01-05')`.execute(db)
    for (const [status, kind] of [['en_cours', 'consolidation'], ['satisfait', 'integration'], ['abandonne', 'deploiement']]) {
      await sql`INSERT INTO mentoring_needs (project_id, kind, description, status, opened_on) VALUES (${projectId}, ${kind}, ${status}, ${status}, '2027-01-05')`.execute(db)
    }
    await sql`INSERT INTO mentoring_actions (project_id, title, owner, due_on) VALUES (${projectId}, 'a_faire', 'mentor', '2027-02-01')`.execute(db)
    for (const status of ['en_cours', 'faite', 'abandonnee']) {
      await sql`INSERT INTO mentoring_actions (project_id, title, owner, due_on, status) VALUES (${projectId}, ${status}, 'leader', '2027-02-01', ${status})`.execute(db)
    }
    await sql`INSERT INTO mentoring_introductions (project_id, organisation, reason, made_on) VALUES (${projectId}, 'en_attente', 'Pourquoi', '2027-01-10')`.execute(db)
    for (const outcome of ['rencontre_faite', 'suite_donnee', 'sans_suite']) {
      await sql`INSERT INTO mentoring_introductions (project_id, organisation, reason, made_on, outcome) VALUES (${projectId}, ${outcome}, 'Pourquoi', '2027-01-10', ${outcome})`.execute(db)
    }
    const committees: Record<string, string> = {}
    for (const [kind, members] of [['acceleration', 'A'], ['engagement', 'E'], ['acceleration', 'B'], ['acceleration', 'C']] as const) {
      const row = await sql<{ id: string }>`INSERT INTO mentoring_committees (cohort_id, kind, held_on, members) VALUES (${cohort.id}, ${kind}, '2027-02-10', ${members}) RETURNING id`.execute(db)
      committees[members] = row.rows[0]!.id
    }
    for (const [members, decision] of [['A', 'favorable'], ['B', 'defavorable'], ['C', 'ajourne'], ['E', null]] as const) {
      await sql`INSERT INTO mentoring_committee_items (committee_id, project_id, decision) VALUES (${committees[members]}, ${projectId}, ${decision})`.execute(db)
    }

    await m0020.up(db)
    // Sorted here, not by the database: the two drivers do not share a collation.
    const read = async (query: ReturnType<typeof sql<Row>>) =>
      (await query.execute(db)).rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0))
    expect(await read(sql<Row>`SELECT description AS key, kind, status FROM mentoring_needs`)).toEqual([
      { key: 'Besoin par défaut', kind: 'deployment', status: 'open' },
      { key: 'abandonne', kind: 'deployment', status: 'dropped' },
      { key: 'en_cours', kind: 'consolidation', status: 'in_progress' },
      { key: 'satisfait', kind: 'integration', status: 'met' },
    ])
    expect(await read(sql<Row>`SELECT title AS key, status FROM mentoring_actions`)).toEqual([
      { key: 'a_faire', status: 'todo' },
      { key: 'abandonnee', status: 'dropped' },
      { key: 'en_cours', status: 'in_progress' },
      { key: 'faite', status: 'done' },
    ])
    expect(await read(sql<Row>`SELECT organisation AS key, outcome FROM mentoring_introductions`)).toEqual([
      { key: 'en_attente', outcome: 'pending' },
      { key: 'rencontre_faite', outcome: 'met' },
      { key: 'sans_suite', outcome: 'no_follow_up' },
      { key: 'suite_donnee', outcome: 'followed_up' },
    ])
    expect(
      await read(sql<Row>`SELECT c.members AS key, c.kind, i.decision FROM mentoring_committee_items i JOIN mentoring_committees c ON c.id = i.committee_id`),
    ).toEqual([
      { key: 'A', kind: 'acceleration', decision: 'approved' },
      { key: 'B', kind: 'acceleration', decision: 'rejected' },
      { key: 'C', kind: 'acceleration', decision: 'postponed' },
      { key: 'E', kind: 'commitment', decision: null },
    ])

    // The French values are refused from now on; the defaults are English.
    await expect(sql`UPDATE mentoring_needs SET status = 'ouvert'`.execute(db)).rejects.toThrow(/mentoring_needs_status_check/)
    await expect(sql`UPDATE mentoring_needs SET kind = 'deploiement'`.execute(db)).rejects.toThrow(/mentoring_needs_kind_check/)
    await expect(sql`UPDATE mentoring_actions SET status = 'faite'`.execute(db)).rejects.toThrow(/mentoring_actions_status_check/)
    await expect(sql`UPDATE mentoring_introductions SET outcome = 'en_attente'`.execute(db)).rejects.toThrow(/mentoring_introductions_outcome_check/)
    await expect(sql`UPDATE mentoring_committees SET kind = 'engagement'`.execute(db)).rejects.toThrow(/mentoring_committees_kind_check/)
    await expect(sql`UPDATE mentoring_committee_items SET decision = 'favorable'`.execute(db)).rejects.toThrow(/mentoring_committee_items_decision_check/)
    const need = await db.insertInto('mentoring_needs').values({ project_id: projectId, kind: 'integration', description: 'Nouveau', opened_on: '2027-01-06' }).returning('status').executeTakeFirstOrThrow()
    expect(need.status).toBe('open')
    const action = await db.insertInto('mentoring_actions').values({ project_id: projectId, title: 'Nouvelle', owner: 'mentor', due_on: '2027-02-02' }).returning('status').executeTakeFirstOrThrow()
    expect(action.status).toBe('todo')
    const introduction = await db
      .insertInto('mentoring_introductions')
      .values({ project_id: projectId, organisation: 'Nouvelle', reason: 'Pourquoi', made_on: '2027-01-11' })
      .returning('outcome')
      .executeTakeFirstOrThrow()
    expect(introduction.outcome).toBe('pending')

    // The way down gives the French values back, and refuses the English ones.
    await m0020.down(db)
    expect(await read(sql<Row>`SELECT DISTINCT status FROM mentoring_actions`)).toEqual([
      { status: 'a_faire' },
      { status: 'abandonnee' },
      { status: 'en_cours' },
      { status: 'faite' },
    ])
    expect(await read(sql<Row>`SELECT decision FROM mentoring_committee_items WHERE decision IS NOT NULL`)).toEqual([
      { decision: 'ajourne' },
      { decision: 'defavorable' },
      { decision: 'favorable' },
    ])
    await expect(sql`UPDATE mentoring_needs SET status = 'open'`.execute(db)).rejects.toThrow(/mentoring_needs_status_check/)
    await m0020.up(db)
    expect(await read(sql<Row>`SELECT DISTINCT kind FROM mentoring_committees`)).toEqual([{ kind: 'acceleration' }, { kind: 'commitment' }])
  })
})
