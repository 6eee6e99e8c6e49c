import type { BallotBox, Cast, CastOutcome } from '../deps'

export interface GroupCommitBox extends BallotBox {
  /** Writes what is waiting now (also used on shutdown). */
  flush(): void
}

interface Waiting {
  cast: Cast
  resolve(outcome: CastOutcome): void
  reject(err: unknown): void
}

/**
 * Group commit (DESIGN.md performance targets): submissions that arrive while the event loop is
 * busy wait for its next turn and go to `write` together (src/node/ballot-writer.ts), and each
 * caller hears its outcome only once that batch is on disk. Used in the thread that owns the
 * database: the writer thread of the server, or the main thread of the CLI and the tests.
 */
export function groupCommit(write: (casts: readonly Cast[]) => CastOutcome[]): GroupCommitBox {
  let waiting: Waiting[] = []
  let scheduled = false

  function flush(): void {
    scheduled = false
    if (waiting.length === 0) return
    const batch = waiting
    waiting = []
    let outcomes: CastOutcome[]
    try {
      outcomes = write(batch.map((w) => w.cast))
    } catch (err) {
      for (const w of batch) w.reject(err)
      return
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
