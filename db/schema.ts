// The Kysely database type. Each area keeps its tables in db/schema/<area>.ts, merged here.
import type { AcceleratorTables } from './schema/accelerator.ts'
import type { CoreTables } from './schema/core.ts'
import type { ExperienceTables } from './schema/experiences.ts'
import type { FeedbackTables } from './schema/feedback.ts'
import type { MentoringTables } from './schema/mentoring.ts'
import type { ScoringTables } from './schema/scoring.ts'

export type * from './schema/core.ts'

export type DB = CoreTables & AcceleratorTables & FeedbackTables & ScoringTables & ExperienceTables & MentoringTables
