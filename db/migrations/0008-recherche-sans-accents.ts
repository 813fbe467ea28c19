import { sql, type Kysely } from 'kysely'

// Searches ignore accents (« demarche » finds « démarche »): PGlite has no `unaccent` extension, so a
// plain SQL function does the same on both drivers (decision 014). Each searched text is stored
// twice over, as written and without accents, because the French stemmer needs the accents for some
// endings (« compliquées » → compliqu, but « compliquees » → complique); queries look for either form
// (app/utils/search.server.ts). Rebuilt here: applications (instruction), review comments
// (verbatims), published experiences.
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ'
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY'

const APPLICATION_TEXT = `coalesce(reference, '') || ' ' ||
    coalesce(answers->'project'->>'title', '') || ' ' ||
    coalesce(answers->'structure'->>'name', '') || ' ' ||
    coalesce(answers->'project'->>'summary', '') || ' ' ||
    coalesce(answers->'project'->>'problem', '') || ' ' ||
    coalesce(answers->'project'->>'audience', '')`
const EXPERIENCE_TEXT = `title || ' ' || coalesce(public_body, '')`
/** Both forms of a text, as one tsvector. */
const both = (text: string) => `to_tsvector('french'::regconfig, ${text}) || to_tsvector('french'::regconfig, aic_unaccent(${text}))`

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `CREATE FUNCTION aic_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(replace(replace(replace(translate($1, '${ACCENTED}', '${PLAIN}'), 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
$$`,
    )
    .execute(db)

  await sql`ALTER TABLE applications DROP COLUMN search`.execute(db)
  await sql.raw(`ALTER TABLE applications ADD COLUMN search tsvector GENERATED ALWAYS AS (${both(APPLICATION_TEXT)}) STORED`).execute(db)
  await sql`CREATE INDEX applications_search_idx ON applications USING gin (search)`.execute(db)

  await sql`ALTER TABLE feedback_reviews DROP COLUMN comment_tsv`.execute(db)
  await sql.raw(`ALTER TABLE feedback_reviews ADD COLUMN comment_tsv tsvector GENERATED ALWAYS AS (CASE WHEN comment IS NULL THEN NULL ELSE ${both('comment')} END) STORED`).execute(db)
  await sql`CREATE INDEX feedback_reviews_tsv_idx ON feedback_reviews USING gin (comment_tsv) WHERE has_comment`.execute(db)

  // The experiences search (app/experiences/experiences.server.ts) repeats this expression exactly.
  await sql`DROP INDEX experiences_search_idx`.execute(db)
  await sql.raw(`CREATE INDEX experiences_search_idx ON experiences USING gin ((${both(EXPERIENCE_TEXT)})) WHERE status = 'published'`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX experiences_search_idx`.execute(db)
  await sql`CREATE INDEX experiences_search_idx ON experiences USING gin (to_tsvector('french', title || ' ' || coalesce(public_body, ''))) WHERE status = 'published'`.execute(db)
  await sql`ALTER TABLE feedback_reviews DROP COLUMN comment_tsv`.execute(db)
  await sql`ALTER TABLE feedback_reviews ADD COLUMN comment_tsv tsvector GENERATED ALWAYS AS (CASE WHEN comment IS NULL THEN NULL ELSE to_tsvector('french', comment) END) STORED`.execute(db)
  await sql`CREATE INDEX feedback_reviews_tsv_idx ON feedback_reviews USING gin (comment_tsv) WHERE has_comment`.execute(db)
  await sql`ALTER TABLE applications DROP COLUMN search`.execute(db)
  await sql.raw(`ALTER TABLE applications ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('french'::regconfig, ${APPLICATION_TEXT})) STORED`).execute(db)
  await sql`CREATE INDEX applications_search_idx ON applications USING gin (search)`.execute(db)
  await sql`DROP FUNCTION aic_unaccent(text)`.execute(db)
}
