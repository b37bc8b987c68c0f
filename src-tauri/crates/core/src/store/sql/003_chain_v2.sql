-- Schema v3: chain format v2 and a store that cannot hold an inconsistent chain.
-- New links also hash their case, the store that wrote them and that store's own counter
-- (`store_id`, `store_seq`: a link identity no two stores can mint twice). Links written
-- before stay in format v1 and still verify.
-- Never edit this file once released: add a new numbered migration instead.
ALTER TABLE records ADD COLUMN encoding TEXT NOT NULL DEFAULT 'expediente-chain-v1';
ALTER TABLE records ADD COLUMN store_id TEXT;
ALTER TABLE records ADD COLUMN store_seq INTEGER;
CREATE UNIQUE INDEX records_by_store ON records (store_id, store_seq) WHERE store_id IS NOT NULL;

-- Every insert must be the next link of its chain, in the chain of its case, and keep a
-- record's revisions together and numbered 1, 2, 3... (reads trust the chain, so the
-- store refuses what would make the chain say something else).
CREATE TRIGGER records_next_link BEFORE INSERT ON records
BEGIN
    SELECT RAISE(ABORT, 'a link must be the next link of its chain')
    WHERE NEW.chain_index != COALESCE((SELECT length FROM chains WHERE chain = NEW.chain), 0)
       OR NEW.prev != COALESCE((SELECT head FROM chains WHERE chain = NEW.chain),
                               '0000000000000000000000000000000000000000000000000000000000000000');
    SELECT RAISE(ABORT, 'a record must be written in the chain of its case')
    WHERE (NEW.chain = 'directory'
           AND (NEW.case_id IS NOT NULL OR NEW.kind NOT IN ('claimant', 'company')))
       OR (NEW.chain != 'directory'
           AND (NEW.case_id IS NULL OR NEW.chain != 'case:' || NEW.case_id
                OR NEW.kind NOT IN ('case', 'attempt', 'evidence', 'import')));
    SELECT RAISE(ABORT, 'a case chain starts with its case and holds no other case')
    WHERE NEW.chain != 'directory'
      AND ((NEW.chain_index = 0 AND (NEW.kind != 'case' OR NEW.revision != 1))
           OR (NEW.kind = 'case' AND NEW.id != NEW.case_id));
    SELECT RAISE(ABORT, 'every revision of a record stays in the chain it was first written in')
    WHERE EXISTS (SELECT 1 FROM records WHERE id = NEW.id AND chain != NEW.chain);
    SELECT RAISE(ABORT, 'revisions are numbered 1, 2, 3... without gaps')
    WHERE NEW.revision != COALESCE((SELECT MAX(revision) FROM records WHERE id = NEW.id), 0) + 1;
    SELECT RAISE(ABORT, 'unknown chain format')
    WHERE NEW.encoding NOT IN ('expediente-chain-v1', 'expediente-chain-v2');
END;

-- The recorded heads move only forward, one link at a time, onto a link that exists.
CREATE TRIGGER chains_start BEFORE INSERT ON chains
BEGIN
    SELECT RAISE(ABORT, 'a chain head must be its first link')
    WHERE NEW.length != 1
       OR NOT EXISTS (SELECT 1 FROM records
                      WHERE chain = NEW.chain AND chain_index = 0 AND hash = NEW.head);
END;
CREATE TRIGGER chains_advance BEFORE UPDATE ON chains
BEGIN
    SELECT RAISE(ABORT, 'a chain head only moves to its next link')
    WHERE NEW.chain != OLD.chain OR NEW.length != OLD.length + 1
       OR NOT EXISTS (SELECT 1 FROM records
                      WHERE chain = NEW.chain AND chain_index = OLD.length AND hash = NEW.head);
END;
CREATE TRIGGER chains_no_delete BEFORE DELETE ON chains
BEGIN SELECT RAISE(ABORT, 'chain heads cannot be deleted'); END;
