//! `letter` as a user runs it: a PROFECO demand letter from a case logged on the command
//! line (golden text, read by hand; `UPDATE_GOLDEN=1` rewrites it), a CFPB complaint cut
//! to the form's 4,000 characters, and hostile input refused with its exit code.

mod common;

use std::path::Path;

use common::*;

fn golden(name: &str, got: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(got, want, "{name} differs from its golden text");
}

fn case(dir: &Path, agency: &str) -> String {
    ok(
        dir,
        &[
            "claimant",
            "create",
            "--name",
            "Ana Pérez",
            "--id-kind",
            "INE",
            "--id-number",
            "PRZ900101",
            "--address",
            "Calle Roble 12, Puebla",
            "--email",
            "ana@example.com",
            "--default",
        ],
    );
    let co = ok(
        dir,
        &[
            "company",
            "create",
            "--trade-name",
            "ElectroHogar",
            "--legal-name",
            "Electrodomésticos del Centro S.A. de C.V.",
            "--address",
            "Av. Juárez 100, Puebla",
            "--tax-id",
            "EDC010101AB1",
        ],
    );
    let mut args = vec![
        "case",
        "create",
        "--company",
        &co,
        "--title",
        "Lavadora defectuosa",
        "--product",
        "Lavadora LX-20",
        "--purchase-date",
        "2026-09-01",
        "--amount",
        "8999.00",
        "--currency",
        "MXN",
        "--facts",
        "La lavadora dejó de centrifugar a los diez días de uso.",
        "--requests",
        "El reembolso íntegro de lo pagado.",
        "--opened-on",
        "2026-11-01",
    ];
    if !agency.is_empty() {
        args.extend(["--agency", agency]);
    }
    ok(dir, &args)
}

fn log(dir: &Path, case: &str, at: &str, extra: &[&str]) {
    let mut args = vec!["log", case, "--at", at];
    args.extend(extra);
    ok(dir, &args);
}

#[test]
fn demand_letter_for_profeco_reads_as_golden() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let c = case(dir, "profeco");
    log(
        dir,
        &c,
        "2026-11-12T09:30:00-06:00",
        &[
            "--channel",
            "email",
            "--outcome",
            "no_response",
            "--asked",
            "Reclamé la promesa incumplida",
        ],
    );
    // Logged second, happened first: the letter tells it first, with its folio 2.
    log(
        dir,
        &c,
        "2026-11-03T10:00:00-06:00",
        &[
            "--channel",
            "phone",
            "--outcome",
            "promise",
            "--agent",
            "Luis",
            "--reference",
            "R-1001",
            "--asked",
            "Pedí el reembolso",
            "--response",
            "Lo revisamos",
            "--promised-by",
            "2026-11-10",
        ],
    );
    let es = ok(
        dir,
        &["letter", &c, "--kind", "demand", "--date", "2026-12-02"],
    );
    golden("letter_demand_profeco_es.txt", &es);
    assert!(es.contains("1. El 3 de noviembre de 2026, folio 2, por teléfono"));
    let en = ok(
        dir,
        &[
            "letter",
            &c,
            "--kind",
            "demand",
            "--date",
            "2026-12-02",
            "--lang",
            "en",
            "--text",
        ],
    );
    assert!(en.contains("Please answer in writing by December 16, 2026 (10 business days"));
    let j = ok_json(
        dir,
        &["letter", &c, "--kind", "demand", "--date", "2026-12-02"],
    );
    assert_eq!(j["answer_by"], "2026-12-16");
    assert_eq!(j["kind"], "demand");
    assert_eq!(j["facts"][0]["folio"], 2);
    assert_eq!(
        j["addressee"][0],
        "Electrodomésticos del Centro S.A. de C.V."
    );
}

#[test]
fn complaint_for_cfpb_fits_the_form_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let c = case(dir, "cfpb");
    for day in 1..=28 {
        let at = format!("2026-10-{day:02}T10:00:00-05:00");
        let asked = format!("Contact {day}: I asked again for the refund of the duplicate charge and explained the dates and the amount once more");
        log(
            dir,
            &c,
            &at,
            &[
                "--channel",
                "phone",
                "--outcome",
                "canned_reply",
                "--asked",
                &asked,
            ],
        );
    }
    let text = ok(dir, &["letter", &c, "--kind", "complaint", "--lang", "en"]);
    assert!(text.trim_end().chars().count() <= 4000, "{}", text.len());
    assert!(text.contains("Contact 28:"), "the latest contact is kept");
    assert!(!text.contains("Contact 1:"), "the oldest is left out");
    assert!(text.contains("earlier contacts left out for the form's limit"));
    assert!(text
        .trim_end()
        .ends_with("What I ask for: El reembolso íntegro de lo pagado."));
    let j = ok_json(dir, &["letter", &c, "--kind", "complaint", "--lang", "en"]);
    assert_eq!(j["limit"], 4000);
    assert!(j["facts_omitted"].as_u64().unwrap() > 0);
    assert_eq!(
        j["facts"].as_array().unwrap().len(),
        28,
        "JSON keeps every fact"
    );
}

#[test]
fn hostile_input_is_refused_with_a_clear_error_and_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let c = case(dir, "");
    // Unknown case: not found (4).
    let e = fails(dir, &["letter", "0000dead", "--kind", "demand"], 4);
    assert!(e.contains("case"), "{e}");
    // A case with no agency: names --agency and the valid codes (3).
    let e = fails(dir, &["letter", &c, "--kind", "demand"], 3);
    assert!(
        e.contains("agency") && e.contains("--agency") && e.contains("profeco"),
        "{e}"
    );
    // ...and works once one is given.
    let out = ok(
        dir,
        &[
            "letter",
            &c,
            "--kind",
            "demand",
            "--agency",
            "PROFECO",
            "--date",
            "2026-12-02",
        ],
    );
    assert!(out.contains("Asunto: requerimiento formal"), "{out}");
    let e = fails(
        dir,
        &["letter", &c, "--kind", "demand", "--agency", "nasa"],
        3,
    );
    assert!(e.contains("nasa"), "{e}");
    // Unknown kind: a usage error listing the kinds (2).
    let e = fails(dir, &["letter", &c, "--kind", "poem"], 2);
    assert!(
        e.contains("poem") && e.contains("demand") && e.contains("complaint"),
        "{e}"
    );
    // A bad date names the flag (3); a date past the calendars is refused, not guessed.
    let e = fails(
        dir,
        &[
            "letter",
            &c,
            "--kind",
            "demand",
            "--agency",
            "profeco",
            "--date",
            "2026-13-40",
        ],
        3,
    );
    assert!(e.contains("date"), "{e}");
    let e = fails(
        dir,
        &[
            "letter",
            &c,
            "--kind",
            "demand",
            "--agency",
            "profeco",
            "--date",
            "2027-12-24",
        ],
        3,
    );
    assert!(e.contains("MX 2028"), "{e}");
    // --text and --json together.
    let e = fails(
        dir,
        &[
            "--json", "letter", &c, "--kind", "demand", "--agency", "profeco", "--text",
        ],
        2,
    );
    assert!(e.contains("--text"), "{e}");
}
