-- The last settlement each replica's settler applied to limit_counters. A settler numbers its
-- settlements and applies one, in the same transaction, only when its number is above the one
-- stored here; so a settlement retried because its acknowledgement was lost (PostgreSQL
-- committed, the answer never arrived) is not counted twice.
CREATE TABLE limit_settlers (
    settler_id  uuid        PRIMARY KEY,
    last_batch  bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
