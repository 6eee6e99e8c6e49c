/**
 * A list that fixtures fill as things arrive (mails, requests) and tests wait on. Waiting is
 * event-driven, not polled, so a test resumes as soon as what it waits for has arrived.
 */
export interface Recorder<T> {
  /** Everything recorded so far, oldest first. */
  items: T[]
  push(item: T): void
  /**
   * Resolves with every recorded item once `count` items are there, or once one item matches
   * `predicate` (then with the matching ones); rejects after `timeoutMs` saying what it saw.
   */
  waitFor(what: number | ((item: T) => boolean), timeoutMs?: number): Promise<T[]>
}

/** A recorder; `describe` turns an item into one line for the timeout message. */
export function recorder<T>(name: string, describe: (item: T) => string): Recorder<T> {
  const items: T[] = []
  const listeners = new Set<() => void>()
  const push = (item: T) => {
    items.push(item)
    for (const listener of listeners) listener()
  }
  const waitFor = (what: number | ((item: T) => boolean), timeoutMs = 5000) =>
    new Promise<T[]>((resolve, reject) => {
      const found = (): T[] | undefined => {
        if (typeof what === 'number') return items.length >= what ? items : undefined
        const matching = items.filter(what)
        return matching.length > 0 ? matching : undefined
      }
      const check = () => {
        const result = found()
        if (result) done(() => resolve(result))
      }
      const timer = setTimeout(() => {
        const seen = items.map((item) => `  ${describe(item)}`).join('\n') || '  (nothing)'
        const wanted = typeof what === 'number' ? `${what} item(s)` : 'a match'
        done(() => reject(new Error(`${name}: no ${wanted} within ${timeoutMs} ms; got:\n${seen}`)))
      }, timeoutMs)
      const done = (settle: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        settle()
      }
      listeners.add(check)
      check()
    })
  return { items, push, waitFor }
}
