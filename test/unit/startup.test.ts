import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { baseUrlOf, ConfigError, parseConfig } from '../../src/config'
import { SurveyFileError } from '../../src/domain/survey'
import { readSurveyDirectory } from '../../src/node/surveys'

describe('configuration', () => {
  it('has sensible defaults', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 8787,
      DATABASE_PATH: './data/quorum.sqlite',
      DEFAULT_K: 5,
      COMMENT_MIN: 10,
      PASSWORD_ITERATIONS: 600_000,
      DB_SYNCHRONOUS: 'FULL',
    })
    expect(baseUrlOf(config)).toBe('http://127.0.0.1:8787')
    expect(baseUrlOf(parseConfig({ BASE_URL: 'https://q.example.org/' }))).toBe(
      'https://q.example.org',
    )
  })

  it('names every bad variable and its value', () => {
    let error: unknown
    try {
      parseConfig({
        PORT: 'eighty',
        DEFAULT_K: '2',
        BASE_URL: 'ftp://x',
        INSECURE_COOKIES: 'maybe',
      })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    for (const name of [
      'PORT="eighty"',
      'DEFAULT_K="2"',
      'BASE_URL="ftp://x"',
      'INSECURE_COOKIES="maybe"',
    ])
      expect(message).toContain(name)
  })

  it('takes numbers and booleans from Workers bindings as well as text', () => {
    expect(parseConfig({ PORT: 9000, INSECURE_COOKIES: true })).toMatchObject({
      PORT: 9000,
      INSECURE_COOKIES: true,
    })
  })
})

describe('survey files at start-up', () => {
  it('a broken file stops start-up naming the file, the path inside it and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-surveys-'))
    const broken = {
      id: 'pulse',
      version: 1,
      locales: ['en', 'de'],
      title: { en: 'Pulse', de: 'Puls' },
      scales: [
        {
          id: 'a',
          points: [
            { value: 1, label: { en: 'No', de: 'Nein' } },
            { value: 2, label: { en: 'Yes', de: 'Ja' } },
          ],
          favourableFrom: 2,
        },
      ],
      items: [{ id: 'one', text: { en: 'One' } }],
    }
    writeFileSync(join(dir, 'pulse.json'), JSON.stringify(broken))
    writeFileSync(join(dir, 'typo.json'), '{ "id": ')
    let error: unknown
    try {
      readSurveyDirectory(dir)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(SurveyFileError)
    const message = (error as Error).message
    expect(message).toContain(`${join(dir, 'pulse.json')}: items.0.text.de: missing "de" text`)
    expect(message).toContain(`${join(dir, 'typo.json')}: not valid JSON`)
  })
})
