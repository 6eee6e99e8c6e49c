-- Ballots replace invitations, responses and comments (DESIGN.md P5: the files cannot link or
-- order). The old tables held a hash of each link's secret with a claimed flag, and rows appended
-- as answers arrived: SQLite fills a page's cell-content area from its end, so the file kept the
-- order of submissions whatever the random primary key (the comment in 0001 claimed otherwise),
-- and the WAL paired each claim with its response.
--
-- Now each link has one ballot, made when the link is minted, in shuffled order:
-- - `place` is HMAC(ballot key, SHA-256(secret)). The ballot key never sits in the database or
--   its folder, so a copy of the files and the links together still cannot find whose ballot is
--   whose; there is no separate invitation row to pair it with.
-- - `sealed` has the same size empty (zeros) and filled (the answers sealed with AES-256-GCM
--   under the ballot key), so answering rewrites the row in place and the layout stays that of
--   minting. No answer is ever on disk in clear.
-- - `filled` is the one-answer-per-link flag (P6), set in the same write as the answers.
-- No index other than the primary key: an index on `filled` would move its entries as people
-- answer and so record the order.
CREATE TABLE ballots (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  place TEXT NOT NULL,
  filled INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1)),
  sealed BLOB NOT NULL,
  PRIMARY KEY (round_id, place)
) WITHOUT ROWID;

-- A round's comments, apart from the ballots (P4), as a few sealed lists ("buckets", one per 16
-- links): a comment joins a bucket picked at random, which is then reshuffled and sealed afresh,
-- so a write costs one small bucket, not the round's every comment. `version` lets writers
-- without transactions (D1) detect a concurrent write.
CREATE TABLE comment_pools (
  round_id TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
  bucket INTEGER NOT NULL,
  version INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (round_id, bucket)
);

-- Erase what closed rounds no longer need: their results are stored, so raw answers, comments and
-- claimed flags go. Rounds withheld below k keep only their counts; comments below the comment
-- minimum are never shown and so are not kept.
DELETE FROM round_stats WHERE round_id IN (
  SELECT rr.round_id FROM round_results rr JOIN rounds r ON r.id = rr.round_id
  WHERE rr.respondents < r.k
);
UPDATE round_results SET comments = '[]' WHERE round_id IN (
  SELECT rr.round_id FROM round_results rr JOIN rounds r ON r.id = rr.round_id
  WHERE rr.respondents < r.comment_min
);
DELETE FROM responses WHERE round_id IN (SELECT round_id FROM round_results);
DELETE FROM comments WHERE round_id IN (SELECT round_id FROM round_results);
DELETE FROM invitations WHERE round_id IN (SELECT round_id FROM round_results);
-- What is left in the three old tables belongs to rounds still open at the upgrade; the server
-- moves it into ballots with the ballot key on its first start (src/services/upgrade.ts) and a
-- later migration drops the tables.
