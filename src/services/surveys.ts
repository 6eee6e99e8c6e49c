import {
  findSurveyVersion,
  insertSurveyVersion,
  isSurveyVersionUsed,
  listSurveyVersions,
  parseStoredDefinition,
  replaceSurveyVersion,
} from '../db/surveys'
import type { Deps } from '../deps'
import { OPERATOR, type Actor } from '../domain/actor'
import { requireAdmin } from './access'
import { AppError, notFound } from '../domain/errors'
import { describeIssues, SurveyDefinition } from '../domain/survey'

/** Parses a survey definition from any source; the error names each path and its problem. */
export function parseSurvey(input: unknown, source = 'survey'): SurveyDefinition {
  const result = SurveyDefinition.safeParse(input)
  if (result.success) return result.data
  throw new AppError('invalid_survey', { source }, describeIssues(result.error))
}

/**
 * Stores a survey version. A new version is added; an existing one may be replaced only while
 * no round has used it, because results must always be read against the questions people saw.
 */
export async function saveSurveyVersion(
  deps: Deps,
  actor: Actor,
  survey: SurveyDefinition,
  source: 'builtin' | 'custom',
): Promise<'created' | 'updated' | 'unchanged'> {
  requireAdmin(actor)
  // Every version: a custom "version 2" of a built-in would become the newest, used everywhere.
  if (source === 'custom' && deps.builtinSurveys.some((s) => s.id === survey.id))
    throw builtinClash(survey.id)
  const definition = JSON.stringify(survey)
  const existing = await findSurveyVersion(deps.db, survey.id, survey.version)
  const row = {
    survey_id: survey.id,
    version: survey.version,
    source,
    title: survey.title.en,
    definition,
    created_at: deps.now().toISOString(),
  }
  if (!existing) {
    await insertSurveyVersion(deps.db, row)
    return 'created'
  }
  if (existing.definition === definition) return 'unchanged'
  if (existing.source === 'builtin' && source === 'custom') throw builtinClash(survey.id)
  if (await isSurveyVersionUsed(deps.db, survey.id, survey.version))
    throw new AppError('survey_version_used', {
      version: survey.version,
      id: survey.id,
      next: survey.version + 1,
    })
  await replaceSurveyVersion(deps.db, row)
  return 'updated'
}

const builtinClash = (id: string) => new AppError('builtin_survey', { id })

/** Brings the built-in surveys from surveys/*.json into the database at start. */
export async function syncBuiltinSurveys(deps: Deps): Promise<void> {
  for (const survey of deps.builtinSurveys) {
    const outcome = await saveSurveyVersion(deps, OPERATOR, survey, 'builtin')
    if (outcome !== 'unchanged')
      deps.log.info('built-in survey ' + outcome, { survey: survey.id, version: survey.version })
  }
}

/** A survey version (the newest when none is named). */
export async function getSurvey(
  deps: Deps,
  surveyId: string,
  version?: number,
): Promise<SurveyDefinition> {
  const row = await findSurveyVersion(deps.db, surveyId, version)
  if (!row)
    throw notFound(version ? `Survey "${surveyId}" version ${version}` : `Survey "${surveyId}"`)
  return parseStoredDefinition(row.definition)
}

export async function listSurveys(deps: Deps) {
  const rows = await listSurveyVersions(deps.db)
  return rows.map((r) => ({
    id: r.survey_id,
    version: r.version,
    source: r.source,
    title: r.title,
    createdAt: r.created_at,
  }))
}

/**
 * One stored survey version (the newest without `version`) with where it came from and whether a
 * round has used it, for the admins' preview; undefined if there is none.
 */
export async function findSurveyVersionFor(
  deps: Deps,
  actor: Actor,
  surveyId: string,
  version?: number,
) {
  requireAdmin(actor)
  const row = await findSurveyVersion(deps.db, surveyId, version)
  if (!row) return undefined
  return {
    id: row.survey_id,
    version: row.version,
    source: row.source,
    survey: parseStoredDefinition(row.definition),
    used: await isSurveyVersionUsed(deps.db, row.survey_id, row.version),
  }
}
