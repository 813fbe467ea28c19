import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 112, docs/glossary.md): an application's attachment kinds and its members' roles are stored
// in English, like the families moved by 0020–0023. The French words stay in the labels and in what people download or
// read in an address (file names, `#fichier-statuts`). Each column's CHECK, written unnamed by 0002 (PostgreSQL called it
// `<table>_<column>_check`), is found by its definition, dropped, its rows rewritten (only those whose value changes),
// then recreated under that name with the English values. Neither column has a default. A correction request names an
// attachment by its kind (`{ section: 'attachments', field: 'comptes' }`, in `applications.correction_request` and
// `application_messages.fields`): those elements are rewritten too, in their order. Objects in storage are keyed by the
// file's id (the demo's by their own names), never by the kind: nothing is renamed there. The audit trail keeps the
// values of its time. `down` does the reverse, value for value.
type Column = { table: string; column: string; values: Array<[french: string, english: string]> }

const ATTACHMENT_KINDS: Column['values'] = [
  ['statuts', 'statutes'],
  ['comptes', 'accounts'],
  ['autre', 'other'],
]

const COLUMNS: Column[] = [
  { table: 'application_files', column: 'kind', values: ATTACHMENT_KINDS },
  {
    table: 'application_members',
    column: 'role',
    values: [
      ['porteur', 'leader'],
      ['co_porteur', 'co_leader'],
    ],
  },
]

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`

/** Drops every CHECK of the table that speaks of the column, whatever its name (0002's generated one, or ours). */
async function dropChecks(db: Kysely<any>, table: string, column: string): Promise<void> {
  const { rows } = await sql<{ conname: string }>`
    SELECT conname FROM pg_constraint
    WHERE conrelid = ${table}::regclass AND contype = 'c' AND pg_get_constraintdef(oid) ~ ${`\\m${column}\\M`}`.execute(db)
  for (const { conname } of rows) await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(conname)}`.execute(db)
}

/** The jsonb array `value` with each attachment field of a correction request renamed, in its order. */
function renamedFields(value: string, pairs: Array<[string, string]>): string {
  const cases = pairs.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
  return `(SELECT jsonb_agg(
      CASE WHEN element->>'section' = 'attachments' THEN jsonb_set(element, '{field}', to_jsonb(CASE element->>'field' ${cases} ELSE element->>'field' END))
      ELSE element END ORDER BY position)
    FROM jsonb_array_elements(${value}) WITH ORDINALITY AS item(element, position))`
}

/** True when the jsonb array `value` names an attachment with one of the old values. */
function namesOld(value: string, pairs: Array<[string, string]>): string {
  const olds = pairs.map(([from]) => quote(from)).join(', ')
  return `jsonb_typeof(${value}) = 'array' AND EXISTS (
      SELECT 1 FROM jsonb_array_elements(${value}) AS item(element) WHERE element->>'section' = 'attachments' AND element->>'field' IN (${olds}))`
}

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  const flip = (values: Column['values']) => values.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])
  for (const { table, column, values } of COLUMNS) {
    const pairs = flip(values)
    await dropChecks(db, table, column)
    const cases = pairs.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
    const olds = pairs.map(([from]) => quote(from)).join(', ')
    await sql.raw(`UPDATE ${table} SET ${column} = CASE ${column} ${cases} ELSE ${column} END WHERE ${column} IN (${olds})`).execute(db)
    const allowed = pairs.map(([, into]) => quote(into)).join(', ')
    await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_check CHECK (${column} IN (${allowed}))`).execute(db)
  }
  // The fields of correction requests: the request in force on the application, and the team's messages.
  // updated_at does not move: nothing a person reads changes.
  const pairs = flip(ATTACHMENT_KINDS)
  await sql
    .raw(
      `UPDATE applications SET correction_request = jsonb_set(correction_request, '{fields}', ${renamedFields(`correction_request->'fields'`, pairs)})
       WHERE correction_request IS NOT NULL AND ${namesOld(`correction_request->'fields'`, pairs)}`,
    )
    .execute(db)
  await sql.raw(`UPDATE application_messages SET fields = ${renamedFields('fields', pairs)} WHERE ${namesOld('fields', pairs)}`).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
