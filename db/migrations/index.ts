import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.ts'
import * as m0002 from './0002-calls-applications.ts'
import * as m0003 from './0003-feedback.ts'
import * as m0004 from './0004-proconnect.ts'
import * as m0005 from './0005-scoring.ts'
import * as m0006 from './0006-experiences.ts'
import * as m0007 from './0007-mentoring.ts'
import * as m0008 from './0008-recherche-sans-accents.ts'
import * as m0009 from './0009-secrets-au-repos.ts'
import * as m0010 from './0010-candidature-recevable.ts'

// Listed statically so the bundled server can migrate without reading the file system.
// Add each new migration here, in order.
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-calls-applications': m0002,
  '0003-feedback': m0003,
  '0004-proconnect': m0004,
  '0005-scoring': m0005,
  '0006-experiences': m0006,
  '0007-mentoring': m0007,
  '0008-recherche-sans-accents': m0008,
  '0009-secrets-au-repos': m0009,
  '0010-candidature-recevable': m0010,
}
