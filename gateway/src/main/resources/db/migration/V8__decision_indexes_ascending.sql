-- The decisions table's B-tree indexes ascend in time. Rows arrive in time order, so an ascending
-- index takes each new row at the right edge of its key (of the whole index for the time order),
-- where PostgreSQL fills pages before it splits them. The descending indexes of V4 took each new
-- row at the left edge instead: every page split there was a half-and-half split that left two
-- half-empty pages. Measured on 200,000 decisions (src/bench/RESULTS.md, item 54), the five
-- ascending indexes are 27% smaller, and PostgreSQL spends less CPU storing each decision.
--
-- B-trees are read backwards as cheaply as forwards, so the console's newest-first listings
-- (ORDER BY created_at DESC, id DESC, and the cursor (created_at, id) < (?, ?)) use them as they
-- used the descending ones. Rebuilding the indexes holds writes to decisions until it is done;
-- meanwhile new decisions wait in the spool, as during any database outage.
DROP INDEX decisions_by_time;
DROP INDEX decisions_by_team;
DROP INDEX decisions_by_key;
DROP INDEX decisions_by_model;
DROP INDEX decisions_by_outcome;

CREATE INDEX decisions_by_time ON decisions (created_at, id);
CREATE INDEX decisions_by_team ON decisions (team, created_at);
CREATE INDEX decisions_by_key ON decisions (key_id, created_at);
CREATE INDEX decisions_by_model ON decisions (model_requested, created_at);
CREATE INDEX decisions_by_outcome ON decisions (outcome, created_at);
