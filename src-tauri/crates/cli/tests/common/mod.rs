//! What every CLI test file needs: the built binary run on a data folder, with helpers
//! for a command that must succeed (its stdout, or its `--json`) or fail with an exit code.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_expediente-cli");

pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env_remove("EXPEDIENTE_DATA_DIR")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run expediente-cli")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).trim().to_string()
}

/// Runs a command that must succeed and returns its trimmed stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    assert!(
        o.status.success(),
        "{args:?} failed with {:?}: {}",
        o.status.code(),
        stderr(&o)
    );
    stdout(&o)
}

pub fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = ok(dir, &a);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?} printed bad JSON ({e}): {out}"))
}

/// Runs a command that must fail with `code` and returns its stderr.
pub fn fails(dir: &Path, args: &[&str], code: i32) -> String {
    let o = run(dir, args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: stdout {} stderr {}",
        stdout(&o),
        stderr(&o)
    );
    stderr(&o)
}
