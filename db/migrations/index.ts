import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.ts'
import * as m0003 from './0003-feedback.ts'

// Listed statically so the bundled server can migrate without reading the file system.
// Add each new migration here, in order.
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0003-feedback': m0003,
}
