import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Config } from '../config'
import { jsonLogger, type Deps, type Logger } from '../deps'
import { syncBuiltinSurveys } from '../services/surveys'
import { applyMigrations } from './migrate'
import { openDatabase, type NodeDatabase } from './sqlite'
import { readSurveyDirectory } from './surveys'

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations')
export const SURVEYS_DIR = join(PROJECT_ROOT, 'surveys')

export interface NodeRuntime {
  deps: Deps
  database: NodeDatabase
  close(): void
}

/**
 * Everything the app needs on Node: the SQLite file migrated, built-in surveys validated and
 * synced. Used by the server, the CLI and the end-to-end tests alike.
 */
export async function startNodeRuntime(
  config: Config,
  options: { log?: Logger; now?: () => Date } = {},
): Promise<NodeRuntime> {
  const log = options.log ?? jsonLogger(config.LOG_LEVEL)
  const builtinSurveys = readSurveyDirectory(SURVEYS_DIR)
  const database = openDatabase(config.DATABASE_PATH, config.DB_SYNCHRONOUS)
  const applied = applyMigrations(database.raw, MIGRATIONS_DIR)
  if (applied.length > 0) log.info('migrations applied', { files: applied })
  const deps: Deps = {
    db: database.db,
    batch: database.batch,
    config,
    builtinSurveys,
    now: options.now ?? (() => new Date()),
    log,
  }
  await syncBuiltinSurveys(deps)
  return { deps, database, close: () => database.close() }
}
