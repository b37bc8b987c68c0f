//! The crash test: a child process appends attempts and corrections in a loop, reporting
//! each one only after it committed; we SIGKILL it at random moments, many times, and
//! after every kill reopen the store: every reported write is there and every chain verifies.
//! A killed process's writes stay in the kernel's page cache, so this passes even without
//! syncing; `durability.rs` cuts the power instead (unsynced writes dropped).

#![cfg(unix)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use expediente_core::{Id, Store};
use expediente_tests::new_case;

/// xorshift64*: enough randomness for kill moments without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn sigkill_at_random_moments_never_loses_a_committed_write() {
    let rounds: usize = std::env::var("EXPEDIENTE_CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let seed = std::env::var("EXPEDIENTE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    println!("crash test: {rounds} rounds, EXPEDIENTE_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let case_id = {
        let mut store = Store::open(&dir).unwrap();
        new_case(&mut store, "Prueba de apagones").unwrap()
    };

    // Every attempt reported as committed, with the highest revision reported for it.
    let mut reported: HashMap<Id, u32> = HashMap::new();
    let mut writes = 0usize;
    let mut next_index = 1u64;
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut done = 0;
    for round in 0..rounds {
        if Instant::now() > deadline {
            break;
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash_child"))
            .arg(&dir)
            .arg(case_id.to_string())
            .arg(next_index.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start crash_child");
        let stdout = child.stdout.take().expect("child stdout");
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut lines = Vec::new();
            let mut buf = String::new();
            // Only complete lines count: a line cut by the kill was not fully reported.
            while r.read_line(&mut buf).unwrap_or(0) > 0 {
                if buf.ends_with('\n') {
                    lines.push(buf.trim_end().to_string());
                }
                buf.clear();
            }
            lines
        });
        // Sometimes during start-up (open, migrations), mostly in the middle of writing.
        let wait = if round % 7 == 0 {
            rng.below(15)
        } else {
            20 + rng.below(250)
        };
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().expect("SIGKILL the child");
        let status = child.wait().expect("reap the child");
        // Killed by our signal, not ended by an error of its own (e.g. a store that will not open).
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the child ended on its own: {status:?}"
        );
        let lines = reader.join().expect("reader thread");

        for l in &lines {
            let parts: Vec<&str> = l.split(' ').collect();
            match parts.as_slice() {
                ["a", id] => {
                    reported.insert(id.parse().expect("attempt id"), 1);
                }
                ["r", id, rev] => {
                    let rev: u32 = rev.parse().expect("revision");
                    let e = reported.entry(id.parse().expect("attempt id")).or_insert(0);
                    *e = (*e).max(rev);
                }
                other => panic!("unexpected child output {other:?}"),
            }
        }
        writes += lines.len();
        next_index += lines.len() as u64 + 1;

        // Reopen as the app would after a power cut, and check everything reported.
        let store = Store::open(&dir).expect("reopen after the kill");
        for (id, rev) in &reported {
            let a = store
                .attempt(*id)
                .unwrap_or_else(|e| panic!("round {round}: reported attempt {id} is gone: {e}"));
            assert!(
                a.meta.revision >= *rev,
                "round {round}: attempt {id} reported at revision {rev}, found {}",
                a.meta.revision
            );
        }
        let stored = store.attempts(case_id).unwrap().len();
        // Each kill can leave at most one write committed but not yet reported.
        assert!(
            stored >= reported.len() && stored <= reported.len() + round + 1,
            "round {round}: {stored} attempts stored, {} reported",
            reported.len()
        );
        for r in store.verify_all().unwrap() {
            assert!(
                r.ok,
                "round {round}: chain {} broken: {:?}",
                r.chain, r.first_broken
            );
        }
        done += 1;
    }
    println!(
        "crash test: {done} kills, {writes} reported writes, {} attempts",
        reported.len()
    );
    assert!(done >= 10, "only {done} rounds ran before the time limit");
    assert!(writes > 0, "the child never reported a write");
}
