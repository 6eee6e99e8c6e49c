-- Rosters, delivered links, a bounded ballot box, reminders, team chat and rotating facilitators
-- (DESIGN.md P6b and the threat model's (c)).
--
-- What ties a member to a link lives in exactly one table, `unused_links`, and only while that
-- link is unused: answering deletes the row in the same write that fills the ballot, and closing
-- a round deletes the rest. Its tag is HMAC(ballot key, "unused" + secret), unrelated to the
-- ballot's place without the secret, so no copy of the files pairs a member with a filled ballot.
-- Nothing else here says who answered: deliveries record only whether the invitation mail went
-- out, and reminders only when they were sent, never to whom.

-- A team's time zone (reminders never fall on its weekend), whether its facilitator rotates
-- through the roster, and its chat webhook, sealed under the ballot key (never shown back in full:
-- `chat_hint` is what pages show, e.g. "hooks.slack.com …a1b2").
ALTER TABLE teams ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
ALTER TABLE teams ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 1));
ALTER TABLE teams ADD COLUMN chat_webhook BLOB;
ALTER TABLE teams ADD COLUMN chat_hint TEXT;

-- The roster, kept by admins. A member without an email address gets a link by hand.
-- `position` orders the roster, and so the facilitator rotation.
CREATE TABLE members (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  email TEXT COLLATE NOCASE,
  name TEXT,
  locale TEXT NOT NULL DEFAULT 'en',
  position INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (email IS NOT NULL OR name IS NOT NULL)
);
CREATE UNIQUE INDEX members_by_email ON members (team_id, email) WHERE email IS NOT NULL;
CREATE INDEX members_by_team ON members (team_id, position);

-- team_size: the roster's size when the round's links were last made (NULL for rounds opened
-- before rosters existed); extra_links: links an admin allowed beyond it (link_allowances says
-- who, how many and why). A round never has more than team_size + extra_links links.
-- facilitated_by: who ran the round, by name; facilitator_member: the roster member whose turn it
-- was, on a rotating team. quorum_announced: the team chat was told k was reached.
ALTER TABLE rounds ADD COLUMN team_size INTEGER;
ALTER TABLE rounds ADD COLUMN extra_links INTEGER NOT NULL DEFAULT 0 CHECK (extra_links >= 0);
ALTER TABLE rounds ADD COLUMN facilitated_by TEXT;
ALTER TABLE rounds ADD COLUMN facilitator_member TEXT;
ALTER TABLE rounds ADD COLUMN quorum_announced INTEGER NOT NULL DEFAULT 0;

-- Extra links beyond the roster, allowed by an admin for one round: recorded and never changed.
CREATE TABLE link_allowances (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  count INTEGER NOT NULL CHECK (count >= 1),
  reason TEXT NOT NULL,
  allowed_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX link_allowances_by_round ON link_allowances (round_id);

-- Whether each member's invitation mail was accepted by the mail server; nothing about answering.
CREATE TABLE deliveries (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  detail TEXT,
  PRIMARY KEY (round_id, member_id)
) WITHOUT ROWID;

-- A delivered link that is still unused: the member to remind, and their link sealed under the
-- ballot key (base64url) so the reminder can carry it again. Deleted when the link is used or the round closes.
CREATE TABLE unused_links (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  sealed_link TEXT NOT NULL,
  PRIMARY KEY (round_id, tag)
) WITHOUT ROWID;

-- When a round's reminders are due and whether they went out; never to whom, never how many.
CREATE TABLE reminders (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  due_at TEXT NOT NULL,
  sent_at TEXT,
  PRIMARY KEY (round_id, due_at)
) WITHOUT ROWID;
CREATE INDEX reminders_due ON reminders (sent_at, due_at);

-- Rotation: a facilitator role held for one round (round_id set) is handed on when the team's
-- next round opens. Permanent assignments keep round_id NULL.
ALTER TABLE team_facilitators ADD COLUMN round_id TEXT REFERENCES rounds (id) ON DELETE CASCADE;

-- Single-use, expiring sign-in links mailed to the member whose turn it is to facilitate.
CREATE TABLE facilitator_links (
  token_hash TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  member_id TEXT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);

-- The newest live share link, sealed under the ballot key (its URL, token included), so the team
-- chat can be told where to read released results; only the token's hash opens anything.
ALTER TABLE share_links ADD COLUMN sealed_token BLOB;
