//! The evidence commands as a script uses them: the same file attached twice is refused
//! (exit 3, nothing written) unless `--allow-duplicate`; `withdraw` takes a reason, keeps
//! the history, and the dossier then neither lists nor embeds the file.

use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

fn setup(d: &Path) -> String {
    ok(
        d,
        &["claimant", "create", "--name", "Ana López", "--default"],
    );
    let co = ok(d, &["company", "create", "--trade-name", "ConectaMóvil"]);
    ok(
        d,
        &[
            "case",
            "create",
            "--company",
            &co,
            "--title",
            "Cobro indebido",
            "--opened-on",
            "2026-02-01",
        ],
    )
}

fn evidence_count(d: &Path, case: &str) -> usize {
    let show = ok_json(d, &["case", "show", case]);
    show["evidence"].as_array().unwrap().len()
}

#[test]
fn the_same_file_twice_is_refused_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = setup(&d);
    let file = tmp.path().join("ticket.txt");
    std::fs::write(&file, "Total: $8,499.00").unwrap();
    let first = ok_json(&d, &["attach", &case, file.to_str().unwrap()]);

    // Same bytes under another name: refused, exit 3, naming the file already there.
    let copy = tmp.path().join("ticket (copia).txt");
    std::fs::copy(&file, &copy).unwrap();
    let e = fails(&d, &["attach", &case, copy.to_str().unwrap()], 3);
    assert!(e.starts_with("error: evidence.file:"), "{e}");
    assert!(e.contains("already attached"), "{e}");
    assert!(e.contains("\"ticket.txt\""), "{e}");
    assert!(e.contains("--allow-duplicate"), "{e}");
    assert_eq!(evidence_count(&d, &case), 1, "nothing was written");
    let o = run(&d, &["attach", &case, copy.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(3));
    let err: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(err["errors"][0]["code"], "duplicate");
    assert_eq!(err["field"], "evidence.file");

    let again = ok_json(
        &d,
        &["attach", &case, copy.to_str().unwrap(), "--allow-duplicate"],
    );
    assert_eq!(again["sha256"], first["sha256"]);
    assert_ne!(again["id"], first["id"]);
    assert_eq!(evidence_count(&d, &case), 2);
    ok(&d, &["verify"]);
}

#[test]
fn withdraw_needs_a_reason_keeps_history_and_leaves_the_dossier() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = setup(&d);
    let good = tmp.path().join("recibo.txt");
    std::fs::write(&good, "Recibo 8499").unwrap();
    let wrong = tmp.path().join("ine-de-otra-persona.txt");
    std::fs::write(&wrong, "no es mío").unwrap();
    ok(&d, &["attach", &case, good.to_str().unwrap()]);
    let w = ok_json(&d, &["attach", &case, wrong.to_str().unwrap()]);
    let sha = w["sha256"].as_str().unwrap();
    let id = w["id"].as_str().unwrap();

    let e = fails(&d, &["withdraw", &case, &sha[..10], "--reason", " "], 3);
    assert!(e.contains("revision.reason"), "{e}");
    fails(&d, &["withdraw", &case, "ffffffff", "--reason", "x"], 4);

    // By a prefix of the file's hash.
    let out = ok(
        &d,
        &[
            "withdraw",
            &case,
            &sha[..10],
            "--reason",
            "Adjuntado por error",
        ],
    );
    assert_eq!(out, id);
    let e = fails(&d, &["withdraw", &case, id, "--reason", "otra vez"], 3);
    assert!(e.contains("already withdrawn"), "{e}");

    let history = ok_json(&d, &["history", id]);
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[1]["reason"], "Adjuntado por error");
    assert_eq!(evidence_count(&d, &case), 1);
    let show = ok(&d, &["case", "show", &case]);
    assert!(show.contains("withdrawn evidence (1):"), "{show}");
    assert!(show.contains("Adjuntado por error"), "{show}");

    ok(&d, &["verify"]);
    let pdf = tmp.path().join("expediente.pdf");
    ok(&d, &["export", &case, "--pdf", pdf.to_str().unwrap()]);
    let inside = expediente_dossier::attachments(&std::fs::read(&pdf).unwrap()).unwrap();
    let names: Vec<&str> = inside.iter().map(|a| a.name.as_str()).collect();
    assert!(names.contains(&"recibo.txt"), "{names:?}");
    assert!(!names.contains(&"ine-de-otra-persona.txt"), "{names:?}");
    ok(&d, &["verify", "--dossier", pdf.to_str().unwrap()]);
}
