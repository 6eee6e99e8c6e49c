import { describe, expect, it } from 'vitest'
import { AppError, type ErrorCode } from '../../src/domain/errors'
import { MESSAGES, messageOf } from '../../src/messages'
import { ENGLISH_ONLY } from '../../src/messages/de'
import { en, type MessageKey } from '../../src/messages/en'
import { ERROR_STATUS, statusOf } from '../../src/routes/error-status'
import { ERROR_RESPONSES } from '../../src/routes/http'

const codes = Object.keys(ERROR_STATUS) as ErrorCode[]

/** What respondents can see: the survey page's errors and field messages, and report notices. */
const RESPONDENT: MessageKey[] = [
  'unknown_link',
  'link_used',
  'round_gone',
  'round_not_open',
  'invalid_answers',
  'code_missing',
  'submit_limited',
  'answer_missing',
  'answer_not_on_scale',
  'no_such_question',
  'comment_not_text',
  'comment_too_long',
  'code_field_missing',
  'round_answered',
  'round_still_open',
  'round_releasing',
  'round_withheld',
]

const params = { seconds: 30, opensAt: '2026-03-02T09:00:00Z', k: 5, respondents: 7, max: 10 }

describe('the message catalogue', () => {
  it('gives every error code a documented HTTP status', () => {
    for (const code of codes) {
      const status = statusOf(code)
      expect(status, code).toBeGreaterThanOrEqual(400)
      expect(Object.keys(ERROR_RESPONSES), code).toContain(String(status))
    }
  })

  it('has an English and a German message for every code and key', () => {
    for (const code of codes) expect(Object.keys(en), code).toContain(code)
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(MESSAGES.en[key](params), key).toMatch(/\S/)
      expect(MESSAGES.de[key](params), key).toMatch(/\S/)
    }
  })

  it('falls back to English only for what staff alone see', () => {
    for (const key of RESPONDENT) {
      expect(ENGLISH_ONLY, key).not.toContain(key)
      expect(MESSAGES.de[key](params), key).not.toBe(MESSAGES.en[key](params))
    }
  })

  it('renders an error with its params in each locale', () => {
    const limited = new AppError('too_many_requests', { seconds: 30 }, [], 'submit_limited')
    expect(limited.message).toBe(messageOf(limited, 'en'))
    expect(messageOf(limited, 'en')).toContain('wait 30 seconds')
    expect(messageOf(limited, 'de')).toContain('warte 30 Sekunden')
    expect(messageOf(new AppError('round_gone'), 'de')).toBe(
      'Diese Umfrage ist beendet und nimmt keine Antworten mehr an.',
    )
  })
})
