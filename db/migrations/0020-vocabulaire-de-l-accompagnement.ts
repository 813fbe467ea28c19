import { sql, type Kysely } from 'kysely'

// Issue 18 point 3 (decision 110, docs/glossary.md): the mentoring area stores its values in English
// snake_case; the French words stay in the label maps shown to people. Each column's CHECK is dropped,
// its rows rewritten (a NULL decision stays NULL), then the CHECK and the default come back with the English values. `down` does
// the reverse, value for value.
type Column = { table: string; column: string; values: Array<[french: string, english: string]>; defaultTo?: string }

const COLUMNS: Column[] = [
  {
    table: 'mentoring_needs',
    column: 'kind',
    values: [
      ['consolidation', 'consolidation'],
      ['integration', 'integration'],
      ['deploiement', 'deployment'],
    ],
  },
  {
    table: 'mentoring_needs',
    column: 'status',
    values: [
      ['ouvert', 'open'],
      ['en_cours', 'in_progress'],
      ['satisfait', 'met'],
      ['abandonne', 'dropped'],
    ],
    defaultTo: 'ouvert',
  },
  {
    table: 'mentoring_actions',
    column: 'status',
    values: [
      ['a_faire', 'todo'],
      ['en_cours', 'in_progress'],
      ['faite', 'done'],
      ['abandonnee', 'dropped'],
    ],
    defaultTo: 'a_faire',
  },
  {
    table: 'mentoring_introductions',
    column: 'outcome',
    values: [
      ['en_attente', 'pending'],
      ['rencontre_faite', 'met'],
      ['suite_donnee', 'followed_up'],
      ['sans_suite', 'no_follow_up'],
    ],
    defaultTo: 'en_attente',
  },
  {
    table: 'mentoring_committees',
    column: 'kind',
    values: [
      ['acceleration', 'acceleration'],
      ['engagement', 'commitment'],
    ],
  },
  {
    table: 'mentoring_committee_items',
    column: 'decision',
    values: [
      ['favorable', 'approved'],
      ['defavorable', 'rejected'],
      ['ajourne', 'postponed'],
    ],
  },
]

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`

async function rewrite(db: Kysely<any>, to: 'english' | 'french'): Promise<void> {
  for (const { table, column, values, defaultTo } of COLUMNS) {
    const pairs = values.map(([french, english]) => (to === 'english' ? [french, english] : [english, french]) as [string, string])
    const constraint = `${table}_${column}_check`
    await sql.raw(`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`).execute(db)
    const cases = pairs.map(([from, into]) => `WHEN ${quote(from)} THEN ${quote(into)}`).join(' ')
    await sql.raw(`UPDATE ${table} SET ${column} = CASE ${column} ${cases} ELSE ${column} END WHERE ${column} IS NOT NULL`).execute(db)
    const allowed = pairs.map(([, into]) => quote(into)).join(', ')
    await sql.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} IN (${allowed}))`).execute(db)
    if (defaultTo) {
      const [, english] = values.find(([french]) => french === defaultTo)!
      await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${column} SET DEFAULT ${quote(to === 'english' ? english : defaultTo)}`).execute(db)
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'english')
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'french')
}
