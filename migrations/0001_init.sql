-- Quorum schema. Applied by `wrangler d1 migrations apply` on D1 and by src/db/migrate.ts on Node;
-- both record applied files in d1_migrations.
--
-- Anonymity by construction (DESIGN.md P5): `invitations` and `responses`/`comments` share no
-- column, key or value, and neither holds a timestamp. Their random ids do NOT make the file's
-- physical order random: SQLite fills each page's cell-content area from the end as rows arrive,
-- so these tables kept submission order. 0002_ballots.sql replaces them with ballots.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

-- Server-side sessions: only a hash of the cookie value is stored, so a dump cannot sign anyone in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- One-time secrets, e.g. the first-admin set-up token printed on first start.
CREATE TABLE setup_tokens (
  token_hash TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE team_facilitators (
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_facilitators_by_user ON team_facilitators (user_id);

-- Read-only links to a team's released reports; only the hash of the secret is kept.
CREATE TABLE share_links (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX share_links_by_team ON share_links (team_id);

-- Survey versions, built-in (synced from surveys/*.json at start) and custom. A version that a
-- round has used never changes (enforced in src/db/surveys.ts).
CREATE TABLE survey_versions (
  survey_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('builtin', 'custom')),
  title TEXT NOT NULL,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (survey_id, version)
);

CREATE TABLE rounds (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  survey_id TEXT NOT NULL,
  survey_version INTEGER NOT NULL,
  k INTEGER NOT NULL CHECK (k >= 3),
  comment_min INTEGER NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at TEXT,
  invited INTEGER NOT NULL DEFAULT 0,
  debrief TEXT,
  debrief_updated_at TEXT,
  created_at TEXT NOT NULL,
  FOREIGN KEY (survey_id, survey_version) REFERENCES survey_versions (survey_id, version),
  CHECK (comment_min >= k)
);
CREATE INDEX rounds_by_team ON rounds (team_id, opens_at);
CREATE INDEX rounds_due ON rounds (status, closes_at);

-- Invitations: a hash of the secret and whether it was used. Nothing else: no time, no person.
CREATE TABLE invitations (
  secret_hash TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  claimed INTEGER NOT NULL DEFAULT 0 CHECK (claimed IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX invitations_by_round ON invitations (round_id, claimed);

-- Numeric answers as JSON { itemId: value }, keyed by a random id; no time, no invitation.
CREATE TABLE responses (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  answers TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX responses_by_round ON responses (round_id);

-- Free-text comments, stored apart from the numeric answers (P4) under their own random ids.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX comments_by_round ON comments (round_id);

-- Results computed once when a round closes (P2), for every closed round. Whether a number may
-- leave the server is decided on the way out by the anonymity gate (src/domain/anonymity.ts).
CREATE TABLE round_results (
  round_id TEXT PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
  respondents INTEGER NOT NULL,
  invited INTEGER NOT NULL,
  comments TEXT NOT NULL,
  released_at TEXT NOT NULL
);

-- Sufficient statistics, so trends and roll-ups never re-read raw answers. `kind` is 'item' or
-- 'dimension'; histogram is a JSON array of counts per scale point (dimension scores rounded).
CREATE TABLE round_stats (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('item', 'dimension')),
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  sum REAL NOT NULL,
  sum_sq REAL NOT NULL,
  favourable INTEGER NOT NULL,
  histogram TEXT NOT NULL,
  PRIMARY KEY (round_id, kind, key)
) WITHOUT ROWID;
