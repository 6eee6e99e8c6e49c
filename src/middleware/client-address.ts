import type { Context } from 'hono'

/**
 * Which address a request comes from, for rate limits only: addresses are never stored or logged
 * (P5). Pure and runtime-free, so it runs the same on Node and Workers.
 */

/** Proxies in one chain we follow at most; real deployments have one or two. */
const MAX_HOPS = 16

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const HEXTET = /^[0-9a-f]{1,4}$/

function ipv6Groups(text: string): number[] | undefined {
  let s = text.toLowerCase()
  const zone = s.indexOf('%')
  if (zone >= 0) s = s.slice(0, zone)
  const tail: number[] = []
  const lastColon = s.lastIndexOf(':')
  if (lastColon < 0) return undefined
  const dotted = s.slice(lastColon + 1)
  if (dotted.includes('.')) {
    // The last 32 bits written as IPv4, e.g. ::ffff:192.0.2.1.
    if (!IPV4.test(dotted)) return undefined
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number]
    tail.push((a << 8) | b, (c << 8) | d)
    s = s[lastColon - 1] === ':' ? s.slice(0, lastColon + 1) : s.slice(0, lastColon)
  }
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const parse = (part: string) => (part === '' ? [] : part.split(':'))
  const head = parse(halves[0]!)
  const rest = halves.length === 2 ? parse(halves[1]!) : []
  if (![...head, ...rest].every((g) => HEXTET.test(g))) return undefined
  const given = head.length + rest.length + tail.length
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined
  const zeros = Array<number>(8 - given).fill(0)
  const hex = (g: string) => parseInt(g, 16)
  return [...head.map(hex), ...zeros, ...rest.map(hex), ...tail]
}

/**
 * An address in one canonical spelling (IPv4 dotted, IPv6 in RFC 5952 form, IPv4-mapped IPv6 as
 * IPv4), or undefined if the text is not an address. Accepts a port (`192.0.2.1:4711`,
 * `[2001:db8::1]:443`) and an IPv6 zone, as proxies and sockets may write them.
 */
export function parseAddress(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  let s = text.trim()
  if (s.length === 0 || s.length > 64) return undefined
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s)
  if (bracketed) s = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(s)) s = s.slice(0, s.indexOf(':'))
  if (IPV4.test(s)) return s
  const groups = ipv6Groups(s)
  if (!groups) return undefined
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')
  // RFC 5952: the longest run of two or more zero groups (the first if tied) becomes `::`.
  let best = { at: -1, length: 1 }
  for (let i = 0; i < 8;) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > best.length) best = { at: i, length: j - i }
    i = j === i ? i + 1 : j
  }
  const text16 = (gs: number[]) => gs.map((g) => g.toString(16)).join(':')
  if (best.at < 0) return text16(groups)
  return `${text16(groups.slice(0, best.at))}::${text16(groups.slice(best.at + best.length))}`
}

/** The set of trusted proxies from the TRUST_PROXY entries; `loopback` is 127.0.0.1 and ::1. */
export function trustedProxies(entries: readonly string[] = []): ReadonlySet<string> {
  const trusted = new Set<string>()
  for (const entry of entries) {
    const names = entry.trim().toLowerCase() === 'loopback' ? ['127.0.0.1', '::1'] : [entry]
    for (const name of names) {
      const address = parseAddress(name)
      if (address) trusted.add(address)
    }
  }
  return trusted
}

/**
 * The client's address. `peer` is whoever opened the connection (the socket on Node,
 * CF-Connecting-IP on Workers, which the platform sets). Only when the peer is a trusted proxy is
 * `forwardedFor` (X-Forwarded-For) read, from the right: each trusted proxy appends the address it
 * saw, so the right-most entry that is not itself a trusted proxy is the client, and anything
 * further left was written by the client and is ignored. A malformed entry ends the walk at the
 * last address a trusted proxy vouched for. Never throws.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string | undefined {
  const socket = parseAddress(peer)
  if (socket === undefined || !trusted.has(socket) || !forwardedFor) return socket
  const hops = forwardedFor.split(',')
  let client = socket
  for (let i = hops.length - 1; i >= 0 && i >= hops.length - MAX_HOPS; i--) {
    const hop = parseAddress(hops[i])
    if (hop === undefined) return client
    client = hop
    if (!trusted.has(hop)) return hop
  }
  return client
}

/**
 * The key rate limits count under: the address, but IPv6 by its /64, which one household or
 * office gets whole and can rotate through at will.
 */
export function limitKey(address: string | undefined): string | undefined {
  if (address === undefined || !address.includes(':')) return address
  const groups = ipv6Groups(address)
  return groups
    ? `${groups
        .slice(0, 4)
        .map((g) => g.toString(16))
        .join(':')}::/64`
    : address
}

/** Builds the per-request lookup the app's rate limits use, from TRUST_PROXY and the peer. */
export function clientAddressOf(
  trustProxy: readonly string[] | undefined,
  peer: (c: Context) => string | undefined,
): (c: Context) => string | undefined {
  const trusted = trustedProxies(trustProxy)
  return (c) =>
    limitKey(
      clientAddress(peer(c), trusted.size ? c.req.header('x-forwarded-for') : undefined, trusted),
    )
}
