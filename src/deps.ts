import type { Config } from './config'
import type { Batch, Db } from './db/schema'
import type { SurveyDefinition } from './domain/survey'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * What the app needs from its runtime. Entries (Node, Workers, tests, the CLI) build it; the app
 * never opens a connection or reads the environment itself.
 */
export interface Deps {
  db: Db
  batch: Batch
  config: Config
  /** The built-in survey definitions, validated at start. */
  builtinSurveys: SurveyDefinition[]
  now: () => Date
  log: Logger
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

/**
 * One JSON line per event. Callers pass no personal data: no IPs, user agents, secrets or answers
 * are ever logged (P5, P8).
 */
export function jsonLogger(
  level: Config['LOG_LEVEL'],
  write: (line: string) => void = (line) => console.log(line),
): Logger {
  const min = level === 'silent' ? Infinity : LEVELS.indexOf(level)
  const emit =
    (lvl: (typeof LEVELS)[number]) => (message: string, fields?: Record<string, unknown>) => {
      if (LEVELS.indexOf(lvl) >= min)
        write(JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...fields }))
    }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}
