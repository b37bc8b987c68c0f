//! Two processes writing to one store at the same time: every write of both succeeds (the
//! second waits for the first's write lock instead of failing with "database is locked"),
//! every one is there afterwards, and the chain verifies. Two processes opening a new data
//! folder at once both succeed.

#![cfg(unix)]

use std::process::{Command, Stdio};

use expediente_core::{Id, Store};
use expediente_tests::new_case;

const CHILD: &str = env!("CARGO_BIN_EXE_crash_child");

#[test]
fn two_processes_appending_at_once_lose_nothing() {
    let per_process: u64 = 1_000;
    let tmp = tempfile::tempdir().unwrap();
    let case = {
        let mut store = Store::open(tmp.path()).unwrap();
        new_case(&mut store, "Dos escritores").unwrap()
    };
    let children: Vec<_> = [1u64, 1_000_001]
        .into_iter()
        .map(|first| {
            Command::new(CHILD)
                .args([
                    tmp.path().to_str().unwrap(),
                    &case.to_string(),
                    &first.to_string(),
                    &per_process.to_string(),
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut reported_attempts = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.lines().count() as u64,
            per_process,
            "every write reported"
        );
        reported_attempts += text.lines().filter(|l| l.starts_with("a ")).count();
    }
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.attempts(case).unwrap().len(), reported_attempts);
    let report = store.check_case(case, false).unwrap();
    assert!(report.ok, "{:?}", report.problems);
    // The case record, then every write of both processes, each its own link.
    assert_eq!(report.links as u64 - 2, 1 + 2 * per_process);
}

#[test]
fn two_processes_opening_a_new_folder_at_once_both_succeed() {
    for _ in 0..5 {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nuevo");
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(CHILD)
                    .args([dir.to_str().unwrap(), &Id::nil().to_string(), "1", "0"])
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "opening failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(Store::open(&dir).unwrap().check_store(true).unwrap().ok);
    }
}
