import {
  findCampaign,
  finishCampaignQuery,
  insertCellsQueries,
  listCampaignRounds,
  markCampaignClosingQueries,
  readCampaignBallots,
  readOrganisation,
  storeCampaignRoundsQueries,
  type CampaignRoundResult,
  type CampaignRow,
  type CellRow,
} from '../db/campaigns'
import type { RoundsTable } from '../db/schema'
import type { Deps } from '../deps'
import { AUDIENCES, recordOf, releaseFor, type ReleaseRecord } from '../domain/anonymity'
import { decodeAnswers, decodeComments, shuffled } from '../domain/ballot'
import { addStats, campaignHierarchy, compactScores, type CampaignCell } from '../domain/campaign'
import { notFound } from '../domain/errors'
import { decideLedger, publishedCells, type LedgerDecision } from '../domain/ledger'
import { computeRoundStats, type Answers, type StatRow } from '../domain/scoring'
import type { SurveyDefinition } from '../domain/survey'
import { verifyRelease } from '../verify/verify'
import { commentsContext } from './ballot-box'
import { announce } from './chat'
import { getSurvey } from './surveys'

/*
 * The one verb that decides and records what a campaign publishes (DESIGN.md P1). At the
 * campaign's close it reads every round's answers once, counts respondents, asks the ledger's
 * rule (src/domain/ledger.ts) what may be published, has the independent verifier
 * (src/verify/verify.ts) check that from the published cells alone, and writes in one atomic
 * batch: each round's results and the record of what each audience sees, the ledger with the
 * statistics of published cells only, and the erasure of every ballot. A withheld team keeps its
 * counts alone, as a round below k does; a release the verifier rejects publishes nothing.
 */

/** What a rejected campaign says, kept with it: no count, since a rejected ledger may be wrong. */
const REJECTED =
  'The independent verifier rejected this campaign’s ledger, so nothing was published. This is a bug in Quorum: please report it.'

/** Closes a campaign now (if still open) and releases it once; idempotent. */
export async function releaseCampaign(deps: Deps, campaignId: string): Promise<CampaignRow> {
  let campaign = await load(deps, campaignId)
  if (campaign.status === 'open') {
    const now = deps.now().toISOString()
    const closedAt = campaign.closes_at < now ? campaign.closes_at : now
    await deps.batch(markCampaignClosingQueries(deps.db, campaign.id, closedAt))
    campaign = await load(deps, campaignId)
  }
  if (campaign.status !== 'closing') return campaign
  const survey = await getSurvey(deps, campaign.survey_id, campaign.survey_version)
  const rounds = await listCampaignRounds(deps.db, campaign.id)
  const opened = await openRounds(deps, campaign.id, rounds, survey)
  const cells = campaignHierarchy(
    await readOrganisation(deps.db),
    campaign.group_id,
    new Map(
      rounds.map((r) => [
        r.team_id,
        { roundId: r.id, respondents: opened.get(r.id)!.n, links: r.invited },
      ]),
    ),
  )
  const decisions = decideLedger(cells, campaign.k)
  const verdict = verifyRelease({ k: campaign.k, cells: publishedCells(decisions, cells) })
  const now = deps.now().toISOString()
  const outcome = verdict.ok
    ? { status: 'released' as const, reason: null, day: now.slice(0, 10) }
    : { status: 'rejected' as const, reason: REJECTED, day: now.slice(0, 10) }
  // A rejected ledger publishes nothing: every cell is treated as withheld.
  const published = (d: LedgerDecision) => verdict.ok && d.decision === 'published'
  const byTeam = new Map(decisions.filter((d) => d.kind === 'team').map((d) => [d.id, d]))
  // A team with no links has no cell: it holds nobody, as its round says.
  const empty = (id: string): LedgerDecision => ({
    id,
    parent: null,
    kind: 'team',
    respondents: 0,
    decision: 'fewer_than_k',
  })
  const results = rounds.map((round) =>
    roundResult(
      round,
      opened.get(round.id)!,
      byTeam.get(round.team_id) ?? empty(round.team_id),
      published,
    ),
  )
  await deps.batch([
    ...storeCampaignRoundsQueries(deps.db, campaign.id, results, now),
    ...(verdict.ok
      ? insertCellsQueries(deps.db, ledgerRows(campaign, { cells, decisions, rounds, opened }))
      : []),
    finishCampaignQuery(deps.db, campaign.id, outcome),
  ])
  const counts = { cells: decisions.length, published: decisions.filter(published).length }
  if (verdict.ok) deps.log.info('campaign released', { campaign: campaign.id, ...counts })
  else
    // The verifier's own words name counts of hidden groups: the log gets how many problems only.
    deps.log.error('campaign release rejected by the verifier; nothing was published', {
      campaign: campaign.id,
      problems: verdict.problems.length,
    })
  for (const [i, round] of rounds.entries())
    await announce(deps, round.team_id, { kind: 'released', round, records: results[i]!.records })
  return load(deps, campaignId)
}

async function load(deps: Deps, id: string): Promise<CampaignRow> {
  const campaign = await findCampaign(deps.db, id)
  if (!campaign) throw notFound('This campaign')
  return campaign
}

interface OpenedRound {
  n: number
  stats: StatRow[]
  comments: { questionId: string; body: string }[]
}

/** Every round's answers, opened with the ballot key and turned into statistics at once. */
async function openRounds(
  deps: Deps,
  campaignId: string,
  rounds: readonly RoundsTable[],
  survey: SurveyDefinition,
): Promise<Map<string, OpenedRound>> {
  const { ballots, pools } = await readCampaignBallots(deps.db, campaignId)
  const opened = new Map<string, OpenedRound>()
  for (const round of rounds) {
    let answers: Answers[]
    let comments: { questionId: string; body: string }[]
    try {
      answers = await Promise.all(
        (ballots.get(round.id) ?? []).map(async (b) =>
          decodeAnswers(survey, await deps.seal.open(b, round.id)),
        ),
      )
      comments = (
        await Promise.all(
          (pools.get(round.id) ?? []).map(async (p) =>
            decodeComments(await deps.seal.open(p, commentsContext(round.id))),
          ),
        )
      ).flat()
    } catch {
      throw new Error(
        `round ${round.id}: its ballots do not open with this ballot key; was BALLOT_KEY changed?`,
      )
    }
    opened.set(round.id, {
      n: answers.length,
      stats: answers.length > 0 ? computeRoundStats(survey, answers) : [],
      comments,
    })
  }
  return opened
}

/**
 * What one round stores: its counts always; its statistics and comments only when the ledger
 * published its team (comments only at the comment minimum, shuffled, P4); and for each audience
 * the gate's decision, overridden to "withheld" where the ledger withheld the team.
 */
function roundResult(
  round: RoundsTable,
  opened: OpenedRound,
  decision: LedgerDecision,
  published: (d: LedgerDecision) => boolean,
): CampaignRoundResult {
  const shown = published(decision)
  const outcome = {
    status: 'closed' as const,
    k: round.k,
    commentMin: round.comment_min,
    respondents: opened.n,
    invited: round.invited,
    stats: shown ? opened.stats : [],
    comments: shown && opened.n >= round.comment_min ? shuffled(opened.comments) : [],
  }
  const withheld = shown
    ? null
    : ({ released: false, reason: reasonOf(decision), k: round.k } as const)
  const records: ReleaseRecord[] = AUDIENCES.map((audience) =>
    recordOf(audience, withheld ?? releaseFor(audience, outcome)),
  )
  return {
    roundId: round.id,
    respondents: opened.n,
    invited: round.invited,
    comments: outcome.comments,
    stats: outcome.stats,
    records,
  }
}

const reasonOf = (d: LedgerDecision) =>
  d.decision === 'protects_smaller' ? ('protects_smaller' as const) : ('fewer_than_k' as const)

/** The ledger's rows: numbers for published cells only, each group's the sum of its teams'. */
function ledgerRows(
  campaign: CampaignRow,
  release: {
    cells: readonly CampaignCell[]
    decisions: readonly LedgerDecision[]
    rounds: readonly RoundsTable[]
    opened: ReadonlyMap<string, OpenedRound>
  },
): CellRow[] {
  const { cells, decisions, opened } = release
  const roundInvited = new Map(release.rounds.map((r) => [r.id, r.invited]))
  const children = new Map<string, CampaignCell[]>()
  for (const c of cells)
    if (c.parent) children.set(c.parent, [...(children.get(c.parent) ?? []), c])
  const invited = new Map<string, number>()
  const stats = new Map<string, StatRow[]>()
  // Children come after their parent: adding up from the end sees every child first.
  for (const cell of [...cells].reverse()) {
    if (cell.kind === 'team') {
      const round = opened.get(cell.roundId!)!
      stats.set(cell.id, round.stats)
      invited.set(cell.id, roundInvited.get(cell.roundId!) ?? 0)
      continue
    }
    const kids = children.get(cell.id) ?? []
    stats.set(cell.id, addStats(kids.map((k) => stats.get(k.id)!)))
    invited.set(
      cell.id,
      kids.reduce((s, k) => s + invited.get(k.id)!, 0),
    )
  }
  return cells.map((cell, position) => {
    const d = decisions[position]!
    const shown = d.decision === 'published'
    return {
      campaign_id: campaign.id,
      cell_id: cell.id,
      kind: cell.kind,
      parent_id: cell.parent,
      name: cell.name,
      round_id: cell.roundId,
      position,
      decision: d.decision,
      respondents: shown ? d.respondents : null,
      invited: shown ? invited.get(cell.id)! : null,
      links: invited.get(cell.id)!,
      stats: shown ? JSON.stringify(stats.get(cell.id)) : null,
      scores: shown ? compactScores(stats.get(cell.id)!) : null,
    }
  })
}
