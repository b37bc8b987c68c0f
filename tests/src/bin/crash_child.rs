//! The crash test's victim: appends to a store as fast as it can and reports every write
//! on stdout only after its transaction committed, until the parent kills it (SIGKILL).
//!
//! `crash_child <data_dir> <case_id> <first_index> [count]` prints `a <attempt id>` after
//! each new attempt and `r <attempt id> <revision>` after each correction (every fifth
//! write); with `count` it stops after that many writes (the concurrent-writers test).
//! With `EXPEDIENTE_CRASH_SYNC_OFF=1` it first turns SQLite's syncing off (a test hook:
//! the power-cut test shows that its writes are then lost, so the test can fail).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, Utc};
use expediente_core::{Id, Store};
use expediente_tests::{attempt, cdmx};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crash_child: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: crash_child <data_dir> <case_id> <first_index> [count]";
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let case_id: Id = args.next().ok_or(usage)?.parse()?;
    let first: u64 = args.next().ok_or(usage)?.parse()?;
    let count: u64 = match args.next() {
        Some(n) => n.parse()?,
        None => 1_000_000,
    };
    let mut store = Store::open(&dir)?;
    if std::env::var_os("EXPEDIENTE_CRASH_SYNC_OFF").is_some() {
        store
            .connection()
            .pragma_update(None, "synchronous", "OFF")?;
    }
    let out = std::io::stdout();
    let mut last: Option<Id> = None;
    for i in first..first + count {
        let at = Utc::now().with_timezone(&cdmx()) - Duration::minutes(1);
        match last {
            Some(id) if i % 5 == 0 => {
                let mut d = attempt(i, at);
                d.response = format!("Corrección {i}");
                let rec = store.revise_attempt(id, d, "Corrijo la respuesta anotada")?;
                let mut o = out.lock();
                writeln!(o, "r {} {}", id, rec.meta.revision)?;
                o.flush()?;
            }
            _ => {
                let rec = store.log_attempt(case_id, attempt(i, at))?;
                last = Some(rec.meta.id);
                let mut o = out.lock();
                writeln!(o, "a {}", rec.meta.id)?;
                o.flush()?;
            }
        }
    }
    Ok(())
}
