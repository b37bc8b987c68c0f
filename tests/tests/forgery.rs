//! The forgeries found by trying the first release as an attacker with the `sqlite3`
//! shell, each written the way it was found: raw SQL with the store's triggers intact
//! (refused) and with every trigger dropped (found by the integrity check, named in plain
//! words, and no dossier is made). Plus the property behind them all: any single changed
//! cell in any table either fails the check or leaves every case's dossier data as it was.

use expediente_core::integrity::IntegrityReport;
use expediente_core::store::{case_chain, DB_FILE};
use expediente_core::{Error, Id, Store};
use expediente_tests::{attempt, cdmx, new_case};
use proptest::prelude::*;
use rusqlite::Connection;

struct Two {
    dir: tempfile::TempDir,
    store: Store,
    a: Id,
    b: Id,
    attempts_a: Vec<Id>,
}

/// Two cases in one store, three attempts in the first and one in the second.
fn two_cases() -> Two {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = new_case(&mut store, "Caso A").unwrap();
    let b = new_case(&mut store, "Caso B").unwrap();
    let start = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(10);
    let attempts_a = (0..3)
        .map(|i| {
            let at = start + chrono::Duration::hours(i);
            store.log_attempt(a, attempt(i as u64, at)).unwrap().meta.id
        })
        .collect();
    store
        .log_attempt(b, attempt(9, start + chrono::Duration::days(1)))
        .unwrap();
    Two {
        dir,
        store,
        a,
        b,
        attempts_a,
    }
}

/// The store's database as the attacker opens it: triggers intact.
fn shell(dir: &std::path::Path) -> Connection {
    Connection::open(dir.join(DB_FILE)).unwrap()
}

/// The same with every trigger dropped first.
fn shell_without_triggers(dir: &std::path::Path) -> Connection {
    expediente_tests::without_triggers(dir)
}

fn codes(r: &IntegrityReport) -> Vec<&str> {
    r.problems.iter().map(|p| p.code.as_str()).collect()
}

/// No dossier is made from a case that does not verify, and the error says why.
fn assert_no_dossier(store: &Store, case: Id, mention: &str) {
    match store.bundle_for_dossier(case) {
        Err(Error::Integrity(m)) => assert!(m.contains(mention), "{m} should mention {mention}"),
        Err(e) => panic!("expected an integrity error, got {e}"),
        Ok(_) => panic!("a dossier was made from a case that does not verify"),
    }
}

// Hole 1: an unhashed column decided which case an attempt belonged to.
#[test]
fn moving_an_attempt_to_another_case_is_refused_or_found() {
    let t = two_cases();
    let moved = t.attempts_a[1].to_string();
    let err = shell(t.dir.path())
        .execute(
            "UPDATE records SET case_id = ?1 WHERE id = ?2",
            [t.b.to_string(), moved.clone()],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");

    shell_without_triggers(t.dir.path())
        .execute(
            "UPDATE records SET case_id = ?1 WHERE id = ?2",
            [t.b.to_string(), moved.clone()],
        )
        .unwrap();
    // Reads follow the hashed chain: case A still shows it, case B does not gain it.
    assert_eq!(t.store.attempts(t.a).unwrap().len(), 3);
    assert_eq!(t.store.attempts(t.b).unwrap().len(), 1);
    // And the check names the record and what is wrong with it.
    for case in [t.a, t.b] {
        let r = t.store.check_case(case, false).unwrap();
        assert!(!r.ok);
        let p = r
            .problems
            .iter()
            .find(|p| p.record_id.as_deref() == Some(moved.as_str()))
            .unwrap_or_else(|| panic!("{:?}", r.problems));
        assert!(p.code == "link_changed" || p.code == "wrong_case", "{p:?}");
        assert_eq!(p.attempt_number, Some(2), "{p:?}");
    }
    assert!(!t.store.check_store(true).unwrap().ok);
    assert_no_dossier(&t.store, t.a, "attempt #2");
}

// Hole 2: a forged revision 2 as the first link of a new, self-consistent chain.
#[test]
fn a_forged_revision_in_a_chain_of_its_own_is_refused_or_found() {
    let t = two_cases();
    let target = t.attempts_a[0];
    let mut forged = t
        .store
        .record_links(&case_chain(t.a), target)
        .unwrap()
        .remove(0);
    let fake_case = expediente_core::new_id();
    forged.chain = case_chain(fake_case);
    forged.index = 0;
    forged.revision = 2;
    forged.reason = "corrección".into();
    forged.prev = expediente_core::chain::GENESIS.into();
    forged.body = forged.body.replace("reembolso", "nada");
    forged.hash = forged.compute_hash().unwrap();
    let insert = |db: &Connection| {
        db.execute(
            "INSERT INTO records (chain, chain_index, kind, id, revision, case_id, reason, recorded_at,
                                  body, prev, hash, encoding, store_id, store_seq)
             VALUES (?1, 0, 'attempt', ?2, 2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 999)",
            rusqlite::params![
                forged.chain,
                forged.id,
                t.a.to_string(),
                forged.reason,
                forged.recorded_at,
                forged.body,
                forged.prev,
                forged.hash,
                forged.encoding,
                forged.store_id,
            ],
        )
    };
    let err = insert(&shell(t.dir.path())).unwrap_err();
    assert!(err.to_string().contains("chain"), "{err}");

    let db = shell_without_triggers(t.dir.path());
    insert(&db).unwrap();
    db.execute(
        "INSERT INTO chains (chain, length, head) VALUES (?1, 1, ?2)",
        [&forged.chain, &forged.hash],
    )
    .unwrap();
    // The case still reads its own revision 1, never the forgery.
    let shown = t.store.attempts(t.a).unwrap();
    let a0 = shown.iter().find(|x| x.meta.id == target).unwrap();
    assert_eq!(a0.meta.revision, 1);
    assert!(!a0.data.asked.contains("nada"));
    let r = t.store.check_case(t.a, false).unwrap();
    assert!(codes(&r).contains(&"foreign_revision"), "{:?}", r.problems);
    let all = t.store.check_store(false).unwrap();
    assert!(codes(&all).contains(&"wrong_case"), "{:?}", all.problems);
    assert_no_dossier(&t.store, t.a, "more than one chain");
}

// Hole 4: the company's data sat outside the fingerprint.
#[test]
fn a_company_edited_behind_the_stores_back_is_found() {
    let t = two_cases();
    let err = shell(t.dir.path())
        .execute(
            "UPDATE records SET body = replace(body, 'CMM0912157K3', 'XXX0912157K3') WHERE kind = 'company'",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    shell_without_triggers(t.dir.path())
        .execute(
            "UPDATE records SET body = replace(body, 'CMM0912157K3', 'XXX0912157K3') WHERE kind = 'company'",
            [],
        )
        .unwrap();
    let r = t.store.check_case(t.a, true).unwrap();
    let p = r
        .problems
        .iter()
        .find(|p| p.code == "directory_changed")
        .unwrap_or_else(|| panic!("{:?}", r.problems));
    assert_eq!(p.kind.as_deref(), Some("company"));
    assert_no_dossier(&t.store, t.a, "company");
}

// Hole 5: evidence files on disk were not checked.
#[test]
fn an_overwritten_or_deleted_evidence_file_is_named() {
    let mut t = two_cases();
    let e = t
        .store
        .add_evidence_reader(t.a, "ticket.txt", &mut &b"Total: $8,499.00"[..], None, "")
        .unwrap();
    assert!(t.store.check_case(t.a, false).unwrap().ok);
    let path = t.store.evidence_path(&e.data.sha256).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::write(&path, b"Total: $0.00").unwrap();

    // A quick check only looks for the file; the full check re-hashes it.
    assert!(t.store.check_case(t.a, true).unwrap().ok);
    let r = t.store.check_case(t.a, false).unwrap();
    assert_eq!(codes(&r), ["evidence_changed"]);
    assert_eq!(r.problems[0].file_name.as_deref(), Some("ticket.txt"));
    assert!(r.summary().contains("\"ticket.txt\""), "{}", r.summary());
    assert!(!t.store.check_store(false).unwrap().ok);
    assert_no_dossier(&t.store, t.a, "ticket.txt");

    std::fs::remove_file(&path).unwrap();
    let r = t.store.check_case(t.a, true).unwrap();
    assert_eq!(codes(&r), ["evidence_missing"]);
}

// Hole 6: a dossier could be dated whenever the caller liked.
#[test]
fn a_dossier_cannot_be_dated_before_its_records_or_in_the_future() {
    let t = two_cases();
    let bundle = t.store.bundle_for_dossier(t.a).unwrap();
    let now = chrono::Utc::now();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let err =
        expediente_core::validate::generated_at(at("2026-01-01T09:00:00-06:00"), &bundle, now)
            .unwrap_err();
    assert_eq!(err.errors[0].field, "export.generated_at");
    assert_eq!(err.errors[0].code, "before_records");
    let later = (now + chrono::Duration::days(2)).fixed_offset();
    let err = expediente_core::validate::generated_at(later, &bundle, now).unwrap_err();
    assert_eq!(err.errors[0].code, "in_future");
    assert!(expediente_core::validate::generated_at(now.fixed_offset(), &bundle, now).is_ok());
}

/// The chains table only moves forward onto links that exist; a removed last link is
/// caught even when the head is wound back by hand.
#[test]
fn winding_back_a_chain_head_is_refused_or_found() {
    let t = two_cases();
    let chain = case_chain(t.a);
    let err = shell(t.dir.path())
        .execute(
            "UPDATE chains SET length = length - 1 WHERE chain = ?1",
            [&chain],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("only moves to its next link"),
        "{err}"
    );
    let db = shell_without_triggers(t.dir.path());
    let last = t.attempts_a[2].to_string();
    db.execute("DELETE FROM records WHERE id = ?1", [&last])
        .unwrap();
    let r = t.store.check_case(t.a, true).unwrap();
    assert_eq!(codes(&r), ["links_removed"]);
}

// ---- the property ----------------------------------------------------------------------

/// Every table and column an attacker could edit (the search index is a cache, rebuilt).
const CELLS: &[(&str, &str)] = &[
    ("records", "seq"),
    ("records", "chain"),
    ("records", "chain_index"),
    ("records", "kind"),
    ("records", "id"),
    ("records", "revision"),
    ("records", "case_id"),
    ("records", "reason"),
    ("records", "recorded_at"),
    ("records", "body"),
    ("records", "prev"),
    ("records", "hash"),
    ("records", "encoding"),
    ("records", "store_id"),
    ("records", "store_seq"),
    ("chains", "chain"),
    ("chains", "length"),
    ("chains", "head"),
    ("settings", "value"),
];

/// A demo store plus a second case, made once and copied for each proptest case.
fn template() -> &'static (tempfile::TempDir, Vec<Id>) {
    static T: std::sync::OnceLock<(tempfile::TempDir, Vec<Id>)> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let demo = store.load_demo().unwrap();
        let other = new_case(&mut store, "Otro caso").unwrap();
        store
            .log_attempt(
                other,
                attempt(
                    1,
                    chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(3),
                ),
            )
            .unwrap();
        drop(store);
        (dir, vec![demo, other])
    })
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// How a cell is changed: one character of a text, or a number moved by one, or the value
/// of the same column in another row.
#[derive(Debug, Clone)]
enum Change {
    Char { pos: usize, to: char },
    Step(i64),
    CopyFrom(usize),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<usize>(), proptest::char::range('0', 'z'))
            .prop_map(|(pos, to)| Change::Char { pos, to }),
        prop_oneof![Just(-1i64), Just(1i64), Just(1000i64)].prop_map(Change::Step),
        any::<usize>().prop_map(Change::CopyFrom),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any single changed cell either makes the integrity check fail or leaves every
    /// case's dossier data (the bundle the PDF is rendered from) exactly as it was.
    #[test]
    fn any_changed_cell_fails_the_check_or_changes_nothing_shown(
        cell in 0..CELLS.len(), row in any::<usize>(), how in change()
    ) {
        let (template_dir, cases) = template();
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template_dir.path(), tmp.path());
        let before: Vec<_> = {
            let store = Store::open(tmp.path()).unwrap();
            cases.iter().map(|c| store.bundle(*c).unwrap()).collect()
        };
        let (table, column) = CELLS[cell];
        let db = shell_without_triggers(tmp.path());
        let rowids: Vec<i64> = db
            .prepare(&format!("SELECT rowid FROM {table} ORDER BY rowid"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let rowid = rowids[row % rowids.len()];
        let value: rusqlite::types::Value = db
            .query_row(&format!("SELECT {column} FROM {table} WHERE rowid = ?1"), [rowid], |r| r.get(0))
            .unwrap();
        use rusqlite::types::Value as V;
        let new = match (&how, &value) {
            (Change::CopyFrom(other), _) => {
                let other = rowids[other % rowids.len()];
                db.query_row(&format!("SELECT {column} FROM {table} WHERE rowid = ?1"), [other], |r| r.get(0)).unwrap()
            }
            (Change::Step(d), V::Integer(i)) => V::Integer(i + d),
            (Change::Char { pos, to }, V::Text(s)) if !s.is_empty() => {
                let mut chars: Vec<char> = s.chars().collect();
                let p = pos % chars.len();
                chars[p] = *to;
                V::Text(chars.into_iter().collect())
            }
            (_, V::Null) => V::Text("x".into()),
            (_, V::Integer(i)) => V::Integer(i + 1),
            (_, V::Text(s)) => V::Text(format!("{s}x")),
            (_, other) => other.clone(),
        };
        prop_assume!(new != value);
        // A change SQLite refuses (a unique key) changes nothing: skip it.
        let applied = db.execute(
            &format!("UPDATE {table} SET {column} = ?1 WHERE rowid = ?2"),
            rusqlite::params![new, rowid],
        );
        prop_assume!(applied.is_ok());
        drop(db);

        let store = Store::open(tmp.path()).unwrap();
        let report = store.check_store(false).unwrap();
        if report.ok {
            for (case, was) in cases.iter().zip(&before) {
                let now = store.bundle(*case);
                prop_assert!(now.is_ok(), "{table}.{column}: check passed but the case no longer reads: {:?}", now.err());
                prop_assert_eq!(&now.unwrap(), was, "{}.{} changed what a dossier shows, unnoticed", table, column);
            }
        } else {
            for case in cases {
                // Whatever broke, no case's dossier is made without naming it, or the
                // case's own check passes because the change is elsewhere.
                match store.bundle_for_dossier(*case) {
                    Ok(b) => prop_assert_eq!(&b, &before[cases.iter().position(|c| c == case).unwrap()]),
                    Err(e) => prop_assert!(matches!(e, Error::Integrity(_) | Error::NotFound { .. } | Error::Db(_) | Error::Corrupt(_) | Error::Json(_)), "{e}"),
                }
            }
        }
    }
}

/// A case whose own record was garbled still gets a report naming it, not an error.
#[test]
fn a_garbled_case_record_is_reported_not_an_error() {
    let t = two_cases();
    shell_without_triggers(t.dir.path())
        .execute(
            "UPDATE records SET body = '{not json' WHERE kind = 'case' AND id = ?1",
            [t.a.to_string()],
        )
        .unwrap();
    let r = t.store.check_case(t.a, true).unwrap();
    assert!(!r.ok);
    assert_eq!(
        r.problems[0].kind.as_deref(),
        Some("case"),
        "{:?}",
        r.problems
    );
    assert!(matches!(
        t.store.check_case(expediente_core::new_id(), true),
        Err(Error::NotFound { .. })
    ));
}

/// A number edited out of range (a chain index or a revision of -1, a chain length of -1)
/// is reported by the check, never a database error that stops it (CI's property test
/// found the chain index).
#[test]
fn numbers_edited_out_of_range_are_reported_not_an_error() {
    for sql in [
        "UPDATE records SET chain_index = -1 WHERE id = ?1",
        "UPDATE records SET revision = -1 WHERE id = ?1",
        "UPDATE records SET store_seq = -1 WHERE id = ?1",
        "UPDATE chains SET length = -1 WHERE chain = 'case:' || (SELECT case_id FROM records WHERE id = ?1)",
    ] {
        let t = two_cases();
        let changed = shell_without_triggers(t.dir.path())
            .execute(sql, [t.attempts_a[1].to_string()])
            .unwrap();
        assert_eq!(changed, 1, "{sql}");
        let r = t.store.check_store(true).unwrap();
        assert!(!r.ok, "{sql}: {r:?}");
        assert!(t.store.check_case(t.a, true).is_ok_and(|r| !r.ok), "{sql}");
        assert!(
            matches!(t.store.bundle_for_dossier(t.a), Err(Error::Integrity(_))),
            "{sql}"
        );
    }
}
