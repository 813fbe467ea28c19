import { AsyncLocalStorage } from 'node:async_hooks'
import pino from 'pino'

interface LogScope {
  requestId: string
}

/** Holds the request id of the request being served, so every log line carries it. */
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

export type Logger = typeof logger
