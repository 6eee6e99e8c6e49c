-- What was released, to whom (DESIGN.md P1: "the decision is recorded once in a ledger and never
-- changes"). One row per round and audience, written by the release itself in the same atomic
-- batch as the round's results (src/services/release.ts), with INSERT OR IGNORE: the first write
-- stands and nothing ever updates it. Reports and trends read the decision from here and the
-- stored statistics from round_stats; organisation roll-ups will extend this record.
--
-- Audiences (src/domain/anonymity.ts): 'facilitator' (the team's facilitators), 'admin', and
-- 'share' (whoever holds the team's share link). Withheld rounds get rows too (released = 0).
-- Nothing here is per respondent, and time is kept to the day.
--
-- - released: whether any statistic of the round is shown to this audience.
-- - respondents: the respondent count shown; NULL when withheld.
-- - invited: the number of links the response rate is shown against; NULL when no rate is shown
--   (withheld rounds, and share links, which see neither the rate nor the number of links).
-- - comments: how many comments are shown (0 below the comment minimum and for share links).
CREATE TABLE releases (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  audience TEXT NOT NULL CHECK (audience IN ('facilitator', 'admin', 'share')),
  released INTEGER NOT NULL CHECK (released IN (0, 1)),
  respondents INTEGER CHECK ((released = 1) = (respondents IS NOT NULL)),
  invited INTEGER CHECK (released = 1 OR invited IS NULL),
  comments INTEGER NOT NULL CHECK (comments >= 0 AND (released = 1 OR comments = 0)),
  recorded_on TEXT NOT NULL,
  PRIMARY KEY (round_id, audience)
) WITHOUT ROWID;

-- Rounds released before this migration: the decision their reports have shown, recorded now by
-- the same rule (k and the comment minimum of the round; share links never see comments or
-- links), dated by the day of their release.
INSERT INTO releases (round_id, audience, released, respondents, invited, comments, recorded_on)
SELECT
  rr.round_id,
  a.audience,
  rr.respondents >= r.k,
  CASE WHEN rr.respondents >= r.k THEN rr.respondents END,
  CASE WHEN rr.respondents >= r.k AND a.audience <> 'share' AND rr.invited > 0 THEN rr.invited END,
  CASE
    WHEN rr.respondents >= r.k AND rr.respondents >= r.comment_min AND a.audience <> 'share'
    THEN json_array_length(rr.comments)
    ELSE 0
  END,
  substr(rr.released_at, 1, 10)
FROM round_results rr
JOIN rounds r ON r.id = rr.round_id
CROSS JOIN (SELECT 'facilitator' AS audience UNION ALL SELECT 'admin' UNION ALL SELECT 'share') a;
