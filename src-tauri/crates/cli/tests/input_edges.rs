//! The command line tried the way a user or an attacker found its gaps: a case of year
//! 1800 or with a made-up currency or agency, a CSV cell that hides a formula behind a tab,
//! an export that fails at the rename, a receipt whose file name is not UTF-8.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::*;

/// Runs a command that must fail validation (exit 3) and returns its `--json` error.
fn invalid(dir: &Path, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let o = run(dir, &a);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{args:?}: {err}");
    serde_json::from_str(&err).unwrap_or_else(|e| panic!("{e}: {err}"))
}

fn codes(v: &Value, field: &str) -> Vec<String> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == field)
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect()
}

/// A default claimant and a company; returns the company id.
fn directory(dir: &Path) -> String {
    ok(
        dir,
        &["claimant", "create", "--name", "María López", "--default"],
    );
    ok(dir, &["company", "create", "--trade-name", "ConectaMóvil"])
}

fn case(dir: &Path, company: &str) -> String {
    ok(
        dir,
        &[
            "case",
            "create",
            "--company",
            company,
            "--title",
            "Reembolso",
            "--opened-on",
            "2026-01-20",
        ],
    )
}

fn case_count(dir: &Path) -> usize {
    let list: Value = serde_json::from_str(&ok(dir, &["case", "list", "--json"])).unwrap();
    list.as_array().unwrap().len()
}

#[test]
fn cases_of_year_1800_or_with_made_up_codes_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let co = directory(d);
    let base = ["case", "create", "--company", &co, "--title", "Reembolso"];
    let with = |extra: &[&'static str]| -> Vec<&str> {
        let mut v: Vec<&str> = base.to_vec();
        v.extend_from_slice(extra);
        v
    };
    let v = invalid(
        d,
        &with(&["--opened-on", "1800-01-01", "--purchase-date", "0001-01-01"]),
    );
    assert_eq!(codes(&v, "case.opened_on"), vec!["before_1970"]);
    assert_eq!(codes(&v, "case.purchase_date"), vec!["before_1970"]);
    let v = invalid(d, &with(&["--amount", "100", "--currency", "XYZ"]));
    assert_eq!(codes(&v, "case.amount.currency"), vec!["invalid_currency"]);
    let v = invalid(d, &with(&["--agency", "fbi"]));
    assert_eq!(codes(&v, "case.agency"), vec!["unknown_agency"]);
    assert!(v["message"].as_str().unwrap().contains("profeco"), "{v}");
    assert_eq!(case_count(d), 0);
    ok(
        d,
        &with(&["--amount", "100", "--currency", "CLP", "--agency", "sernac"]),
    );
    assert_eq!(case_count(d), 1);
}

/// Cells that hide a formula behind a tab, a carriage return, a line feed or blanks come
/// out of the CSV with a leading `'`, as OWASP advises.
#[test]
fn csv_cells_hiding_a_formula_behind_blanks_are_defused() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let co = directory(d);
    let case = case(d, &co);
    ok(
        d,
        &[
            "log",
            &case,
            "--at",
            "2026-02-01T10:00:00-06:00",
            "--channel",
            "phone",
            "--outcome",
            "no_response",
            "--agent",
            "\t=HYPERLINK(\"http://x.example\",\"ver\")",
            "--reference",
            "  @SUM(1+1)*cmd|' /C calc'!A0",
            "--asked",
            "\r=1+1",
            "--response",
            "\n+cmd",
        ],
    );
    let out = d.join("cronologia.csv");
    ok(d, &["export", &case, "--csv", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains(",\"'\t=HYPERLINK(\"\"http"), "{csv}");
    assert!(csv.contains(",'  @SUM(1+1)"), "{csv}");
    assert!(csv.contains(",\"'\r=1+1\","), "{csv}");
    assert!(csv.contains(",\"'\n+cmd\","), "{csv}");
}

/// The PDF's target is an existing folder: the export fails at the rename and leaves no
/// hidden `.out.pdf.*.tmp` beside it.
#[test]
fn a_failed_export_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let co = directory(&d);
    let case = case(&d, &co);
    let outdir = tmp.path().join("out");
    std::fs::create_dir(&outdir).unwrap();
    let pdf = outdir.join("out.pdf");
    std::fs::create_dir(&pdf).unwrap();
    let csv = outdir.join("out.csv");
    std::fs::create_dir(&csv).unwrap();
    for args in [
        ["export", &case, "--pdf", pdf.to_str().unwrap()],
        ["export", &case, "--csv", csv.to_str().unwrap()],
    ] {
        let o = run(&d, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let mut left: Vec<String> = std::fs::read_dir(&outdir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec!["out.csv", "out.pdf"], "{args:?}");
    }
}

/// The disk fills up while the PDF is written (a file-size limit stands in for it: writes
/// past 64 KiB fail with EFBIG): the export fails and leaves no hidden temporary file.
#[cfg(unix)]
#[test]
fn an_export_cut_short_by_a_full_disk_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let co = directory(&d);
    let case = case(&d, &co);
    // 300 kB that do not compress, embedded in the PDF as an original.
    let photo = tmp.path().join("foto.bin");
    let bytes: Vec<u8> = (0u32..300_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&photo, bytes).unwrap();
    ok(&d, &["attach", &case, photo.to_str().unwrap()]);
    let outdir = tmp.path().join("out");
    std::fs::create_dir(&outdir).unwrap();
    let pdf = outdir.join("out.pdf");
    // SIGXFSZ ignored, so the write returns an error instead of killing the process.
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 64; exec \"$@\"")
        .arg("sh")
        .arg(BIN)
        .env_remove("EXPEDIENTE_DATA_DIR")
        .arg("--data-dir")
        .arg(&d)
        .args(["export", &case, "--pdf"])
        .arg(&pdf)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("File too large"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&outdir).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A receipt named in Latin-1 (from an old disk or a zip) keeps its name, with the bytes
/// that are not UTF-8 written `\xNN`, instead of becoming "archivo".
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_kept_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let co = directory(&d);
    let case = case(&d, &co);
    let file = tmp
        .path()
        .join(OsStr::from_bytes(b"factura-a\xf1o-2026.pdf"));
    std::fs::write(&file, b"%PDF-1.4 factura").unwrap();
    let o = Command::new(BIN)
        .env_remove("EXPEDIENTE_DATA_DIR")
        .arg("--data-dir")
        .arg(&d)
        .args(["--json", "attach", &case])
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ev: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(ev["original_name"], r"factura-a\xf1o-2026.pdf");
    assert_eq!(ev["media_type"], "application/pdf");
}
