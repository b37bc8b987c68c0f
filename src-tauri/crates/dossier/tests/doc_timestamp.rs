//! The dossier's RFC 3161 document timestamp: stamped against the local test TSA, read back
//! by this crate and by independent tools (pyHanko trusting the test CA, poppler's
//! `pdfsig`, `qpdf --check`, Apache Preflight on the PDF/A-1b twin); an edited byte, an
//! appended update or a damaged token each break it, and the original bytes stay intact.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use expediente_core::{stats, CaseBundle};
use expediente_dossier::archive::{render_archival_as, Conformance};
use expediente_dossier::stamp::{
    check_doc_timestamp, prepare, stamp_pdf, DocTimestampState, StampPdfError,
};
use expediente_dossier::{sample, CoverStamp, Embed, Paper};
use expediente_timestamp::test_tsa::{closed_port_url, Mode, TestCa, TestTsa};
use expediente_timestamp::Client;

fn dossier(level: Conformance) -> Vec<u8> {
    let b: CaseBundle = sample::spanish_case();
    let o = opts(Paper::A4);
    let s = stats::compute(&b.attempts, o.generated_at);
    let embed = Embed {
        export_json: serde_json::to_vec_pretty(&b).unwrap(),
        evidence_limit: None,
        cover_stamp: Default::default(),
    };
    render_archival_as(&b, &s, &o, &sample::SampleFiles, &embed, level).expect("render")
}

/// The cover says what is true of the stamp, in the case's language, and nothing when no
/// stamp was asked for.
#[test]
fn the_cover_states_the_stamp_in_the_case_language() {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (b, stamped, unstamped, label) in [
        (
            sample::spanish_case(),
            "sello de tiempo RFC 3161",
            "sin sello de tiempo de un tercero",
            "Sello de tiempo",
        ),
        (
            sample::english_case(),
            "RFC 3161 document timestamp",
            "no third-party timestamp",
            "Timestamp",
        ),
    ] {
        let o = opts(Paper::A4);
        let s = stats::compute(&b.attempts, o.generated_at);
        let cover = |cover_stamp| {
            let embed = Embed {
                export_json: serde_json::to_vec_pretty(&b).unwrap(),
                evidence_limit: None,
                cover_stamp,
            };
            let pdf = expediente_dossier::archive::render_archival(
                &b,
                &s,
                &o,
                &sample::SampleFiles,
                &embed,
            )
            .unwrap();
            let dir = tempfile::tempdir().unwrap();
            let path = write(dir.path(), "d.pdf", &pdf);
            let all = text(&path);
            squeeze(all.split('\u{c}').next().unwrap())
        };
        let yes = cover(CoverStamp::Stamped);
        assert!(yes.contains(label) && yes.contains(stamped), "{yes}");
        let no = cover(CoverStamp::Unstamped);
        assert!(no.contains(unstamped) && !no.contains(stamped), "{no}");
        let quiet = cover(CoverStamp::NotRequested);
        assert!(
            !quiet.contains(unstamped) && !quiet.contains(stamped),
            "{quiet}"
        );
    }
}

fn tsa() -> (TestCa, TestTsa) {
    let ca = TestCa::new("Expediente Test CA");
    let tsa = ca.tsa("Expediente Test TSA");
    (ca, tsa)
}

/// Stamps without HTTP: the test TSA signs the placeholder's imprint directly.
fn stamped_with(tsa: &TestTsa, pdf: &[u8]) -> Vec<u8> {
    let p = prepare(pdf).expect("placeholder");
    let token = tsa.token(&p.imprint(), None);
    p.finish(&token).expect("finish")
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn tool_missing(what: &str) -> bool {
    assert!(
        !ci(),
        "{what} is missing and CI is set: run .ci/setup --test"
    );
    eprintln!("SKIPPED: {what} is not installed (run .ci/setup --test)");
    true
}

#[test]
fn a_stamped_dossier_keeps_its_bytes_and_its_timestamp_checks() {
    let (ca, tsa) = tsa();
    let server = tsa.serve(Mode::Good);
    let pdf = dossier(Conformance::PdfA3b);
    assert_eq!(
        check_doc_timestamp(&pdf, &[]).unwrap().state,
        DocTimestampState::None
    );
    let mut client = Client::new(vec![server.url.clone()]);
    client.anchors = vec![ca.cert.clone()];
    let (out, stamp) = stamp_pdf(&pdf, &client).expect("stamped");
    assert!(
        out.starts_with(&pdf),
        "the original bytes are kept as they were"
    );
    assert!(out.len() > pdf.len());

    let got = check_doc_timestamp(&out, std::slice::from_ref(&ca.cert)).unwrap();
    assert_eq!(got.state, DocTimestampState::Valid, "{got:?}");
    assert_eq!(got.serial.as_deref(), Some(stamp.serial.as_str()));
    assert_eq!(got.gen_time, Some(stamp.gen_time));
    assert!(got.tsa_name.unwrap().contains("Expediente Test TSA"));

    // A second stamp over a stamped file is refused, not stacked silently.
    assert!(prepare(&out).is_err());
}

#[test]
fn one_edited_byte_anywhere_in_the_signed_range_breaks_it() {
    let (_ca, tsa) = tsa();
    let pdf = dossier(Conformance::PdfA3b);
    let out = stamped_with(&tsa, &pdf);
    // In the original part (inside a page stream's bytes) and in the update itself.
    for at in [pdf.len() / 2, pdf.len() + 40] {
        let mut edited = out.clone();
        edited[at] ^= 0x01;
        let got = check_doc_timestamp(&edited, &[]).expect("still a PDF");
        assert_eq!(
            got.state,
            DocTimestampState::Broken,
            "edit at {at}: {got:?}"
        );
        assert_eq!(got.code.as_deref(), Some("timestamp_document_changed"));
        assert!(got.problem_es.unwrap().contains("modificado"));
    }
}

#[test]
fn an_update_appended_after_the_stamp_is_reported() {
    let (_ca, tsa) = tsa();
    let out = stamped_with(&tsa, &dossier(Conformance::PdfA3b));
    let mut more = out.clone();
    more.extend_from_slice(b"\n% a later change\n");
    let got = check_doc_timestamp(&more, &[]).unwrap();
    assert_eq!(got.state, DocTimestampState::ModifiedAfter, "{got:?}");
    assert_eq!(got.appended_bytes, 18);
}

#[test]
fn a_damaged_or_foreign_token_breaks_it() {
    let (ca, tsa) = tsa();
    let out = stamped_with(&tsa, &dossier(Conformance::PdfA3b));
    // One hex digit of the token (in its signature, near the end of the token).
    let at = find_last(&out, b"/Contents<").unwrap() + "/Contents<".len();
    let token_hex_len = {
        let p = &out[at..];
        p.iter().position(|&c| c == b'>').unwrap()
    };
    let mut damaged = out.clone();
    let last_nonzero = at
        + damaged[at..at + token_hex_len]
            .iter()
            .rposition(|&c| c != b'0')
            .unwrap();
    damaged[last_nonzero - 4] = if damaged[last_nonzero - 4] == b'A' {
        b'B'
    } else {
        b'A'
    };
    let got = check_doc_timestamp(&damaged, &[]).unwrap();
    assert_eq!(got.state, DocTimestampState::Broken, "{got:?}");

    // Trusting another CA: the stamp does not chain.
    let stranger = TestCa::new("Another CA");
    let got = check_doc_timestamp(&out, std::slice::from_ref(&stranger.cert)).unwrap();
    assert_eq!(got.code.as_deref(), Some("stamp_untrusted"), "{got:?}");
    let got = check_doc_timestamp(&out, std::slice::from_ref(&ca.cert)).unwrap();
    assert_eq!(got.state, DocTimestampState::Valid);
}

#[test]
fn a_tsa_that_fails_leaves_the_dossier_unstamped() {
    let pdf = dossier(Conformance::PdfA3b);
    let (_ca, tsa) = tsa();
    let wrong = tsa.serve(Mode::WrongImprint);
    let client = Client::new(vec![closed_port_url(), wrong.url.clone()]);
    match stamp_pdf(&pdf, &client) {
        Err(StampPdfError::Tsa(f)) => {
            assert_eq!(f.attempts.len(), 2);
            assert_eq!(f.attempts[1].1.code(), "stamp_wrong_imprint");
        }
        other => panic!("expected a TSA failure, got {other:?}"),
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn qpdf_and_pdfsig_read_the_stamped_dossier() {
    let (_ca, tsa) = tsa();
    let out = stamped_with(&tsa, &dossier(Conformance::PdfA3b));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stamped.pdf", &out);
    let said = run("qpdf", &["--check"], &path);
    assert!(
        said.contains("No syntax or stream encoding errors"),
        "{said}"
    );

    if Command::new("pdfsig").arg("-v").output().is_err() && tool_missing("pdfsig") {
        return;
    }
    let o = Command::new("pdfsig").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    // poppler reads the field, its signer and that it covers the whole file; it does not
    // validate ETSI.RFC3161 tokens itself (pyHanko does, below).
    assert!(
        said.contains("Signature Field Name: DocTimeStamp"),
        "{said}"
    );
    assert!(said.contains("Common Name: Expediente Test TSA"), "{said}");
    assert!(said.contains("Total document signed"), "{said}");

    // With a byte appended, poppler no longer says the whole document is signed.
    let mut more = out.clone();
    more.extend_from_slice(b"\n%%EOF\n");
    let path = write(dir.path(), "appended.pdf", &more);
    let o = Command::new("pdfsig").arg(&path).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(!said.contains("Total document signed"), "{said}");
}

#[test]
fn pyhanko_validates_the_timestamp_and_sees_an_edit() {
    let have = Command::new("python3")
        .args([
            "-c",
            "import pyhanko.sign.validation, pyhanko_certvalidator",
        ])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have && tool_missing("pyHanko (pip install pyhanko pyhanko-certvalidator)") {
        return;
    }
    let (ca, tsa) = tsa();
    let out = stamped_with(&tsa, &dossier(Conformance::PdfA3b));
    let dir = tempfile::tempdir().unwrap();
    let ca_pem = write(dir.path(), "ca.pem", ca.pem().as_bytes());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pyhanko_check.py");
    let check = |pdf: &[u8]| {
        let path = write(dir.path(), "stamped.pdf", pdf);
        let o = Command::new("python3")
            .arg(script)
            .arg(&path)
            .arg(&ca_pem)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr),
        )
    };
    let (ok, said) = check(&out);
    assert!(ok, "{said}");
    assert!(
        said.contains("valid=True intact=True trusted=True"),
        "{said}"
    );
    assert!(said.contains("coverage=ENTIRE_FILE"), "{said}");

    let mut edited = out.clone();
    edited[out.len() / 3] ^= 0x01;
    let (ok, said) = check(&edited);
    assert!(!ok, "pyHanko accepted an edited file: {said}");
    assert!(said.contains("intact=False"), "{said}");
}

#[test]
fn preflight_still_validates_the_stamped_pdfa1b_twin() {
    const CP: &str = "/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar";
    if !Path::new("/usr/share/java/preflight.jar").exists() && tool_missing("Apache Preflight") {
        return;
    }
    let (_ca, tsa) = tsa();
    let out = stamped_with(&tsa, &dossier(Conformance::PdfA1b));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "stamped.pdf", &out);
    let o = Command::new("java")
        .args(["-cp", CP, "org.apache.pdfbox.preflight.Validator_A1b"])
        .arg(&path)
        .output()
        .expect("java");
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("is a valid PDF/A-1b file"),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
