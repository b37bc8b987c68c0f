//! Crafted backups, the way an attacker with the `sqlite3` shell makes them: a backup is a
//! SQLite file, so it can carry its own schema and triggers, a doctored search index, a
//! damaged evidence file, an evidence name that climbs out of the evidence folder, or a
//! chain cut short. A restore must adopt none of it: it rebuilds a fresh store from the
//! rows, or refuses and leaves the folder as it was.

use std::path::{Path, PathBuf};

use expediente_core::chain::{canonical_json, Link};
use expediente_core::{Error, Id, Store};
use expediente_tests::{attempt, cdmx, new_case};
use rusqlite::{params, Connection};

struct Fixture {
    _dir: tempfile::TempDir,
    backup: PathBuf,
    target: PathBuf,
    case: Id,
    evidence_sha: String,
}

/// A store with one case, two attempts and one evidence file, backed up.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let case = new_case(&mut store, "Reembolso de la lavadora").unwrap();
    let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(3);
    let mut a = attempt(1, at);
    a.response = "Le devolveremos su dinero en siete días hábiles".into();
    store.log_attempt(case, a).unwrap();
    store.log_attempt(case, attempt(2, at)).unwrap();
    let e = store
        .add_evidence_reader(case, "ticket.pdf", &mut &b"%PDF-1.4 ticket"[..], None, "")
        .unwrap();
    let backup = dir.path().join("respaldo.expediente");
    store.backup(&backup).unwrap();
    Fixture {
        backup,
        target: dir.path().join("restaurado"),
        case,
        evidence_sha: e.data.sha256,
        _dir: dir,
    }
}

/// The backup file opened as an attacker has it: the append-only triggers dropped.
fn doctor(backup: &Path) -> Connection {
    let db = Connection::open(backup).unwrap();
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for n in names {
        db.execute_batch(&format!("DROP TRIGGER {n}")).unwrap();
    }
    db
}

/// A refused restore names the problem and leaves no database and no evidence behind.
fn refused(f: &Fixture, mention: &str) {
    let Err(err) = Store::restore(&f.backup, &f.target) else {
        panic!("restored")
    };
    assert!(
        err.to_string().contains(mention),
        "{err} should mention {mention:?}"
    );
    assert!(!f.target.join("expediente.sqlite3").exists());
    assert!(!f.target.join("evidence").exists());
}

fn triggers(store: &Store) -> Vec<String> {
    store
        .connection()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_backup_with_its_own_triggers_restores_with_ours_only() {
    let f = fixture();
    let ours = triggers(&Store::open(&f.target.with_extension("fresh")).unwrap());
    {
        let db = doctor(&f.backup);
        db.execute_batch(
            "CREATE TABLE loot (what TEXT);
             CREATE TRIGGER foreign_code AFTER INSERT ON records
             BEGIN INSERT INTO loot VALUES (NEW.body); END;",
        )
        .unwrap();
    }
    let mut restored = Store::restore(&f.backup, &f.target).unwrap();
    assert_eq!(
        triggers(&restored),
        ours,
        "our triggers, none of the backup's"
    );
    let loot: i64 = restored
        .connection()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('loot', 'foreign_code')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(loot, 0, "no table or trigger of the backup came along");
    // Still append-only, and writes still work.
    let err = restored
        .connection()
        .execute("UPDATE records SET reason = 'x'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::hours(1);
    restored.log_attempt(f.case, attempt(3, at)).unwrap();
    assert!(restored.check_store(false).unwrap().ok);
}

#[test]
fn a_doctored_search_index_is_rebuilt_from_the_records() {
    let f = fixture();
    {
        let db = doctor(&f.backup);
        db.execute_batch(
            "DELETE FROM search_index;
             INSERT INTO search_index (id, kind, case_id, title, text)
             VALUES ('00000000-0000-0000-0000-000000000000', 'case', NULL, 'Nada', 'mentira');",
        )
        .unwrap();
    }
    let restored = Store::restore(&f.backup, &f.target).unwrap();
    assert!(restored.search("mentira").unwrap().is_empty());
    let hits = restored.search("devolveremos").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].case_id, Some(f.case));
}

#[test]
fn a_damaged_evidence_file_is_refused() {
    let f = fixture();
    doctor(&f.backup)
        .execute(
            "UPDATE backup_evidence SET bytes = ?1",
            params![b"%PDF-1.4 tickeT".to_vec()],
        )
        .unwrap();
    refused(
        &f,
        &format!("evidence file {} in the backup is damaged", f.evidence_sha),
    );
}

#[test]
fn a_file_named_outside_the_evidence_folder_is_refused() {
    let f = fixture();
    doctor(&f.backup)
        .execute(
            "UPDATE backup_evidence SET sha256 = '../../../../etc/hostname'",
            [],
        )
        .unwrap();
    refused(&f, "is not an evidence file name");
}

/// Reads every link of `chain` from a doctored backup.
fn links(db: &Connection, chain: &str) -> Vec<(i64, Link)> {
    db.prepare(
        "SELECT seq, chain, chain_index, kind, id, revision, reason, recorded_at, body, prev,
                hash, encoding, store_id, store_seq, case_id
         FROM records WHERE chain = ?1 ORDER BY chain_index",
    )
    .unwrap()
    .query_map([chain], |r| {
        Ok((
            r.get(0)?,
            Link {
                chain: r.get(1)?,
                index: r.get(2)?,
                kind: r.get(3)?,
                id: r.get(4)?,
                revision: r.get(5)?,
                reason: r.get(6)?,
                recorded_at: r.get(7)?,
                body: r.get(8)?,
                prev: r.get(9)?,
                hash: r.get(10)?,
                encoding: r.get(11)?,
                store_id: r.get(12)?,
                store_seq: r.get(13)?,
                case_id: r.get(14)?,
            },
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

#[test]
fn an_evidence_record_naming_a_path_is_refused_even_when_its_chain_is_rehashed() {
    let f = fixture();
    {
        let db = doctor(&f.backup);
        let chain = format!("case:{}", f.case);
        let mut prev = expediente_core::chain::GENESIS.to_string();
        for (seq, mut l) in links(&db, &chain) {
            if l.kind == "evidence" {
                let mut body: serde_json::Value = serde_json::from_str(&l.body).unwrap();
                body["sha256"] = "../../../../etc/hostname".into();
                l.body = canonical_json(&body);
            }
            l.prev = prev;
            l.hash = l.compute_hash().unwrap();
            prev = l.hash.clone();
            db.execute(
                "UPDATE records SET body = ?2, prev = ?3, hash = ?4 WHERE seq = ?1",
                params![seq, l.body, l.prev, l.hash],
            )
            .unwrap();
        }
        db.execute(
            "UPDATE chains SET head = ?2 WHERE chain = ?1",
            params![chain, prev],
        )
        .unwrap();
    }
    refused(&f, "../../../../etc/hostname");
}

#[test]
fn a_chain_cut_short_in_the_backup_is_refused() {
    let f = fixture();
    doctor(&f.backup)
        .execute(
            "DELETE FROM records WHERE seq = (SELECT max(seq) FROM records WHERE chain = ?1)",
            [format!("case:{}", f.case)],
        )
        .unwrap();
    refused(&f, "do not reach the chain heads it records");
}

#[test]
fn a_link_edited_in_the_backup_is_refused() {
    let f = fixture();
    doctor(&f.backup)
        .execute(
            "UPDATE records SET body = replace(body, 'siete', 'treinta') WHERE kind = 'attempt'",
            [],
        )
        .unwrap();
    let Err(err) = Store::restore(&f.backup, &f.target) else {
        panic!("restored")
    };
    assert!(matches!(err, Error::Integrity(_)), "{err}");
    assert!(!f.target.join("expediente.sqlite3").exists());
}

#[test]
fn a_backup_from_a_newer_program_is_refused() {
    let f = fixture();
    Connection::open(&f.backup)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let Err(err) = Store::restore(&f.backup, &f.target) else {
        panic!("restored")
    };
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err}");
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_clearly() {
    let f = fixture();
    std::fs::write(&f.backup, b"not a database at all, just text").unwrap();
    refused(&f, "is not an Expediente backup");
}
