import type Database from 'better-sqlite3'
import type { CompiledQuery } from 'kysely'
import {
  ballotStateQuery,
  fillBallotQuery,
  fillRefusal,
  readCommentPoolQuery,
  toBytes,
  writeCommentPoolQuery,
  type BallotState,
} from '../db/ballots'
import type { Db } from '../db/schema'
import type { BallotBox, Cast, CastOutcome } from '../deps'
import { decodeComments, encodeComments, shuffled, type PooledComment } from '../domain/ballot'
import { commentsContext } from '../services/ballot-box'
import type { NodeBallotSeal } from './seal'

interface Waiting {
  cast: Cast
  resolve(outcome: CastOutcome): void
  reject(err: unknown): void
}

export interface GroupCommitBox extends BallotBox {
  /** Writes what is waiting now (also used on shutdown). */
  flush(): void
}

/**
 * Group commit on Node (DESIGN.md P5, P6, performance targets). Submissions that arrive while the
 * event loop is busy wait for the next turn and are written together: one transaction, in
 * shuffled order, with synchronous=FULL, and each caller hears 'stored' only once that
 * transaction is on disk. Inside a batch the fills run one after another, so one link sent twice
 * stores once. After every batch the WAL is checkpointed and truncated, so the files never hold a
 * history of batches; what a batch writes is sealed in any case.
 */
export function groupCommitBallotBox(
  raw: Database.Database,
  db: Db,
  seal: NodeBallotSeal,
  options: { checkpoint?: boolean; onCheckpointError?: (err: unknown) => void } = {},
): GroupCommitBox {
  const statements = new Map<string, Database.Statement>()
  const prepare = (sqlText: string) => {
    let stmt = statements.get(sqlText)
    if (!stmt) statements.set(sqlText, (stmt = raw.prepare(sqlText)))
    return stmt
  }
  const run = (q: CompiledQuery) => prepare(q.sql).run(...(q.parameters as unknown[]))
  const get = (q: CompiledQuery) => prepare(q.sql).get(...(q.parameters as unknown[]))

  const write = raw.transaction((batch: Waiting[]): CastOutcome[] => {
    const added = new Map<string, { roundId: string; bucket: number; comments: PooledComment[] }>()
    const outcomes = batch.map(({ cast }): CastOutcome => {
      if (run(fillBallotQuery(cast)).changes === 1) {
        if (cast.comments.length > 0) {
          const key = `${cast.roundId} ${cast.bucket}`
          const to = added.get(key) ?? { roundId: cast.roundId, bucket: cast.bucket, comments: [] }
          to.comments.push(...cast.comments)
          added.set(key, to)
        }
        return 'stored'
      }
      const why = fillRefusal(
        get(ballotStateQuery(cast.roundId, cast.place)) as BallotState,
        cast.now,
      )
      if (why === 'empty') throw new Error('ballot refused a fill of the wrong size')
      return why
    })
    for (const to of added.values()) {
      const context = commentsContext(to.roundId)
      const pool = get(readCommentPoolQuery(to.roundId, to.bucket)) as
        { version: number; sealed: unknown } | undefined
      const list = pool ? decodeComments(seal.openSync(toBytes(pool.sealed), context)) : []
      const sealed = seal.sealSync(encodeComments(shuffled([...list, ...to.comments])), context)
      run(writeCommentPoolQuery(db, to, pool?.version ?? 0, sealed))
    }
    return outcomes
  })

  let waiting: Waiting[] = []
  let scheduled = false

  function flush(): void {
    scheduled = false
    if (waiting.length === 0) return
    const batch = shuffled(waiting)
    waiting = []
    let outcomes: CastOutcome[]
    try {
      outcomes = write.immediate(batch)
    } catch (err) {
      for (const w of batch) w.reject(err)
      return
    }
    if (options.checkpoint)
      try {
        raw.pragma('wal_checkpoint(TRUNCATE)')
      } catch (err) {
        options.onCheckpointError?.(err)
      }
    batch.forEach((w, i) => w.resolve(outcomes[i]!))
  }

  return {
    flush,
    cast(cast) {
      return new Promise<CastOutcome>((resolve, reject) => {
        waiting.push({ cast, resolve, reject })
        if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
      })
    },
  }
}
