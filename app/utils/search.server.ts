// French full-text queries that ignore accents. The searched texts are stored as written and
// without accents (migration 0008): a query looks for the words as typed or without accents, so
// « demarches » finds « démarches » and « compliqué » still finds « compliquées ».
import { sql, type RawBuilder } from 'kysely'

/** What people type in a search box (`websearch_to_tsquery` syntax: words, "phrases", -exclusions). */
export function frenchWebsearch(text: string): RawBuilder<unknown> {
  return sql`(websearch_to_tsquery('french', ${text}) || websearch_to_tsquery('french', aic_unaccent(${text})))`
}

/** A query already in `to_tsquery` syntax (e.g. prefixes `jardin:* & partage:*`). */
export function frenchTsquery(query: string): RawBuilder<unknown> {
  return sql`(to_tsquery('french', ${query}) || to_tsquery('french', aic_unaccent(${query})))`
}

/** A published experience's searched text, exactly as indexed by migration 0008. */
export const EXPERIENCE_DOCUMENT = sql`(to_tsvector('french'::regconfig, e.title || ' ' || coalesce(e.public_body, '')) || to_tsvector('french'::regconfig, aic_unaccent(e.title || ' ' || coalesce(e.public_body, ''))))`
