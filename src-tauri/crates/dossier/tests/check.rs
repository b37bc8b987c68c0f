//! `check_dossier` against an attacker: a real archival dossier of the demo case (rendered
//! from a temporary store with its export embedded), then changed the ways someone would
//! change it — an amount on a page, a deleted page, another case's fingerprint, swapped
//! evidence bytes, an edited embedded export, another renderer — and garbage input. Each
//! check must fail with the problem's code and name the page or file.

use std::path::Path;
use std::process::Command;

use expediente_core::store::Store;
use expediente_core::Id;
use expediente_dossier::archive::{render_archival, Embed};
use expediente_dossier::check::{check_dossier, DossierCheck};
use expediente_dossier::{DossierError, Paper, RenderOptions};
use lopdf::{Document, Object};

const CONFIRMATION: &str = "confirmacion_pedido_CM-2026-884213.txt";

/// The archival dossier of case `id` in `store`, embedding its export.
fn dossier_of(store: &Store, id: Id) -> Vec<u8> {
    let export = serde_json::to_vec_pretty(&store.export_case(id).unwrap()).unwrap();
    let bundle = store.bundle(id).unwrap();
    let generated_at = chrono::DateTime::parse_from_rfc3339("2026-11-22T12:34:56-06:00").unwrap();
    let stats = expediente_core::stats::for_case(&bundle.case.data, &bundle.attempts, generated_at);
    let opts = RenderOptions {
        paper: Paper::Letter,
        generated_at,
    };
    let files = |sha: &str| store.read_evidence(sha).ok();
    let embed = Embed {
        export_json: export,
        evidence_limit: None,
        cover_stamp: Default::default(),
    };
    render_archival(&bundle, &stats, &opts, &files, &embed).expect("render the dossier")
}

struct Fixture {
    dir: tempfile::TempDir,
    pdf: Vec<u8>,
    /// The fingerprint of a second demo case in the same store.
    other_fingerprint: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let id = store.load_demo().unwrap();
    let other = store.load_demo().unwrap();
    let pdf = dossier_of(&store, id);
    let other_fingerprint = store.bundle(other).unwrap().fingerprint;
    Fixture {
        dir,
        pdf,
        other_fingerprint,
    }
}

fn codes(c: &DossierCheck) -> Vec<&str> {
    c.problems.iter().map(|p| p.code.as_str()).collect()
}

/// Whether qpdf can run; a missing qpdf fails the test in CI and skips it elsewhere.
fn have_qpdf() -> bool {
    match Command::new("qpdf").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("qpdf is required in CI (.ci/setup installs it)")
        }
        _ => {
            eprintln!("skipped: qpdf is not installed");
            false
        }
    }
}

fn qpdf(args: &[&str]) {
    let o = Command::new("qpdf").args(args).output().expect("run qpdf");
    // Exit 3 is "succeeded with warnings".
    assert!(
        matches!(o.status.code(), Some(0) | Some(3)),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Decompresses `pdf` to QDF (every stream plain, no object streams), lets `edit` change
/// the bytes, and compresses it back.
fn through_qdf(dir: &Path, pdf: &[u8], edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let (src, qdf, out) = (
        dir.join("in.pdf"),
        dir.join("edit.qdf"),
        dir.join("out.pdf"),
    );
    std::fs::write(&src, pdf).unwrap();
    qpdf(&[
        "--qdf",
        "--object-streams=disable",
        path_str(&src),
        path_str(&qdf),
    ]);
    let mut bytes = std::fs::read(&qdf).unwrap();
    edit(&mut bytes);
    std::fs::write(&qdf, &bytes).unwrap();
    qpdf(&[path_str(&qdf), path_str(&out)]);
    std::fs::read(&out).unwrap()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Font F1's character → code map, read from its ToUnicode CMap (as a reader would).
fn codes_of_f1(doc: &Document) -> std::collections::HashMap<char, String> {
    let page = doc.get_pages()[&1];
    let res = doc
        .get_dictionary(page)
        .unwrap()
        .get_deref(b"Resources", doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let fonts = res.get_deref(b"Font", doc).unwrap().as_dict().unwrap();
    let f1 = fonts.get_deref(b"F1", doc).unwrap().as_dict().unwrap();
    let cmap = f1
        .get_deref(b"ToUnicode", doc)
        .unwrap()
        .as_stream()
        .unwrap();
    let text = String::from_utf8(cmap.get_plain_content().unwrap()).unwrap();
    let mut map = std::collections::HashMap::new();
    // Lines like "<0012> <0038>" inside bfchar blocks.
    for line in text.lines() {
        let parts: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if let [code, uni] = parts[..] {
            if let Some(c) = u32::from_str_radix(uni, 16).ok().and_then(char::from_u32) {
                map.entry(c).or_insert_with(|| code.to_ascii_uppercase());
            }
        }
    }
    map
}

fn hex_text(map: &std::collections::HashMap<char, String>, s: &str) -> String {
    s.chars()
        .map(|c| {
            map.get(&c)
                .unwrap_or_else(|| panic!("no code for {c:?}"))
                .clone()
        })
        .collect()
}

#[test]
fn the_untouched_dossier_passes_even_rewritten_by_qpdf() {
    let f = fixture();
    let c = check_dossier(&f.pdf).expect("check");
    assert!(c.ok, "{:#?}", c.problems);
    assert!(c.problems.is_empty());
    assert!(c.this_renderer);
    assert!(c.pages.compared);
    assert_eq!(c.pages.first_differing_page, None);
    assert_eq!(c.pages.pages_expected, Some(c.pages.pages_in_file));
    assert!(c.pages.pages_in_file >= 5, "{}", c.pages.pages_in_file);
    assert_eq!(c.attachments.verified, 2, "{:?}", c.attachments);
    assert_eq!(c.integrity.as_ref().map(|r| r.ok), Some(true));
    assert_eq!(c.generated_at.as_deref(), Some("2026-11-22T12:34:56-06:00"));
    assert_eq!(c.metadata.identifier, c.fingerprint);
    // Rewritten object by object (new numbers, recompressed): still the same dossier.
    if have_qpdf() {
        let same = through_qdf(f.dir.path(), &f.pdf, |_| {});
        assert_ne!(same, f.pdf);
        let c = check_dossier(&same).expect("check");
        assert!(c.ok, "{:#?}", c.problems);
    }
}

#[test]
fn a_changed_amount_on_a_page_is_found_and_the_page_named() {
    if !have_qpdf() {
        return;
    }
    let f = fixture();
    let doc = Document::load_mem(&f.pdf).unwrap();
    let map = codes_of_f1(&doc);
    let (was, now) = (hex_text(&map, "$8,499.00"), hex_text(&map, "$9,499.00"));
    // The first page whose text shows the amount.
    let page = doc
        .get_pages()
        .iter()
        .find(|(_, id)| find(&doc.get_page_content(**id), was.as_bytes(), 0).is_some())
        .map(|(n, _)| *n)
        .expect("the amount is printed");
    let tampered = through_qdf(f.dir.path(), &f.pdf, |qdf| {
        let marker = format!("%% Contents for page {page}\n");
        let start = find(qdf, marker.as_bytes(), 0).expect("qdf page marker");
        // qpdf writes hex strings in lower case.
        let (was, now) = (was.to_ascii_lowercase(), now.to_ascii_lowercase());
        let at = find(qdf, was.as_bytes(), start).expect("the amount in the page");
        qdf[at..at + now.len()].copy_from_slice(now.as_bytes());
    });
    let c = check_dossier(&tampered).expect("check");
    assert!(!c.ok);
    assert_eq!(codes(&c), vec!["page_differs"], "{:#?}", c.problems);
    assert_eq!(c.pages.first_differing_page, Some(page));
    assert_eq!(c.problems[0].page, Some(page));
    assert!(
        c.problems[0]
            .detail
            .starts_with(&format!("page {page} is not what")),
        "{}",
        c.problems[0].detail
    );
}

#[test]
fn a_deleted_page_is_missing() {
    if !have_qpdf() {
        return;
    }
    let f = fixture();
    let (src, out) = (f.dir.path().join("in.pdf"), f.dir.path().join("cut.pdf"));
    std::fs::write(&src, &f.pdf).unwrap();
    qpdf(&[
        path_str(&src),
        "--pages",
        ".",
        "1-2,4-z",
        "--",
        path_str(&out),
    ]);
    let c = check_dossier(&std::fs::read(&out).unwrap()).expect("check");
    assert!(!c.ok);
    assert_eq!(codes(&c), vec!["page_missing"], "{:#?}", c.problems);
    let p = &c.problems[0];
    assert_eq!(p.page, Some(3));
    let total = c.pages.pages_expected.unwrap();
    assert_eq!(c.pages.pages_in_file + 1, total);
    assert_eq!(
        p.detail,
        format!(
            "page 3 of {total} is missing: the file has {} pages",
            total - 1
        )
    );
}

#[test]
fn another_cases_fingerprint_in_the_metadata_is_a_mismatch() {
    if !have_qpdf() {
        return;
    }
    let f = fixture();
    let c = check_dossier(&f.pdf).unwrap();
    let mine = c.fingerprint.clone().unwrap();
    assert_ne!(mine, f.other_fingerprint);
    let tampered = through_qdf(f.dir.path(), &f.pdf, |qdf| {
        let mut at = 0;
        let mut swapped = 0;
        while let Some(p) = find(qdf, mine.as_bytes(), at) {
            qdf[p..p + 64].copy_from_slice(f.other_fingerprint.as_bytes());
            at = p + 64;
            swapped += 1;
        }
        assert!(swapped >= 2, "identifier and keyword at least");
    });
    let c = check_dossier(&tampered).expect("check");
    assert!(!c.ok);
    assert!(
        codes(&c).iter().all(|&k| k == "metadata_mismatch"),
        "{:#?}",
        c.problems
    );
    assert!(
        c.metadata.mismatches.iter().any(|m| m == "/Identifier"),
        "{:?}",
        c.metadata
    );
    assert_eq!(
        c.metadata.identifier.as_deref(),
        Some(f.other_fingerprint.as_str())
    );
    assert!(
        c.problems[0].detail.contains(&f.other_fingerprint) && c.problems[0].detail.contains(&mine),
        "{}",
        c.problems[0].detail
    );
}

/// The embedded file stream of the attachment called `name`.
fn embedded_stream(doc: &Document, name: &str) -> lopdf::ObjectId {
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        let named = [b"UF".as_slice(), b"F"].iter().any(|k| {
            d.get(k)
                .ok()
                .and_then(|v| v.as_str().ok())
                .is_some_and(|s| s == name.as_bytes())
        });
        if named {
            if let Ok(ef) = d.get_deref(b"EF", doc).and_then(Object::as_dict) {
                return ef.get(b"F").unwrap().as_reference().unwrap();
            }
        }
    }
    panic!("no embedded file {name}");
}

fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn swapped_evidence_bytes_are_named() {
    let f = fixture();
    let mut doc = Document::load_mem(&f.pdf).unwrap();
    let id = embedded_stream(&doc, CONFIRMATION);
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    let text = String::from_utf8(stream.get_plain_content().unwrap()).unwrap();
    assert!(text.contains("$8,499.00"));
    stream.set_plain_content(text.replace("$8,499.00", "$4,499.00").into_bytes());
    let c = check_dossier(&save(&mut doc)).expect("check");
    assert!(!c.ok);
    let p = c
        .problems
        .iter()
        .find(|p| p.code == "attachment_changed")
        .unwrap_or_else(|| panic!("{:#?}", c.problems));
    assert_eq!(p.file_name.as_deref(), Some(CONFIRMATION));
    assert!(p.detail.contains(CONFIRMATION), "{}", p.detail);
    assert_eq!(c.attachments.changed, vec![CONFIRMATION.to_string()]);
    assert_eq!(c.attachments.verified, 1);
}

#[test]
fn an_edited_embedded_export_is_broken() {
    let f = fixture();
    let mut doc = Document::load_mem(&f.pdf).unwrap();
    let id = embedded_stream(&doc, "expediente-case.json");
    let stream = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    let mut x: serde_json::Value =
        serde_json::from_slice(&stream.get_plain_content().unwrap()).unwrap();
    let link = x["links"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| {
            l["body"]
                .as_str()
                .is_some_and(|b| b.contains("la llamada se cortó"))
        })
        .expect("the dropped call");
    let body = link["body"]
        .as_str()
        .unwrap()
        .replace("la llamada se cortó", "me colgaron");
    link["body"] = serde_json::Value::String(body);
    stream.set_plain_content(serde_json::to_vec_pretty(&x).unwrap());
    let c = check_dossier(&save(&mut doc)).expect("check");
    assert!(!c.ok);
    assert_eq!(c.problems[0].code, "export_broken", "{:#?}", c.problems);
    assert!(
        c.problems[0].detail.contains("does not verify"),
        "{}",
        c.problems[0].detail
    );
    assert_eq!(c.integrity.as_ref().map(|r| r.ok), Some(false));
    // Its own declared hash no longer matches either.
    assert!(c.problems.iter().any(|p| p.code == "attachment_changed"
        && p.file_name.as_deref() == Some("expediente-case.json")));
    // Pages are not vouched for by data that does not verify.
    assert!(!c.pages.compared);
}

#[test]
fn another_renderer_is_said_and_pages_are_skipped() {
    let f = fixture();
    let mut doc = Document::load_mem(&f.pdf).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let d = doc.get_dictionary_mut(info).unwrap();
    let raw = d
        .get(b"ExpedienteRender")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    let mut m: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    m["renderer"] = "expediente-dossier 0.0.1".into();
    d.set(
        "ExpedienteRender",
        Object::string_literal(serde_json::to_string(&m).unwrap()),
    );
    let c = check_dossier(&save(&mut doc)).expect("check");
    assert!(!c.ok);
    assert!(!c.this_renderer);
    assert_eq!(codes(&c), vec!["other_renderer"], "{:#?}", c.problems);
    assert!(c.problems[0].detail.contains("expediente-dossier 0.0.1"));
    assert!(!c.pages.compared);
    assert_eq!(c.attachments.verified, 2);
    assert_eq!(c.integrity.as_ref().map(|r| r.ok), Some(true));
}

#[test]
fn hostile_input_is_a_clear_error_not_a_panic() {
    for junk in [
        &b""[..],
        b"hola",
        b"%PDF-1.7\n%garbage\ntrailer<</Root 1 0 R>>\n%%EOF",
    ] {
        match check_dossier(junk) {
            Err(DossierError::NotADossier { why }) => {
                assert!(why.contains("not a readable PDF"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }
    let f = fixture();
    // Truncated anywhere: an error or problems, never a panic or an "ok".
    for cut in [f.pdf.len() / 3, f.pdf.len() / 2, f.pdf.len() - 200] {
        if let Ok(c) = check_dossier(&f.pdf[..cut]) {
            assert!(!c.ok, "a dossier cut at {cut} passed");
        }
    }
    // A plain (non-archival) dossier carries no data to check against.
    let plain = {
        let b = expediente_dossier::sample::spanish_case();
        let o = RenderOptions {
            paper: Paper::A4,
            generated_at: expediente_dossier::sample::generated_at(),
        };
        let s = expediente_core::stats::compute(&b.attempts, o.generated_at);
        expediente_dossier::render(&b, &s, &o, &expediente_dossier::NoFiles).unwrap()
    };
    let c = check_dossier(&plain).expect("a readable PDF");
    assert!(!c.ok);
    assert_eq!(c.problems[0].code, "no_embedded_data", "{:#?}", c.problems);
    // An embedded export that is not JSON.
    let mut doc = Document::load_mem(&f.pdf).unwrap();
    let id = embedded_stream(&doc, "expediente-case.json");
    let s = doc.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    s.set_plain_content(b"{\"format\": \"expediente-case\", \"links\": [".to_vec());
    let c = check_dossier(&save(&mut doc)).expect("check");
    assert_eq!(c.problems[0].code, "export_broken", "{:#?}", c.problems);
    assert_eq!(
        c.problems[0].file_name.as_deref(),
        Some("expediente-case.json")
    );
}

/// An image left out of the PDF (over the chosen size) is listed, not drawn, so the PDF
/// alone still re-renders to the same pages and the check passes; with it inside, the
/// appendix shows it.
#[test]
fn an_image_left_out_by_size_still_checks_from_the_pdf_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let id = store.load_demo().unwrap();
    store
        .add_evidence_reader(
            id,
            "recibo.png",
            &mut &expediente_dossier::sample::RECEIPT_PNG[..],
            None,
            "Recibo",
        )
        .unwrap();
    let render = |limit: Option<u64>| {
        let export = serde_json::to_vec_pretty(&store.export_case(id).unwrap()).unwrap();
        let bundle = store.bundle(id).unwrap();
        let generated_at =
            chrono::DateTime::parse_from_rfc3339("2026-11-22T12:34:56-06:00").unwrap();
        let stats =
            expediente_core::stats::for_case(&bundle.case.data, &bundle.attempts, generated_at);
        let opts = RenderOptions {
            paper: Paper::A4,
            generated_at,
        };
        let files = |sha: &str| store.read_evidence(sha).ok();
        let embed = Embed {
            export_json: export,
            evidence_limit: limit,
            cover_stamp: Default::default(),
        };
        render_archival(&bundle, &stats, &opts, &files, &embed).unwrap()
    };
    let small = render(Some(100));
    let c = check_dossier(&small).unwrap();
    assert!(c.ok, "{:?}", c.problems);
    assert!(!c.attachments.omitted.is_empty(), "{:?}", c.attachments);
    let full = render(None);
    let c = check_dossier(&full).unwrap();
    assert!(c.ok, "{:?}", c.problems);
    assert!(c.attachments.omitted.is_empty());
    // The full dossier draws the image: it has more image objects than the small one.
    let images = |pdf: &[u8]| {
        Document::load_mem(pdf)
            .unwrap()
            .objects
            .values()
            .filter(|o| {
                o.as_stream()
                    .ok()
                    .and_then(|s| s.dict.get(b"Subtype").ok())
                    .and_then(|n| n.as_name().ok())
                    == Some(b"Image".as_slice())
            })
            .count()
    };
    assert!(
        images(&full) > images(&small),
        "{} vs {}",
        images(&full),
        images(&small)
    );
}
