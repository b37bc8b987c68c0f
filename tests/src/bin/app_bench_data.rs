//! Fills a data folder for the app benchmark (`tests/app-bench/run.sh`) straight through
//! `expediente_core::Store`, much faster than the CLI: a profile only, many small cases, or
//! one case with very many attempts (imported as an export, so no commit per attempt).
//!
//! `app_bench_data <data_dir> profile | cases <n> | big-case <n>`

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, Utc};
use expediente_core::{ClaimantDraft, Store};
use expediente_tests::{attempt, big_export, cdmx, new_case};

const USAGE: &str = "usage: app_bench_data <data_dir> profile | cases <n> | big-case <n>";

fn main() -> ExitCode {
    match run() {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("app_bench_data: {e}");
            ExitCode::FAILURE
        }
    }
}

fn count(arg: Option<String>) -> Result<u64, Box<dyn std::error::Error>> {
    let s = arg.ok_or(format!("the count is missing\n{USAGE}"))?;
    s.parse()
        .map_err(|e| format!("the count {s:?} is not a whole number: {e}").into())
}

fn run() -> Result<String, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or(USAGE)?);
    let what = args.next().ok_or(USAGE)?;
    let mut store = Store::open(&dir)?;
    match what.as_str() {
        // The profile the first-run screen asks for, and no case: the list's empty state.
        "profile" => {
            store.create_claimant(ClaimantDraft {
                full_name: "María Fernanda López Ruiz".into(),
                email: "mafer@example.com".into(),
                ..Default::default()
            })?;
            Ok(format!("{}: a profile, no cases", dir.display()))
        }
        // n cases of one claimant and company, two attempts each.
        "cases" => {
            let n = count(args.next())?;
            let first = new_case(&mut store, "Caso 1: cobro no reconocido")?;
            let template = store.case(first)?.data;
            let start = Utc::now().with_timezone(&cdmx()) - Duration::days(60);
            for i in 0..n {
                let id = if i == 0 {
                    first
                } else {
                    let mut draft = template.clone();
                    draft.title = format!("Caso {}: cobro no reconocido", i + 1);
                    store.create_case(draft)?.meta.id
                };
                for j in 0..2 {
                    let at = start + Duration::minutes((i * 2 + j) as i64);
                    store.log_attempt(id, attempt(i * 2 + j, at))?;
                }
            }
            Ok(format!("{}: {n} cases, two attempts each", dir.display()))
        }
        // One case with n attempts.
        "big-case" => {
            let n = count(args.next())?;
            let case = store.import_case(&big_export(n)?)?;
            let loaded = store.attempts(case)?.len();
            if loaded as u64 != n {
                return Err(format!("imported {loaded} attempts, expected {n}").into());
            }
            Ok(format!("{}: one case with {n} attempts", dir.display()))
        }
        other => Err(format!("unknown data set {other:?}\n{USAGE}").into()),
    }
}
