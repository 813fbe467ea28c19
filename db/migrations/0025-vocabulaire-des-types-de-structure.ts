import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 113): the structure kind of an application is stored in English. It lives in two places:
// - `applications.answers` (section `structure`, key `kind`), from which the generated column `structure_kind`
//   (`answers->'structure'->>'kind'`, no CHECK, no literal value) is recomputed by PostgreSQL on the same UPDATE;
// - `call_grid_versions.eligible_kinds`, the kinds each version of a call's grid admits (every version, not only the
//   current one: a version read again later must use today's vocabulary).
// `association` and `administration_association` are already English; an unknown value is kept as it is. Only the rows
// holding an old value are rewritten. Neither table has a trigger, and the rewrite touches neither `updated_at` nor
// `version` nor `section_versions`: « modifié le » and the co-leaders' versions stay what they were.
// The labels people read, and what the exports print (labels), do not change. `down` gives the French values back.
const CHANGED: Array<[french: string, english: string]> = [
  ['collectif', 'collective'],
  ['entreprise_ess', 'social_enterprise'],
  ['fondation', 'foundation'],
]

/** A JSON string literal, as SQL: '"collectif"'::jsonb. */
const json = (value: string) => `'${JSON.stringify(value).replace(/'/g, "''")}'::jsonb`

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  const pairs = CHANGED.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])
  const cases = (expression: string) => `CASE ${expression} ${pairs.map(([from, into]) => `WHEN ${json(from)} THEN ${json(into)}`).join(' ')} ELSE ${expression} END`
  const olds = pairs.map(([from]) => json(from)).join(', ')

  await sql
    .raw(
      `UPDATE applications SET answers = jsonb_set(answers, '{structure,kind}', ${cases(`answers #> '{structure,kind}'`)})
       WHERE answers #> '{structure,kind}' IN (${olds})`,
    )
    .execute(db)
  // Element by element, in their order; a grid version without an old value is not touched.
  await sql
    .raw(
      `UPDATE call_grid_versions SET eligible_kinds = (
         SELECT jsonb_agg(${cases('value')} ORDER BY position) FROM jsonb_array_elements(eligible_kinds) WITH ORDINALITY AS element(value, position)
       ) WHERE jsonb_typeof(eligible_kinds) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(eligible_kinds) AS element(value) WHERE value IN (${olds}))`,
    )
    .execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
