import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadSurveyFiles, type SurveyDefinition } from '../domain/survey'

/** Reads and validates every surveys/*.json (except the JSON Schema) from disk. */
export function readSurveyDirectory(dir: string): SurveyDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'survey.schema.json')
    .sort()
  return loadSurveyFiles(
    files.map((file) => ({ file: join(dir, file), text: readFileSync(join(dir, file), 'utf8') })),
  )
}
