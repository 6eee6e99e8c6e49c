import { listTeamRounds } from '../db/rounds'
import type { Deps } from '../deps'
import { notFound } from '../domain/errors'
import { localize, scaleOf } from '../domain/survey'
import { roundVisibleTo, type Audience } from '../domain/anonymity'
import { teamTrend } from './reports'
import { roundStatus } from './rounds'
import { getSurvey } from './surveys'
import type { ReportLocale } from '../views/numbers'
import type { TrendView } from '../views/trend'

/**
 * A team's trend with what its chart needs: the survey's scale range, each round's k and the
 * surveys to pick from. Only rounds the audience may see count: a share link never lets an open
 * round's survey show, not even as the default choice or in the picker.
 */
export async function loadTrendView(
  deps: Deps,
  teamId: string,
  options: { survey?: string | undefined; locale: ReportLocale; audience: Audience },
): Promise<TrendView> {
  const rounds = await listTeamRounds(deps.db, teamId)
  const now = deps.now()
  const candidates = rounds.filter((r) => roundVisibleTo(options.audience, roundStatus(r, now)))
  const surveyIds = [...new Set(candidates.map((r) => r.survey_id))]
  if (options.survey && !surveyIds.includes(options.survey)) throw notFound('This survey’s trend')
  const chosen = options.survey ?? surveyIds[0]
  if (!chosen)
    return {
      trend: { teamId, surveyId: null, dimensions: [], rounds: [] },
      surveyTitle: '',
      min: 1,
      max: 5,
      surveys: [],
    }
  const trend = await teamTrend(deps, teamId, options.audience, chosen, options.locale)
  const surveys = await Promise.all(surveyIds.map((id) => getSurvey(deps, id)))
  const survey = surveys[surveyIds.indexOf(chosen)]!
  const scaled = survey.items.filter((i) => i.dimension)
  const values = (scaled.length ? scaled.map((i) => scaleOf(survey, i)) : survey.scales).flatMap(
    (s) => s.points.map((p) => p.value),
  )
  return {
    trend,
    surveyTitle: localize(survey.title, options.locale),
    min: Math.min(...values),
    max: Math.max(...values),
    surveys: surveys.map((s) => ({ id: s.id, title: localize(s.title, options.locale) })),
  }
}
