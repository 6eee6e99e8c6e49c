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
 * Whether a host name is this machine or a private network, as far as its spelling tells (names
 * that resolve to private addresses are not caught here; a firewall for outgoing traffic does).
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true
  if (host === '::1' || host === '::' || /^f[cd]|^fe[89ab]/.test(host)) return true
  if (host.startsWith('::ffff:')) {
    // IPv4 inside IPv6, which URL writes in hex: [::ffff:7f00:1] is 127.0.0.1.
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host.slice(7))
    if (!hex) return isLocalHost(host.slice(7))
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)]
    return isLocalHost(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`)
  }
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
    (a === 100 && b >= 64 && b <= 127)
  )
}
