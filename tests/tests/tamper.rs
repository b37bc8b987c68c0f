//! Tampering with the stored data behind the library's back — raw SQL with the
//! append-only triggers dropped, or an evidence file edited on disk — is detected by
//! verification, and a consistent rewrite of a whole chain no longer matches the
//! fingerprint someone outside saw (an export or a dossier).

use expediente_core::{Id, Store};
use expediente_tests::{attempt, cdmx, new_case};
use rusqlite::Connection;

fn store_with_attempts(n: u64) -> (tempfile::TempDir, Store, Id, Vec<Id>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path()).unwrap();
    let case = new_case(&mut store, "Caso manipulado").unwrap();
    let start = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(10);
    let ids = (0..n)
        .map(|i| {
            store
                .log_attempt(case, attempt(i, start + chrono::Duration::hours(i as i64)))
                .unwrap()
                .meta
                .id
        })
        .collect();
    (tmp, store, case, ids)
}

/// A raw connection to the store's database with every trigger dropped.
fn raw(dir: &std::path::Path) -> Connection {
    expediente_tests::without_triggers(dir)
}

/// Flips the case of one ASCII letter in the stored body of `id`: a one-byte change.
fn flip_one_byte(db: &Connection, id: Id) {
    let body: String = db
        .query_row(
            "SELECT body FROM records WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let pos = body.find("Asesor").expect("agent text in body");
    let mut bytes = body.into_bytes();
    bytes[pos] ^= 0x20;
    let body = String::from_utf8(bytes).unwrap();
    let n = db
        .execute(
            "UPDATE records SET body = ?1 WHERE id = ?2",
            rusqlite::params![body, id.to_string()],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn appending_store_refuses_raw_updates_while_its_triggers_stand() {
    let (tmp, store, _, ids) = store_with_attempts(2);
    drop(store);
    let db = Connection::open(tmp.path().join(expediente_core::store::DB_FILE)).unwrap();
    let upd = db.execute(
        "UPDATE records SET reason = 'x' WHERE id = ?1",
        [ids[0].to_string()],
    );
    assert!(upd.is_err(), "the append-only trigger must refuse updates");
    let del = db.execute("DELETE FROM records WHERE id = ?1", [ids[0].to_string()]);
    assert!(del.is_err(), "the append-only trigger must refuse deletes");
}

#[test]
fn one_changed_byte_in_an_attempt_is_found_at_its_link() {
    let (tmp, store, case, ids) = store_with_attempts(5);
    assert!(store.verify_case(case).unwrap().ok);
    let db = raw(tmp.path());
    flip_one_byte(&db, ids[2]);
    drop(db);

    for store in [store, Store::open(tmp.path()).unwrap()] {
        let r = store.verify_case(case).unwrap();
        assert!(!r.ok);
        let b = r.first_broken.expect("a broken link");
        assert_eq!(b.kind, "attempt");
        assert_eq!(b.id, ids[2].to_string());
        assert_eq!(b.problem_code, "hash_mismatch");
        // Link 0 is the case itself, so attempt 2 is link 3.
        assert_eq!(b.index, 3);
        assert!(store.verify_all().unwrap().iter().any(|r| !r.ok));
    }
}

#[test]
fn a_removed_last_attempt_is_found_by_the_recorded_head() {
    let (tmp, store, case, ids) = store_with_attempts(3);
    let db = raw(tmp.path());
    db.execute("DELETE FROM records WHERE id = ?1", [ids[2].to_string()])
        .unwrap();
    let r = store.verify_case(case).unwrap();
    assert!(!r.ok);
    assert_eq!(r.first_broken.unwrap().problem_code, "head_mismatch");
}

#[test]
fn a_changed_company_breaks_the_directory_chain() {
    let (tmp, store, _, _) = store_with_attempts(1);
    let db = raw(tmp.path());
    db.execute(
        "UPDATE records SET body = replace(body, 'Conecta Móvil', 'Conecta Movil') WHERE kind = 'company'",
        [],
    )
    .unwrap();
    let reports = store.verify_all().unwrap();
    let dir = reports.iter().find(|r| r.chain == "directory").unwrap();
    assert!(!dir.ok);
    assert_eq!(dir.first_broken.as_ref().unwrap().kind, "company");
}

#[test]
fn a_rehashed_link_breaks_the_next_one() {
    let (tmp, store, case, ids) = store_with_attempts(4);
    let links = store
        .links(&expediente_core::store::case_chain(case))
        .unwrap();
    let mut forged = links
        .iter()
        .find(|l| l.id == ids[1].to_string())
        .unwrap()
        .clone();
    forged.body = forged.body.replace("Asesor", "asesor");
    forged.hash = forged.compute_hash().unwrap();
    let db = raw(tmp.path());
    db.execute(
        "UPDATE records SET body = ?1, hash = ?2 WHERE id = ?3",
        rusqlite::params![forged.body, forged.hash, ids[1].to_string()],
    )
    .unwrap();
    let b = store.verify_case(case).unwrap().first_broken.unwrap();
    assert_eq!(b.problem_code, "prev_mismatch");
    assert_eq!(b.id, ids[2].to_string());
}

#[test]
fn a_fully_rewritten_chain_no_longer_matches_the_fingerprint_seen_outside() {
    let (tmp, store, case, ids) = store_with_attempts(3);
    let seen = store.export_case(case).unwrap().chain_head;

    // The forger recomputes every link after the change and the recorded head.
    let chain = expediente_core::store::case_chain(case);
    let mut links = store.links(&chain).unwrap();
    let db = raw(tmp.path());
    let mut prev = expediente_core::chain::GENESIS.to_string();
    for l in links.iter_mut() {
        if l.id == ids[0].to_string() {
            l.body = l.body.replace("Asesor", "asesor");
        }
        l.prev = prev.clone();
        l.hash = l.compute_hash().unwrap();
        prev = l.hash.clone();
        db.execute(
            "UPDATE records SET body = ?1, prev = ?2, hash = ?3 WHERE chain = ?4 AND chain_index = ?5",
            rusqlite::params![l.body, l.prev, l.hash, chain, l.index],
        )
        .unwrap();
    }
    db.execute(
        "UPDATE chains SET head = ?1 WHERE chain = ?2",
        rusqlite::params![prev, chain],
    )
    .unwrap();

    let r = store.verify_case(case).unwrap();
    assert!(
        r.ok,
        "a consistent rewrite passes the local check: {:?}",
        r.first_broken
    );
    assert_ne!(
        r.head, seen,
        "but its fingerprint differs from the one exported before"
    );
}

#[test]
fn an_evidence_file_edited_on_disk_is_refused_when_read() {
    let (_tmp, mut store, case, _) = store_with_attempts(1);
    let e = store
        .add_evidence_reader(
            case,
            "ticket.txt",
            &mut &b"Total: $8,499.00"[..],
            None,
            "ticket",
        )
        .unwrap();
    let path = store.evidence_path(&e.data.sha256).unwrap();
    assert_eq!(
        store.read_evidence(&e.data.sha256).unwrap(),
        b"Total: $8,499.00"
    );
    // Stored files may be read-only; tampering means forcing the write.
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"Total: $0.00").unwrap();
    let err = store.read_evidence(&e.data.sha256).unwrap_err();
    assert_eq!(err.code(), "integrity");
}
