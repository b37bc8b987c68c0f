//! Opening a data folder that is not a healthy, writable store: read-only folders (read
//! everything, write nothing, leave no file behind), damaged databases and databases from
//! a newer Expediente — each with its own error code, never a panic.

use std::collections::BTreeMap;
use std::path::Path;

use expediente_core::model::*;
use expediente_core::store::access::{folder_is_writable, Access};
use expediente_core::store::DB_FILE;
use expediente_core::Store;

/// Every file under `dir` with its size and modification time: what a read must not change.
fn listing(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, (m.len(), m.modified().unwrap()));
            }
        }
    }
    out
}

/// A closed store holding the demo case (claimant, company, attempts, evidence).
fn demo_folder() -> (tempfile::TempDir, Id) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.load_demo().unwrap();
    drop(store);
    (dir, id)
}

fn expect_read_only<T: std::fmt::Debug>(r: expediente_core::Result<T>) {
    let e = r.expect_err("a write on a read-only store");
    assert_eq!(e.code(), "read_only", "{e}");
}

#[test]
fn a_read_only_open_reads_everything_and_writes_nothing() {
    let (dir, case) = demo_folder();
    let before = listing(dir.path());
    assert!(
        !before
            .keys()
            .any(|k| k.ends_with("-wal") || k.ends_with("-shm")),
        "a clean close leaves only the database file: {before:?}"
    );
    let mut ro = Store::open_read_only(dir.path()).unwrap();
    assert_eq!(ro.access(), Access::ReadOnly);
    assert!(ro.is_read_only());
    // Reads: the list, the case, its history, the integrity check, the export.
    assert_eq!(ro.case_summaries().unwrap().len(), 1);
    let bundle = ro.bundle(case).unwrap();
    assert!(!bundle.attempts.is_empty());
    assert!(!bundle.evidence.is_empty());
    assert!(ro.check_store(false).unwrap().ok);
    assert!(ro.verify_all().unwrap().iter().all(|r| r.ok));
    ro.export_case(case).unwrap();
    assert_eq!(ro.history(case).unwrap().len(), 1);
    // Writes: each refused with `read_only`, before anything is written.
    let claimant = bundle.claimant.meta.id;
    expect_read_only(ro.create_claimant(ClaimantDraft {
        full_name: "Otra Persona".into(),
        ..Default::default()
    }));
    expect_read_only(ro.set_default_claimant(claimant));
    expect_read_only(ro.log_attempt(case, bundle.attempts[0].data.clone()));
    expect_read_only(ro.add_evidence_reader(case, "nueva.txt", &mut &b"texto nuevo"[..], None, ""));
    expect_read_only(ro.archive_case(case, "ya no se sigue"));
    expect_read_only(ro.revise_case(case, bundle.case.data.clone(), "corrección"));
    let (other, other_case) = demo_folder();
    let export = Store::open(other.path())
        .unwrap()
        .export_case(other_case)
        .unwrap();
    expect_read_only(ro.import_case(&serde_json::to_vec(&export).unwrap()));
    drop(ro);
    // The test that holds as root too (root writes anywhere): not one file was created,
    // changed or removed — no -wal, no -shm, no evidence file.
    assert_eq!(listing(dir.path()), before);
}

#[test]
fn the_last_session_s_unsaved_wal_is_read_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store.load_demo().unwrap();
    let second = store.load_demo().unwrap();
    // A session that never closed (a crash, a pulled USB stick): the latest writes are only
    // in the -wal file.
    std::mem::forget(store);
    let wal = dir.path().join(format!("{DB_FILE}-wal"));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    let ro = Store::open_read_only(dir.path()).unwrap();
    let ids: Vec<Id> = ro.case_summaries().unwrap().iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&second), "the case only the -wal holds");
    assert!(ro.check_store(true).unwrap().ok);
}

#[test]
fn a_read_only_folder_without_a_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::open_read_only(dir.path()).err().unwrap();
    assert_eq!(e.code(), "read_only");
    assert!(e.to_string().contains("no Expediente data"), "{e}");
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn open_auto_writes_where_it_can() {
    let (dir, _) = demo_folder();
    assert!(folder_is_writable(dir.path()));
    let s = Store::open_auto(dir.path()).unwrap();
    assert_eq!(s.access(), Access::ReadWrite);
}

/// The effective user id, read from a file this process creates.
fn euid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    let f = tempfile::NamedTempFile::new().unwrap();
    f.as_file().metadata().unwrap().uid()
}

#[cfg(unix)]
#[test]
fn a_folder_made_read_only_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = demo_folder();
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let db = dir.path().join(DB_FILE);
    set(&db, 0o444);
    set(dir.path(), 0o555);
    let writable = folder_is_writable(dir.path());
    let opened = Store::open_auto(dir.path());
    set(dir.path(), 0o755);
    set(&db, 0o644);
    if euid() == 0 {
        // Root writes through permission bits: the folder *is* writable. The read-only
        // path itself is proven by the tests above and by the CLI's test, which runs the
        // binary as an unprivileged user.
        assert!(writable);
        return;
    }
    assert!(!writable);
    let s = opened.unwrap();
    assert_eq!(s.access(), Access::ReadOnly);
    assert_eq!(s.case_summaries().unwrap().len(), 1);
}

#[test]
fn a_database_that_is_not_one_is_db_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(DB_FILE),
        b"this is not an SQLite database, just some bytes".repeat(200),
    )
    .unwrap();
    let e = Store::open(dir.path()).err().unwrap();
    assert_eq!(e.code(), "db_corrupt", "{e}");
    let e = Store::open_read_only(dir.path()).err().unwrap();
    assert_eq!(e.code(), "db_corrupt", "{e}");
    let e = Store::open_auto(dir.path()).err().unwrap();
    assert_eq!(e.code(), "db_corrupt", "{e}");
}

#[test]
fn a_database_damaged_inside_is_db_corrupt_not_a_panic() {
    let (dir, _) = demo_folder();
    let db = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    // Keep the header (page 1's first 100 bytes), scribble over every page after it.
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    for b in &mut bytes[page..] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let code = match Store::open(dir.path()) {
        Err(e) => e.code(),
        Ok(s) => s
            .case_summaries()
            .err()
            .map(|e| e.code())
            .unwrap_or("read fine"),
    };
    assert_eq!(code, "db_corrupt");
}

#[test]
fn a_database_from_a_newer_expediente_is_db_too_new_either_way() {
    let (dir, _) = demo_folder();
    {
        let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        let known = expediente_core::store::migrate::SCHEMA_VERSION;
        conn.pragma_update(None, "user_version", known + 1).unwrap();
    }
    assert_eq!(Store::open(dir.path()).err().unwrap().code(), "db_too_new");
    assert_eq!(
        Store::open_read_only(dir.path()).err().unwrap().code(),
        "db_too_new"
    );
}
