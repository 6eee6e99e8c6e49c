import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import type { Config } from '../config'
import { jsonLogger, type Deps, type Logger } from '../deps'
import { syncBuiltinSurveys } from '../services/surveys'
import { upgradeLegacyBallots } from '../services/upgrade'
import { groupCommit } from './ballot-box'
import { ballotWriter } from './ballot-writer'
import { threadBallotBox } from './thread-box'
import { loadBallotKey } from './ballot-key'
import { applyMigrations } from './migrate'
import { nodeBallotSeal } from './seal'
import { checkpointNotice, openDatabase, truncateWal, type NodeDatabase } from './sqlite'
import { nodeWebhookSender } from './webhook-sender'
import { nodeMailer } from './smtp-mailer'
import { readSurveyDirectory } from './surveys'

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir
    if (dirname(dir) === dir) throw new Error(`no package.json with migrations/ above ${from}`)
  }
}

/**
 * The checkout this code runs from: the nearest folder above this module holding package.json and
 * migrations/. Searched, not fixed, because the module is src/node/runtime.ts under tsx and vitest
 * but part of dist/node.js or dist/cli.js once built.
 */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)))
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations')
export const SURVEYS_DIR = join(PROJECT_ROOT, 'surveys')

export interface NodeRuntime {
  deps: Deps
  database: NodeDatabase
  /** The key file this start created, if any. */
  ballotKeyCreated: string | undefined
  /** Finishes what is being written, then closes the database. */
  close(): Promise<void>
}

/**
 * Everything the app needs on Node: the SQLite file migrated, built-in surveys validated and
 * synced. Used by the server, the CLI and the end-to-end tests alike.
 */
export async function startNodeRuntime(
  config: Config,
  options: {
    log?: Logger
    now?: () => Date
    /**
     * The built writer thread (dist/writer-thread.js): the server writes answers there, off its
     * event loop. Without it (the CLI, tests) they are written in the calling thread.
     */
    writerThread?: URL
  } = {},
): Promise<NodeRuntime> {
  const log = options.log ?? jsonLogger(config.LOG_LEVEL)
  // First: an unreachable mail server stops the start before the database is touched.
  const mail = await nodeMailer(config, log)
  const builtinSurveys = readSurveyDirectory(SURVEYS_DIR)
  const database = openDatabase(config.DATABASE_PATH, config.DB_SYNCHRONOUS)
  const applied = applyMigrations(database.raw, MIGRATIONS_DIR)
  if (applied.length > 0) log.info('migrations applied', { files: applied })
  const key = loadBallotKey(config, database.raw)
  const seal = nodeBallotSeal(key.bytes)
  const onFile = config.DATABASE_PATH !== ':memory:'
  const thread =
    options.writerThread && onFile
      ? threadBallotBox(
          options.writerThread,
          { path: config.DATABASE_PATH, synchronous: config.DB_SYNCHRONOUS, key: key.bytes },
          log,
        )
      : undefined
  const inline = thread
    ? undefined
    : groupCommit(
        ballotWriter(database.raw, seal, {
          checkpoint: onFile,
          onCheckpointTrouble: (failing) => log.warn(checkpointNotice(failing)),
        }),
      )
  const ballots = thread ?? inline!
  const deps: Deps = {
    db: database.db,
    batch: database.batch,
    config,
    builtinSurveys,
    now: options.now ?? (() => new Date()),
    log,
    seal,
    ballots,
    chat: nodeWebhookSender({ allowLocal: config.CHAT_LOCAL_WEBHOOKS }),
    mail: mail.mailer,
  }
  await syncBuiltinSurveys(deps)
  await upgradeLegacyBallots(deps)
  // The upgrade from 0001 erased raw answers: rewrite the file so none of its old layout remains.
  // In WAL mode VACUUM writes the new file into the WAL, so the checkpoint comes after it.
  if (applied.includes('0002_ballots.sql') && config.DATABASE_PATH !== ':memory:')
    database.raw.exec('VACUUM')
  truncateWal(database.raw)
  return {
    deps,
    database,
    ballotKeyCreated: key.createdFile,
    close: async () => {
      inline?.flush()
      await thread?.close()
      database.close()
      mail.close()
    },
  }
}
