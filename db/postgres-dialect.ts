// Kysely on postgres.js, with a connection reserved only for a transaction (decision 080).
// kysely-postgres-js reserves a connection (`sql.reserve()`) for every query: nothing is
// pipelined, each query waits for a free connection of its own, and the profile of the signed-in
// pages showed Node idle 71–76 % of the time, waiting on those round trips. Here a query outside a
// transaction goes to the pool, which pipelines it on an open connection; `beginTransaction`
// reserves one connection for BEGIN … COMMIT and gives it back at release.
//
// Consequence: `db.connection()` does not pin a session (each of its queries may run on another
// connection). Nothing uses it (session-level settings, temporary tables or session advisory locks
// would need a transaction, which is pinned).
import { PostgresAdapter, PostgresDriver, PostgresIntrospector, PostgresQueryCompiler } from 'kysely'
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, Kysely, QueryResult, TransactionSettings } from 'kysely'
import type { ReservedSql, Sql } from 'postgres'

class PooledConnection implements DatabaseConnection {
  #reserved: ReservedSql | null = null

  constructor(private readonly pool: Sql) {}

  async pin(): Promise<void> {
    this.#reserved ??= await this.pool.reserve()
  }

  release(): void {
    this.#reserved?.release()
    this.#reserved = null
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await (this.#reserved ?? this.pool).unsafe(compiledQuery.sql, [...compiledQuery.parameters] as never[])
    const { command, count } = result
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(count) : undefined,
      rows: Array.from(result.values()) as R[],
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const cursor = (this.#reserved ?? this.pool).unsafe(compiledQuery.sql, [...compiledQuery.parameters] as never[]).cursor(chunkSize)
    for await (const rows of cursor) yield { rows: rows as R[] }
  }
}

class PooledDriver extends PostgresDriver {
  constructor(private readonly pool: Sql) {
    // The parent's pool is never created: init and acquireConnection are ours.
    super({ pool: () => Promise.reject(new Error('unused')) } as never)
  }

  override async init(): Promise<void> {}

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new PooledConnection(this.pool)
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PooledConnection).pin()
    await super.beginTransaction(connection, settings)
  }

  override async releaseConnection(connection: DatabaseConnection): Promise<void> {
    ;(connection as PooledConnection).release()
  }

  override async destroy(): Promise<void> {
    await this.pool.end()
  }
}

export class PostgresPoolDialect implements Dialect {
  constructor(private readonly pool: Sql) {}

  createAdapter() {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PooledDriver(this.pool)
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}
