//! Fuzzing the restore, through the public API only (`Store::backup`, `Store::restore`):
//! a real backup file, mutated (bytes flipped or the file cut short; or, as an attacker
//! with the `sqlite3` shell would, its triggers dropped and one statement run: a record,
//! hash, evidence name or evidence file changed, a row deleted or added, a trigger of its
//! own, a newer schema version, a search index entry), is restored into a new folder.
//! Nothing panics; a restore either gives a store that passes the full integrity check,
//! runs with our pragmas, has our schema and finds what the original finds, or fails and
//! leaves no file behind in the folder.

mod fuzz_common;

use std::path::Path;
use std::sync::{Mutex, OnceLock};

use expediente_core::store::DB_FILE;
use expediente_core::Store;
use expediente_tests::{attempt, cdmx, new_case};
use proptest::prelude::*;
use proptest::sample::Index;

/// A real backup: a case with attempts, a correction and two evidence files.
fn base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = fuzz_common::tempdir();
        let mut store = Store::open(&dir.path().join("data")).unwrap();
        let case = new_case(&mut store, "Caso a respaldar").unwrap();
        let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(3);
        let a = store.log_attempt(case, attempt(1, at)).unwrap().meta.id;
        store.log_attempt(case, attempt(2, at)).unwrap();
        let mut d = attempt(1, at);
        d.agent = "Otro asesor".into();
        store.revise_attempt(a, d, "Nombre mal anotado").unwrap();
        store
            .add_evidence_reader(case, "captura.png", &mut &b"\x89PNG uno"[..], Some(a), "")
            .unwrap();
        store
            .add_evidence_reader(case, "carta.pdf", &mut &b"%PDF-1.7 dos"[..], None, "nota")
            .unwrap();
        let file = dir.path().join("copia.expediente");
        store.backup(&file).unwrap();
        std::fs::read(file).unwrap()
    })
}

/// Statements an attacker runs on the backup (after dropping its triggers); `?1` is a
/// hostile value, `?2` a row number.
const SQL: &[&str] = &[
    "UPDATE records SET body = ?1 WHERE rowid = ?2",
    "UPDATE records SET hash = ?1 WHERE rowid = ?2",
    "UPDATE records SET kind = ?1 WHERE rowid = ?2",
    "UPDATE records SET chain = ?1 WHERE rowid = ?2",
    "UPDATE records SET recorded_at = ?1 WHERE rowid = ?2",
    "UPDATE records SET case_id = ?1 WHERE rowid = ?2",
    "DELETE FROM records WHERE rowid = ?2",
    "INSERT INTO records (chain, chain_index, kind, id, revision, case_id, reason, recorded_at, body, prev, hash, encoding) SELECT chain, chain_index + 100, kind, id, revision + 1, case_id, ?1, recorded_at, body, hash, hash, encoding FROM records WHERE rowid = ?2",
    "UPDATE chains SET head = ?1 WHERE rowid = ?2",
    "UPDATE chains SET length = ?2",
    "UPDATE backup_evidence SET sha256 = ?1 WHERE rowid = ?2",
    "UPDATE backup_evidence SET bytes = ?1 WHERE rowid = ?2",
    "INSERT INTO backup_evidence (sha256, bytes) VALUES (?1, zeroblob(?2))",
    "DELETE FROM backup_evidence WHERE rowid = ?2",
    "UPDATE settings SET value = ?1",
    "UPDATE search_index SET text = ?1 WHERE rowid = ?2",
    "INSERT INTO search_index (id, kind, case_id, title, text) SELECT id, kind, case_id, ?1, ?1 FROM search_index WHERE rowid = ?2",
    "CREATE TRIGGER foreign_trigger AFTER INSERT ON records BEGIN DELETE FROM chains; END",
    "CREATE TABLE extra (x); INSERT INTO extra VALUES (1)",
    "PRAGMA user_version = 999",
    "DROP TABLE backup_evidence",
    "DROP TABLE records",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR these bytes into the file.
    Bytes(Vec<(Index, u8)>),
    Truncate(Index),
    /// Statement `SQL[i]` with a hostile value and a row number.
    Sql(Index, String, i64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => prop::collection::vec((any::<Index>(), 1u8..=255), 1..8).prop_map(Mutation::Bytes),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        4 => (any::<Index>(), fuzz_common::text(), 1i64..16).prop_map(|(i, v, n)| Mutation::Sql(i, v, n)),
    ]
}

/// The mutated backup written at `to`.
fn write_mutated(m: &Mutation, to: &Path) {
    let mut bytes = base().to_vec();
    match m {
        Mutation::Bytes(edits) => {
            for (at, x) in edits {
                let i = at.index(bytes.len());
                bytes[i] ^= x;
            }
        }
        Mutation::Truncate(at) => bytes.truncate(at.index(bytes.len())),
        Mutation::Sql(..) => {}
    }
    std::fs::write(to, &bytes).unwrap();
    if let Mutation::Sql(i, value, row) = m {
        let db = rusqlite::Connection::open(to).unwrap();
        let triggers: Vec<String> = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .unwrap();
        for t in triggers {
            db.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        let sql = SQL[i.index(SQL.len())];
        // A statement the schema refuses simply leaves the backup as it was.
        let _ = if sql.contains('?') {
            let params: &[&dyn rusqlite::ToSql] = match (sql.contains("?1"), sql.contains("?2")) {
                (true, true) => &[value, row],
                (true, false) => &[value],
                _ => &[row],
            };
            db.execute(sql, params).map(drop)
        } else {
            db.execute_batch(sql)
        };
    }
}

/// A schema entry: type, name and SQL, bytes read as they are (a damaged backup's schema
/// text need not be UTF-8).
type Entry = (String, String, Option<String>);

/// Our schema: what a new store has in `sqlite_master`.
fn schema(db: &rusqlite::Connection) -> Vec<Entry> {
    let text = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<Option<String>> {
        Ok(r.get_ref(i)?
            .as_bytes_or_null()
            .ok()
            .flatten()
            .map(|b| String::from_utf8_lossy(b).into_owned()))
    };
    db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((text(r, 0)?.unwrap_or_default(), text(r, 1)?.unwrap_or_default(), text(r, 2)?))
            })?
            .collect()
        })
        .unwrap()
}

fn fresh_schema() -> &'static Vec<Entry> {
    static SCHEMA: OnceLock<Vec<Entry>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let dir = fuzz_common::tempdir();
        schema(Store::open(dir.path()).unwrap().connection())
    })
}

/// What a search finds, in a stable order (ties in rank may come in any order).
fn found(store: &Store, query: &str) -> Vec<(String, String, String)> {
    let mut hits: Vec<_> = store
        .search(query)
        .unwrap_or_default()
        .into_iter()
        .map(|h| (h.kind, h.id.to_string(), h.snippet))
        .collect();
    hits.sort();
    hits
}

/// What a search finds in the unmutated backup, restored.
fn found_in_original(query: &str) -> Vec<(String, String, String)> {
    static ORIGINAL: OnceLock<Mutex<(tempfile::TempDir, Store)>> = OnceLock::new();
    let original = ORIGINAL.get_or_init(|| {
        let dir = fuzz_common::tempdir();
        let file = dir.path().join("copia.expediente");
        std::fs::write(&file, base()).unwrap();
        let store = Store::restore(&file, &dir.path().join("data")).unwrap();
        Mutex::new((dir, store))
    });
    let guard = original.lock().unwrap_or_else(|p| p.into_inner());
    found(&guard.1, query)
}

/// Restores `backup` into a new folder: a store that checks whole and finds what the
/// original finds for `queries`, or nothing left behind.
fn restore_holds(backup: &Path, queries: &[&str]) -> Result<bool, TestCaseError> {
    let tmp = fuzz_common::tempdir();
    let data = tmp.path().join("restored");
    match Store::restore(backup, &data) {
        Ok(store) => {
            let report = store.check_store(false).unwrap();
            prop_assert!(
                report.ok,
                "a restored store does not verify: {:?}",
                report.problems
            );
            let p = store.pragmas().unwrap();
            prop_assert_eq!((p.journal_mode.as_str(), p.synchronous), ("wal", 2));
            prop_assert_eq!(
                &schema(store.connection()),
                fresh_schema(),
                "the restore adopted the backup's schema"
            );
            for q in ["reembolso", "Asesor", "ConectaMóvil", "captura", "REP"]
                .iter()
                .chain(queries)
            {
                prop_assert_eq!(
                    found(&store, q),
                    found_in_original(q),
                    "a search for {:?} after the restore",
                    q
                );
            }
            drop(store);
            Store::open(&data).unwrap();
            Ok(true)
        }
        Err(e) => {
            let left = expediente_tests::files_under(&data);
            prop_assert!(
                left.is_empty(),
                "a failed restore ({}) left files behind: {:?}",
                e,
                left
            );
            prop_assert!(!data.join(DB_FILE).exists());
            Ok(false)
        }
    }
}

#[test]
fn the_unmutated_backup_restores() {
    let tmp = fuzz_common::tempdir();
    let file = tmp.path().join("copia.expediente");
    std::fs::write(&file, base()).unwrap();
    assert!(restore_holds(&file, &[]).unwrap());
}

proptest! {
    #![proptest_config(fuzz_common::config(64, "fuzz/regressions/fuzz_restore.txt"))]

    #[test]
    fn a_mutated_backup_restores_whole_or_not_at_all(m in mutation()) {
        let tmp = fuzz_common::tempdir();
        let file = tmp.path().join("copia.expediente");
        write_mutated(&m, &file);
        let value = match &m {
            Mutation::Sql(_, v, _) => v.as_str(),
            _ => "",
        };
        restore_holds(&file, &[value])?;
    }
}
