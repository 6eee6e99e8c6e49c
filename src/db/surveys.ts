import { SurveyDefinition } from '../domain/survey'
import type { Db, SurveyVersionsTable } from './schema'

export type SurveyVersionRow = SurveyVersionsTable

const parsed = new Map<string, SurveyDefinition>()

/**
 * Parses a stored definition (validated on the way in, so this only applies defaults). Cached by
 * its text: a stored text always means the same survey, and reports read it on every request.
 */
export function parseStoredDefinition(json: string): SurveyDefinition {
  let survey = parsed.get(json)
  if (!survey) {
    survey = SurveyDefinition.parse(JSON.parse(json))
    if (parsed.size > 200) parsed.clear()
    parsed.set(json, survey)
  }
  return survey
}

export async function findSurveyVersion(
  db: Db,
  surveyId: string,
  version?: number,
): Promise<SurveyVersionRow | undefined> {
  let query = db.selectFrom('survey_versions').selectAll().where('survey_id', '=', surveyId)
  query =
    version === undefined
      ? query.orderBy('version', 'desc').limit(1)
      : query.where('version', '=', version)
  return query.executeTakeFirst()
}

/** Every survey version, newest version of each survey first. */
export async function listSurveyVersions(db: Db) {
  return db
    .selectFrom('survey_versions')
    .select(['survey_id', 'version', 'source', 'title', 'created_at'])
    .orderBy('survey_id')
    .orderBy('version', 'desc')
    .execute()
}

/** Whether any round used this version: such a version is frozen. */
export async function isSurveyVersionUsed(
  db: Db,
  surveyId: string,
  version: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('rounds')
    .select('id')
    .where('survey_id', '=', surveyId)
    .where('survey_version', '=', version)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function insertSurveyVersion(db: Db, row: SurveyVersionRow): Promise<void> {
  await db.insertInto('survey_versions').values(row).execute()
}

/** Replaces an unused version's definition (callers check it is unused). */
export async function replaceSurveyVersion(db: Db, row: SurveyVersionRow): Promise<void> {
  await db
    .updateTable('survey_versions')
    .set({ definition: row.definition, title: row.title, source: row.source })
    .where('survey_id', '=', row.survey_id)
    .where('version', '=', row.version)
    .execute()
}
