import { AsyncLocalStorage } from 'node:async_hooks'
import pino from 'pino'

interface LogScope {
  requestId: string
  /** SQL queries run for this request so far (counted by db/client.ts, logged with the request). */
  queries: number
}

/** Holds the request being served: every log line carries its id; its queries are counted. */
export const logScope = new AsyncLocalStorage<LogScope>()

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'aic' },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin() {
    const scope = logScope.getStore()
    return scope ? { requestId: scope.requestId } : {}
  },
  redact: { paths: ['email', '*.email', 'token', '*.token', 'code'], censor: '[masqué]' },
})

/**
 * Kysely's `log` hook: counts each query against the request being served, if any, and at the
 * `debug` level logs its text (never its parameters) and duration.
 */
export function countQuery(event: { query: { sql: string }; queryDurationMillis: number }) {
  const scope = logScope.getStore()
  if (scope) scope.queries++
  if (logger.isLevelEnabled('debug')) logger.debug({ sql: event.query.sql, ms: event.queryDurationMillis }, 'requête SQL')
}

export type Logger = typeof logger
