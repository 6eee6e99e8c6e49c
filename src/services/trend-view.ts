import { listTeamRounds } from '../db/rounds'
import type { Deps } from '../deps'
import { notFound } from '../domain/errors'
import { localize, scaleOf, type SurveyDefinition } from '../domain/survey'
import { roundVisibleTo, type Audience } from '../domain/anonymity'
import { teamTrend } from './reports'
import { roundStatus } from './rounds'
import { getSurvey } from './surveys'
import type { ReportLocale } from '../views/numbers'
import type { TrendView } from '../views/trend'
import type { TeamOverview } from '../views/team-overview'

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
  return {
    trend,
    surveyTitle: localize(survey.title, options.locale),
    ...scaleRange(survey),
    surveys: surveys.map((s) => ({ id: s.id, title: localize(s.title, options.locale) })),
  }
}

/** The range of a survey's dimension scores: its scale's lowest and highest points. */
function scaleRange(survey: SurveyDefinition): { min: number; max: number } {
  const scaled = survey.items.filter((i) => i.dimension)
  const values = (scaled.length ? scaled.map((i) => scaleOf(survey, i)) : survey.scales).flatMap(
    (s) => s.points.map((p) => p.value),
  )
  return { min: Math.min(...values), max: Math.max(...values) }
}

/**
 * A team at a glance, for the teams list and the team page: per dimension its latest released
 * score, the change since the previous released round and the scores over rounds, all taken from
 * the team's trend as `audience` gets it (so from the gate, never recomputed); the latest
 * released round's response rate, as its release record gives it to `audience`. Null when no
 * round has closed.
 *
 * Cost: one `teamTrend` (rounds, releases and one survey read) and one more survey read for the
 * scale, whatever the number of rounds.
 */
export async function loadTeamOverview(
  deps: Deps,
  teamId: string,
  audience: Audience,
): Promise<TeamOverview | null> {
  const trend = await teamTrend(deps, teamId, audience)
  if (!trend.surveyId || trend.rounds.length === 0) return null
  const survey = await getSurvey(deps, trend.surveyId)
  const latest = [...trend.rounds].reverse().find((r) => r.released)
  return {
    surveyTitle: localize(survey.title, 'en'),
    ...scaleRange(survey),
    rounds: trend.rounds.map((r) => ({
      roundId: r.roundId,
      closedAt: r.closedAt ?? r.opensAt,
      released: r.released,
      k: r.k,
    })),
    latest: latest
      ? {
          roundId: latest.roundId,
          closedAt: latest.closedAt ?? latest.opensAt,
          respondents: latest.respondents,
          responseRate: latest.responseRate,
        }
      : null,
    dimensions: trend.dimensions.map((d) => ({
      id: d.id,
      title: d.title,
      latest: latest?.dimensions.find((x) => x.id === d.id) ?? null,
      series: trend.rounds.map((r) => r.dimensions.find((x) => x.id === d.id)?.mean ?? null),
    })),
  }
}
