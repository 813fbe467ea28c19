import type { DatabaseConnection, Dialect, Driver } from 'kysely'

/** The database cannot be reached (down, restarting, refusing connections). */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('Base de données injoignable', { cause })
    this.name = 'DatabaseUnavailableError'
  }
}

// postgres.js / Node network error codes, and PostgreSQL SQLSTATEs, that mean « not reachable now ».
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
])
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300'])

export function isUnavailableError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true
  if (!error || typeof error !== 'object') return false
  const code = (error as { code?: unknown }).code
  if (typeof code !== 'string') return false
  return NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08')
}

/**
 * Wraps a dialect so that « database unreachable » errors become what `toThrow` returns (the app
 * turns them into a 503 with Retry-After; scripts get a DatabaseUnavailableError). Other errors pass
 * through untouched.
 */
export function mapUnavailableErrors(dialect: Dialect, toThrow: (error: unknown) => unknown): Dialect {
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      if (isUnavailableError(error)) throw toThrow(error)
      throw error
    }
  }
  const wrapConnection = (connection: DatabaseConnection): DatabaseConnection => ({
    executeQuery: (query) => guard(() => connection.executeQuery(query)),
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  })
  const unwrap = new WeakMap<DatabaseConnection, DatabaseConnection>()
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: (): Driver => {
      const driver = dialect.createDriver()
      const inner = (connection: DatabaseConnection) => unwrap.get(connection) ?? connection
      return {
        init: () => guard(() => driver.init()),
        acquireConnection: () =>
          guard(async () => {
            const connection = await driver.acquireConnection()
            const wrapped = wrapConnection(connection)
            unwrap.set(wrapped, connection)
            return wrapped
          }),
        beginTransaction: (connection, settings) => guard(() => driver.beginTransaction(inner(connection), settings)),
        commitTransaction: (connection) => guard(() => driver.commitTransaction(inner(connection))),
        rollbackTransaction: (connection) => guard(() => driver.rollbackTransaction(inner(connection))),
        releaseConnection: (connection) => driver.releaseConnection(inner(connection)),
        destroy: () => driver.destroy(),
        ...(driver.savepoint
          ? {
              savepoint: (connection, name, compile) => driver.savepoint!(inner(connection), name, compile),
              rollbackToSavepoint: (connection, name, compile) => driver.rollbackToSavepoint!(inner(connection), name, compile),
              releaseSavepoint: (connection, name, compile) => driver.releaseSavepoint!(inner(connection), name, compile),
            }
          : {}),
      }
    },
  }
}
