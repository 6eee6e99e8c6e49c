import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/domain/errors'
import { checkWebhookUrl, isLocalHost } from '../../src/domain/webhook'

const octet = fc.integer({ min: 0, max: 255 })

describe('team chat webhook addresses', () => {
  it('treat every loopback and private IPv4 address as local, in any spelling URL accepts', () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), octet, octet, octet),
      fc.tuple(fc.constant(127), octet, octet, octet),
      fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
      fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
    )
    fc.assert(
      fc.property(privateV4, (parts) => {
        const dotted = parts.join('.')
        expect(() => checkWebhookUrl(`https://${dotted}/hook`)).toThrow(AppError)
        // The same address inside IPv6, which URL rewrites in hex.
        expect(() => checkWebhookUrl(`https://[::ffff:${dotted}]/hook`)).toThrow(AppError)
        expect(checkWebhookUrl(`http://${dotted}/hook`, true).hostname).toBe(dotted)
      }),
    )
  })

  it('take public https addresses and refuse everything else with a 400', () => {
    expect(isLocalHost('hooks.slack.com')).toBe(false)
    expect(isLocalHost('8.8.8.8')).toBe(false)
    expect(checkWebhookUrl('https://hooks.slack.com/services/T/B/x').host).toBe('hooks.slack.com')
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          const url = checkWebhookUrl(text)
          expect(url.protocol).toBe('https:')
          expect(isLocalHost(url.hostname)).toBe(false)
        } catch (err) {
          expect(err).toBeInstanceOf(AppError)
        }
      }),
    )
  })
})
