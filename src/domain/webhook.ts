import { field, invalid } from './errors'

/**
 * Which team chat webhooks Quorum posts to. A facilitator sets the URL, so it must not let them
 * make the server post into its own network (SSRF): only public https addresses, unless the
 * operator allows local ones (CHAT_LOCAL_WEBHOOKS, for a relay on this machine or the tests).
 */

const MAX_URL = 500

/** The URL if it may be a webhook, or 400 `chat_webhook`. */
export function checkWebhookUrl(text: string, allowLocal = false): URL {
  const refused = (key: 'chat_webhook' | 'chat_webhook_local' = 'chat_webhook') =>
    invalid(key, {}, [field('url', key)])
  const trimmed = text.trim()
  if (trimmed.length > MAX_URL) throw refused()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw refused()
  }
  if (url.username || url.password) throw refused()
  const local = isLocalHost(url.hostname)
  // A facilitator must not make the server post into its own network (SSRF): only public https
  // addresses, unless the operator allows local ones (a relay on this machine, the tests).
  if (local && !allowLocal) throw refused('chat_webhook_local')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw refused()
  return url
}

/**
 * Whether a host (a name or an address literal) is this machine or a private network, as far as
 * its spelling tells. Names that resolve to such addresses are caught when the server connects
 * (src/node/webhook-sender.ts resolves first and checks the addresses with this same rule).
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true
  if (host.includes(':')) return isLocalV6(host)
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)
  if (!v4) return false
  const [a, b] = [Number(v4[1]), Number(v4[2])]
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    a >= 224
  )
}

/**
 * IPv6: only global unicast (2000::/3) counts as public, less the ranges that carry an IPv4
 * address inside (6to4 2002::/16) and documentation (2001:db8::/32). Everything else — loopback,
 * unspecified, IPv4-mapped, -compatible and -translated forms, NAT64 (64:ff9b::/96), unique-local,
 * link-local, multicast — is treated as local.
 */
function isLocalV6(host: string): boolean {
  if (host.startsWith('::ffff:') && host.includes('.')) return isLocalHost(host.slice(7))
  const first = /^([0-9a-f]{1,4}):/.exec(host)?.[1]
  if (!first) return true
  const word = parseInt(first, 16)
  if (word < 0x2000 || word > 0x3fff) return true
  return word === 0x2002 || host.startsWith('2001:db8:') || host.startsWith('2001:0db8:')
}
