//! Runs the built `expediente-cli` binary on temporary data folders: a whole journey
//! (create → log → list → stats → verify → export/import → backup/restore), corrections,
//! and the exit codes and error messages scripts rely on.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::*;

/// A claimant (default), a company and a case; returns the case id.
fn setup(dir: &Path) -> String {
    let me = ok(
        dir,
        &[
            "claimant",
            "create",
            "--name",
            "María Fernanda López Ruiz",
            "--id-kind",
            "INE",
            "--id-number",
            "LPRZMR85031209M700",
            "--address",
            "Calle Jalapa 142, CDMX",
            "--email",
            "mafer@example.com",
            "--default",
        ],
    );
    assert_eq!(me.len(), 36, "a claimant id: {me}");
    let co = ok(
        dir,
        &[
            "company",
            "create",
            "--trade-name",
            "ConectaMóvil",
            "--legal-name",
            "Conecta Móvil de México, S.A. de C.V.",
            "--tax-id",
            "CMM0912157K3",
            "--channel",
            "phone=800 123 4567;Atención a clientes",
            "--channel",
            "email=atencion@conecta.example",
        ],
    );
    ok(
        dir,
        &[
            "case",
            "create",
            "--company",
            &co[co.len() - 8..],
            "--title",
            "Reembolso de celular no entregado",
            "--amount",
            "8,499.00",
            "--currency",
            "MXN",
            "--agency",
            "profeco",
            "--purchase-date",
            "2026-01-05",
            "--opened-on",
            "2026-01-20",
            "--facts",
            "El equipo nunca llegó.",
        ],
    )
}

fn log_call(dir: &Path, case: &str, at: &str) -> String {
    ok(
        dir,
        &[
            "log",
            case,
            "--at",
            at,
            "--direction",
            "to_company",
            "--channel",
            "phone",
            "--detail",
            "800 123 4567",
            "--agent",
            "Karla (ID 40512)",
            "--reference",
            "REP-551870",
            "--duration",
            "38m",
            "--asked",
            "Pedí el reembolso",
            "--outcome",
            "promise",
            "--response",
            "Se verá reflejado en 5 días hábiles",
            "--promised-by",
            "2026-01-28",
            "--formal-demand",
        ],
    )
}

#[test]
fn journey_create_log_list_stats_verify_export_import_backup_restore() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let case = setup(&a);

    let attempt = log_call(&a, &case, "2026-01-21T10:15:00-06:00");
    ok(
        &a,
        &[
            "log",
            &case,
            "--at",
            "2026-01-30T09:00:00-06:00",
            "--channel",
            "email",
            "--outcome",
            "no_response",
        ],
    );

    let list = ok_json(&a, &["case", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], case.as_str());
    assert_eq!(list[0]["attempts"], 2);
    assert_eq!(list[0]["claimant_name"], "María Fernanda López Ruiz");

    let shown = ok_json(&a, &["case", "show", &case]);
    let first = &shown["attempts"][0];
    assert_eq!(first["id"], attempt.as_str());
    assert_eq!(first["happened_at"], "2026-01-21T10:15:00-06:00");
    assert_eq!(first["duration_secs"], 38 * 60);
    assert_eq!(first["promised_by"], "2026-01-28");
    assert_eq!(first["formal_demand"], true);
    assert_eq!(first["agent"], "Karla (ID 40512)");
    assert_eq!(shown["case"]["amount"]["minor"], 849_900);
    assert_eq!(
        shown["company"]["channels"][0]["label"],
        "Atención a clientes"
    );

    let stats = ok_json(&a, &["stats", &case, "--now", "2026-02-10T12:00:00-06:00"]);
    assert_eq!(stats["attempts"], 2);
    assert_eq!(stats["promises_made"], 1);
    assert_eq!(stats["promises_broken"], 1);
    assert_eq!(stats["no_response"], 1);
    assert_eq!(stats["formal_demands"], 1);
    let text = ok(&a, &["stats", &case, "--now", "2026-02-10T12:00:00-06:00"]);
    assert!(text.contains("1 made, 1 broken, 0 pending"), "{text}");

    let verify = ok_json(&a, &["verify"]);
    assert_eq!(verify["ok"], true);
    assert!(ok(&a, &["verify", &case]).starts_with("ok"));

    // Export, then import into a fresh store: the same case and attempts, each marked with
    // when it was imported, and the chain extended by one import link.
    let export = tmp.path().join("caso.json");
    ok(&a, &["export", &case, "--json", export.to_str().unwrap()]);
    let b = tmp.path().join("b");
    assert_eq!(ok(&b, &["import", export.to_str().unwrap()]), case);
    let shown_b = ok_json(&b, &["case", "show", &case]);
    let mut imported = shown_b["attempts"].clone();
    for a in imported.as_array_mut().unwrap() {
        assert!(a["imported_at"].is_string(), "{a}");
        a["imported_at"] = serde_json::Value::Null;
    }
    assert_eq!(imported, shown["attempts"]);
    assert_eq!(
        shown_b["chain_len"],
        shown["chain_len"].as_u64().unwrap() + 1
    );
    assert_eq!(ok_json(&b, &["verify"])["ok"], true);
    // Importing it again is refused without changing anything.
    let err = fails(&b, &["import", export.to_str().unwrap()], 3);
    assert!(err.starts_with("error: import:"), "{err}");

    // Backup, restore into a third folder: everything is there and verifies.
    let backup = tmp.path().join("respaldo.expediente");
    ok(&a, &["backup", backup.to_str().unwrap()]);
    let c = tmp.path().join("c");
    ok(&c, &["restore", backup.to_str().unwrap()]);
    assert_eq!(
        ok_json(&c, &["case", "show", &case])["attempts"],
        shown["attempts"]
    );
    assert_eq!(ok_json(&c, &["verify"])["ok"], true);
    // Restoring over a store that has data is refused.
    let o = run(&c, &["restore", backup.to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn revisions_change_only_the_given_fields_and_keep_history() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let case = setup(d);
    let attempt = log_call(d, &case, "2026-01-21T10:15:00-06:00");

    let fails_reason = fails(d, &["revise", "attempt", &attempt, "--duration", "40m"], 2);
    assert!(fails_reason.contains("--reason"), "{fails_reason}");
    let empty = fails(
        d,
        &[
            "revise",
            "attempt",
            &attempt,
            "--reason",
            " ",
            "--duration",
            "40m",
        ],
        3,
    );
    assert!(
        empty.contains("error: revision.reason: is required"),
        "{empty}"
    );

    ok(
        d,
        &[
            "revise",
            "attempt",
            &attempt,
            "--reason",
            "Duración mal anotada",
            "--duration",
            "40:00",
            "--formal-demand=false",
        ],
    );
    let shown = ok_json(d, &["case", "show", &case]);
    let a = &shown["attempts"][0];
    assert_eq!(a["revision"], 2);
    assert_eq!(a["duration_secs"], 2400);
    assert_eq!(a["formal_demand"], false);
    assert_eq!(a["agent"], "Karla (ID 40512)", "untouched fields are kept");
    assert_eq!(shown["corrections"][0]["reason"], "Duración mal anotada");

    let history = ok_json(d, &["history", &attempt]);
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["body"]["duration_secs"], 38 * 60);
    assert_eq!(history[1]["reason"], "Duración mal anotada");

    ok(
        d,
        &[
            "revise",
            "case",
            &case,
            "--reason",
            "Queja presentada",
            "--status",
            "escalated",
            "--folio",
            "PFC/2026/123",
        ],
    );
    let c = ok_json(d, &["case", "show", &case]);
    assert_eq!(c["case"]["status"], "escalated");
    assert_eq!(c["case"]["agency_folio"], "PFC/2026/123");
    assert_eq!(c["case"]["title"], "Reembolso de celular no entregado");

    let companies = ok_json(d, &["company", "list"]);
    let co = companies[0]["id"].as_str().unwrap().to_string();
    ok(
        d,
        &[
            "revise",
            "company",
            &co,
            "--reason",
            "RFC corregido",
            "--tax-id",
            "CMM0912157K4",
        ],
    );
    assert_eq!(
        ok_json(d, &["company", "show", &co])["tax_id"],
        "CMM0912157K4"
    );
    let claimants = ok_json(d, &["claimant", "list"]);
    let me = claimants[0]["id"].as_str().unwrap().to_string();
    ok(
        d,
        &[
            "revise",
            "claimant",
            &me,
            "--reason",
            "Nuevo teléfono",
            "--phone",
            "+52 55 0000 1111",
        ],
    );
    let me_now = ok_json(d, &["claimant", "show", &me]);
    assert_eq!(me_now["phone"], "+52 55 0000 1111");
    assert_eq!(me_now["id_document"]["kind"], "INE");

    assert_eq!(ok_json(d, &["verify"])["ok"], true);
}

#[test]
fn bad_input_gets_field_named_errors_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let case = setup(d);

    // 3: validation, with the field named.
    let e = fails(
        d,
        &[
            "log",
            &case,
            "--at",
            "2999-01-01T10:00:00-06:00",
            "--channel",
            "phone",
            "--outcome",
            "no_response",
        ],
        3,
    );
    assert_eq!(e, "error: attempt.happened_at: cannot be in the future");
    let e = fails(
        d,
        &[
            "log",
            &case,
            "--at",
            "ayer",
            "--channel",
            "phone",
            "--outcome",
            "no_response",
        ],
        3,
    );
    assert!(
        e.starts_with("error: attempt.happened_at: \"ayer\" is not an RFC 3339"),
        "{e}"
    );
    let e = fails(d, &["log", &case, "--outcome", "no_response"], 3);
    assert!(e.starts_with("error: attempt.channel: is required"), "{e}");
    let e = fails(
        d,
        &["log", &case, "--channel", "phone", "--outcome", "promise"],
        3,
    );
    assert!(
        e.starts_with("error: attempt.promised_by: is required"),
        "{e}"
    );
    let e = fails(
        d,
        &[
            "log",
            &case,
            "--channel",
            "phone",
            "--outcome",
            "resolved",
            "--duration",
            "5x",
        ],
        3,
    );
    assert!(e.starts_with("error: attempt.duration_secs:"), "{e}");
    let e = fails(d, &["claimant", "create", "--email", "no-es-correo"], 3);
    assert!(e.contains("error: claimant.full_name: is required"), "{e}");
    assert!(
        e.contains("error: claimant.email: is not an email address"),
        "{e}"
    );
    // A well-formed id that names no company is a wrong field of the case.
    let e = fails(
        d,
        &["case", "create", "--title", "x", "--company", &case],
        3,
    );
    assert!(e.starts_with("error: case.company_id:"), "{e}");

    // 4: not found.
    let e = fails(d, &["stats", "0190f0f0-0000-7000-8000-000000000000"], 4);
    assert!(e.starts_with("error: case:"), "{e}");
    fails(d, &["case", "show", "zzzz"], 4);
    fails(d, &["revise", "attempt", "not-an-id", "--reason", "x"], 4);

    // 2: usage (clap), e.g. an unknown channel or a missing argument.
    let e = fails(
        d,
        &["log", &case, "--channel", "fax", "--outcome", "no_response"],
        2,
    );
    assert!(e.contains("fax") && e.contains("phone"), "{e}");
    fails(d, &["log"], 2);
    fails(d, &["frobnicate"], 2);

    // 3: a hostile or broken import file; nothing is written.
    let junk = d.join("junk.json");
    std::fs::write(&junk, b"{\"format\": \"something else\"}").unwrap();
    let e = fails(d, &["import", junk.to_str().unwrap()], 3);
    assert!(e.starts_with("error: import:"), "{e}");
    assert_eq!(ok_json(d, &["case", "list"]).as_array().unwrap().len(), 1);

    // --json errors: one object with code, field and message.
    let o = run(
        d,
        &[
            "--json",
            "log",
            &case,
            "--at",
            "2999-01-01T10:00:00-06:00",
            "--channel",
            "phone",
            "--outcome",
            "no_response",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    let v: Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["code"], "invalid");
    assert_eq!(v["field"], "attempt.happened_at");
    assert_eq!(v["message"], "cannot be in the future");
    assert_eq!(v["errors"][0]["code"], "in_future");
    let o = run(
        d,
        &["stats", "0190f0f0-0000-7000-8000-000000000000", "--json"],
    );
    assert_eq!(o.status.code(), Some(4));
    let v: Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["code"], "not_found");
    assert_eq!(v["field"], "case");

    // Nothing invalid was written.
    assert_eq!(ok_json(d, &["case", "list"])[0]["attempts"], 0);
}

#[test]
fn verify_fails_with_exit_1_when_a_stored_byte_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let case = setup(d);
    log_call(d, &case, "2026-01-21T10:15:00-06:00");
    ok(d, &["verify"]);
    {
        let db = rusqlite::Connection::open(d.join("expediente.sqlite3")).unwrap();
        db.execute_batch(
            "DROP TRIGGER records_no_update;
             UPDATE records SET body = replace(body, 'Karla', 'Carla') WHERE kind = 'attempt';",
        )
        .unwrap();
    }
    let o = run(d, &["verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("BROKEN"), "{}", stdout(&o));
    assert!(stderr(&o).starts_with("error: chain:"), "{}", stderr(&o));
    assert!(stdout(&o).contains("attempt #1"), "{}", stdout(&o));
    let o = run(d, &["verify", &case, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["kind"], "attempt");
    assert_eq!(v["problems"][0]["code"], "link_changed");
    assert_eq!(v["problems"][0]["attempt_number"], 1);
    // No dossier is made from data that does not verify.
    let pdf = d.join("x.pdf");
    let o = run(d, &["export", &case, "--pdf", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("does not verify"), "{}", stderr(&o));
    assert!(stderr(&o).contains("attempt #1"), "{}", stderr(&o));
    assert!(!pdf.exists());
}

#[test]
fn a_changed_evidence_file_fails_verify_unless_quick() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let case = setup(d);
    let file = d.join("ticket.txt");
    std::fs::write(&file, "Total: $8,499.00").unwrap();
    let e = ok_json(d, &["attach", &case, file.to_str().unwrap()]);
    let sha = e["sha256"].as_str().unwrap();
    let stored = d.join("evidence").join(&sha[..2]).join(sha);
    let mut perms = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&stored, perms).unwrap();
    std::fs::write(&stored, "Total: $0.00").unwrap();
    let o = run(d, &["verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("evidence file \"ticket.txt\""),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("[evidence_changed]"), "{}", stdout(&o));
    let quick = ok(d, &["verify", "--quick"]);
    assert!(quick.contains("not re-hashed"), "{quick}");
}

#[test]
fn the_generation_time_cannot_be_chosen_freely() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let pdf = tmp.path().join("d.pdf");
    let help = ok(&d, &["export", "--help"]);
    assert!(
        !help.contains("generated-at"),
        "a test hook, not a user flag: {help}"
    );
    let e = fails(
        &d,
        &[
            "export",
            &case,
            "--pdf",
            pdf.to_str().unwrap(),
            "--generated-at",
            "2026-01-01T09:00:00-06:00",
        ],
        3,
    );
    assert!(
        e.contains("export.generated_at: is before the case's last record"),
        "{e}"
    );
    assert!(!pdf.exists());
}

#[test]
fn demo_attach_search_and_help() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let stats = ok_json(&d, &["stats", &case]);
    assert_eq!(stats["attempts"], 12);

    let file = tmp.path().join("captura chat.txt");
    std::fs::write(&file, "Lamentamos el inconveniente").unwrap();
    let e = ok_json(
        &d,
        &[
            "attach",
            &case,
            file.to_str().unwrap(),
            "--note",
            "Captura del chat",
        ],
    );
    assert_eq!(e["original_name"], "captura chat.txt");
    assert_eq!(e["size"], 27);
    let e = fails(&d, &["attach", &case, "/no/such/file.png"], 3);
    assert!(e.starts_with("error: evidence.file:"), "{e}");

    let hits = ok_json(&d, &["search", "jurídica"]);
    assert!(!hits.as_array().unwrap().is_empty(), "{hits}");

    let help = ok(&d, &["--help"]);
    assert!(
        help.contains("Exit codes:") && help.contains("4  not found"),
        "{help}"
    );
    assert!(help.contains("Examples:"), "{help}");
}

/// Whether qpdf can run; a missing qpdf fails the test in CI and skips that part elsewhere.
fn have_qpdf() -> bool {
    match Command::new("qpdf").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("qpdf is required in CI (.ci/setup installs it)")
        }
        _ => {
            eprintln!("skipped the tampering part: qpdf is not installed");
            false
        }
    }
}

#[test]
fn pdf_dossier_checked_from_the_file_alone_and_against_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let pdf = tmp.path().join("expediente.pdf");
    let pdf_s = pdf.to_str().unwrap();
    ok(&d, &["export", &case, "--pdf", pdf_s, "--paper", "letter"]);
    let fingerprint = ok_json(&d, &["case", "show", &case])["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();

    // No store at all: the PDF alone, and nothing is created.
    let nowhere = tmp.path().join("nowhere");
    let out = ok(&nowhere, &["verify", "--dossier", pdf_s]);
    assert!(!nowhere.exists(), "verify --dossier created a data folder");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("checked {pdf_s}: case {case}, fingerprint {fingerprint}")
    );
    assert!(
        lines[1].starts_with("ok      embedded case data: "),
        "{out}"
    );
    assert_eq!(
        lines[2],
        "ok      attachments: 2 evidence files match their recorded SHA-256"
    );
    assert!(lines[3].starts_with("ok      metadata: "), "{out}");
    assert!(lines[4].starts_with("ok      pages: all "), "{out}");
    assert!(
        lines[5].starts_with("--      timestamp: no timestamp"),
        "{out}"
    );
    assert_eq!(lines.len(), 6, "{out}");
    let v = ok_json(&nowhere, &["verify", "--dossier", pdf_s]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["check"]["case_id"], case.as_str());
    assert_eq!(v["check"]["problems"], serde_json::json!([]));
    assert!(v["since"].is_null(), "{v}");

    // With the store: the case as the dossier shows it.
    let out = ok(&d, &["verify", "--dossier", pdf_s]);
    assert!(
        out.ends_with(&format!(
            "has case {case} as the dossier shows it ({} records)",
            ok_json(&d, &["case", "show", &case])["chain_len"]
        )),
        "{out}"
    );
    assert_eq!(
        ok_json(&d, &["verify", "--dossier", pdf_s])["since"]["status"],
        "current"
    );

    // A record added later: none changed.
    ok(
        &d,
        &[
            "log",
            &case,
            "--channel",
            "phone",
            "--outcome",
            "no_response",
        ],
    );
    let v = ok_json(&d, &["verify", "--dossier", pdf_s]);
    assert_eq!(v["since"]["status"], "records_added", "{v}");
    assert_eq!(
        v["since"]["records"].as_u64().unwrap(),
        v["since"]["at"].as_u64().unwrap() + 1
    );
    // The company's data corrected later: the dossier predates it.
    let company = ok_json(&d, &["case", "show", &case])["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &d,
        &[
            "revise",
            "company",
            &company,
            "--reason",
            "Cambió de domicilio",
            "--legal-name",
            "Conecta Móvil de México, S.A.P.I. de C.V.",
        ],
    );
    let out = ok(&d, &["verify", "--dossier", pdf_s]);
    assert!(
        out.contains("this dossier predates a change to the company's data"),
        "{out}"
    );
    assert_eq!(
        ok_json(&d, &["verify", "--dossier", pdf_s])["since"]["status"],
        "directory_changed"
    );

    // A tampered export given with --export does not vouch for the dossier.
    let export = tmp.path().join("caso.json");
    ok(&d, &["export", &case, "--json", export.to_str().unwrap()]);
    let mut x: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    let body = x["links"][2]["body"]
        .as_str()
        .unwrap()
        .replacen("a", "o", 1);
    x["links"][2]["body"] = Value::String(body);
    std::fs::write(&export, serde_json::to_vec(&x).unwrap()).unwrap();
    let e = fails(
        &nowhere,
        &[
            "verify",
            "--dossier",
            pdf_s,
            "--export",
            export.to_str().unwrap(),
        ],
        1,
    );
    assert!(e.contains("chain is broken"), "{e}");

    // Not a PDF: exit 3.
    let junk = tmp.path().join("junk.pdf");
    std::fs::write(&junk, b"hola").unwrap();
    let e = fails(
        &nowhere,
        &["verify", "--dossier", junk.to_str().unwrap()],
        3,
    );
    assert!(e.starts_with("error: dossier:"), "{e}");
    assert!(e.contains("not a readable PDF"), "{e}");

    // A deleted page: exit 1, the page and the case named.
    if have_qpdf() {
        let cut = tmp.path().join("cut.pdf");
        let o = Command::new("qpdf")
            .args([pdf_s, "--pages", ".", "1,3-z", "--", cut.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let o = run(&nowhere, &["verify", "--dossier", cut.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(
            stdout(&o).contains("BROKEN  pages: page 2 of "),
            "{}",
            stdout(&o)
        );
        let e = stderr(&o);
        assert!(
            e.starts_with("error: dossier: page_missing: page 2 of ")
                && e.contains(&format!("(case {case})")),
            "{e}"
        );
        let o = run(
            &nowhere,
            &["verify", "--dossier", cut.to_str().unwrap(), "--json"],
        );
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["check"]["problems"][0]["code"], "page_missing");
        assert_eq!(v["check"]["problems"][0]["page"], 2);
        let err: Value = serde_json::from_slice(&o.stderr).unwrap();
        assert_eq!(err["code"], "integrity");
    }
    // export needs --json FILE or --pdf FILE.
    fails(&d, &["export", &case], 2);
}

#[test]
fn case_list_filters_and_csv_chronology() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let demo = ok(&d, &["demo"]);
    let mine = setup(&d);
    log_call(&d, &mine, "2026-01-21T10:15:00-06:00");
    ok(
        &d,
        &[
            "revise",
            "case",
            &mine,
            "--reason",
            "Presentada",
            "--status",
            "escalated",
        ],
    );

    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["case", "list"];
        a.extend_from_slice(args);
        ok_json(&d, &a)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]).len(), 2);
    assert_eq!(ids(&["--status", "waiting"]), vec![demo.clone()]);
    assert_eq!(ids(&["--status", "escalated"]), vec![mine.clone()]);
    assert_eq!(ids(&["--overdue"]).len(), 2, "both have a broken promise");
    let demo_company = ok_json(&d, &["case", "show", &demo])["company"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(ids(&["--company", &demo_company]), vec![demo.clone()]);
    fails(&d, &["case", "list", "--status", "archived"], 2);

    ok(
        &d,
        &[
            "log",
            &demo,
            "--channel",
            "social_media",
            "--agent",
            "@ConectaMovilMX",
            "--outcome",
            "no_response",
        ],
    );
    let csv = tmp.path().join("cronologia.csv");
    ok(&d, &["export", &demo, "--csv", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 BOM for spreadsheets");
    let rows: Vec<&str> = text.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 14, "a header and 13 attempts");
    assert!(rows[0].starts_with("id,revision,happened_at,"));
    assert!(text.contains("Lamentamos el inconveniente"));
    assert!(
        text.contains("'@ConectaMovilMX"),
        "a leading @ must not become a formula"
    );
    assert!(
        text.contains(",2,"),
        "the corrected attempt shows revision 2"
    );
}

#[test]
fn the_pdf_dossier_carries_its_export_and_evidence_originals() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let file = tmp.path().join("ticket de compra.txt");
    std::fs::write(&file, "Total: $8,499.00 MXN").unwrap();
    ok(&d, &["attach", &case, file.to_str().unwrap()]);
    let pdf = tmp.path().join("expediente.pdf");
    ok(&d, &["export", &case, "--pdf", pdf.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf).unwrap();
    let inside = expediente_dossier::attachments(&bytes).unwrap();
    let export = inside
        .iter()
        .find(|a| a.name == "expediente-case.json")
        .expect("the case export is inside");
    let x = expediente_core::exchange::parse(&export.bytes).unwrap();
    assert_eq!(x.case_id.to_string(), case);
    let ticket = inside
        .iter()
        .find(|a| a.name == "ticket de compra.txt")
        .expect("the evidence original is inside");
    assert_eq!(ticket.bytes, b"Total: $8,499.00 MXN");
    // What the PDF carries rebuilds the case as the store has it.
    let fingerprint = ok_json(&d, &["case", "show", &case])["fingerprint"].clone();
    let rebuilt = expediente_core::exchange::bundle_from_export(&x).unwrap();
    assert_eq!(fingerprint, rebuilt.fingerprint.as_str());

    // Over a chosen size, originals stay out and the page says which.
    let small = tmp.path().join("sin-pruebas.pdf");
    ok(
        &d,
        &[
            "export",
            &case,
            "--pdf",
            small.to_str().unwrap(),
            "--embed-limit-mb",
            "0",
        ],
    );
    let inside = expediente_dossier::attachments(&std::fs::read(&small).unwrap()).unwrap();
    assert_eq!(
        inside.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["expediente-case.json"]
    );
}

#[test]
fn a_dossier_pdf_imports_with_its_evidence_after_a_dry_run() {
    let tmp = tempfile::tempdir().unwrap();
    let sender = tmp.path().join("remitente");
    let case = ok(&sender, &["demo"]);
    let file = tmp.path().join("ticket.txt");
    std::fs::write(&file, "Total: $8,499.00 MXN").unwrap();
    ok(&sender, &["attach", &case, file.to_str().unwrap()]);
    let pdf = tmp.path().join("expediente.pdf");
    ok(&sender, &["export", &case, "--pdf", pdf.to_str().unwrap()]);

    let receiver = tmp.path().join("asesora");
    let preview = ok_json(&receiver, &["import", pdf.to_str().unwrap(), "--dry-run"]);
    assert_eq!(preview["case_id"], case.as_str());
    assert!(preview["evidence"].as_u64().unwrap() >= 1);
    assert_eq!(preview["files_included"], preview["evidence"], "{preview}");
    assert_eq!(preview["files_missing"], 0);
    assert!(preview["attempts"].as_u64().unwrap() > 0);
    let text = ok(&receiver, &["import", pdf.to_str().unwrap(), "--dry-run"]);
    assert!(
        text.contains("in the file, 0 already here, 0 missing"),
        "{text}"
    );
    assert_eq!(
        ok_json(&receiver, &["case", "list"])
            .as_array()
            .map(Vec::len),
        Some(0),
        "a dry run writes nothing"
    );

    assert_eq!(ok(&receiver, &["import", pdf.to_str().unwrap()]), case);
    // Every evidence file is there and hashes to its name.
    ok(&receiver, &["verify"]);
    let again = fails(
        &receiver,
        &["import", pdf.to_str().unwrap(), "--dry-run"],
        3,
    );
    assert!(again.is_empty(), "{again}");
    let err = fails(&receiver, &["import", pdf.to_str().unwrap()], 3);
    assert!(err.contains("already in this store"), "{err}");

    // Not a case file: a clear error, exit 3.
    let junk = tmp.path().join("otra.pdf");
    std::fs::write(&junk, b"%PDF-1.4\n%%EOF\n").unwrap();
    let err = fails(&receiver, &["import", junk.to_str().unwrap()], 3);
    assert!(err.contains("file:"), "{err}");
}
