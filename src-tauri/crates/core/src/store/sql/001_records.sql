-- Schema v1: every revision of every record, append-only, each a link in a hash chain.
-- Never edit this file once released: add a new numbered migration instead.
CREATE TABLE records (
    seq         INTEGER PRIMARY KEY,      -- global append order
    chain       TEXT    NOT NULL,         -- 'case:<uuid>' or 'directory'
    chain_index INTEGER NOT NULL,         -- position in its chain, from 0
    kind        TEXT    NOT NULL,         -- claimant | company | case | attempt | evidence
    id          TEXT    NOT NULL,         -- the record's uuid, shared by its revisions
    revision    INTEGER NOT NULL,         -- 1 = original, 2.. = corrections
    case_id     TEXT,                     -- the case a case/attempt/evidence record belongs to
    reason      TEXT    NOT NULL,         -- why this revision was made ('' for revision 1)
    recorded_at TEXT    NOT NULL,         -- RFC 3339 UTC, set by the library
    body        TEXT    NOT NULL,         -- canonical JSON of the record's content
    prev        TEXT    NOT NULL,         -- previous link's hash in this chain
    hash        TEXT    NOT NULL,         -- this link's hash
    UNIQUE (chain, chain_index),
    UNIQUE (id, revision)
);
CREATE INDEX records_by_case ON records (case_id, kind);
CREATE INDEX records_by_kind ON records (kind);

-- The recorded head of every chain: catches links removed from the end.
CREATE TABLE chains (
    chain  TEXT PRIMARY KEY,
    length INTEGER NOT NULL,
    head   TEXT    NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: write a revision instead'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: they cannot be deleted'); END;

-- The latest revision of every record.
CREATE VIEW latest AS
SELECT r.* FROM records r
WHERE r.revision = (SELECT MAX(r2.revision) FROM records r2 WHERE r2.id = r.id);
