import { Worker } from 'node:worker_threads'
import type { BallotBox, Cast, CastOutcome, Logger } from '../deps'

export interface WriterData {
  path: string
  synchronous: 'FULL' | 'NORMAL'
  key: Uint8Array
}

export type ToWriter = { id: number; cast: Cast } | 'close'
type FromWriter =
  { id: number; outcome: CastOutcome } | { id: number; error: string } | { warning: string }

export interface ThreadBox extends BallotBox {
  /** Lets the writer finish what it has, then stops it. */
  close(): Promise<void>
}

/**
 * The server's ballot box: casts go to a writer thread (src/node/writer-thread.ts, built as
 * `script`) that group-commits them on its own connection, and each answer comes back once its
 * batch is on disk. Should the thread die, waiting casts fail (the client gets a 500 and may send
 * again: either nothing was stored, or the link is spent) and the next cast starts a new thread.
 */
export function threadBallotBox(script: URL, data: WriterData, log: Logger): ThreadBox {
  const waiting = new Map<number, { resolve(o: CastOutcome): void; reject(e: Error): void }>()
  let next = 0
  let worker: Worker | undefined

  const start = () => {
    const thread = new Worker(script, { workerData: data })
    thread.on('message', (message: FromWriter) => {
      if ('warning' in message) return log.warn(message.warning)
      const w = waiting.get(message.id)
      waiting.delete(message.id)
      if ('error' in message) w?.reject(new Error(`writer: ${message.error}`))
      else w?.resolve(message.outcome)
    })
    thread.on('error', (err) => log.error('writer thread failed', { error: String(err) }))
    thread.on('exit', () => {
      if (worker === thread) worker = undefined
      for (const w of waiting.values()) w.reject(new Error('the writer thread stopped'))
      waiting.clear()
    })
    return thread
  }

  return {
    cast(cast) {
      const thread = (worker ??= start())
      return new Promise<CastOutcome>((resolve, reject) => {
        const id = next++
        waiting.set(id, { resolve, reject })
        thread.postMessage({ id, cast } satisfies ToWriter)
      })
    },
    async close() {
      const thread = worker
      worker = undefined
      if (!thread) return
      const exited = new Promise((resolve) => thread.once('exit', resolve))
      // Answers in flight come back first (the thread handles messages in order), within reason.
      const deadline = Date.now() + 5000
      while (waiting.size > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5))
      thread.postMessage('close' satisfies ToWriter)
      await exited
    },
  }
}
