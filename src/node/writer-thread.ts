// The writer thread of the server (src/node/thread-box.ts starts it): it owns a connection of its
// own to the database file and writes submissions in group commits, so that waiting for the disk
// (a commit with synchronous=FULL, then the WAL's truncation) never stops the event loop that
// serves requests. Built as dist/writer-thread.js beside dist/node.js.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import type { Cast } from '../deps'
import { groupCommit } from './ballot-box'
import { ballotWriter } from './ballot-writer'
import { nodeBallotSeal } from './seal'
import { checkpointNotice, configureConnection } from './sqlite'
import type { ToWriter, WriterData } from './thread-box'

const port = parentPort!
const { path, synchronous, key } = workerData as WriterData
const raw = new Database(path)
configureConnection(raw, synchronous)
const box = groupCommit(
  ballotWriter(raw, nodeBallotSeal(key), {
    checkpoint: true,
    onCheckpointTrouble: (failing) => port.postMessage({ warning: checkpointNotice(failing) }),
  }),
)

port.on('message', (message: ToWriter) => {
  if (message === 'close') {
    box.flush()
    raw.close()
    port.close()
    return
  }
  const { id, cast } = message as { id: number; cast: Cast }
  box.cast(cast).then(
    (outcome) => port.postMessage({ id, outcome }),
    (err: unknown) =>
      port.postMessage({ id, error: err instanceof Error ? err.message : 'failed' }),
  )
})
