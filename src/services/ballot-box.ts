import {
  ballotStateQuery,
  fillBallotIfPoolQuery,
  fillBallotQuery,
  fillRefusal,
  forgetUsedLinkQuery,
  readCommentPool,
  writeCommentPoolQuery,
  type BallotState,
} from '../db/ballots'
import type { Batch, Db } from '../db/schema'
import type { BallotBox, Cast } from '../deps'
import { decodeComments, encodeComments, shuffled, type PooledComment } from '../domain/ballot'
import type { BallotSeal } from '../seal'

/** How often a submission retries when another one rewrote the comment list meanwhile. */
const POOL_ATTEMPTS = 25

/** The context a round's comment list is sealed under (never valid for a ballot). */
export const commentsContext = (roundId: string) => `${roundId}/comments`

/** A bucket of a round's comments with new ones added, reshuffled and sealed afresh. */
export async function growCommentPool(
  seal: BallotSeal,
  roundId: string,
  current: Uint8Array | undefined,
  added: readonly PooledComment[],
): Promise<Uint8Array> {
  const context = commentsContext(roundId)
  const list = current ? decodeComments(await seal.open(current, context)) : []
  return seal.seal(encodeComments(shuffled([...list, ...added])), context)
}

/**
 * A ballot box for databases without interactive transactions (D1): each submission is one
 * atomic batch. Comments go in with optimistic concurrency on the list's version, so two people
 * answering at once never lose each other's comments.
 */
export function batchBallotBox(db: Db, batch: Batch, seal: BallotSeal): BallotBox {
  async function refusal(cast: Cast) {
    const [result] = await batch([ballotStateQuery(cast.roundId, cast.place)])
    return fillRefusal(result?.rows[0] as BallotState | undefined, cast.now)
  }

  return {
    async cast(cast) {
      if (cast.comments.length === 0) {
        const [filled] = await batch([
          fillBallotQuery(cast),
          forgetUsedLinkQuery(cast.roundId, cast.tag, cast),
        ])
        if (filled?.numChangedRows === 1) return 'stored'
        const why = await refusal(cast)
        if (why === 'empty') throw new Error('ballot refused a fill of the wrong size')
        return why
      }
      for (let attempt = 0; attempt < POOL_ATTEMPTS; attempt++) {
        const pool = await readCommentPool(db, cast.roundId, cast.bucket)
        const expected = pool?.version ?? 0
        const sealedPool = await growCommentPool(seal, cast.roundId, pool?.sealed, cast.comments)
        const [filled] = await batch([
          fillBallotIfPoolQuery(cast, expected),
          writeCommentPoolQuery(cast, expected, sealedPool, cast),
          forgetUsedLinkQuery(cast.roundId, cast.tag, cast),
        ])
        if (filled?.numChangedRows === 1) return 'stored'
        const why = await refusal(cast)
        // Still empty and open: the comment list moved under us; read it again, after a pause
        // that grows and differs between writers so that they stop colliding.
        if (why !== 'empty') return why
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)))
      }
      throw new Error('comment list kept changing; submission not stored')
    },
  }
}
