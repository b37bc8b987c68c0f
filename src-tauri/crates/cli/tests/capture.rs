//! `import-messages` as a script uses it: the preview first (`--dry-run` writes nothing),
//! then one write; the same files again add nothing; a file that cannot be read stops the
//! whole import (exit 3, nothing written) unless `--skip-unreadable`.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::*;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../capture/tests/fixtures")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn setup(d: &Path) -> String {
    ok(
        d,
        &[
            "claimant",
            "create",
            "--name",
            "Ana Pérez García",
            "--email",
            "ana.perez@correo-ejemplo.mx",
            "--default",
        ],
    );
    let co = ok(
        d,
        &[
            "company",
            "create",
            "--trade-name",
            "Telco Ejemplo",
            "--website",
            "https://telco-ejemplo.mx",
        ],
    );
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

fn counts(d: &Path, case: &str) -> (usize, usize) {
    let show = ok_json(d, &["case", "show", case]);
    (
        show["attempts"].as_array().unwrap().len(),
        show["evidence"].as_array().unwrap().len(),
    )
}

#[test]
fn dry_run_previews_then_the_import_writes_once() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = setup(&d);
    let files = [
        fixture("respuesta_con_historial.eml"),
        fixture("android_es.txt"),
        fixture("cfdi40.xml"),
    ];
    let mut args = vec!["import-messages", case.as_str()];
    args.extend(files.iter().map(String::as_str));

    let mut dry = args.clone();
    dry.push("--dry-run");
    let text = ok(&d, &dry);
    assert!(
        text.starts_with("3 intento(s) nuevo(s), 3 archivo(s) de prueba"),
        "{text}"
    );
    assert!(
        text.contains("proveedor → reclamante  canned_reply  Laura Méndez"),
        "{text}"
    );
    assert!(text.contains("Ref. 00481277"), "{text}");
    assert!(text.contains("Datos del caso (cfdi40.xml):"), "{text}");
    assert_eq!(counts(&d, &case), (0, 0), "a dry run writes nothing");

    let mut en = dry.clone();
    en.extend(["--lang", "en"]);
    let j = ok_json(&d, &en);
    assert_eq!(j["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(j["sources"][2]["kind"], "cfdi");

    let out = ok(&d, &args);
    assert!(
        out.ends_with("importados: 3 intento(s), 3 archivo(s) de prueba"),
        "{out}"
    );
    assert_eq!(counts(&d, &case), (3, 3));
    let show = ok_json(&d, &["case", "show", &case]);
    assert_eq!(show["case"]["amount"]["minor"], 129_900);
    let first = &show["attempts"][0];
    assert_eq!(
        first["imported_from"]["file_name"],
        "respuesta_con_historial.eml"
    );
    ok(&d, &["verify"]);
    // The dossier prints where each imported attempt came from, and checks from the PDF alone.
    let pdf = tmp.path().join("expediente.pdf");
    ok(&d, &["export", &case, "--pdf", pdf.to_str().unwrap()]);
    ok(&d, &["verify", "--dossier", pdf.to_str().unwrap()]);

    // Again: everything is already there.
    let again = ok(&d, &args);
    assert_eq!(again, "nada que importar: todo está ya en el caso");
    assert_eq!(counts(&d, &case), (3, 3));
}

#[test]
fn an_unreadable_file_stops_the_import_and_names_the_line() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = setup(&d);
    let good = fixture("con_pdf_es.eml");
    let bad = fixture("imposible.txt");
    let e = fails(&d, &["import-messages", &case, &good, &bad], 3);
    assert!(
        e.contains("imposible.txt, línea 1: fecha imposible: día 31, mes 2"),
        "{e}"
    );
    assert!(e.contains("--skip-unreadable"), "{e}");
    assert_eq!(counts(&d, &case), (0, 0), "nothing written");

    let o = run(
        &d,
        &[
            "import-messages",
            &case,
            &good,
            &bad,
            "--json",
            "--lang",
            "en",
        ],
    );
    assert_eq!(o.status.code(), Some(3));
    let err: Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(err["errors"][0]["code"], "unreadable");
    assert!(err["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("imposible.txt, line 1: impossible date"));

    ok(
        &d,
        &["import-messages", &case, &good, &bad, "--skip-unreadable"],
    );
    assert_eq!(counts(&d, &case), (1, 2));
}

#[test]
fn a_chat_needs_to_know_who_you_are() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = setup(&d);
    let chat: PathBuf = tmp.path().join("chat.txt");
    std::fs::write(
        &chat,
        "25/03/26, 10:15 - Anita: hola\n25/03/26, 10:16 - Soporte X: dígame\n",
    )
    .unwrap();
    let c = chat.to_str().unwrap();
    let o = run(&d, &["import-messages", &case, c, "--dry-run"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stdout(&o)
            .contains("no se sabe cuál participante es usted (Anita, Soporte X): indíquelo (--me)"),
        "{}",
        stdout(&o)
    );
    ok(&d, &["import-messages", &case, c, "--me", "Anita"]);
    let show = ok_json(&d, &["case", "show", &case]);
    assert_eq!(show["attempts"][0]["channel"], "whatsapp");
    assert_eq!(show["attempts"][0]["direction"], "to_company");
}
