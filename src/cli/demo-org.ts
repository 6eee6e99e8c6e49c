import { baseUrlOf } from '../config'
import type { Deps } from '../deps'
import { OPERATOR } from '../domain/actor'
import type { SurveyDefinition } from '../domain/survey'
import {
  campaignRounds,
  closeCampaign,
  openCampaign,
  type CampaignSummary,
} from '../services/campaigns'
import { createGroup, listGroups, setTeamGroup } from '../services/groups'
import { mintInvitations } from '../services/opening'
import { submitResponse } from '../services/responses'
import { addMembers } from '../services/rosters'
import { getSurvey } from '../services/surveys'
import { createTeam } from '../services/teams'
import { demoAnswers, normal, people, seededRandom } from './demo-data'

/*
 * The demo's organisation (issue 11): Acme › divisions › departments › 38 teams, and two
 * campaigns of the collaboration survey, one a few months ago and one recently, each answered
 * through the real submission path and released by the real verb. A few teams stay below k, and
 * departments that hold one beside larger teams withhold a sibling too, so the heatmap shows both
 * kinds of withheld cell: "fewer than k" and "withheld to protect a smaller group". Sales Ops, a
 * department of one small team, makes Sales & Marketing withhold a department (Marketing, itself
 * holding a small team), so a group is withheld that way too. Seeded: every demo is alike.
 */

export const DEMO_ORG_SURVEY = 'collaboration'
/** The campaigns' k: the team sizes below are chosen around it. */
export const DEMO_ORG_K = 5

/** A team: how many answer in the earlier and in the later campaign. */
type Sizes = readonly [earlier: number, later: number]
type Departments = Record<string, Record<string, Sizes>>

export const DEMO_ORG: Record<string, Departments> = {
  Engineering: {
    Platform: {
      Infrastructure: [7, 8],
      'Developer Experience': [6, 7],
      'Data Platform': [9, 8],
      Security: [5, 6],
      Observability: [6, 5],
    },
    'Product Engineering': {
      Checkout: [8, 9],
      Search: [7, 6],
      Mobile: [9, 10],
      Web: [11, 10],
      Payments: [6, 7],
      Notifications: [4, 6],
    },
    Quality: { 'Test Automation': [6, 7], 'Release Engineering': [3, 3] },
  },
  'Product & Design': {
    'Product Management': { Growth: [6, 6], 'Core Product': [8, 7], Insights: [5, 6] },
    Design: { 'Product Design': [7, 8], 'UX Research': [5, 6], Brand: [6, 4] },
  },
  Operations: {
    'Customer Support': {
      'Support EMEA': [12, 11],
      'Support Americas': [10, 12],
      'Support APAC': [6, 7],
      Escalations: [5, 6],
      'Support Tools': [6, 6],
    },
    People: { Recruiting: [6, 5], 'People Ops': [5, 6], Learning: [7, 6] },
    Finance: { Accounting: [6, 6], 'FP&A': [5, 5], Legal: [2, 3] },
  },
  'Sales & Marketing': {
    'Field Sales': {
      Enterprise: [8, 7],
      'Mid-Market': [7, 8],
      Partnerships: [5, 6],
      'Sales Engineering': [6, 6],
    },
    Marketing: { Content: [5, 6], Events: [3, 3], 'Performance Marketing': [6, 7] },
    'Sales Ops': { 'Revenue Operations': [4, 4] },
  },
}

const DAY = 86_400_000

export interface DemoOrg {
  rootId: string
  rootName: string
  groups: number
  teams: number
  campaigns: CampaignSummary[]
  /** The later campaign's heatmap page. */
  heatmapUrl: string
}

interface OrgTeam {
  id: string
  sizes: Sizes
  /** Its roster: everyone gets a link, not everyone answers. */
  roster: number
  /** The team's level on the survey's scale, in the earlier campaign and the change since. */
  level: number
  change: number
  /** Where the team stands apart from the rest of Acme, per dimension. */
  offsets: Map<string, number>
}

/** "Acme", or "Acme 2", "Acme 3", … when a demo made one before. */
async function freeRootName(deps: Deps): Promise<string> {
  const taken = new Set(
    (await listGroups(deps, OPERATOR)).groups.filter((g) => !g.parentId).map((g) => g.name),
  )
  let name = 'Acme'
  for (let n = 2; taken.has(name); n++) name = `Acme ${n}`
  return name
}

async function buildGroups(deps: Deps, survey: SurveyDefinition, random: () => number) {
  const rootName = await freeRootName(deps)
  const root = await createGroup(deps, OPERATOR, { name: rootName })
  const teams: OrgTeam[] = []
  let groups = 1
  for (const [division, departments] of Object.entries(DEMO_ORG)) {
    const { id: divisionId } = await createGroup(deps, OPERATOR, {
      name: division,
      parentId: root.id,
    })
    groups += 1
    for (const [department, members] of Object.entries(departments)) {
      const { id } = await createGroup(deps, OPERATOR, { name: department, parentId: divisionId })
      groups += 1
      for (const [name, sizes] of Object.entries(members)) {
        const team = await createTeam(deps, OPERATOR, name)
        await setTeamGroup(deps, OPERATOR, team.id, id)
        const roster = Math.max(...sizes) + 1 + Math.floor(random() * 3)
        await addMembers(
          deps,
          OPERATOR,
          team.id,
          Array.from({ length: roster }, (_, i) => ({ name: `${name} member ${i + 1}` })),
        )
        const dimensions = new Map(survey.dimensions.map((d) => [d.id, 0.4 * normal(random)]))
        teams.push({
          id: team.id,
          sizes,
          roster,
          level: 3.5 + 0.35 * normal(random),
          change: 0.1 + 0.3 * normal(random),
          offsets: new Map(
            survey.items.map((item) => [item.id, dimensions.get(item.dimension ?? '') ?? 0]),
          ),
        })
      }
    }
  }
  return { root, rootName, teams, groups }
}

/**
 * One campaign at its own past dates: it opens for all of Acme, every team's people answer over
 * its first six days (links made by hand, one per roster member), and it closes and is released.
 */
async function playCampaign(
  deps: Deps,
  setClock: (time: number) => void,
  org: { rootId: string; teams: OrgTeam[]; survey: SurveyDefinition; random: () => number },
  plan: { name: string; opens: Date; later: boolean },
): Promise<CampaignSummary> {
  const { survey, random } = org
  const closes = new Date(plan.opens.getTime() + 14 * DAY)
  setClock(plan.opens.getTime())
  const { campaign } = await openCampaign(deps, OPERATOR, {
    groupId: org.rootId,
    surveyId: survey.id,
    name: plan.name,
    k: DEMO_ORG_K,
    closesAt: closes.toISOString(),
    reminders: [],
  })
  const rounds = new Map(
    (await campaignRounds(deps, OPERATOR, campaign.id)).map((r) => [r.team_id, r]),
  )
  for (const [i, team] of org.teams.entries()) {
    const round = rounds.get(team.id)!
    setClock(plan.opens.getTime() + ((i + 1) / (org.teams.length + 1)) * 6 * DAY)
    const links = await mintInvitations(deps, OPERATOR, round.id, team.roster)
    const level = team.level + (plan.later ? team.change : 0)
    const answering = people(team.sizes[plan.later ? 1 : 0], random)
    // Together, so the ballot box writes the team's answers in one commit.
    await Promise.all(
      answering.map((person, j) =>
        submitResponse(deps, round.id, {
          secret: links[j]!.secret,
          answers: demoAnswers(survey, level, person, team.offsets, random),
        }),
      ),
    )
  }
  setClock(closes.getTime())
  return closeCampaign(deps, OPERATOR, campaign.id)
}

/**
 * Builds Acme and plays its two campaigns, moving the service clock (`setClock`) to their dates:
 * the earlier about four months before `today`, the later closing ten days before it.
 */
export async function buildDemoOrg(
  deps: Deps,
  options: { today: Date; setClock: (time: number) => void },
): Promise<DemoOrg> {
  const random = seededRandom(20_261_111)
  const survey = await getSurvey(deps, DEMO_ORG_SURVEY)
  const earlier = new Date(options.today.getTime() - 130 * DAY)
  const later = new Date(options.today.getTime() - 24 * DAY)
  options.setClock(earlier.getTime() - 7 * DAY)
  const { root, rootName, teams, groups } = await buildGroups(deps, survey, random)
  const org = { rootId: root.id, teams, survey, random }
  const month = (d: Date) =>
    d.toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
  const campaigns = [
    await playCampaign(deps, options.setClock, org, {
      name: `Collaboration check-in, ${month(earlier)}`,
      opens: earlier,
      later: false,
    }),
    await playCampaign(deps, options.setClock, org, {
      name: `Collaboration check-in, ${month(later)}`,
      opens: later,
      later: true,
    }),
  ]
  return {
    rootId: root.id,
    rootName,
    groups,
    teams: teams.length,
    campaigns,
    heatmapUrl: `${baseUrlOf(deps.config)}/campaigns/${campaigns[1]!.id}`,
  }
}
