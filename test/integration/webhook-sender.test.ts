import type { lookup } from 'node:dns'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeWebhookSender } from '../../src/node/webhook-sender'
import { startHttpSink, type HttpSink } from '../helpers/http-sink'

/** A resolver that answers every name with `address`, as a hostile DNS record would. */
const resolvingTo = (address: string) =>
  ((_host: string, _options: unknown, callback: Function) =>
    callback(null, [
      { address, family: address.includes(':') ? 6 : 4 },
    ])) as unknown as typeof lookup

let sink: HttpSink | undefined
afterEach(async () => {
  await sink?.close()
  sink = undefined
})

describe('the chat sender on Node (SSRF through names)', () => {
  it('refuses a name that resolves to this machine or a private network, and sends nothing', async () => {
    sink = await startHttpSink()
    const port = new URL(sink.url).port
    for (const address of ['127.0.0.1', '10.0.0.5', '169.254.169.254', '::1', 'fd00::1']) {
      const sender = nodeWebhookSender({ allowLocal: false, resolve: resolvingTo(address) })
      await expect(
        sender.post(`http://hooks.attacker.example:${port}/hook`, { text: 'x' }),
      ).rejects.toThrow('its address is on this machine or a private network')
    }
    expect(sink.requests).toEqual([])
  })

  it('posts through the checked address when local webhooks are allowed, never naming the URL', async () => {
    sink = await startHttpSink()
    const port = new URL(sink.url).port
    const sender = nodeWebhookSender({ allowLocal: true, resolve: resolvingTo('127.0.0.1') })
    await sender.post(`http://relay.internal:${port}/hook`, { text: 'hello' })
    expect(sink.requests).toMatchObject([
      { method: 'POST', path: '/hook', json: { text: 'hello' } },
    ])
    sink.respond(() => ({ status: 302, headers: { location: 'http://127.0.0.1:1/' } }))
    const refused = sender.post(`http://relay.internal:${port}/secret-hook-token`, { text: 'x' })
    await expect(refused).rejects.toThrow('the chat server answered 302')
    await expect(refused).rejects.not.toThrow(/secret-hook-token/)
  })
})
