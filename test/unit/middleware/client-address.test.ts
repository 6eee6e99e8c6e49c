import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  clientAddress,
  limitKey,
  parseAddress,
  trustedProxies,
} from '../../../src/middleware/client-address'

const PROXY = '10.0.0.2'
const trusted = trustedProxies([PROXY])

describe('parseAddress', () => {
  it('spells each address one way, with ports, brackets and zones removed', () => {
    expect(parseAddress('192.0.2.1')).toBe('192.0.2.1')
    expect(parseAddress(' 192.0.2.1:4711 ')).toBe('192.0.2.1')
    expect(parseAddress('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(parseAddress('::FFFF:c000:0201')).toBe('192.0.2.1')
    expect(parseAddress('[2001:DB8:0:0:0:0:0:1]:443')).toBe('2001:db8::1')
    expect(parseAddress('0:0:0:0:0:0:0:1')).toBe('::1')
    expect(parseAddress('fe80::1%eth0')).toBe('fe80::1')
    expect(parseAddress('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1')
    expect(parseAddress('64:ff9b::192.0.2.1')).toBe('64:ff9b::c000:201')
  })

  it('refuses what is not an address', () => {
    for (const text of [
      undefined,
      '',
      'unknown',
      '_hidden',
      '192.0.2',
      '192.0.2.256',
      '010.0.0.1',
      '192.0.2.1/24',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':::',
      '12345::1',
      '::ffff:999.0.0.1',
      'localhost',
      '1'.repeat(200),
    ])
      expect(parseAddress(text), String(text)).toBeUndefined()
  })

  it('writes IPv6 as URLs do (RFC 5952), however it was spelled', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }))
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.boolean(), (gs, pad) => {
        fc.pre(!(gs.slice(0, 5).every((g) => g === 0) && gs[5] === 0xffff))
        const spelled = gs.map((g) => (pad ? g.toString(16).padStart(4, '0') : g.toString(16)))
        const expected = new URL(`http://[${spelled.join(':')}]/`).hostname.slice(1, -1)
        expect(parseAddress(spelled.join(':').toUpperCase())).toBe(expected)
        expect(parseAddress(expected)).toBe(expected)
      }),
    )
  })
})

describe('trustedProxies', () => {
  it('expands loopback and ignores what is not an address', () => {
    expect([...trustedProxies(['loopback', '10.0.0.2', 'nonsense'])].sort()).toEqual(
      ['10.0.0.2', '127.0.0.1', '::1'].sort(),
    )
    expect(trustedProxies(undefined).size).toBe(0)
  })
})

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the headers say', () => {
    const none = trustedProxies([])
    expect(clientAddress('192.0.2.7', '198.51.100.1', none)).toBe('192.0.2.7')
    expect(clientAddress('::ffff:192.0.2.7', undefined, none)).toBe('192.0.2.7')
    expect(clientAddress(PROXY, '198.51.100.1', none)).toBe(PROXY)
    expect(clientAddress(undefined, '198.51.100.1', none)).toBeUndefined()
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('192.0.2.7', '198.51.100.1', trusted)).toBe('192.0.2.7')
  })

  it('behind a trusted proxy, is the address the proxy appended', () => {
    expect(clientAddress(PROXY, '198.51.100.1', trusted)).toBe('198.51.100.1')
    expect(clientAddress(`::ffff:${PROXY}`, ' 198.51.100.1:5500 ', trusted)).toBe('198.51.100.1')
    expect(clientAddress(PROXY, '[2001:db8::7]:443', trusted)).toBe('2001:db8::7')
  })

  it('walks back through a chain of trusted proxies, and no further', () => {
    const chain = trustedProxies(['10.0.0.2', '10.0.0.3'])
    // client 198.51.100.1 → proxy 10.0.0.3 → proxy 10.0.0.2 → us
    expect(clientAddress('10.0.0.2', '198.51.100.1, 10.0.0.3', chain)).toBe('198.51.100.1')
    // A forged entry further left, even a trusted proxy's address, is not reached.
    expect(clientAddress('10.0.0.2', '10.0.0.3, 198.51.100.1, 10.0.0.3', chain)).toBe(
      '198.51.100.1',
    )
  })

  it('cannot be steered by a forged X-Forwarded-For prefix', () => {
    const forged = fc.oneof(
      fc.string(),
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom(PROXY, 'unknown', ',,,', '[::1]', '::ffff:10.0.0.2', ' , '),
    )
    fc.assert(
      fc.property(fc.array(forged, { maxLength: 20 }), fc.ipV4(), (prefix, real) => {
        fc.pre(real !== PROXY)
        const header = [...prefix, real].join(', ')
        expect(clientAddress(PROXY, header, trusted)).toBe(real)
        // Several headers arrive joined by commas; the same holds.
        expect(clientAddress(PROXY, `${prefix.join(',')},${real}`, trusted)).toBe(real)
      }),
    )
  })

  it('never throws, and answers only with an address or nothing', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (peer, header) => {
        const result = clientAddress(peer ?? undefined, header ?? undefined, trusted)
        if (result !== undefined) expect(parseAddress(result)).toBe(result)
      }),
    )
  })

  it('falls back to the proxy when what it forwarded is not an address', () => {
    expect(clientAddress(PROXY, 'garbage', trusted)).toBe(PROXY)
    expect(clientAddress(PROXY, '', trusted)).toBe(PROXY)
    expect(clientAddress(PROXY, `198.51.100.1, ${PROXY}`, trusted)).toBe('198.51.100.1')
  })
})

describe('limitKey', () => {
  it('counts IPv6 clients by their /64 and IPv4 clients by address', () => {
    expect(limitKey('2001:db8:1:2:aaaa::1')).toBe(limitKey('2001:db8:1:2:bbbb::2'))
    expect(limitKey('2001:db8:1:2::1')).not.toBe(limitKey('2001:db8:1:3::1'))
    expect(limitKey('192.0.2.1')).toBe('192.0.2.1')
    expect(limitKey(undefined)).toBeUndefined()
  })
})
