import { lookup, type LookupAddress } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import type { ChatSender } from '../deps'
import { isLocalHost } from '../domain/webhook'

/** How long a chat server gets to accept a message before we give up on it. */
const TIMEOUT_MS = 5000

/**
 * The team chat's sender on Node. A webhook URL that passed its check (src/domain/webhook.ts) may
 * still name a host that resolves to this machine or a private network (`vm`, a domain of the
 * facilitator's own pointing at 10.0.0.5, or one that changes its answer between the check and the
 * post). So the name is resolved here, at the moment of connecting, and the connection refused
 * unless every address it resolves to is public; the socket then uses the address checked. Unless
 * the operator allows local webhooks (CHAT_LOCAL_WEBHOOKS). Redirects are never followed. Fails
 * with a short reason that never contains the URL: the URL is the secret.
 */
export function nodeWebhookSender(options: {
  allowLocal: boolean
  /** How names are resolved: the system's resolver, or a stand-in in tests. */
  resolve?: typeof lookup
}): ChatSender {
  const resolve = options.resolve ?? lookup
  const guarded: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4)
      const all = addresses as unknown as LookupAddress[]
      if (!options.allowLocal && all.some((a) => isLocalHost(a.address)))
        return callback(
          Object.assign(new Error('resolves to a local address'), { code: 'ELOCAL' }),
          '',
          4,
        )
      if (lookupOptions.all) return (callback as unknown as AllCallback)(null, all)
      callback(null, all[0]!.address, all[0]!.family)
    })
  }
  return {
    post: (url, body) =>
      new Promise<void>((resolve, reject) => {
        const target = new URL(url)
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest
        const payload = JSON.stringify(body)
        const req = send(
          target,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            },
            lookup: guarded,
            timeout: TIMEOUT_MS,
          },
          (res) => {
            res.resume()
            const status = res.statusCode ?? 0
            if (status >= 200 && status < 300) resolve()
            else reject(new Error(`the chat server answered ${status}`))
          },
        )
        req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
        req.on('error', (err: NodeJS.ErrnoException) =>
          reject(
            new Error(
              err.code === 'ELOCAL'
                ? 'its address is on this machine or a private network'
                : err.message.startsWith('no answer')
                  ? err.message
                  : 'could not connect',
            ),
          ),
        )
        req.end(payload)
      }),
  }
}

type AllCallback = (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void
