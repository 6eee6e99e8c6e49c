import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src/domain/errors'
import { statusOf } from '../../../src/routes/error-status'
import { bodyLimit } from '../../../src/middleware/body-limit'

/** A bare app that accepts bodies of at most 1 KB and answers with the length it read. */
function limitedApp() {
  const app = new Hono()
  app.onError((err, c) =>
    err instanceof AppError
      ? c.json({ code: err.code, message: err.message }, statusOf(err.code))
      : c.text('bug', 500),
  )
  app.use(bodyLimit({ maxSize: 1024 }))
  app.all('/upload', async (c) => c.text(String((await c.req.text()).length)))
  return app
}

/** A body without a length: the client sends it chunked. */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let sent = 0; sent < bytes; sent += 256)
        controller.enqueue(new Uint8Array(Math.min(256, bytes - sent)).fill(97))
      controller.close()
    },
  })
}

const post = (app: Hono, init: RequestInit & { duplex?: 'half' }) =>
  app.request('/upload', { method: 'POST', ...init })

describe('bodyLimit', () => {
  it('accepts a body up to the limit', async () => {
    const res = await post(limitedApp(), { body: 'a'.repeat(1024) })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('1024')
  })

  it('refuses a larger body by its Content-Length, with 413 too_large', async () => {
    const res = await post(limitedApp(), { body: 'a'.repeat(1025) })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({
      code: 'too_large',
      message: 'The request body is larger than 1 KB.',
    })
  })

  it('refuses a Content-Length that is not a plain number', async () => {
    for (const length of ['-1', '1e3', '0x10', '12abc', '']) {
      const res = await post(limitedApp(), { headers: { 'content-length': length }, body: 'a' })
      expect(res.status, length).toBe(413)
    }
  })

  it('counts a chunked body as it reads it', async () => {
    const app = limitedApp()
    const small = await post(app, { body: chunked(1000), duplex: 'half' })
    expect(await small.text()).toBe('1000')
    const large = await post(app, { body: chunked(4096), duplex: 'half' })
    expect(large.status).toBe(413)
    expect(await large.json()).toMatchObject({ code: 'too_large' })
  })

  it('does not look at GET and HEAD', async () => {
    const res = await limitedApp().request('/upload', { headers: { 'content-length': '99999' } })
    expect(res.status).toBe(200)
  })
})
