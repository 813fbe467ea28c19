import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import { GENERATED_SCHEMA_FILE, generateSchemaTypes } from '#db/schema-types.ts'
import { createTestDb, testDriver } from '#tests/helpers/db.ts'

let handle: DbHandle
beforeAll(async () => {
  handle = await createTestDb()
})
afterAll(() => handle.close())

describe(`types de la base générés depuis les migrations (${testDriver()})`, () => {
  it(`${GENERATED_SCHEMA_FILE} est ce que donnent les migrations (sinon : npm run db:types)`, async () => {
    // db/schema/agreement.ts then makes tsc compare the hand-written types with this file.
    expect(await generateSchemaTypes(handle.db)).toBe(readFileSync(GENERATED_SCHEMA_FILE, 'utf8'))
  })
})
