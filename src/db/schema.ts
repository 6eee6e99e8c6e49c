import type { CompiledQuery, Kysely } from 'kysely'

/** Table types, one per migration-defined table. Times are ISO-8601 UTC strings. */
export interface UsersTable {
  id: string
  email: string
  name: string
  role: 'admin' | 'facilitator'
  password_hash: string
  disabled: number
  created_at: string
}
export interface SessionsTable {
  token_hash: string
  user_id: string
  created_at: string
  expires_at: string
}
export interface ApiTokensTable {
  id: string
  user_id: string
  name: string
  token_hash: string
  created_at: string
  /** migrations/0003_token_scope.sql: 'read' tokens may not use POST, PUT, PATCH or DELETE. */
  scope: 'read' | 'write'
  /** After this instant the token no longer authenticates; null: it does not expire. */
  expires_at: string | null
}
export interface SetupTokensTable {
  token_hash: string
  purpose: string
  expires_at: string
}
export interface TeamsTable {
  id: string
  name: string
  created_at: string
  /** migrations/0005_rosters.sql: an IANA time zone; reminders never fall on its weekend. */
  time_zone: string
  rotation: number
  /** The chat webhook URL, sealed under the ballot key; `chat_hint` is all that is shown. */
  chat_webhook: Uint8Array | null
  chat_hint: string | null
  /** migrations/0007_organisation.sql: the group the team sits in, if any. */
  group_id: string | null
}
export interface TeamFacilitatorsTable {
  team_id: string
  user_id: string
  /** Set for a rotating facilitator: the role holds for this round, until the next one opens. */
  round_id: string | null
}
/** A roster member (migrations/0005_rosters.sql). */
export interface MembersTable {
  id: string
  team_id: string
  email: string | null
  name: string | null
  locale: string
  position: number
  created_at: string
}
export interface LinkAllowancesTable {
  id: string
  round_id: string
  count: number
  reason: string
  allowed_by: string
  created_at: string
}
export interface DeliveriesTable {
  round_id: string
  member_id: string
  status: 'sent' | 'failed'
  detail: string | null
}
/** A delivered link still unused; deleted when it is used or the round closes. */
export interface UnusedLinksTable {
  round_id: string
  tag: string
  member_id: string
  /** The link's secret sealed under the ballot key, base64url. */
  sealed_link: string
}
export interface RemindersTable {
  round_id: string
  due_at: string
  sent_at: string | null
}
export interface FacilitatorLinksTable {
  token_hash: string
  round_id: string
  member_id: string
  expires_at: string
}
export interface ShareLinksTable {
  id: string
  team_id: string
  token_hash: string
  created_at: string
  revoked_at: string | null
  /** migrations/0005_rosters.sql: the link sealed under the ballot key, for the team chat. */
  sealed_token: Uint8Array | null
}
export interface SurveyVersionsTable {
  survey_id: string
  version: number
  source: 'builtin' | 'custom'
  title: string
  definition: string
  created_at: string
}
export interface RoundsTable {
  id: string
  team_id: string
  survey_id: string
  survey_version: number
  k: number
  comment_min: number
  opens_at: string
  closes_at: string
  status: 'open' | 'closed'
  closed_at: string | null
  invited: number
  debrief: string | null
  debrief_updated_at: string | null
  created_at: string
  /** The roster's size when links were last made; null for rounds from before rosters. */
  team_size: number | null
  /** Links an admin allowed beyond the roster (link_allowances). */
  extra_links: number
  facilitated_by: string | null
  facilitator_member: string | null
  quorum_announced: number
  /** migrations/0007_organisation.sql: the campaign this round is part of, if any. */
  campaign_id: string | null
}
/** One per link, made at minting (migrations/0002_ballots.sql). */
export interface BallotsTable {
  round_id: string
  place: string
  filled: number
  sealed: Uint8Array
}
/** A round's comments, a few sealed lists (buckets). */
export interface CommentPoolsTable {
  round_id: string
  bucket: number
  version: number
  sealed: Uint8Array
}
/** Legacy (0001): only rounds open when 0002 was applied still have rows, until upgraded. */
export interface InvitationsTable {
  secret_hash: string
  round_id: string
  claimed: number
}
export interface ResponsesTable {
  id: string
  round_id: string
  answers: string
}
export interface CommentsTable {
  id: string
  round_id: string
  question_id: string
  body: string
}
export interface RoundResultsTable {
  round_id: string
  respondents: number
  invited: number
  comments: string
  released_at: string
}
export interface RoundStatsTable {
  round_id: string
  kind: 'item' | 'dimension'
  key: string
  n: number
  sum: number
  sum_sq: number
  favourable: number
  histogram: string
}
/** What was released to whom (migrations/0004_releases.sql); written once, never changed. */
export interface ReleasesTable {
  round_id: string
  audience: 'facilitator' | 'admin' | 'share'
  released: number
  respondents: number | null
  invited: number | null
  comments: number
  recorded_on: string
  /** 1 when withheld to protect a smaller group (a campaign's ledger), not for being below k. */
  protects: number
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  setup_tokens: SetupTokensTable
  teams: TeamsTable
  team_facilitators: TeamFacilitatorsTable
  share_links: ShareLinksTable
  survey_versions: SurveyVersionsTable
  rounds: RoundsTable
  ballots: BallotsTable
  comment_pools: CommentPoolsTable
  invitations: InvitationsTable
  responses: ResponsesTable
  comments: CommentsTable
  round_results: RoundResultsTable
  round_stats: RoundStatsTable
  releases: ReleasesTable
  members: MembersTable
  link_allowances: LinkAllowancesTable
  deliveries: DeliveriesTable
  unused_links: UnusedLinksTable
  reminders: RemindersTable
  facilitator_links: FacilitatorLinksTable
  schedules: SchedulesTable
  groups: GroupsTable
  group_leads: GroupLeadsTable
  campaigns: CampaignsTable
  campaign_cells: CampaignCellsTable
}

/** The organisation (migrations/0007_organisation.sql). */
export interface GroupsTable {
  id: string
  name: string
  parent_id: string | null
  created_at: string
}
export interface GroupLeadsTable {
  group_id: string
  user_id: string
}
export interface CampaignsTable {
  id: string
  group_id: string
  name: string
  survey_id: string
  survey_version: number
  k: number
  opens_at: string
  closes_at: string
  status: 'open' | 'closing' | 'released' | 'rejected'
  rejected_reason: string | null
  created_by: string
  created_at: string
  released_on: string | null
}
/** The release ledger: one row per cell of a campaign, written once at its release. */
export interface CampaignCellsTable {
  campaign_id: string
  cell_id: string
  kind: 'group' | 'team'
  parent_id: string | null
  name: string
  round_id: string | null
  position: number
  decision: 'published' | 'fewer_than_k' | 'protects_smaller'
  respondents: number | null
  invited: number | null
  links: number
  stats: string | null
  scores: string | null
}

/** A team's recurring pulse (migrations/0006_schedules.sql). */
export interface SchedulesTable {
  id: string
  team_id: string
  survey_id: string
  k: number
  cadence: 'weeks' | 'monthly'
  every_weeks: number | null
  weekday: number | null
  day_of_month: number | null
  open_time: string
  open_days: number
  next_at: string
  moved_at: string | null
  active: number
  created_by: string
  created_at: string
}

export type Db = Kysely<Database>

export interface BatchResult {
  numChangedRows: number
  rows: Record<string, unknown>[]
}

/**
 * Runs statements atomically, in order, as one unit: D1's batch() on Workers, a transaction on
 * Node. It is the only way to write several rows that must stand or fall together, because D1 has
 * no interactive transactions.
 */
export type Batch = (queries: readonly CompiledQuery[]) => Promise<BatchResult[]>
