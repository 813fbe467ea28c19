import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 111): the ways a person sought help (`feedback_reviews.help_channels`) are stored in English,
// and the rollup measures counting them are named after the English values (`ch_guichet` → `ch_counter`…). The labels
// people read and what the API, the open data and the exports publish (labels) do not change.
// The rollup trigger's function counts the channels with literal values: it is rewritten from its own definition in the
// database (`pg_get_functiondef`), value for value, so no third copy of the measures is written here.
// The reviews' arrays are rewritten with the delta trigger switched off: the rollups already count these reviews, under
// the renamed columns, and a rewrite seen by the trigger would count them twice.
const CHANGED: Array<[french: string, english: string]> = [
  ['guichet', 'counter'],
  ['telephone', 'phone'],
  ['proche', 'relative'],
  ['autre', 'other'],
]
// email, chat, association and internet are already English words: their values and columns stay.

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  const pairs = CHANGED.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])
  // The delta log and the four rollup tables: every table holding the measure columns.
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.columns WHERE column_name = ${`ch_${pairs[0]![0]}`} AND table_schema = current_schema()`.execute(db)
  for (const { table_name } of tables.rows) {
    for (const [from, into] of pairs) await sql.raw(`ALTER TABLE ${table_name} RENAME COLUMN ch_${from} TO ch_${into}`).execute(db)
  }
  const definition = await sql<{ body: string }>`SELECT pg_get_functiondef('feedback_review_delta'::regproc) AS body`.execute(db)
  let body = definition.rows[0]!.body
  for (const [from, into] of pairs) body = body.replaceAll(`ch_${from}`, `ch_${into}`).replaceAll(`${quote(from)} = ANY`, `${quote(into)} = ANY`)
  await sql.raw(body).execute(db)

  const cases = pairs.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
  const olds = pairs.map(([from]) => quote(from)).join(', ')
  await sql`ALTER TABLE feedback_reviews DISABLE TRIGGER feedback_reviews_delta_update`.execute(db)
  await sql
    .raw(
      `UPDATE feedback_reviews SET help_channels = ARRAY(
         SELECT CASE value ${cases} ELSE value END FROM unnest(help_channels) WITH ORDINALITY AS element(value, position) ORDER BY position
       ) WHERE help_channels && ARRAY[${olds}]::text[]`,
    )
    .execute(db)
  await sql`ALTER TABLE feedback_reviews ENABLE TRIGGER feedback_reviews_delta_update`.execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
