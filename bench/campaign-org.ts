import { listCampaignRounds } from '../src/db/campaigns'
import type { Deps } from '../src/deps'
import { OPERATOR } from '../src/domain/actor'
import type { SurveyDefinition, SurveyDefinitionInput } from '../src/domain/survey'
import { demoAnswers, itemOffsets, normal, people, seededRandom } from '../src/cli/demo-data'
import { openCampaign } from '../src/services/campaigns'
import { createGroup, setTeamGroup } from '../src/services/groups'
import { mintInvitations } from '../src/services/opening'
import { submitResponse } from '../src/services/responses'
import { addMembers } from '../src/services/rosters'
import { parseSurvey, saveSurveyVersion } from '../src/services/surveys'
import { createTeam } from '../src/services/teams'

/*
 * The organisation the campaign bench measures (issue 11, "Scale"): 2,000 teams under four levels
 * of groups, each team with a roster and 3–15 people answering a 10-dimension survey through the
 * real submission path, so the release opens real sealed ballots. Seeded: every run builds the
 * same counts and answers.
 */

const DIMENSIONS = [
  'safety',
  'clarity',
  'ownership',
  'trust',
  'learning',
  'workload',
  'autonomy',
  'feedback',
  'inclusion',
  'purpose',
]

/** A custom survey of 10 dimensions × 2 items (one reverse-worded) on a 5-point scale. */
export const BENCH_SURVEY: SurveyDefinitionInput = {
  id: 'bench-ten-dimensions',
  version: 1,
  locales: ['en'],
  title: { en: 'Bench: ten dimensions' },
  scales: [
    {
      id: 'agreement',
      points: [1, 2, 3, 4, 5].map((value) => ({ value, label: { en: `Point ${value}` } })),
      favourableFrom: 4,
    },
  ],
  dimensions: DIMENSIONS.map((id) => ({ id, title: { en: id[0]!.toUpperCase() + id.slice(1) } })),
  items: DIMENSIONS.flatMap((id) => [
    { id: `${id}-1`, text: { en: `A statement about ${id}.` }, dimension: id },
    { id: `${id}-2`, text: { en: `A doubt about ${id}.` }, dimension: id, reverse: true },
  ]),
  questions: [{ id: 'comment', text: { en: 'Anything else?' } }],
}

/** Divisions › departments › units › teams: 4 × 5 × 5 groups, 20 teams in each unit. */
export const SHAPE = { divisions: 4, departments: 5, units: 5, teamsPerUnit: 20 }
export const BENCH_K = 5

export interface BenchOrg {
  survey: SurveyDefinition
  rootId: string
  campaignId: string
  k: number
  groups: number
  teams: number
  respondents: number
  /** Teams with fewer than k respondents. */
  belowK: number
  /** How many answered in each team. */
  answers: { teamId: string; answers: number }[]
}

/** Every team placed in the hierarchy, with a roster a little larger than who will answer. */
async function buildGroups(deps: Deps, random: () => number) {
  const root = await createGroup(deps, OPERATOR, { name: 'Bench org' })
  const teams: { teamId: string; answers: number; roster: number }[] = []
  const group = (name: string, parentId: string) => createGroup(deps, OPERATOR, { name, parentId })
  for (let d = 1; d <= SHAPE.divisions; d++) {
    const division = await group(`Division ${d}`, root.id)
    for (let p = 1; p <= SHAPE.departments; p++) {
      const department = await group(`Department ${d}.${p}`, division.id)
      for (let u = 1; u <= SHAPE.units; u++) {
        const unit = await group(`Unit ${d}.${p}.${u}`, department.id)
        for (let t = 1; t <= SHAPE.teamsPerUnit; t++) {
          const team = await createTeam(deps, OPERATOR, `Team ${d}.${p}.${u}.${t}`)
          await setTeamGroup(deps, OPERATOR, team.id, unit.id)
          // 3–15 answer; about one team in seven stays below k.
          const answers = 3 + Math.floor(random() * 13)
          const roster = answers + Math.floor(random() * 4)
          await addMembers(
            deps,
            OPERATOR,
            team.id,
            Array.from({ length: roster }, (_, i) => ({ name: `Member ${i + 1}` })),
          )
          teams.push({ teamId: team.id, answers, roster })
        }
      }
    }
  }
  return { rootId: root.id, teams }
}

/**
 * Builds the organisation, opens a campaign over it with the real verb, and has every respondent
 * answer through the submission service, many teams at a time (the ballot box commits them in
 * groups, as the server does under load).
 */
export async function buildBenchOrg(
  deps: Deps,
  progress: (line: string) => void,
): Promise<BenchOrg> {
  const random = seededRandom(2_000)
  const survey = parseSurvey(BENCH_SURVEY, 'bench')
  await saveSurveyVersion(deps, OPERATOR, survey, 'custom')
  const { rootId, teams } = await buildGroups(deps, random)
  const { divisions, departments, units } = SHAPE
  const groups = 1 + divisions * (1 + departments * (1 + units))
  progress(`campaign: ${teams.length} teams in ${groups} groups made`)
  const opened = await openCampaign(deps, OPERATOR, {
    groupId: rootId,
    surveyId: survey.id,
    k: BENCH_K,
    closesAt: new Date(deps.now().getTime() + 7 * 86_400_000).toISOString(),
    name: 'Bench campaign',
  })
  const campaignId = opened.campaign.id
  const roundOf = new Map(
    (await listCampaignRounds(deps.db, campaignId)).map((r) => [r.team_id, r.id]),
  )
  const offsets = itemOffsets(survey, random)
  const BATCH = 100
  for (let i = 0; i < teams.length; i += BATCH) {
    const part = teams.slice(i, i + BATCH)
    const casts: Promise<void>[] = []
    for (const team of part) {
      const roundId = roundOf.get(team.teamId)!
      // A link for everyone on the roster; not everyone answers.
      const links = await mintInvitations(deps, OPERATOR, roundId, team.roster)
      const level = 3.6 + 0.5 * normal(random)
      for (const [j, person] of people(team.answers, random).entries())
        casts.push(
          submitResponse(deps, roundId, {
            secret: links[j]!.secret,
            answers: demoAnswers(survey, level, person, offsets, random),
            comments: j === 0 ? { comment: 'More time for learning would help.' } : undefined,
          }),
        )
    }
    await Promise.all(casts)
    if ((i + BATCH) % 500 === 0) progress(`campaign: ${i + BATCH}/${teams.length} teams answered`)
  }
  return {
    survey,
    rootId,
    campaignId,
    k: BENCH_K,
    groups,
    teams: teams.length,
    respondents: teams.reduce((s, t) => s + t.answers, 0),
    belowK: teams.filter((t) => t.answers < BENCH_K).length,
    answers: teams,
  }
}
