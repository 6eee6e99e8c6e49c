import type Database from 'better-sqlite3'
import type { CompiledQuery } from 'kysely'
import {
  ballotStateQuery,
  fillBallotQuery,
  fillRefusal,
  forgetUsedLinkQuery,
  readCommentPoolQuery,
  toBytes,
  writeCommentPoolQuery,
  type BallotState,
} from '../db/ballots'
import type { Cast, CastOutcome } from '../deps'
import { decodeComments, encodeComments, shuffled, type PooledComment } from '../domain/ballot'
import { commentsContext } from '../services/ballot-box'
import type { NodeBallotSeal } from './seal'
import { truncateWal } from './sqlite'

/** Batches in a row whose WAL could not be emptied before the log says so. */
export const FAILURES_WORTH_A_WARNING = 3

export interface WriterOptions {
  /** Truncate the WAL after every batch (files on disk; pointless in memory). */
  checkpoint?: boolean
  /**
   * Told when truncating starts failing and when it works again, never per batch: a line per
   * batch would be a time series of submissions in the log (P5).
   */
  onCheckpointTrouble?: (failing: boolean) => void
}

/**
 * Writes one batch of submissions (DESIGN.md P5, P6): one transaction, in shuffled order, each
 * fill after the other so that one link sent twice stores once; the comments of the batch join
 * their buckets, each bucket resealed once. With synchronous=FULL the transaction is on disk when
 * this returns. Then the WAL is checkpointed and truncated, so the files never hold a history of
 * batches (what a batch writes is sealed in any case). Returns one outcome per cast, in order.
 */
export function ballotWriter(
  raw: Database.Database,
  seal: NodeBallotSeal,
  options: WriterOptions = {},
): (casts: readonly Cast[]) => CastOutcome[] {
  const statements = new Map<string, Database.Statement>()
  const prepare = (sqlText: string) => {
    let stmt = statements.get(sqlText)
    if (!stmt) statements.set(sqlText, (stmt = raw.prepare(sqlText)))
    return stmt
  }
  const run = (q: CompiledQuery) => prepare(q.sql).run(...(q.parameters as unknown[]))
  const get = (q: CompiledQuery) => prepare(q.sql).get(...(q.parameters as unknown[]))

  const fillAll = (casts: readonly Cast[]): CastOutcome[] => {
    const added = new Map<string, { roundId: string; bucket: number; comments: PooledComment[] }>()
    const outcomes = casts.map((cast): CastOutcome => {
      if (run(fillBallotQuery(cast)).changes === 1) {
        run(forgetUsedLinkQuery(cast.roundId, cast.tag, cast))
        if (cast.comments.length > 0) {
          const key = `${cast.roundId} ${cast.bucket}`
          const to = added.get(key) ?? { roundId: cast.roundId, bucket: cast.bucket, comments: [] }
          to.comments.push(...cast.comments)
          added.set(key, to)
        }
        return 'stored'
      }
      const state = get(ballotStateQuery(cast.roundId, cast.place)) as BallotState | undefined
      const why = fillRefusal(state, cast.now)
      if (why === 'empty') throw new Error('ballot refused a fill of the wrong size')
      return why
    })
    for (const to of added.values()) {
      const context = commentsContext(to.roundId)
      const pool = get(readCommentPoolQuery(to.roundId, to.bucket)) as
        { version: number; sealed: unknown } | undefined
      const list = pool ? decodeComments(seal.openSync(toBytes(pool.sealed), context)) : []
      const sealed = seal.sealSync(encodeComments(shuffled([...list, ...to.comments])), context)
      run(writeCommentPoolQuery(to, pool?.version ?? 0, sealed))
    }
    return outcomes
  }
  const transaction = raw.transaction(fillAll)
  // A reader overlapping one checkpoint is normal; only a run of failures is worth a line.
  let failures = 0

  return (casts) => {
    // Shuffled here too, so the order of statements in the WAL never follows arrival.
    const order = shuffled(casts.map((_, i) => i))
    const outcomes = transaction.immediate(order.map((i) => casts[i]!))
    if (options.checkpoint) {
      if (!truncateWal(raw)) {
        if (++failures === FAILURES_WORTH_A_WARNING) options.onCheckpointTrouble?.(true)
      } else {
        if (failures >= FAILURES_WORTH_A_WARNING) options.onCheckpointTrouble?.(false)
        failures = 0
      }
    }
    const inOrder: CastOutcome[] = new Array(casts.length)
    order.forEach((i, j) => (inOrder[i] = outcomes[j]!))
    return inOrder
  }
}
