-- Every bundle that was activated, with its files, so that any revision can be inspected, diffed
-- and rolled back to. Files hold ${env:...} references only, never secrets.
CREATE TABLE policy_revisions (
    id            bigserial   PRIMARY KEY,
    revision      text        NOT NULL,
    git_commit    text,
    activated_at  timestamptz NOT NULL DEFAULT now(),
    activated_by  text        NOT NULL,
    origin        text        NOT NULL,
    files         jsonb       NOT NULL,
    diff_summary  text        NOT NULL
);

CREATE INDEX policy_revisions_revision ON policy_revisions (revision, id DESC);

-- What the policy decided, on every decision record.
ALTER TABLE decisions
    ADD COLUMN matched_rules jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN labels        jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN audit_flags   jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN redactions    jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN git_commit    text;
