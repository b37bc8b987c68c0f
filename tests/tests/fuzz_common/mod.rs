//! What the fuzz targets (`fuzz_*.rs`) share: the case count (modest by default,
//! `PROPTEST_CASES` for long runs, see `tests/fuzz/run.sh`) and the hostile values they
//! put into records: control characters, huge and empty text, odd dates, paths, numbers.

#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::Value;

/// `PROPTEST_CASES` if set, else `default` (CI: a few seconds per target). A failure is
/// saved in `regressions` (relative to `tests/`, e.g. `fuzz/regressions/fuzz_import.txt`)
/// and replayed first on every later run.
pub fn config(default: u32, regressions: &'static str) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        max_shrink_iters: 256,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(regressions),
        )),
        ..ProptestConfig::default()
    }
}

/// Text an attacker or a confused user would type or craft.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,40}",
        3 => ".{0,24}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => prop::sample::select(vec![
            "\u{0}", "\u{1b}[2J", "\u{200b}", "\r\n", "\t=1+1", "\u{feff}", "\u{7f}",
            "=HYPERLINK(\"x\")", "'; DROP TABLE records; --", "\u{202e}evil",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "2026-11-20T10:00:00-06:00", "1850-05-01T10:00:00-06:00", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59+14:00", "2026-02-30T10:00:00Z", "2026-11-20", "1800-01-01",
            "+262143-12-31", "2026-11-20T10:00:00+25:00", "not a date",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "../../../../etc/hostname", "/etc/passwd", "C:\\Windows\\win.ini", "evidence/../x",
        ])
        .prop_map(String::from),
        1 => prop::sample::select(vec![
            "phone", "email", "promise", "case", "attempt", "evidence", "import", "claimant",
            "company", "directory", "profeco", "MXN", "USD", "XXX", "to_company", "open",
        ])
        .prop_map(String::from),
        1 => any::<u128>().prop_map(|n| expediente_core::Id::from_u128(n).to_string()),
        1 => "[0-9a-f]{64}",
        1 => (1usize..3).prop_map(|k| "x".repeat(k * 30_000)),
    ]
}

/// Any JSON value, leaning to the ones that break parsers and validators.
pub fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop::sample::select(vec![
            0i64,
            -1,
            1,
            2,
            u32::MAX as i64 + 1,
            i64::MIN,
            i64::MAX,
            86_401,
        ])
        .prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![1.5f64, -0.0, 1e308]).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A temporary folder, in memory (`/dev/shm`) where there is one: the fuzz targets test
/// what is accepted, not durability, and thousands of synced commits on a disk are slow.
pub fn tempdir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().expect("a temporary folder")
}
