//! Trusted time from the command line, against a local test TSA: `export --pdf --tsa`
//! stamps the dossier (its cover says so) and `verify --dossier` reports the TSA, serial and
//! time; a TSA that is down, slow or lying leaves the export done, unstamped, with a
//! warning and a cover that says so; `stamp FILE.pdf` stamps later; an edited byte, a
//! stripped stamp or an untrusted TSA fail `verify`.

use std::path::Path;
use std::process::Command;

use expediente_timestamp::test_tsa::{closed_port_url, Mode, TestCa};
use serde_json::Value;

mod common;
use common::*;

fn cover_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn verify_json(pdf: &str) -> Value {
    let nowhere = tempfile::tempdir().unwrap();
    let o = run(
        &nowhere.path().join("none"),
        &["verify", "--dossier", pdf, "--json"],
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

#[test]
fn a_stamped_export_verifies_and_says_who_stamped_it_when() {
    let ca = TestCa::new("Expediente Test CA");
    let tsa = ca.tsa("Expediente Test TSA");
    let server = tsa.serve(Mode::Good);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let pdf = tmp.path().join("sellado.pdf");
    let pdf_s = pdf.to_str().unwrap();
    let down = closed_port_url();
    // The first TSA is down: the second answers.
    let out = ok(
        &d,
        &[
            "export",
            &case,
            "--pdf",
            pdf_s,
            "--tsa",
            &down,
            "--tsa",
            &server.url,
        ],
    );
    assert!(
        out.contains("timestamped by CN=Expediente Test TSA"),
        "{out}"
    );
    let cover = cover_text(&pdf);
    assert!(cover.contains("sello de tiempo RFC 3161"), "{cover}");

    let out = ok(&tmp.path().join("none"), &["verify", "--dossier", pdf_s]);
    let ts_line = out
        .lines()
        .find(|l| l.contains("timestamp:"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        ts_line.starts_with("ok      timestamp: RFC 3161 document timestamp valid"),
        "{out}"
    );
    assert!(ts_line.contains("TSA CN=Expediente Test TSA"), "{ts_line}");
    assert!(ts_line.contains("serial "), "{ts_line}");
    assert!(
        ts_line.ends_with("not checked against a trusted CA (--tsa-ca FILE.pem)"),
        "{ts_line}"
    );
    let v = verify_json(pdf_s);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["timestamp"]["state"], "valid");
    assert!(v["timestamp"]["gen_time"].is_string());

    // Trusting the test CA holds; trusting another CA does not.
    let ca_pem = tmp.path().join("ca.pem");
    std::fs::write(&ca_pem, ca.pem()).unwrap();
    let other_pem = tmp.path().join("other.pem");
    std::fs::write(&other_pem, TestCa::new("Other CA").pem()).unwrap();
    let none = tmp.path().join("none");
    let out = ok(
        &none,
        &[
            "verify",
            "--dossier",
            pdf_s,
            "--tsa-ca",
            ca_pem.to_str().unwrap(),
        ],
    );
    assert!(out.contains("the TSA chains to a trusted CA"), "{out}");
    let err = fails(
        &none,
        &[
            "verify",
            "--dossier",
            pdf_s,
            "--tsa-ca",
            other_pem.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("stamp_untrusted"), "{err}");

    // One byte of the stamped update edited (the field's name): the stamp breaks.
    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = bytes
        .windows(14)
        .rposition(|w| w == b"(DocTimeStamp)")
        .expect("the field name");
    bytes[at + 1] = b'X';
    let edited = tmp.path().join("editado.pdf");
    std::fs::write(&edited, &bytes).unwrap();
    let err = fails(&none, &["verify", "--dossier", edited.to_str().unwrap()], 1);
    assert!(err.contains("timestamp_document_changed"), "{err}");

    // The stamp cut off (the file truncated back to before it): the cover's claim fails.
    let original = std::fs::read(&pdf).unwrap();
    let cut = original
        .windows(6)
        .position(|w| w == b"%%EOF\n")
        .expect("the first revision's end")
        + 6;
    assert!(cut < original.len());
    let stripped = tmp.path().join("sin_sello.pdf");
    std::fs::write(&stripped, &original[..cut]).unwrap();
    let err = fails(
        &none,
        &["verify", "--dossier", stripped.to_str().unwrap()],
        1,
    );
    assert!(err.contains("timestamp_missing"), "{err}");
}

#[test]
fn a_failing_tsa_leaves_the_export_done_unstamped_and_says_so() {
    let ca = TestCa::new("CA");
    let tsa = ca.tsa("TSA");
    let slow = tsa.serve(Mode::Slow(std::time::Duration::from_secs(3)));
    let wrong = tsa.serve(Mode::WrongNonce);
    let down = closed_port_url();
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    for (name, url, reason) in [
        ("down", down.as_str(), "not reachable"),
        ("slow", slow.url.as_str(), "no answer within"),
        ("wrong", wrong.url.as_str(), "nonce"),
    ] {
        let pdf = tmp.path().join(format!("{name}.pdf"));
        let pdf_s = pdf.to_str().unwrap();
        let o = run(
            &d,
            &[
                "export",
                &case,
                "--pdf",
                pdf_s,
                "--tsa",
                url,
                "--tsa-timeout",
                "0.5",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("WITHOUT a third-party timestamp"),
            "{name}: {err}"
        );
        assert!(err.contains(url) && err.contains(reason), "{name}: {err}");
        assert!(err.contains("SIN sello de tiempo"), "{name}: {err}");
        assert!(stdout(&o).contains("exported case"), "{name}");
        let cover = cover_text(&pdf);
        assert!(
            cover.contains("sin sello de tiempo de un tercero"),
            "{name}: {cover}"
        );
        let v = verify_json(pdf_s);
        assert_eq!(v["ok"], true, "{name}: {v}");
        assert_eq!(v["timestamp"]["state"], "none");
    }
    // Not an http:// URL: refused before anything is written.
    let pdf = tmp.path().join("never.pdf");
    let err = fails(
        &d,
        &[
            "export",
            &case,
            "--pdf",
            pdf.to_str().unwrap(),
            "--tsa",
            "ftp://x",
        ],
        3,
    );
    assert!(err.contains("ftp://x"), "{err}");
    assert!(!pdf.exists());
    // A trust file that holds no certificate: named, and nothing written.
    let junk = tmp.path().join("junk.pem");
    std::fs::write(&junk, "-----BEGIN CERTIFICATE-----\nnot base64\n").unwrap();
    let err = fails(
        &d,
        &[
            "export",
            &case,
            "--pdf",
            pdf.to_str().unwrap(),
            "--tsa",
            &down,
            "--tsa-ca",
            junk.to_str().unwrap(),
        ],
        3,
    );
    assert!(
        err.contains("junk.pem") && err.contains("not a certificate"),
        "{err}"
    );
    assert!(!pdf.exists());
}

#[test]
fn stamp_adds_a_timestamp_to_an_existing_dossier_later() {
    let ca = TestCa::new("CA");
    let tsa = ca.tsa("Later TSA");
    let good = tsa.serve(Mode::Good);
    let wrong = tsa.serve(Mode::WrongImprint);
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("data");
    let case = ok(&d, &["demo"]);
    let pdf = tmp.path().join("expediente.pdf");
    let pdf_s = pdf.to_str().unwrap();
    ok(&d, &["export", &case, "--pdf", pdf_s]);
    let before = std::fs::read(&pdf).unwrap();

    // A lying TSA: exit 1, the file untouched.
    let err = fails(&d, &["stamp", pdf_s, "--tsa", &wrong.url], 1);
    assert!(
        err.contains("not stamped") && err.contains("another hash"),
        "{err}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), before);

    let v = ok_json(&d, &["stamp", pdf_s, "--tsa", &good.url]);
    assert!(v["tsa_name"].as_str().unwrap().contains("Later TSA"), "{v}");
    let after = std::fs::read(&pdf).unwrap();
    assert!(
        after.starts_with(&before),
        "not re-rendered: the old bytes are kept"
    );
    let got = verify_json(pdf_s);
    assert_eq!(got["ok"], true, "{got}");
    assert_eq!(got["timestamp"]["serial"], v["serial"]);

    // Stamping twice is refused; a file that is not a PDF is named.
    let err = fails(&d, &["stamp", pdf_s, "--tsa", &good.url], 3);
    assert!(err.contains("already carries"), "{err}");
    let junk = tmp.path().join("junk.pdf");
    std::fs::write(&junk, b"not a pdf").unwrap();
    let err = fails(
        &d,
        &["stamp", junk.to_str().unwrap(), "--tsa", &good.url],
        3,
    );
    assert!(err.contains("junk.pdf"), "{err}");
}
