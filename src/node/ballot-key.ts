import type Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import { ConfigError, type Config } from '../config'
import { decodeBallotKey } from '../seal'

export interface BallotKey {
  bytes: Uint8Array
  /** Set when this start created the key file, so the operator can be told where it is. */
  createdFile?: string
}

/**
 * The ballot key on Node: `BALLOT_KEY`, or the file `BALLOT_KEY_FILE`, created with a fresh
 * random key on first start. The key must not sit in the database's folder, or one copy of that
 * folder and the links together would undo what the key protects (DESIGN.md threat model (a)).
 */
export function loadBallotKey(config: Config, raw: Database.Database): BallotKey {
  if (config.BALLOT_KEY) return { bytes: decodeBallotKey(config.BALLOT_KEY)! }
  const file = resolve(config.BALLOT_KEY_FILE)
  if (config.DATABASE_PATH !== ':memory:') {
    const dataDir = dirname(resolve(config.DATABASE_PATH))
    const inside = relative(dataDir, file)
    if (!inside.startsWith('..') && !inside.startsWith(sep))
      throw new ConfigError(
        `Invalid configuration:\n  BALLOT_KEY_FILE=${JSON.stringify(config.BALLOT_KEY_FILE)}: ` +
          `must not be inside the database's folder (${dataDir}); a copy of that folder would ` +
          'then carry the key with it',
      )
  }
  if (existsSync(file)) {
    const bytes = decodeBallotKey(readFileSync(file, 'utf8'))
    if (!bytes)
      throw new ConfigError(
        `Invalid configuration:\n  BALLOT_KEY_FILE=${JSON.stringify(config.BALLOT_KEY_FILE)}: ` +
          'the file does not hold a ballot key (at least 32 bytes in base64)',
      )
    return { bytes }
  }
  const sealed = raw.prepare('SELECT 1 FROM ballots WHERE filled = 1 LIMIT 1').get()
  if (sealed)
    throw new ConfigError(
      `Invalid configuration:\n  BALLOT_KEY_FILE=${JSON.stringify(config.BALLOT_KEY_FILE)}: ` +
        'no key there, but the database holds answers sealed with one; restore the key file ' +
        'or set BALLOT_KEY, or those rounds cannot be released',
    )
  const bytes = randomBytes(32)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${bytes.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  return { bytes: new Uint8Array(bytes), createdFile: file }
}
