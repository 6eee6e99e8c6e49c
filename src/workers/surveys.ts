import collaboration from '../../surveys/collaboration.json'
import psychologicalSafety from '../../surveys/psychological-safety.json'
import squadHealthCheck from '../../surveys/squad-health-check.json'
import { loadSurveyFiles, type SurveyDefinition } from '../domain/survey'

/**
 * The built-in surveys, bundled into the Worker (there is no file system on Workers). The Node
 * entry reads the same files from surveys/; a test checks both lists agree.
 */
export const BUNDLED_SURVEY_FILES: Record<string, unknown> = {
  'surveys/collaboration.json': collaboration,
  'surveys/psychological-safety.json': psychologicalSafety,
  'surveys/squad-health-check.json': squadHealthCheck,
}

export function bundledSurveys(): SurveyDefinition[] {
  return loadSurveyFiles(
    Object.entries(BUNDLED_SURVEY_FILES).map(([file, json]) => ({
      file,
      text: JSON.stringify(json),
    })),
  )
}
