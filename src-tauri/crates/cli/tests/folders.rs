//! The binary on data folders that are not the usual writable one: a read-only folder
//! (run as an unprivileged user, since root writes through permission bits) serves every
//! read command and refuses writes with `read_only`; archived cases leave `case list`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_expediente-cli");

/// How to run the binary so permission bits hold: as is for a normal user; as `nobody`
/// (through `setpriv`) for root. `None` when root cannot drop its privileges here.
fn unprivileged() -> Option<Vec<String>> {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    if probe.as_file().metadata().unwrap().uid() != 0 {
        return Some(Vec::new());
    }
    let prefix: Vec<String> = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ]
    .map(String::from)
    .to_vec();
    let works = Command::new(&prefix[0])
        .args(&prefix[1..])
        .arg(BIN)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(prefix)
}

fn run_as(prefix: &[String], dir: &Path, args: &[&str]) -> Output {
    let mut cmd = match prefix.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(BIN);
            c
        }
        None => Command::new(BIN),
    };
    cmd.env_remove("EXPEDIENTE_DATA_DIR")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run expediente-cli")
}

fn ok_as(prefix: &[String], dir: &Path, args: &[&str]) -> String {
    let o = run_as(prefix, dir, args);
    assert!(
        o.status.success(),
        "{args:?} failed with {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn ok(dir: &Path, args: &[&str]) -> String {
    ok_as(&[], dir, args)
}

fn json(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}"))
}

/// Sets the mode of `path` and, for a folder, of everything in it.
fn chmod_tree(path: &Path, dir_mode: u32, file_mode: u32) {
    let mode = if path.is_dir() { dir_mode } else { file_mode };
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            chmod_tree(&e.unwrap().path(), dir_mode, file_mode);
        }
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_read_only_folder_serves_every_read_and_refuses_writes() {
    let Some(as_user) = unprivileged() else {
        eprintln!("skipped: running as root without setpriv, permission bits do not hold");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o777)).unwrap();
    let case = ok(&data, &["demo"]);
    let listed = ok(&data, &["case", "list", "--json"]);
    let before = names(&data);
    chmod_tree(&data, 0o555, 0o444);

    let read = |args: &[&str]| ok_as(&as_user, &data, args);
    assert_eq!(json(&read(&["case", "list", "--json"])), json(&listed));
    assert!(read(&["case", "show", &case]).contains("ConectaMóvil"));
    assert!(read(&["verify"]).contains("ok"), "verify passes");
    read(&["verify", &case]);
    assert!(!read(&["history", &case]).is_empty());
    assert!(!json(&read(&["search", "reembolso", "--json"]))
        .as_array()
        .unwrap()
        .is_empty());
    let export = out.join("caso.json");
    read(&["export", &case, export.to_str().unwrap()]);
    assert!(std::fs::metadata(&export).unwrap().len() > 1000);
    let pdf = out.join("caso.pdf");
    read(&["export", &case, "--pdf", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    // The dossier checked against the read-only store.
    let checked = read(&["verify", "--dossier", pdf.to_str().unwrap()]);
    assert!(checked.contains("the store in"), "{checked}");

    // Writes: exit 1 with the code `read_only`, and nothing in the folder changes.
    for args in [
        vec![
            "log",
            &case,
            "--channel",
            "phone",
            "--outcome",
            "no_response",
        ],
        vec!["case", "archive", &case, "--reason", "cerrado"],
        vec!["claimant", "create", "--name", "Otra Persona"],
        vec!["import", export.to_str().unwrap()],
    ] {
        let mut a = args.clone();
        a.push("--json");
        let o = run_as(&as_user, &data, &a);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = json(String::from_utf8_lossy(&o.stderr).trim());
        assert_eq!(err["code"], "read_only", "{args:?}: {err}");
    }
    chmod_tree(&data, 0o755, 0o644);
    assert_eq!(names(&data), before, "no -wal, -shm or other file appeared");
    assert_eq!(json(&ok(&data, &["case", "list", "--json"])), json(&listed));
}

#[test]
fn archived_cases_leave_the_list_and_come_back() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let kept = ok(d, &["demo"]);
    let case = ok(d, &["demo"]);
    let short = &case[case.len() - 8..];
    ok(
        d,
        &[
            "case",
            "archive",
            short,
            "--reason",
            "Resuelto por teléfono",
        ],
    );
    let list = json(&ok(d, &["case", "list", "--json"]));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [kept.as_str()]);
    let shelf = json(&ok(d, &["case", "list", "--archived", "--json"]));
    assert_eq!(shelf[0]["id"], case.as_str());
    assert_eq!(shelf[0]["archived"], true);
    // Still there by id: shown, verified, in its history with the reason.
    assert!(ok(d, &["case", "show", short]).contains("(archived)"));
    ok(d, &["verify", short]);
    let history = json(&ok(d, &["history", &case, "--json"]));
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["reason"], "Resuelto por teléfono");
    assert_eq!(last["body"]["archived"], true);
    // Twice, or without a reason: refused by field (exit 3).
    for args in [
        vec!["case", "archive", &case, "--reason", "otra vez"],
        vec!["case", "unarchive", &case, "--reason", " "],
    ] {
        let o = run_as(&[], d, &args);
        assert_eq!(o.status.code(), Some(3), "{args:?}");
    }
    ok(
        d,
        &["case", "unarchive", &case, "--reason", "Volvió a fallar"],
    );
    assert_eq!(
        json(&ok(d, &["case", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(ok(d, &["verify"]).contains("ok"));
}
