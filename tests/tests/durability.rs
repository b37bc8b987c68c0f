//! Durability as a test can see it. The pragmas the store runs with, read back from its
//! connection; and (Linux) a power cut: a child whose writes reach the disk only when it
//! syncs them (`tests/src/power_cut_shim.c`, LD_PRELOAD) is killed, and every write it
//! reported committed must be there. With syncing off in the child the same check loses
//! records, which shows the shim drops what was never synced (the SIGKILL crash test
//! cannot: the kernel keeps a killed process's writes).

use expediente_core::store::Pragmas;
use expediente_core::Store;
use expediente_tests::new_case;

fn assert_durable(p: &Pragmas, what: &str) {
    assert_eq!(p.journal_mode, "wal", "{what}: {p:?}");
    assert_eq!(p.synchronous, 2, "{what}: synchronous must be FULL: {p:?}");
    assert!(p.foreign_keys, "{what}: {p:?}");
    assert!(
        p.busy_timeout_ms >= 5_000,
        "{what}: a second writer must wait for the lock: {p:?}"
    );
}

#[test]
fn the_store_runs_with_wal_and_a_full_sync_at_every_commit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut store = Store::open(&dir).unwrap();
    assert_durable(&store.pragmas().unwrap(), "a new store");
    new_case(&mut store, "Pragmas").unwrap();
    let backup = tmp.path().join("copia.expediente");
    store.backup(&backup).unwrap();
    drop(store);
    assert_durable(
        &Store::open(&dir).unwrap().pragmas().unwrap(),
        "a reopened store",
    );
    let restored = Store::restore(&backup, &tmp.path().join("restored")).unwrap();
    assert_durable(&restored.pragmas().unwrap(), "a restored store");
}

#[cfg(target_os = "linux")]
mod power_cut {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::sync::{mpsc, OnceLock};
    use std::time::{Duration, Instant};

    use expediente_core::{Id, Store};
    use expediente_tests::new_case;

    /// The shim, compiled once per test run with the system's C compiler.
    fn shim() -> &'static Path {
        static SHIM: OnceLock<PathBuf> = OnceLock::new();
        SHIM.get_or_init(|| {
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/power_cut_shim.c");
            let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("power_cut_shim.so");
            let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
                .args(["-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o"])
                .arg(&out)
                .arg(&src)
                .args(["-ldl", "-lpthread"])
                .status()
                .expect("a C compiler (cc) to build the power-cut shim");
            assert!(status.success(), "building the power-cut shim failed");
            out
        })
    }

    /// What one power cut left: the writes the child reported, and which of them are gone.
    struct Cut {
        reported: HashMap<Id, u32>,
        lines: usize,
        missing: Vec<Id>,
    }

    /// Runs `crash_child` under the shim until it has reported `after` writes (then waits
    /// `extra` more), SIGKILLs it, reopens the store without the shim and looks for every
    /// write it reported.
    fn cut(dir: &Path, case: Id, first: u64, after: usize, extra: Duration, sync_off: bool) -> Cut {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_crash_child"));
        cmd.arg(dir)
            .arg(case.to_string())
            .arg(first.to_string())
            .env("LD_PRELOAD", shim())
            .env("EXPEDIENTE_SHIM_DIR", dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if sync_off {
            cmd.env("EXPEDIENTE_CRASH_SYNC_OFF", "1");
        }
        let mut child = cmd.spawn().expect("start crash_child");
        let stdout = child.stdout.take().expect("child stdout");
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            let mut buf = String::new();
            // Only complete lines count: a line cut by the kill was not fully reported.
            while r.read_line(&mut buf).unwrap_or(0) > 0 {
                if buf.ends_with('\n') && tx.send(buf.trim_end().to_string()).is_err() {
                    break;
                }
                buf.clear();
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut lines = Vec::new();
        while lines.len() < after && Instant::now() < deadline {
            if let Ok(l) = rx.recv_timeout(Duration::from_millis(100)) {
                lines.push(l);
            }
        }
        std::thread::sleep(extra);
        let maps =
            std::fs::read_to_string(format!("/proc/{}/maps", child.id())).unwrap_or_default();
        child.kill().expect("SIGKILL the child");
        assert!(
            maps.contains("power_cut_shim.so"),
            "the power-cut shim was not loaded in the child"
        );
        let status = child.wait().expect("reap the child");
        assert_eq!(
            status.signal(),
            Some(9),
            "the child ended on its own: {status:?}"
        );
        reader.join().expect("reader thread");
        lines.extend(rx.try_iter());
        assert!(
            lines.len() >= after,
            "the child reported only {} writes",
            lines.len()
        );

        let mut reported: HashMap<Id, u32> = HashMap::new();
        for l in &lines {
            match l.split(' ').collect::<Vec<_>>().as_slice() {
                ["a", id] => {
                    reported.insert(id.parse().expect("attempt id"), 1);
                }
                ["r", id, rev] => {
                    let e = reported.entry(id.parse().expect("attempt id")).or_insert(0);
                    *e = (*e).max(rev.parse().expect("revision"));
                }
                other => panic!("unexpected child output {other:?}"),
            }
        }
        let store = Store::open(dir).expect("reopen after the power cut");
        let missing = reported
            .iter()
            .filter(|(id, rev)| {
                store
                    .attempt(**id)
                    .map_or(true, |a| a.meta.revision < **rev)
            })
            .map(|(id, _)| *id)
            .collect();
        for r in store.verify_all().unwrap() {
            assert!(r.ok, "chain {} broken: {:?}", r.chain, r.first_broken);
        }
        Cut {
            reported,
            lines: lines.len(),
            missing,
        }
    }

    fn new_store() -> (tempfile::TempDir, Id) {
        let tmp = tempfile::tempdir().unwrap();
        let mut store = Store::open(tmp.path()).unwrap();
        let case = new_case(&mut store, "Apagón").unwrap();
        (tmp, case)
    }

    #[test]
    fn a_power_cut_keeps_every_write_reported_committed() {
        let (tmp, case) = new_store();
        let mut all: HashMap<Id, u32> = HashMap::new();
        let mut first = 1;
        let mut writes = 0;
        // Killed right after a report (mid-write of the next) and a few ms later.
        for (round, (after, extra_ms)) in [(1, 0), (12, 3), (40, 0), (25, 11), (60, 1)]
            .into_iter()
            .enumerate()
        {
            let c = cut(
                tmp.path(),
                case,
                first,
                after,
                Duration::from_millis(extra_ms),
                false,
            );
            assert!(
                c.missing.is_empty(),
                "round {round}: {} of {} reported writes lost in a power cut: {:?}",
                c.missing.len(),
                c.lines,
                c.missing
            );
            first += c.lines as u64 + 1;
            writes += c.lines;
            all.extend(c.reported);
            let store = Store::open(tmp.path()).unwrap();
            let stored = store.attempts(case).unwrap().len();
            assert!(
                stored >= all.len() && stored <= all.len() + round + 1,
                "round {round}: {stored} attempts stored, {} reported",
                all.len()
            );
        }
        println!("power cut: 5 cuts, {writes} reported writes, none lost");
    }

    #[test]
    fn with_syncing_off_a_power_cut_loses_reported_writes() {
        let (tmp, case) = new_store();
        let c = cut(tmp.path(), case, 1, 30, Duration::ZERO, true);
        println!(
            "power cut with synchronous=OFF: {} of {} reported attempts lost ({} writes reported)",
            c.missing.len(),
            c.reported.len(),
            c.lines
        );
        assert!(
            !c.missing.is_empty(),
            "nothing was lost without syncing: the shim does not drop unsynced writes"
        );
    }
}
