-- API keys are stored only as an HMAC of the key; the key itself is shown once, at creation.
CREATE SEQUENCE api_key_changes;

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    key_hash    text        NOT NULL UNIQUE,
    key_prefix  text        NOT NULL,
    name        text        NOT NULL,
    team        text        NOT NULL,
    user_id     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    -- Replicas refresh their in-memory key cache by reading rows whose change is newer than the
    -- last one they saw, so every insert and revocation takes a new value.
    change_seq  bigint      NOT NULL DEFAULT nextval('api_key_changes')
);

CREATE INDEX api_keys_change_seq ON api_keys (change_seq);

-- One record per request the gateway answered: allowed, refused or failed.
CREATE TABLE decisions (
    id               uuid PRIMARY KEY,
    created_at       timestamptz NOT NULL,
    key_id           uuid,
    team             text,
    user_id          text,
    endpoint         text        NOT NULL,
    stream           boolean     NOT NULL DEFAULT false,
    model_requested  text,
    route            text,
    provider         text,
    model_used       text,
    status           integer     NOT NULL,
    outcome          text        NOT NULL,
    error_type       text,
    reason           text,
    bundle_revision  text,
    fallback_used    boolean     NOT NULL DEFAULT false,
    attempts         jsonb       NOT NULL DEFAULT '[]',
    tokens_in        integer,
    tokens_out       integer,
    latency_ms       double precision NOT NULL,
    overhead_ms      double precision NOT NULL,
    ttft_ms          double precision
);

CREATE INDEX decisions_created_at ON decisions (created_at DESC);
CREATE INDEX decisions_team_created_at ON decisions (team, created_at DESC);
