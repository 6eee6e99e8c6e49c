import { expect } from 'vitest'
import { listCampaignRounds } from '../../src/db/campaigns'
import { OPERATOR } from '../../src/domain/actor'
import { openCampaign } from '../../src/services/campaigns'
import { createGroup, setTeamGroup } from '../../src/services/groups'
import { mintInvitations } from '../../src/services/opening'
import { createTeam } from '../../src/services/teams'
import { addRoster, answersFor, type TestApp } from './app'

const DAY = 86_400_000

/**
 * An organisation described as nested objects: a group's name maps to its sub-groups and teams;
 * a team is a name mapped to how many of its members will answer.
 */
export interface OrgSpec {
  [name: string]: OrgSpec | number
}

export interface BuiltOrg {
  groups: Map<string, string>
  teams: Map<string, { id: string; answers: number }>
  rootId: string
}

/** Creates the groups and teams of `spec` (one root), each team with a roster of 30. */
export async function buildOrg(t: TestApp, spec: OrgSpec): Promise<BuiltOrg> {
  const groups = new Map<string, string>()
  const teams = new Map<string, { id: string; answers: number }>()
  const visit = async (name: string, body: OrgSpec, parentId: string | null) => {
    const group = await createGroup(t.deps, OPERATOR, { name, parentId })
    groups.set(name, group.id)
    for (const [child, value] of Object.entries(body)) {
      if (typeof value === 'number') {
        const team = await createTeam(t.deps, OPERATOR, child)
        await setTeamGroup(t.deps, OPERATOR, team.id, group.id)
        await addRoster(t.deps, team.id, 30)
        teams.set(child, { id: team.id, answers: value })
      } else await visit(child, value, group.id)
    }
  }
  const [rootName, rootBody] = Object.entries(spec)[0]!
  await visit(rootName, rootBody as OrgSpec, null)
  return { groups, teams, rootId: groups.get(rootName)! }
}

/**
 * Opens a campaign for the org's root group and has each team's members answer as the spec says
 * (answers at `value(team)`), through the public submission endpoint. Returns the campaign id and
 * each team's round.
 */
export async function runCampaign(
  t: TestApp,
  org: BuiltOrg,
  options: {
    k?: number
    value?: (team: string, i: number) => number | ((itemId: string, item: number) => number)
    /** How many links each team gets; two more than answer by default. */
    links?: (team: string, answers: number) => number
  } = {},
) {
  const opened = await openCampaign(t.deps, OPERATOR, {
    groupId: org.rootId,
    surveyId: 'psychological-safety',
    k: options.k ?? 3,
    closesAt: new Date(t.deps.now().getTime() + 7 * DAY).toISOString(),
    name: 'Spring pulse',
  })
  const campaignId = opened.campaign.id
  const rounds = await listCampaignRounds(t.deps.db, campaignId)
  const roundOf = new Map(rounds.map((r) => [r.team_id, r.id]))
  for (const [name, team] of org.teams) {
    const roundId = roundOf.get(team.id)!
    // Two links more than answer, as in a team where not everyone does: a link count fully used
    // is a bound the ledger takes into account (a team whose every link was used tells its count).
    const count = options.links?.(name, team.answers) ?? team.answers + 2
    const links = count > 0 ? await mintInvitations(t.deps, OPERATOR, roundId, count) : []
    for (const [i, link] of links.slice(0, team.answers).entries()) {
      const res = await t.call('POST', `/api/public/rounds/${roundId}/responses`, {
        body: {
          secret: link.secret,
          answers: answersFor('psychological-safety', options.value?.(name, i) ?? 2 + (i % 5)),
          comments: { comment: `${name} comment ${i}` },
        },
      })
      expect(res.status, res.text).toBe(201)
    }
  }
  return { campaignId, roundOf }
}
