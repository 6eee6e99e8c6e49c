import {
  findNewestSealedShareLink,
  listQuorumsToAnnounce,
  markQuorumAnnounced,
  setShareLinkSealed,
} from '../db/chat'
import { toBytes } from '../db/ballots'
import type { LoadedRound, RoundRow } from '../db/rounds'
import { findTeam, findTeamChat, setTeamChat as storeTeamChat } from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import type { ReleaseRecord } from '../domain/anonymity'
import { AppError } from '../domain/errors'
import { checkWebhookUrl } from '../domain/webhook'
import { localize } from '../domain/survey'
import type { Team } from '../domain/teams'
import { formatMailTime } from '../mail/templates'
import { requireSignedIn, requireTeam } from './access'
import { getSurvey } from './surveys'

/**
 * The team chat: one incoming webhook per team (Slack, Mattermost, a Microsoft Teams workflow)
 * told when a round opens, reaches its quorum, is released and gets its debrief. The URL is a
 * secret: it is kept sealed under the ballot key, bound to its team, and never shown, returned or
 * logged again; `chatHint` ("hooks.slack.com …x9Qz") is all anyone sees. Messages carry no names
 * and no counts below k (P1, P2).
 */

/** What the chat is told about. */
export type ChatEvent =
  | { kind: 'opened'; round: RoundRow }
  | { kind: 'quorum'; round: RoundRow }
  | { kind: 'released'; round: RoundRow; records: readonly ReleaseRecord[] }
  | { kind: 'debrief'; round: RoundRow; note: string }

const chatContext = (teamId: string) => `${teamId}/chat`
const shareContext = (linkId: string) => `${linkId}/share`

/**
 * Sets or (with null) removes a team's chat webhook: the team's facilitators and admins. Only
 * https is accepted (http only to this machine, for local relays and tests). Returns the hint.
 */
export async function setTeamChat(
  deps: Deps,
  actor: Actor,
  teamId: string,
  url: string | null,
): Promise<{ chatHint: string | null }> {
  const team = await chatTeam(deps, actor, teamId)
  if (url === null) {
    await storeTeamChat(deps.db, team.id, null, null)
    return { chatHint: null }
  }
  const checked = checkWebhookUrl(url, deps.config.CHAT_LOCAL_WEBHOOKS)
  const sealed = await deps.seal.seal(new TextEncoder().encode(checked.href), chatContext(team.id))
  const chatHint = `${checked.host} …${checked.href.slice(-4)}`
  await storeTeamChat(deps.db, team.id, sealed, chatHint)
  return { chatHint }
}

/** Posts a test message to the team's webhook; a refused post is a 400 saying why. */
export async function testTeamChat(deps: Deps, actor: Actor, teamId: string): Promise<void> {
  const team = await chatTeam(deps, actor, teamId)
  const url = await webhookOf(deps, team.id)
  if (!url) throw new AppError('bad_request', { reason: 'This team has no chat webhook yet.' })
  const text = `Quorum is connected: news about ${escape(team.name)}’s survey rounds will appear here.`
  try {
    await deps.chat.post(url, { text })
  } catch (err) {
    const reason = `The chat server did not take the test message: ${reasonOf(err, url)}.`
    throw new AppError('bad_request', { reason })
  }
}

/**
 * Tells the team's chat about `event`, if the team has a webhook. Never throws: a chat that is
 * down must not fail what happened. Awaits the post (the sender has its own timeout).
 */
export async function announce(deps: Deps, teamId: string, event: ChatEvent): Promise<void> {
  try {
    const url = await webhookOf(deps, teamId)
    if (!url) return
    const team = await findTeam(deps.db, teamId)
    if (!team) return
    const text = await messageOf(deps, team, event)
    if (!text) return
    try {
      await deps.chat.post(url, { text })
    } catch (err) {
      deps.log.warn('chat message not delivered', {
        teamId,
        event: event.kind,
        reason: reasonOf(err, url),
      })
    }
  } catch (err) {
    deps.log.warn('chat message not sent', { teamId, event: event.kind, error: String(err) })
  }
}

/**
 * Announces "k reached" once for each open round that has reached its quorum: run by the scheduled
 * work, so the message says nothing about when any one answer came in. The flag is set first by a
 * guarded update, so two timers never post twice.
 */
export async function announceQuorums(deps: Deps): Promise<number> {
  const due = await listQuorumsToAnnounce(deps.db, deps.now().toISOString())
  let posted = 0
  for (const round of due) {
    if (!(await markQuorumAnnounced(deps.db, round.id))) continue
    await announce(deps, round.team_id, { kind: 'quorum', round })
    posted++
  }
  return posted
}

/**
 * Keeps a new share link sealed when its team has a chat, so that the release message can carry
 * the newest live one; without a chat nothing but its hash is kept.
 */
export async function keepShareLinkForChat(
  deps: Deps,
  link: { id: string; teamId: string; url: string },
): Promise<void> {
  if (!(await findTeamChat(deps.db, link.teamId))) return
  const sealed = await deps.seal.seal(new TextEncoder().encode(link.url), shareContext(link.id))
  await setShareLinkSealed(deps.db, link.id, sealed)
}

async function chatTeam(deps: Deps, actor: Actor, teamId: string): Promise<Team> {
  if (actor.kind !== 'operator') requireSignedIn(actor)
  return requireTeam(deps, actor, teamId)
}

async function webhookOf(deps: Deps, teamId: string): Promise<string | undefined> {
  const sealed = await findTeamChat(deps.db, teamId)
  if (!sealed) return undefined
  const plain = await deps.seal.open(toBytes(sealed), chatContext(teamId))
  return new TextDecoder().decode(plain)
}

async function messageOf(deps: Deps, team: Team, event: ChatEvent): Promise<string | undefined> {
  const { round } = event
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const title = `“${escape(localize(survey.title, 'en'))}”`
  const name = escape(team.name)
  const when = (iso: string) => formatMailTime(iso, 'en', team.timeZone)
  switch (event.kind) {
    case 'opened': {
      const later = round.opens_at > deps.now().toISOString()
      const period = later
        ? `opens on ${when(round.opens_at)} and closes on ${when(round.closes_at)}`
        : `is open until ${when(round.closes_at)}`
      return `${name}: a new round of ${title} ${period}. ${linksText(round)}`
    }
    case 'quorum':
      return `${name}: ${title} has reached its quorum of ${round.k} answers. Results appear after it closes on ${when(round.closes_at)}.`
    case 'released':
      return releasedText(deps, team, title, event)
    case 'debrief': {
      const note = event.note.trim()
      if (!note) return undefined
      const quoted = escape(note)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
      return `${name} after ${title}, what we will try next:\n${quoted}`
    }
  }
}

/**
 * Released: how many answered, as the share link shows it; withheld: why (below k, or by a
 * campaign's ledger), with no number.
 */
async function releasedText(
  deps: Deps,
  team: Team,
  title: string,
  event: { round: RoundRow; records: readonly ReleaseRecord[] },
): Promise<string> {
  const shared = event.records.find((r) => r.audience === 'share')
  const name = escape(team.name)
  if (shared?.protects)
    return `${name}: ${title} has closed with its campaign. Its results are withheld to protect a smaller group: shown beside the rest of the campaign, they would let someone work out the answers of fewer than ${event.round.k} people.`
  if (!shared?.released || shared.respondents === null)
    return `${name}: ${title} has closed. Fewer than ${event.round.k} people answered, so no results are shown; this protects everyone’s anonymity.`
  const link = await shareLinkOf(deps, team.id)
  const read = link
    ? `<${link}|Read them with the team’s share link>.`
    : 'Ask your facilitator for the team’s share link to read them.'
  return `${name}: the results of ${title} are released: ${shared.respondents} people answered. ${read}`
}

async function shareLinkOf(deps: Deps, teamId: string): Promise<string | undefined> {
  const found = await findNewestSealedShareLink(deps.db, teamId)
  if (!found) return undefined
  return new TextDecoder().decode(await deps.seal.open(found.sealed, shareContext(found.id)))
}

/** "8 links for a team of 8": everyone sees how many links exist (P6b). */
function linksText(round: RoundRow | LoadedRound): string {
  const links = round.invited === 1 ? '1 link' : `${round.invited} links`
  return round.team_size ? `${links} for a team of ${round.team_size}.` : `${links}.`
}

/** Slack's escaping of text: only these three characters have meaning in a message. */
const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Why a post failed, with the URL (the secret) cut out should a sender have quoted it. */
function reasonOf(err: unknown, url: string): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.split(url).join('[webhook]').slice(0, 200)
}
