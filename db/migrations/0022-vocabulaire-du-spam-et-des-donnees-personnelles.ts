import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 111): the reasons a review or an experience is held as spam, and the kinds of personal
// data found in its text, are stored in English snake_case like the rest of the feedback family since 0021. These
// are text[] columns without a CHECK: each array is rewritten element by element, in its order, and a value this
// table does not know is left as it is. `down` does the reverse. Nothing publishes these values (the API and the
// open data leave held reviews out and never carry the kinds), and the rollup triggers do not track these columns.
const SPAM_REASONS: Array<[french: string, english: string]> = [
  ['piege', 'honeypot'],
  ['rapide', 'too_fast'],
  ['lien', 'one_link'],
  ['liens', 'links'],
  ['repete', 'repeated'],
  ['flot', 'flood'],
]

const PERSONAL_DATA_KINDS: Array<[french: string, english: string]> = [
  ['telephone', 'phone'],
  ['adresse', 'address'],
  ['nom', 'person_name'],
  ['naissance', 'birth_date'],
  ['fiscal', 'tax_number'],
  ['immatriculation', 'licence_plate'],
  ['passeport', 'passport'],
  ['identite', 'identity_card'],
  ['allocataire', 'benefit_number'],
]

const COLUMNS: Array<{ table: string; column: string; values: Array<[string, string]> }> = [
  { table: 'feedback_reviews', column: 'spam_reasons', values: SPAM_REASONS },
  { table: 'experiences', column: 'spam_reasons', values: SPAM_REASONS },
  { table: 'feedback_reviews', column: 'pii_kinds', values: PERSONAL_DATA_KINDS },
  { table: 'experiences', column: 'pii_kinds', values: PERSONAL_DATA_KINDS },
]

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  for (const { table, column, values } of COLUMNS) {
    const pairs = values.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])
    const cases = pairs.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
    const olds = pairs.map(([from]) => quote(from)).join(', ')
    // Only the rows holding an old value (`&&`: the arrays overlap); the order of the reasons is kept.
    await sql
      .raw(
        `UPDATE ${table} SET ${column} = ARRAY(
           SELECT CASE value ${cases} ELSE value END FROM unnest(${column}) WITH ORDINALITY AS element(value, position) ORDER BY position
         ) WHERE ${column} && ARRAY[${olds}]::text[]`,
      )
      .execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
