import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  describeIssues,
  LOCALES,
  SurveyDefinition,
  surveyJsonSchema,
  type LocalizedText,
  type SurveyDefinitionInput,
} from '../../src/domain/survey'

const surveysDir = new URL('../../surveys/', import.meta.url)
const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(name, surveysDir), 'utf8'))
const surveyFiles = readdirSync(surveysDir)
  .filter((name) => name.endsWith('.json') && name !== 'survey.schema.json')
  .sort()

/** Every translatable text in a survey, named by where it sits. */
function textsOf(s: SurveyDefinition): [string, LocalizedText][] {
  const texts: [string, LocalizedText | undefined][] = [
    ['title', s.title],
    ['description', s.description],
  ]
  for (const sc of s.scales)
    for (const p of sc.points) texts.push([`scale ${sc.id} point ${p.value}`, p.label])
  for (const d of s.dimensions)
    texts.push([`dimension ${d.id}`, d.title], [`dimension ${d.id} description`, d.description])
  for (const i of s.items) texts.push([`item ${i.id}`, i.text])
  for (const q of s.questions) texts.push([`question ${q.id}`, q.text])
  return texts.filter((entry): entry is [string, LocalizedText] => entry[1] !== undefined)
}

describe('built-in surveys', () => {
  it('are the three we ship', () => {
    expect(surveyFiles).toEqual([
      'collaboration.json',
      'psychological-safety.json',
      'squad-health-check.json',
    ])
  })

  it.each(surveyFiles)('%s parses, and its id matches the file name', (name) => {
    const result = SurveyDefinition.safeParse(readJson(name))
    if (!result.success) expect(describeIssues(result.error)).toEqual([])
    expect(result.data?.id).toBe(name.replace(/\.json$/, ''))
  })

  it.each(surveyFiles)('%s has every text in English and German', (name) => {
    const survey = SurveyDefinition.parse(readJson(name))
    expect(survey.locales).toEqual([...LOCALES])
    for (const [where, text] of textsOf(survey))
      for (const locale of LOCALES) expect(text[locale], `${where} (${locale})`).toBeTruthy()
  })

  it('survey.schema.json is up to date (npm run survey-schema)', () => {
    expect(readJson('survey.schema.json')).toEqual(surveyJsonSchema())
  })
})

const text = (en: string): LocalizedText => ({ en, de: `${en} (de)` })

function validSurvey(): SurveyDefinitionInput {
  return {
    id: 'sample',
    version: 1,
    locales: ['en', 'de'],
    title: text('Sample'),
    scales: [
      {
        id: 'agreement',
        points: [1, 2, 3, 4, 5].map((value) => ({ value, label: text(`Point ${value}`) })),
        favourableFrom: 4,
      },
      {
        id: 'direction',
        points: [1, 2, 3].map((value) => ({ value, label: text(`Way ${value}`) })),
        favourableFrom: 3,
      },
    ],
    dimensions: [{ id: 'trust', title: text('Trust') }],
    items: [
      { id: 'one', text: text('One'), dimension: 'trust' },
      { id: 'two', text: text('Two'), dimension: 'trust', reverse: true },
      { id: 'three', text: text('Three') },
    ],
    questions: [{ id: 'comment', text: text('Anything else?') }],
  }
}

/** The issues the schema reports for a survey changed by `change`. */
function issuesAfter(
  change: (s: SurveyDefinitionInput) => void,
): { path: string; message: string }[] {
  const survey = validSurvey()
  change(survey)
  const result = SurveyDefinition.safeParse(survey)
  return result.success ? [] : describeIssues(result.error)
}

const at = (path: string, message: RegExp | string = /./) =>
  expect.arrayContaining([{ path, message: expect.stringMatching(message) }])

describe('SurveyDefinition', () => {
  it('accepts the sample survey and applies defaults', () => {
    const survey = SurveyDefinition.parse(validSurvey())
    expect(survey.items[0]?.reverse).toBe(false)
    expect(survey.questions[0]?.maxLength).toBe(1000)
  })

  it('rejects a missing German text', () => {
    expect(
      issuesAfter((s) => {
        s.items[2] = { id: 'three', text: { en: 'Three' } }
      }),
    ).toEqual(at('items.2.text.de', 'missing "de" text'))
  })

  it('rejects an item in an unknown dimension', () => {
    expect(
      issuesAfter((s) => {
        s.items[2]!.dimension = 'nope'
      }),
    ).toEqual(at('items.2.dimension', 'unknown dimension "nope"'))
  })

  it('rejects a duplicate item id', () => {
    expect(
      issuesAfter((s) => {
        s.items[1]!.id = 'one'
      }),
    ).toEqual(at('items.1.id', 'duplicate item id "one"'))
  })

  it('rejects scale values that do not increase', () => {
    expect(
      issuesAfter((s) => {
        s.scales[0]!.points[3]!.value = 2
      }),
    ).toEqual(at('scales.0.points.3.value', 'scale values must increase'))
  })

  it('rejects a favourable cut-off off the scale', () => {
    expect(
      issuesAfter((s) => {
        s.scales[1]!.favourableFrom = 4
      }),
    ).toEqual(at('scales.1.favourableFrom', 'must lie on the scale'))
  })

  it('rejects items of one dimension on two scales', () => {
    expect(
      issuesAfter((s) => {
        s.items[1]!.scale = 'direction'
      }),
    ).toEqual(at('items.1.scale', 'must share one scale'))
  })

  it('rejects an item on an unknown scale', () => {
    expect(
      issuesAfter((s) => {
        s.items[2]!.scale = 'stars'
      }),
    ).toEqual(at('items.2.scale', 'unknown scale "stars"'))
  })

  it('rejects a dimension that no item uses', () => {
    expect(
      issuesAfter((s) => {
        s.dimensions!.push({ id: 'unused', title: text('Unused') })
      }),
    ).toEqual(at('dimensions.1.id', 'no item uses this dimension'))
  })

  it('rejects a property of the wrong type', () => {
    expect(
      issuesAfter((s) => {
        ;(s as Record<string, unknown>).version = '1'
      }),
    ).toEqual(at('version'))
  })
})
