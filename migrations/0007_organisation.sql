-- The organisation (issue 11): nested groups, group leads, campaigns and their release ledger.
--
-- groups: organisation › division › department › …, any depth; a group has at most one parent
-- (NULL for a top-level group), and a team at most one group (teams.group_id).
--
-- group_leads: a group lead sees their group and everything under it, as released, and may open
-- campaigns for it. A lead is an account (role facilitator or admin); the role is per group.
CREATE TABLE groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_id TEXT REFERENCES groups (id),
  created_at TEXT NOT NULL
);

CREATE INDEX groups_parent ON groups (parent_id);

ALTER TABLE teams ADD COLUMN group_id TEXT REFERENCES groups (id);

CREATE INDEX teams_group ON teams (group_id);

CREATE TABLE group_leads (
  group_id TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;

-- campaigns: one survey version opened for every team under a group at once, with one window and
-- one k; one round per team (rounds.campaign_id). Status: 'open' until its closing time, then
-- 'closing' while its rounds' results are stored, then 'released' once the ledger is recorded, or
-- 'rejected' when the independent verifier refused the ledger (nothing is published; the reason
-- is kept in `rejected_reason`, which names cells and counts of atoms, never answers).
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES groups (id),
  name TEXT NOT NULL,
  survey_id TEXT NOT NULL,
  survey_version INTEGER NOT NULL,
  k INTEGER NOT NULL CHECK (k >= 3),
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closing', 'released', 'rejected')),
  rejected_reason TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  released_on TEXT
);

CREATE INDEX campaigns_group ON campaigns (group_id);

ALTER TABLE rounds ADD COLUMN campaign_id TEXT REFERENCES campaigns (id);

CREATE INDEX rounds_campaign ON rounds (campaign_id);

-- The release ledger (DESIGN.md P1): what a campaign published, decided once at its close by one
-- verb (src/services/campaign-release.ts) and never changed. One row per cell: each group and each
-- team under the campaign's group, as the hierarchy stood at the close (`parent_id` is the parent
-- cell, NULL for the campaign's own group; `name` the name then).
-- - decision: 'published'; 'fewer_than_k' (the cell itself holds fewer than k respondents); or
--   'protects_smaller' (withheld by complementary suppression so that no sum or difference of
--   published cells isolates a smaller group).
-- - respondents, invited: set only for published cells (counts are published numbers too).
-- - links: a team's number of links (for a group, its teams' together). Public for every cell
--   (P6b: each respondent sees it), and a bound on what a withheld cell can hold that the ledger
--   and the verifier take into account; never shown in a campaign's views.
-- - stats: the cell's dimension and item statistics (n, sums, sums of squares, favourable counts,
--   histograms) as JSON, only for published cells: a withheld cell keeps no number here.
-- - scores: the same cell's dimension statistics alone, compact ([dimension, n, sum, sum of squares,
--   favourable] each), which is all a heatmap reads; only for published cells.
-- - position: the order cells are listed in (the hierarchy, depth first, by name).
CREATE TABLE campaign_cells (
  campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  cell_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'team')),
  parent_id TEXT,
  name TEXT NOT NULL,
  round_id TEXT,
  position INTEGER NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('published', 'fewer_than_k', 'protects_smaller')),
  respondents INTEGER CHECK ((decision = 'published') = (respondents IS NOT NULL)),
  invited INTEGER CHECK (decision = 'published' OR invited IS NULL),
  links INTEGER NOT NULL CHECK (links >= 0),
  stats TEXT CHECK (decision = 'published' OR stats IS NULL),
  scores TEXT CHECK (decision = 'published' OR scores IS NULL),
  PRIMARY KEY (campaign_id, cell_id)
) WITHOUT ROWID;

-- A campaign round withheld to protect a smaller group says so, unlike one below k.
ALTER TABLE releases ADD COLUMN protects INTEGER NOT NULL DEFAULT 0;
