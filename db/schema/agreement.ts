// tsc checks the hand-written tables (db/schema/*.ts, what the code uses) against the tables the
// migrations create (db/schema/generated.ts, `npm run db:types`): same tables, same columns, a read
// type that fits the database's, the same nullability, and the same columns required on insert.
// A difference fails the type check, naming the table and the column. Decision 105.
import type { Insertable, Selectable } from 'kysely'
import type { DB } from '../schema.ts'
import type { GeneratedDB } from './generated.ts'

type NullIn<T> = null extends T ? true : false
type Read<T, C> = C extends keyof Selectable<T> ? Selectable<T>[C] : never
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T]
type IsRequired<T, K> = K extends RequiredKeys<Insertable<T>> ? true : false

type ColumnProblems<Hand, Base> = {
  [C in keyof Hand | keyof Base]: C extends keyof Hand
    ? C extends keyof Base
      ? [Read<Hand, C>] extends [Read<Base, C>]
        ? NullIn<Read<Hand, C>> extends NullIn<Read<Base, C>>
          ? IsRequired<Hand, C> extends IsRequired<Base, C>
            ? never
            : 'obligatoire à l’insertion dans db/schema et pas dans la base (ou l’inverse)'
          : 'nullabilité différente de celle de la base'
        : 'type de lecture incompatible avec celui de la base'
      : 'colonne absente de la base (migrations)'
    : 'colonne de la base absente de db/schema'
}
type Problems<Hand, Base> = { [C in keyof ColumnProblems<Hand, Base> as [ColumnProblems<Hand, Base>[C]] extends [never] ? never : C]: ColumnProblems<Hand, Base>[C] }

type TableProblems = {
  [T in keyof DB | keyof GeneratedDB]: T extends keyof DB
    ? T extends keyof GeneratedDB
      ? Problems<DB[T], GeneratedDB[T]>
      : 'table absente de la base (migrations)'
    : 'table de la base absente de db/schema'
}
export type SchemaDisagreements = { [T in keyof TableProblems as object extends TableProblems[T] ? never : T]: TableProblems[T] }

/** Compiles only while there is no disagreement: otherwise tsc lists the tables that differ. */
export const schemaAgreement: SchemaDisagreements = {}
