import Database from 'better-sqlite3'
import { parseArgs } from 'node:util'
import { verifyRelease, type VerifierCell, type Verdict } from '../src/verify/verify'

/**
 * `npm run verify -- --campaign <id> [--json]`: re-checks what a campaign published (DESIGN.md P9)
 * with the independent verifier, reading the database read-only with plain SQL. Exit 0 when
 * verified, 1 when the release breaks P1, 2 on a usage error or a campaign with nothing to check.
 */

const USAGE = `Usage: npm run verify -- --campaign <id> [--json]

Re-verifies, independently of the release code, that no withheld cell of a released campaign
is determined by published numbers and that every atom holds 0 or at least k (DESIGN.md P9).
Reads DATABASE_PATH (default ./data/quorum.sqlite) read-only.

  --campaign <id>  the campaign to verify
  --json           print the verdict as JSON
  --help           show this help

Exit status: 0 verified, 1 violations found, 2 usage error or nothing to verify.`

class UsageError extends Error {}

interface CampaignRow {
  k: number
  status: string
  name: string
}

interface CellRow {
  cell_id: string
  parent_id: string | null
  kind: 'group' | 'team'
  decision: 'published' | 'fewer_than_k' | 'protects_smaller'
  respondents: number | null
  links: number
  stats: string | null
  scores: string | null
}

function main(argv: string[]): number {
  let args
  try {
    args = parseArgs({
      args: argv,
      options: {
        campaign: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`)
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  const id = args.campaign
  if (!id) throw new UsageError(`Missing --campaign <id>.\n\n${USAGE}`)
  const path = process.env.DATABASE_PATH || './data/quorum.sqlite'
  let db: Database.Database
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new UsageError(`Cannot open database ${path}: ${(error as Error).message}`)
  }
  try {
    const campaign = db.prepare('SELECT k, status, name FROM campaigns WHERE id = ?').get(id) as
      CampaignRow | undefined
    if (!campaign) throw new UsageError(`No campaign ${id} in ${path}`)
    const title = `Campaign "${campaign.name}"`
    if (campaign.status === 'open' || campaign.status === 'closing')
      throw new UsageError(`${title} is still ${campaign.status}: nothing is published yet`)
    if (campaign.status === 'rejected')
      throw new UsageError(`${title} was rejected at its release: nothing is published`)
    const rows = db
      .prepare(
        'SELECT cell_id, parent_id, kind, decision, respondents, links, stats, scores FROM campaign_cells WHERE campaign_id = ? ORDER BY position',
      )
      .all(id) as CellRow[]
    if (rows.length === 0) throw new UsageError(`${title} has no ledger: nothing is published`)
    const cells: VerifierCell[] = rows.map((r) => ({
      id: r.cell_id,
      parent: r.parent_id,
      kind: r.kind,
      published: r.decision === 'published',
      respondents: r.respondents,
      label: r.decision === 'published' ? null : r.decision,
      links: r.kind === 'team' ? r.links : null,
    }))
    const checked = verifyRelease({ k: campaign.k, cells })
    const shown = statisticsMatchCounts(rows)
    const verdict =
      shown.length === 0
        ? checked
        : { ...checked, ok: false, problems: [...checked.problems, ...shown] }
    if (args.json)
      console.log(
        JSON.stringify({ campaign: { id, name: campaign.name, k: campaign.k }, ...verdict }),
      )
    else console.log(summary(title, campaign.k, cells.length, verdict))
    return verdict.ok ? 0 : 1
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`Cannot read campaign ${id} from ${path}: ${(error as Error).message}`)
  } finally {
    db.close()
  }
}

/**
 * The statistics stored with each cell cover exactly the respondents it publishes (every item
 * is answered by everyone), and a withheld cell stores none: numbers shown beside a count cannot
 * speak for a different group.
 */
function statisticsMatchCounts(rows: readonly CellRow[]): string[] {
  const problems: string[] = []
  for (const r of rows) {
    if (r.decision !== 'published') {
      if (r.stats !== null || r.scores !== null)
        problems.push(`withheld cell ${r.cell_id} stores statistics`)
      continue
    }
    const ns = [
      ...(JSON.parse(r.stats ?? '[]') as { n: number }[]).map((row) => row.n),
      ...(JSON.parse(r.scores ?? '[]') as [string, number][]).map((row) => row[1]),
    ]
    if (ns.some((n) => n !== r.respondents))
      problems.push(
        `published cell ${r.cell_id} shows statistics of another number of respondents than its count`,
      )
  }
  return problems
}

function summary(title: string, k: number, cells: number, verdict: Verdict): string {
  const head = `${title}: ${cells} cells (${verdict.published} published, ${verdict.withheld} withheld), ${verdict.atoms} atoms, k = ${k}.`
  if (verdict.ok)
    return `${head} Verified: no withheld cell is determined by published numbers (nor pinned by them with the labels and links), every atom holds 0 or at least ${k}, and every cell's statistics match its count.`
  const n = verdict.problems.length
  return `${head} NOT verified, ${n} problem${n === 1 ? '' : 's'}:\n${verdict.problems.map((p) => `  - ${p}`).join('\n')}`
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof UsageError)) throw error
  console.error(error.message)
  process.exitCode = 2
}
