-- One row per limit, scope (team, key, ...), calendar window and dimension. Replicas lease
-- units of the budget ("leased") and settle what they consumed into "used", so that
-- used + leased never exceeds the budget and no request waits on the database.
CREATE TABLE limit_counters (
    limit_name    text        NOT NULL,
    scope_key     text        NOT NULL,
    window_start  timestamptz NOT NULL,
    dimension     text        NOT NULL,
    budget        bigint      NOT NULL,
    used          bigint      NOT NULL DEFAULT 0,
    leased        bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (limit_name, scope_key, window_start, dimension)
);

-- What each request cost, for usage reports and cost limits.
ALTER TABLE decisions ADD COLUMN cost_usd numeric(18, 8);
