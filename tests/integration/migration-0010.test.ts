// Migration 0010 (issue 17 #6, decision 086): the « recevable » state is admitted by the CHECK
// constraint, unknown states still are not, and the way down brings « recevable » back to
// « en instruction » before restoring the old constraint. Runs on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import * as m0010 from '#db/migrations/0010-candidature-recevable.ts'
import { createApplicationRow, createCallRow, createUser } from '#tests/helpers/accelerator.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe('migration 0010 : l’état « recevable »', () => {
  it('admet « recevable », refuse un état inconnu, et se défait sans perdre de candidature', async () => {
    const callId = await createCallRow(handle.db)
    const owner = await createUser(handle.db, 'porteuse-0010@exemple.fr')
    const id = await createApplicationRow(handle.db, { callId, ownerId: owner, state: 'en_instruction' })
    const setState = (state: string) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an unknown state on purpose
      handle.db.updateTable('applications').set({ state: state as any }).where('id', '=', id).execute()
    const stateOf = async () => (await handle.db.selectFrom('applications').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state

    await setState('recevable')
    expect(await stateOf()).toBe('recevable')
    await expect(setState('inconnu')).rejects.toThrow(/applications_state_check/)

    await m0010.down(handle.db)
    expect(await stateOf()).toBe('en_instruction')
    await expect(setState('recevable')).rejects.toThrow(/applications_state_check/)

    await m0010.up(handle.db)
    await setState('recevable')
    expect(await stateOf()).toBe('recevable')
  })
})
