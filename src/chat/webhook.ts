import type { ChatSender } from '../deps'

/** How long a chat server gets to accept a message before we give up on it. */
const TIMEOUT_MS = 5000

/**
 * Posts Slack-compatible JSON (`{ "text": … }`) to incoming webhooks with fetch, on both runtimes.
 * Mattermost and Microsoft Teams workflows accept the same body. Fails with a short reason that
 * never contains the URL: the URL is the secret.
 */
export function webhookSender(fetchImpl: typeof fetch = fetch): ChatSender {
  return {
    async post(url, body) {
      let res: Response
      try {
        res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          // Never followed (workerd has no 'error' mode): a redirect is an answer that is not ok.
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
      } catch (err) {
        const timedOut = err instanceof Error && err.name === 'TimeoutError'
        throw new Error(timedOut ? `no answer within ${TIMEOUT_MS / 1000} s` : 'could not connect')
      }
      await res.body?.cancel()
      if (!res.ok) throw new Error(`the chat server answered ${res.status}`)
    },
  }
}
