-- Decisions are partitioned by day, so that retention drops whole partitions instead of
-- deleting rows, and queries over a time range read only the days they need. Rows whose day
-- has no partition yet land in the default partition.
ALTER TABLE decisions RENAME TO decisions_before_partitioning;

CREATE TABLE decisions (LIKE decisions_before_partitioning INCLUDING DEFAULTS) PARTITION BY RANGE (created_at);
ALTER TABLE decisions ADD PRIMARY KEY (id, created_at);
CREATE TABLE decisions_default PARTITION OF decisions DEFAULT;

INSERT INTO decisions SELECT * FROM decisions_before_partitioning;
DROP TABLE decisions_before_partitioning;

CREATE INDEX decisions_by_time ON decisions (created_at DESC, id DESC);
CREATE INDEX decisions_by_team ON decisions (team, created_at DESC);
CREATE INDEX decisions_by_key ON decisions (key_id, created_at DESC);
CREATE INDEX decisions_by_model ON decisions (model_requested, created_at DESC);
CREATE INDEX decisions_by_outcome ON decisions (outcome, created_at DESC);
CREATE INDEX decisions_by_rule ON decisions USING gin (matched_rules jsonb_path_ops);
