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
import * as m0011 from './0011-co-porteurs-partie-terminee.ts'
import * as m0012 from './0012-comite-de-decision.ts'
import * as m0013 from './0013-moderation-a-l-echelle.ts'
import * as m0014 from './0014-resumes-a-l-heure-choisie.ts'
import * as m0015 from './0015-conflits-detectes.ts'
import * as m0016 from './0016-spam.ts'
import * as m0017 from './0017-siret-du-profil.ts'
import * as m0018 from './0018-spam-des-experiences.ts'
import * as m0019 from './0019-donnees-ouvertes-quotidiennes.ts'
import * as m0020 from './0020-vocabulaire-de-l-accompagnement.ts'
import * as m0021 from './0021-vocabulaire-des-avis.ts'
import * as m0022 from './0022-vocabulaire-du-spam-et-des-donnees-personnelles.ts'
import * as m0023 from './0023-vocabulaire-des-moyens-d-aide.ts'
import * as m0024 from './0024-vocabulaire-des-pieces-jointes-et-des-roles.ts'
import * as m0025 from './0025-vocabulaire-des-types-de-structure.ts'
import * as m0026 from './0026-vocabulaire-des-conflits-et-de-la-recevabilite.ts'

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
  '0011-co-porteurs-partie-terminee': m0011,
  '0012-comite-de-decision': m0012,
  '0013-moderation-a-l-echelle': m0013,
  '0014-resumes-a-l-heure-choisie': m0014,
  '0015-conflits-detectes': m0015,
  '0016-spam': m0016,
  '0017-siret-du-profil': m0017,
  '0018-spam-des-experiences': m0018,
  '0019-donnees-ouvertes-quotidiennes': m0019,
  '0020-vocabulaire-de-l-accompagnement': m0020,
  '0021-vocabulaire-des-avis': m0021,
  '0022-vocabulaire-du-spam-et-des-donnees-personnelles': m0022,
  '0023-vocabulaire-des-moyens-d-aide': m0023,
  '0024-vocabulaire-des-pieces-jointes-et-des-roles': m0024,
  '0025-vocabulaire-des-types-de-structure': m0025,
  '0026-vocabulaire-des-conflits-et-de-la-recevabilite': m0026,
}
