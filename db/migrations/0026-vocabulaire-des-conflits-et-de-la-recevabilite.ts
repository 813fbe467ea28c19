import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 115): two more families of stored values move to English.
// - The kind of a declared conflict of interest, `scoring_conflicts.kind`. Its CHECK, written unnamed by 0005 (PostgreSQL
//   called it `scoring_conflicts_kind_check`), is found by its definition as 0024 does, dropped, the rows holding an old
//   value rewritten, then recreated under that name with the English values. The column has no default. The conflicts the
//   product detects (0015, `scoring_conflict_dismissals`) store English reason keys and no kind: nothing to do there.
// - The answers of the eligibility checklist, `applications.eligibility` (a jsonb object `{ <check key>: answer }`): each
//   value `oui`, `non`, `a_verifier` becomes `yes`, `no`, `to_check`; the keys do not change, an unknown value is kept, and
//   only the rows holding an old value are rewritten. `applications` has no trigger and the rewrite touches neither
//   `updated_at` nor `version` nor `section_versions`: « modifié le » and the co-leaders' versions stay what they were.
// The audit trail keeps the values of its time (`scoring.conflict_declared`, `application.eligibility_checked`). The labels
// people read do not change. `down` gives the French values back, value for value.
type Pairs = Array<[french: string, english: string]>

const CONFLICT_KINDS: Pairs = [
  ['personnel', 'personal'],
  ['professionnel', 'professional'],
  ['financier', 'financial'],
  ['autre', 'other'],
]

const ELIGIBILITY_ANSWERS: Pairs = [
  ['oui', 'yes'],
  ['non', 'no'],
  ['a_verifier', 'to_check'],
]

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`
/** A JSON string literal, as SQL: '"oui"'::jsonb. */
const json = (value: string) => `'${JSON.stringify(value).replace(/'/g, "''")}'::jsonb`

/** Drops every CHECK of the table that speaks of the column, whatever its name (0005's generated one, or ours). */
async function dropChecks(db: Kysely<any>, table: string, column: string): Promise<void> {
  const { rows } = await sql<{ conname: string }>`
    SELECT conname FROM pg_constraint
    WHERE conrelid = ${table}::regclass AND contype = 'c' AND pg_get_constraintdef(oid) ~ ${`\\m${column}\\M`}`.execute(db)
  for (const { conname } of rows) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(conname)}`.execute(db)
}

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  const flip = (values: Pairs) => values.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])

  const kinds = flip(CONFLICT_KINDS)
  await dropChecks(db, 'scoring_conflicts', 'kind')
  const kindCases = kinds.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
  await sql.raw(`UPDATE scoring_conflicts SET kind = CASE kind ${kindCases} ELSE kind END WHERE kind IN (${kinds.map(([from]) => quote(from)).join(', ')})`).execute(db)
  await sql.raw(`ALTER TABLE scoring_conflicts ADD CONSTRAINT scoring_conflicts_kind_check CHECK (kind IN (${kinds.map(([, into]) => quote(into)).join(', ')}))`).execute(db)

  // Value by value, keys kept. Only an object holding an old value is rewritten (so never an empty one, for which
  // jsonb_object_agg would give NULL).
  const answers = flip(ELIGIBILITY_ANSWERS)
  const olds = answers.map(([from]) => json(from)).join(', ')
  const answerCases = `CASE value ${answers.map(([from, into]) => `WHEN ${json(from)} THEN ${json(into)}`).join(' ')} ELSE value END`
  await sql
    .raw(
      `UPDATE applications SET eligibility = (SELECT jsonb_object_agg(key, ${answerCases}) FROM jsonb_each(eligibility) AS answer(key, value))
       WHERE jsonb_typeof(eligibility) = 'object' AND EXISTS (SELECT 1 FROM jsonb_each(eligibility) AS answer(key, value) WHERE value IN (${olds}))`,
    )
    .execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
