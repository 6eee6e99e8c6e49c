import { describe, expect, it } from 'vitest'
import { startServer } from '../helpers/server'

describe('npm start with a bad setting', () => {
  it('does not start and names the variable to fix', async () => {
    const failed = startServer({ DEFAULT_K: '2', SESSION_HOURS: 'forever' })
    await expect(failed).rejects.toThrow(/DEFAULT_K="2"/)
    await expect(failed).rejects.toThrow(/SESSION_HOURS="forever"/)
    await expect(failed).rejects.not.toThrow(/\n\s+at /) // no stack trace, just the message
  }, 60_000)
})
