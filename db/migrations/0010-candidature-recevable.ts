import { sql, type Kysely } from 'kysely'

// Instruction ends with an explicit « Recevable » state (issue 17 #6, decision 086): after the
// eligibility checklist, the agent declares the application admissible; scoring comes next.
const BEFORE = `'brouillon', 'deposee', 'en_instruction', 'correction_demandee', 'preselectionnee', 'non_retenue', 'sans_suite', 'retenue'`

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE applications DROP CONSTRAINT applications_state_check`.execute(db)
  await sql
    .raw(`ALTER TABLE applications ADD CONSTRAINT applications_state_check CHECK (state IN (${BEFORE}, 'recevable'))`)
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // An admissible application goes back to « en instruction », the state it was declared from.
  await sql`UPDATE applications SET state = 'en_instruction' WHERE state = 'recevable'`.execute(db)
  await sql`ALTER TABLE applications DROP CONSTRAINT applications_state_check`.execute(db)
  await sql.raw(`ALTER TABLE applications ADD CONSTRAINT applications_state_check CHECK (state IN (${BEFORE}))`).execute(db)
}
