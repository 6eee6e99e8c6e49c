import { randomId } from '../crypto'
import {
  countCampaignRounds,
  findCampaign,
  insertCampaignQuery,
  listCampaigns,
  listCampaignRounds,
  listDueCampaigns,
  readOrganisation,
  type CampaignRow,
} from '../db/campaigns'
import { listAllGroups } from '../db/groups'
import { findTeam } from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, invalid, notFound } from '../domain/errors'
import type { Group } from '../domain/groups'
import { checkReminderSpecs, DEFAULT_REMINDERS } from '../domain/reminders'
import { isPlainName } from '../domain/roster'
import { localize } from '../domain/survey'
import { releaseCampaign } from './campaign-release'
import { groupsLedBy, requireGroup } from './groups'
import { checkWindow, openTeamRound } from './opening'
import { getSurvey } from './surveys'

/*
 * Campaigns: one survey version opened for every team under a group at once, with one window and
 * one k; each team gets its own round, which its facilitators see and run as any other. The
 * campaign closes all its rounds together, and its release (src/services/campaign-release.ts)
 * decides in one step what every team, group and the whole publishes (P1).
 *
 * Who: admins and the operator, for any group; a group's lead, for their group and the groups
 * under it. Reading a campaign follows the same rule; a lead of a group further down sees the
 * campaign's cells in their part of the hierarchy only.
 */

export interface OpenCampaignInput {
  groupId: string
  surveyId: string
  surveyVersion?: number | undefined
  name?: string | undefined
  k?: number | undefined
  opensAt?: string | undefined
  closesAt: string
  reminders?: readonly string[] | undefined
  baseUrl?: string | undefined
}

export type CampaignStatus = 'scheduled' | 'open' | 'closing' | 'released' | 'rejected'

export interface CampaignSummary {
  id: string
  name: string
  groupId: string
  groupName: string
  surveyId: string
  surveyVersion: number
  k: number
  opensAt: string
  closesAt: string
  status: CampaignStatus
  teams: number
  releasedOn: string | null
}

/** Opens a campaign for every team under a group: one round per team, links from the rosters. */
export async function openCampaign(deps: Deps, actor: Actor, input: OpenCampaignInput) {
  const group = await requireGroup(deps, actor, input.groupId)
  const survey = await getSurvey(deps, input.surveyId, input.surveyVersion)
  const window = checkWindow(deps, input)
  // Every input is checked before anything is written: a refused campaign leaves nothing behind.
  checkReminderSpecs(input.reminders ?? deps.config.REMINDERS ?? DEFAULT_REMINDERS)
  const name = checkCampaignName(input.name, `${localize(survey.title, 'en')} — ${group.name}`)
  const org = await readOrganisation(deps.db)
  const teamIds = teamsUnder(org, group.id)
  if (teamIds.length === 0) throw new AppError('campaign_no_teams', { group: group.name })
  const max = deps.config.CAMPAIGN_MAX_TEAMS
  if (teamIds.length > max)
    throw new AppError('campaign_too_large', { max, group: group.name, teams: teamIds.length })
  const campaign: CampaignRow = {
    id: randomId(),
    group_id: group.id,
    name,
    survey_id: survey.id,
    survey_version: survey.version,
    k: window.k,
    opens_at: window.opensAt.toISOString(),
    closes_at: window.closesAt.toISOString(),
    status: 'open',
    rejected_reason: null,
    created_by: actor.kind === 'user' ? actor.user.name : 'the operator (command line)',
    created_at: deps.now().toISOString(),
    released_on: null,
  }
  await deps.batch([insertCampaignQuery(deps.db, campaign)])
  let mailed = 0
  let failed = 0
  for (const teamId of teamIds) {
    const team = (await findTeam(deps.db, teamId))!
    // Links by hand stay with each team's facilitators, who make them from their round's page.
    const opened = await openTeamRound(
      deps,
      actor,
      { team, survey, window, campaignId: campaign.id },
      { invitations: 0, reminders: input.reminders, baseUrl: input.baseUrl },
    )
    mailed += opened.delivery.sent
    failed += opened.delivery.failed.length
  }
  deps.log.info('campaign opened', { campaign: campaign.id, teams: teamIds.length })
  return {
    campaign: await summarize(deps, campaign, group),
    delivery: { mode: deps.mail ? ('mail' as const) : ('manual' as const), sent: mailed, failed },
  }
}

function checkCampaignName(name: string | undefined, fallback: string): string {
  const text = (name ?? '').trim()
  if (!text) return fallback.slice(0, 100)
  if (text.length > 100 || !isPlainName(text))
    throw invalid('campaign_name', {}, [{ path: 'name', message: '1 to 100 plain characters' }])
  return text
}

/** Every team in the group or a group under it, in a stable order. */
function teamsUnder(org: Awaited<ReturnType<typeof readOrganisation>>, groupId: string): string[] {
  const parent = new Map(org.groups.map((g) => [g.id, g.parent_id]))
  const inside = (id: string | null) => {
    for (let at = id, steps = 0; at && steps < 1000; steps += 1) {
      if (at === groupId) return true
      at = parent.get(at) ?? null
    }
    return false
  }
  return org.teams
    .filter((t) => inside(t.group_id))
    .map((t) => t.id)
    .sort()
}

/** The campaigns this actor may read, newest first. */
export async function listCampaignsFor(deps: Deps, actor: Actor): Promise<CampaignSummary[]> {
  const led = await groupsLedBy(deps, actor)
  const groups = await listAllGroups(deps.db)
  const rows = await listCampaigns(deps.db)
  const counts = await countCampaignRounds(deps.db)
  const byId = new Map(groups.map((g) => [g.id, g]))
  return rows
    .filter((c) => led === 'all' || reach(c, led, byId) !== 'none')
    .map((c) => toSummary(c, byId.get(c.group_id), counts.get(c.id) ?? 0, deps.now()))
}

/**
 * How far an actor reaches into a campaign: all of it (they lead its group or one above it, or
 * are an admin), part of it (they lead a group under its group), or none.
 */
export type Reach = 'all' | 'none' | { groups: Set<string> }

function reach(campaign: CampaignRow, led: Set<string>, groups: Map<string, Group>): Reach {
  if (led.has(campaign.group_id)) return 'all'
  const inside = [...led].filter((id) => {
    for (let at = groups.get(id)?.parentId ?? null, steps = 0; at && steps < 1000; steps += 1) {
      if (at === campaign.group_id) return true
      at = groups.get(at)?.parentId ?? null
    }
    return false
  })
  return inside.length > 0 ? { groups: new Set(inside) } : 'none'
}

/** The campaign if this actor may read it (404 otherwise, as for a missing one), and how far. */
export async function requireCampaign(
  deps: Deps,
  actor: Actor,
  campaignId: string,
): Promise<{ campaign: CampaignRow; reach: Reach; group: Group | undefined }> {
  const campaign = await findCampaign(deps.db, campaignId)
  if (!campaign) throw notFound('This campaign')
  const led = await groupsLedBy(deps, actor)
  const groups = new Map((await listAllGroups(deps.db)).map((g) => [g.id, g]))
  const how = led === 'all' ? 'all' : reach(campaign, led, groups)
  if (how === 'none') throw notFound('This campaign')
  return { campaign, reach: how, group: groups.get(campaign.group_id) }
}

export async function getCampaign(
  deps: Deps,
  actor: Actor,
  campaignId: string,
): Promise<CampaignSummary> {
  const { campaign, group } = await requireCampaign(deps, actor, campaignId)
  return summarize(deps, campaign, group)
}

/** The rounds of a campaign, one per team, for those who reach all of it (admins, its leads). */
export async function campaignRounds(deps: Deps, actor: Actor, campaignId: string) {
  const { campaign, reach: how } = await requireCampaign(deps, actor, campaignId)
  if (how !== 'all') throw new AppError('admin_only')
  return listCampaignRounds(deps.db, campaign.id)
}

/**
 * Closes a campaign now, with all its rounds, and releases it: admins and the leads of its group
 * (or above) only, as opening it.
 */
export async function closeCampaign(
  deps: Deps,
  actor: Actor,
  campaignId: string,
): Promise<CampaignSummary> {
  const { campaign, reach: how, group } = await requireCampaign(deps, actor, campaignId)
  if (how !== 'all') throw new AppError('admin_only')
  if (campaign.status === 'released' || campaign.status === 'rejected')
    throw new AppError('campaign_closed')
  const released = await releaseCampaign(deps, campaign.id)
  return summarize(deps, released, group)
}

/** Closes and releases every campaign past its closing time (the Node timer, the Workers cron). */
export async function closeDueCampaigns(deps: Deps): Promise<number> {
  const due = await listDueCampaigns(deps.db, deps.now().toISOString())
  for (const id of due) await releaseCampaign(deps, id)
  return due.length
}

/** A campaign as lists and views show it, from what `requireCampaign` found. */
export async function summarize(
  deps: Deps,
  campaign: CampaignRow,
  group: Group | undefined,
): Promise<CampaignSummary> {
  const counts = await countCampaignRounds(deps.db, campaign.id)
  return toSummary(campaign, group, counts.get(campaign.id) ?? 0, deps.now())
}

function toSummary(
  c: CampaignRow,
  group: Group | undefined,
  teams: number,
  now: Date,
): CampaignSummary {
  const status: CampaignStatus =
    c.status === 'open' && c.opens_at > now.toISOString() ? 'scheduled' : c.status
  return {
    id: c.id,
    name: c.name,
    groupId: c.group_id,
    groupName: group?.name ?? '',
    surveyId: c.survey_id,
    surveyVersion: c.survey_version,
    k: c.k,
    opensAt: c.opens_at,
    closesAt: c.closes_at,
    status,
    teams,
    releasedOn: c.released_on,
  }
}
