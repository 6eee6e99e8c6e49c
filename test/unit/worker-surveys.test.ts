import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../src/node/runtime'
import { readSurveyDirectory } from '../../src/node/surveys'
import { BUNDLED_SURVEY_FILES, bundledSurveys } from '../../src/workers/surveys'

const SURVEYS = join(PROJECT_ROOT, 'surveys')

describe('the built-in surveys bundled into the Worker', () => {
  it('are exactly the files in surveys/ (so a new built-in cannot be forgotten)', () => {
    const files = readdirSync(SURVEYS)
      .filter((f) => f.endsWith('.json') && f !== 'survey.schema.json')
      .map((f) => `surveys/${f}`)
    expect(Object.keys(BUNDLED_SURVEY_FILES).sort()).toEqual(files.sort())
  })

  it('are the surveys the Node entry reads from disk', () => {
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id))
    expect(byId(bundledSurveys())).toEqual(byId(readSurveyDirectory(SURVEYS)))
  })
})
