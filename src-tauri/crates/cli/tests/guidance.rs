//! `next`, `readiness` and `calendar` as a user runs them: a Spanish consumer's letter
//! left unanswered, counted in business days over a holiday, and a second case overdue.

mod common;

use std::path::Path;

use common::*;

fn case(dir: &Path, title: &str, agency: &str) -> String {
    let co = ok(
        dir,
        &[
            "company",
            "create",
            "--trade-name",
            "Telefónica Ejemplo",
            "--legal-name",
            "Telefónica Ejemplo S.A.",
        ],
    );
    ok(
        dir,
        &[
            "case",
            "create",
            "--company",
            &co,
            "--title",
            title,
            "--agency",
            agency,
            "--facts",
            "Me cobran una línea dada de baja.",
            "--requests",
            "Devolución de 120 EUR",
            "--opened-on",
            "2026-11-01",
        ],
    )
}

fn letter(dir: &Path, case: &str, at: &str) {
    ok(
        dir,
        &[
            "log",
            case,
            "--at",
            at,
            "--channel",
            "letter",
            "--outcome",
            "no_response",
            "--formal-demand",
            "--asked",
            "Devolución",
        ],
    );
}

fn setup(dir: &Path) -> (String, String) {
    ok(
        dir,
        &[
            "claimant",
            "create",
            "--name",
            "Lucía Gómez",
            "--address",
            "C/ Mayor 1, Madrid",
            "--email",
            "l@example.com",
            "--default",
        ],
    );
    let waiting = case(dir, "Cobro indebido", "consumo");
    letter(dir, &waiting, "2026-11-23T10:00:00+01:00");
    let overdue = case(dir, "Permanencia abusiva", "consumo");
    letter(dir, &overdue, "2026-10-01T10:00:00+02:00");
    (waiting, overdue)
}

#[test]
fn next_names_the_deadline_over_a_holiday_and_what_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (waiting, _) = setup(dir);
    let now = "2026-12-02T10:00:00+01:00";
    let out = ok(dir, &["next", &waiting, "--now", now]);
    // 15 business days from Mon 23 Nov, skipping 8 Dec (Inmaculada): Tue 15 Dec.
    assert!(
        out.contains("Tu escrito del 23 nov no tiene respuesta y el plazo de 15 días hábiles vence el 15 dic. Si no responden, presenta tu queja en Consumo."),
        "{out}"
    );
    assert!(out.contains("Te falta: tu identificación oficial, el RFC o identificación fiscal de la empresa, el domicilio de la empresa y comprobante de compra."), "{out}");
    assert!(out.contains("[Ley 10/2025]"), "{out}");
    let en = ok(dir, &["next", &waiting, "--now", now, "--lang", "en"]);
    assert!(
        en.contains("Next step (by 2026-12-15): Your written demand of 23 Nov has no answer"),
        "{en}"
    );
    let j = ok_json(dir, &["next", &waiting, "--now", now]);
    assert_eq!(j["next_step"]["kind"], "wait_for_answer");
    assert_eq!(j["next_step"]["date"], "2026-12-15");
    assert_eq!(j["next_step"]["missing"].as_array().unwrap().len(), 4);
    let answer = j["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "company_answer")
        .unwrap();
    assert_eq!(
        (answer["status"].as_str(), answer["days"].as_i64()),
        (Some("running"), Some(13))
    );

    // Attaching the receipt takes it off the list.
    let receipt = dir.join("factura.pdf");
    std::fs::write(&receipt, b"%PDF-1.4 factura").unwrap();
    ok(
        dir,
        &[
            "attach",
            &waiting,
            receipt.to_str().unwrap(),
            "--note",
            "Factura de la línea",
        ],
    );
    let j = ok_json(dir, &["next", &waiting, "--now", now]);
    assert_eq!(j["next_step"]["missing"].as_array().unwrap().len(), 3);
}

#[test]
fn next_without_a_case_lists_open_cases_most_urgent_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (waiting, overdue) = setup(dir);
    let closed = case(dir, "Resuelto", "consumo");
    ok(
        dir,
        &[
            "revise", "case", &closed, "--status", "resolved", "--reason", "Pagaron",
        ],
    );
    let list = ok_json(dir, &["next", "--now", "2026-12-02T10:00:00+01:00"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["case_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [overdue.as_str(), waiting.as_str()],
        "closed cases are left out"
    );
    assert_eq!(list[0]["next_step"]["kind"], "file_complaint");
    assert_eq!(list[0]["next_step"]["overdue"], true);
    let text = ok(dir, &["next", "--now", "2026-12-02T10:00:00+01:00"]);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("2026-10-23  VENCIDO  ") && first.contains("Permanencia abusiva"),
        "{text}"
    );
}

#[test]
fn readiness_checks_the_cases_agency_or_another() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (waiting, _) = setup(dir);
    let r = ok_json(dir, &["readiness", &waiting]);
    assert_eq!(
        (r["agency"].as_str(), r["ready"].as_bool()),
        (Some("consumo"), Some(false))
    );
    let missing: Vec<&str> = r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["ok"] == false)
        .map(|i| i["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "claimant.id_document",
            "company.tax_id",
            "company.address",
            "evidence.add"
        ]
    );
    let text = ok(
        dir,
        &["readiness", &waiting, "--agency", "profeco", "--lang", "en"],
    );
    assert!(
        text.starts_with("PROFECO (Federal Consumer Protection Agency, Mexico) (LFPC art. 99)"),
        "{text}"
    );
    assert!(text.contains("[ ] proof of purchase"), "{text}");
    let e = fails(dir, &["readiness", &waiting, "--agency", "nope"], 3);
    assert!(
        e.contains("agency") && e.contains("nope") && e.contains("profeco"),
        "{e}"
    );
    let none = case(dir, "Sin autoridad", "");
    let e = fails(dir, &["readiness", &none], 3);
    assert!(e.contains("--agency"), "{e}");
    fails(dir, &["readiness", "ffffffff"], 4);
    fails(dir, &["next", "ffffffff"], 4);
}

#[test]
fn calendar_writes_every_running_deadline_as_icalendar() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let ics = dir.join("plazos.ics");
    let j = ok_json(
        dir,
        &[
            "calendar",
            "--ics",
            ics.to_str().unwrap(),
            "--now",
            "2026-12-02T10:00:00+01:00",
        ],
    );
    assert_eq!(
        (j["events"].as_u64(), j["cases"].as_u64()),
        (Some(2), Some(2))
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.trim_end().ends_with("END:VCALENDAR"),
        "{text}"
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20261215"), "{text}");
    // 1 Oct + 15 business days, skipping 12 Oct (Fiesta Nacional): Fri 23 Oct.
    assert!(text.contains("DTSTART;VALUE=DATE:20261023"), "{text}");
    // A folder that does not exist: a clear error, nothing written.
    let bad = dir.join("no/such/folder/plazos.ics");
    let e = fails(dir, &["calendar", "--ics", bad.to_str().unwrap()], 1);
    assert!(e.contains("plazos.ics"), "{e}");
    assert!(!bad.exists());
}
