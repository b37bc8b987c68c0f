//! The archival dossier as the embed contract describes it, read with lopdf directly (not
//! only through this crate's readers): PDF/A-3b metadata, associated files with MIME type,
//! size, MD5 and SHA-256 that match their bytes, the render manifest, evidence left out
//! when over the limit or unavailable (and said so on the page), a content-derived `/ID`,
//! byte-identical output across processes, `qpdf --check` and Apache Preflight (PDF/A-1b).

mod common;

use std::process::Command;

use common::*;
use expediente_core::{stats, CaseBundle};
use expediente_dossier::archive::{render_archival, render_archival_as, Conformance};
use expediente_dossier::{
    attachments, render, render_manifest, sample, DossierError, Embed, EvidenceSource, NoFiles,
    Paper, RenderOptions,
};
use lopdf::{Dictionary, Document, Object};
use md5::Digest as _;
use sha2::Digest as _;

fn sha256(b: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(b))
}

fn export_json(b: &CaseBundle) -> Vec<u8> {
    // A stand-in for the store's export: the contract is that these exact bytes go in.
    serde_json::to_vec_pretty(b).expect("json")
}

fn archival(
    b: &CaseBundle,
    files: &dyn EvidenceSource,
    limit: Option<u64>,
    level: Conformance,
) -> Vec<u8> {
    let o = opts(Paper::A4);
    let s = stats::compute(&b.attempts, o.generated_at);
    let embed = Embed {
        export_json: export_json(b),
        evidence_limit: limit,
        cover_stamp: Default::default(),
    };
    render_archival_as(b, &s, &o, files, &embed, level).expect("archival render")
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dossier.pdf");
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).expect("reference resolves").1
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &str) -> &'a Dictionary {
    deref(
        doc,
        d.get(key.as_bytes())
            .unwrap_or_else(|_| panic!("no /{key}")),
    )
    .as_dict()
    .unwrap_or_else(|_| panic!("/{key} is not a dictionary"))
}

fn string(d: &Dictionary, key: &str) -> String {
    let bytes = d
        .get(key.as_bytes())
        .and_then(Object::as_str)
        .unwrap_or_else(|_| panic!("no string /{key}"));
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).expect("utf-16")
        }
        None => String::from_utf8(bytes.to_vec()).expect("utf-8"),
    }
}

fn name(d: &Dictionary, key: &str) -> String {
    String::from_utf8(
        d.get(key.as_bytes())
            .and_then(Object::as_name)
            .unwrap_or_else(|_| panic!("no name /{key}"))
            .to_vec(),
    )
    .expect("ascii name")
}

fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().expect("catalog");
    let stream = deref(doc, catalog.get(b"Metadata").expect("/Metadata"))
        .as_stream()
        .expect("metadata stream");
    assert!(
        stream.dict.get(b"Filter").is_err(),
        "the XMP stream must not be compressed"
    );
    String::from_utf8(stream.content.clone()).expect("utf-8 XMP")
}

/// Whether an external tool may be used; in CI (CI=true) a missing tool fails the test.
fn have(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(!ci, "{tool} is missing and CI is set: run .ci/setup --test");
        eprintln!("SKIPPED: {tool} is not installed (run .ci/setup --test)");
    }
    found
}

#[test]
fn every_associated_file_declares_what_its_bytes_are() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    assert!(pdf.starts_with(b"%PDF-1.7\n"), "header");
    let doc = Document::load_mem(&pdf).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    let af = deref(&doc, catalog.get(b"AF").expect("catalog /AF"))
        .as_array()
        .expect("/AF array");
    assert_eq!(af.len(), 4, "the export and three evidence files");

    let expected: [(&str, &str, &[u8]); 4] = [
        ("expediente-case.json", "application/json", &export_json(&b)),
        (
            "contrato-fibra-200.pdf",
            "application/pdf",
            sample::CONTRACT_PDF,
        ),
        ("recibo-agosto.png", "image/png", sample::RECEIPT_PNG),
        ("captura-chat-2-sep.jpg", "image/jpeg", sample::CHAT_JPG),
    ];
    for (spec, (file, mime, bytes)) in af.iter().zip(expected) {
        let spec = deref(&doc, spec).as_dict().expect("file specification");
        assert_eq!(name(spec, "Type"), "Filespec");
        assert_eq!(string(spec, "UF"), file);
        assert_eq!(string(spec, "F"), file);
        assert_eq!(name(spec, "AFRelationship"), "Source", "{file}");
        let sha = sha256(bytes);
        assert_eq!(string(spec, "ExpedienteSHA256"), sha, "{file}");
        assert_eq!(string(spec, "Desc"), format!("SHA-256 {sha}"), "{file}");
        let ef = dict(&doc, spec, "EF");
        let stream = deref(&doc, ef.get(b"F").expect("/EF /F"))
            .as_stream()
            .expect("embedded file stream");
        assert_eq!(name(&stream.dict, "Type"), "EmbeddedFile");
        assert_eq!(name(&stream.dict, "Subtype"), mime, "{file}");
        let params = dict(&doc, &stream.dict, "Params");
        assert_eq!(
            params.get(b"Size").and_then(Object::as_i64).expect("Size"),
            bytes.len() as i64,
            "{file}"
        );
        assert_eq!(
            params
                .get(b"CheckSum")
                .and_then(Object::as_str)
                .expect("CheckSum"),
            md5::Md5::digest(bytes).as_slice(),
            "{file}: MD5"
        );
        let mod_date = string(params, "ModDate");
        assert!(
            mod_date.starts_with("D:2026") && mod_date.ends_with("-06'00'"),
            "{file}: {mod_date}"
        );
        let content = stream.get_plain_content().expect("decodable");
        assert!(content == bytes, "{file}: the embedded bytes differ");
    }
    // The MIME type is written as a PDF name with the slash escaped.
    assert!(find(&pdf, b"/Subtype/application#2Fjson"));

    // The same files are in the /EmbeddedFiles name tree, keys sorted.
    let names = dict(&doc, catalog, "Names");
    let tree = dict(&doc, names, "EmbeddedFiles");
    let entries = tree
        .get(b"Names")
        .and_then(Object::as_array)
        .expect("name tree leaf");
    let keys: Vec<String> = entries
        .iter()
        .step_by(2)
        .map(|k| String::from_utf8(k.as_str().expect("key").to_vec()).expect("ascii"))
        .collect();
    assert_eq!(
        keys,
        [
            "captura-chat-2-sep.jpg",
            "contrato-fibra-200.pdf",
            "expediente-case.json",
            "recibo-agosto.png"
        ]
    );
    let mut in_tree: Vec<_> = entries.iter().skip(1).step_by(2).cloned().collect();
    let mut in_af = af.clone();
    let key = |o: &Object| o.as_reference().expect("reference");
    in_tree.sort_by_key(key);
    in_af.sort_by_key(key);
    assert_eq!(in_tree, in_af);
}

#[test]
fn attachments_round_trip_byte_for_byte() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    let got = attachments(&pdf).expect("attachments");
    let names: Vec<&str> = got.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "expediente-case.json",
            "contrato-fibra-200.pdf",
            "recibo-agosto.png",
            "captura-chat-2-sep.jpg"
        ]
    );
    assert!(got[0].bytes == export_json(&b), "the export JSON changed");
    assert_eq!(got[0].mime, "application/json");
    assert!(
        got[3].bytes == sample::CHAT_JPG,
        "the JPEG original changed"
    );
    assert_eq!(got[3].mime, "image/jpeg");
    for a in &got {
        assert_eq!(a.relationship, "Source");
        assert_eq!(
            a.sha256_declared.as_deref(),
            Some(sha256(&a.bytes).as_str())
        );
    }
}

#[test]
fn xmp_lang_dates_and_output_intent_make_it_pdfa() {
    for (b, lang) in [
        (sample::spanish_case(), "es"),
        (sample::english_case(), "en"),
    ] {
        let pdf = archival(&b, &NoFiles, None, Conformance::PdfA3b);
        let doc = Document::load_mem(&pdf).expect("load");
        let x = xmp(&doc);
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>"), "{x}");
        assert!(
            x.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{x}"
        );
        assert!(x.contains("<xmp:CreateDate>2026-11-22T12:34:56-06:00</xmp:CreateDate>"));
        assert!(x.contains("<xmp:ModifyDate>2026-11-22T12:34:56-06:00</xmp:ModifyDate>"));
        let catalog = doc.catalog().expect("catalog");
        assert_eq!(string(catalog, "Lang"), lang);

        let info = dict(&doc, &doc.trailer, "Info");
        assert_eq!(string(info, "CreationDate"), "D:20261122123456-06'00'");
        assert_eq!(string(info, "ModDate"), "D:20261122123456-06'00'");
        let title = string(info, "Title");
        assert!(
            x.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
            "dc:title must equal /Title {title:?}"
        );
        assert!(info.get(b"GTS_PDFXVersion").is_err());

        let intents = deref(&doc, catalog.get(b"OutputIntents").expect("/OutputIntents"))
            .as_array()
            .expect("array");
        assert_eq!(intents.len(), 1);
        let intent = deref(&doc, &intents[0]).as_dict().expect("intent");
        assert_eq!(name(intent, "S"), "GTS_PDFA1");
        let icc = deref(&doc, intent.get(b"DestOutputProfile").expect("profile"))
            .as_stream()
            .expect("ICC stream");
        assert_eq!(icc.dict.get(b"N").and_then(Object::as_i64).ok(), Some(3));
        let profile = icc.get_plain_content().expect("ICC bytes");
        assert_eq!(&profile[36..40], b"acsp", "not an ICC profile");
        assert_eq!(&profile[16..20], b"RGB ", "not an RGB profile");
    }
}

#[test]
fn fonts_are_tagged_subsets_with_a_cid_set() {
    let pdf = archival(&sample::spanish_case(), &NoFiles, None, Conformance::PdfA3b);
    let doc = Document::load_mem(&pdf).expect("load");
    let mut names = Vec::new();
    for object in doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let font_name = name(d, "FontName");
        let (tag, family) = font_name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.bytes().all(|c| c.is_ascii_uppercase()),
            "{font_name}"
        );
        assert!(
            family == "DejaVuSans" || family == "DejaVuSans-Bold" || family == "DejaVuSansMono",
            "{font_name}"
        );
        assert!(d.get(b"CIDSet").is_ok(), "{font_name}: no CIDSet");
        names.push(font_name);
    }
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    let mut tags: Vec<_> = names.iter().map(|n| n.split('+').next()).collect();
    tags.dedup();
    assert_eq!(tags.len(), 3, "each subset its own tag: {names:?}");
    // The tag comes from the subset: another text, other glyphs, another tag.
    let mut b = sample::spanish_case();
    b.case.data.title = "Ŧest ŊŒ ĦĿ".into();
    let other = archival(&b, &NoFiles, None, Conformance::PdfA3b);
    let other = Document::load_mem(&other).expect("load");
    let other_names: Vec<String> = other
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor"))
        .map(|d| name(d, "FontName"))
        .collect();
    // The mono face prints only hashes: the new title leaves its subset (and tag) alone.
    assert!(
        other_names
            .iter()
            .filter(|n| !n.ends_with("Mono"))
            .all(|n| !names.contains(n)),
        "{other_names:?}"
    );
}

#[test]
fn the_manifest_says_how_it_was_rendered() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, Some(5_000), Conformance::PdfA3b);
    // Literal: what the checker parses.
    assert!(find(&pdf, b"\"renderer\":\"expediente-dossier "));
    assert!(find(
        &pdf,
        b"\"paper\":\"a4\",\"generated_at\":\"2026-11-22T12:34:56-06:00\""
    ));
    let m = render_manifest(&pdf).expect("manifest");
    assert_eq!(m.paper, Paper::A4);
    assert_eq!(m.generated_at, sample::generated_at());
    assert_eq!(m.case_id, b.case.meta.id);
    assert_eq!(m.fingerprint, b.fingerprint);
    assert_ne!(m.fingerprint, b.chain_head);
    assert_eq!(m.chain_head, b.chain_head);
    assert_eq!(m.claimant_link, b.claimant_link);
    assert_eq!(m.company_link, b.company_link);
    assert_eq!(
        expediente_dossier::read_fingerprint(&pdf).expect("fingerprint"),
        b.fingerprint
    );
    assert_eq!(m.chain_len, b.chain_len);
    assert_eq!(m.evidence_limit, Some(5_000));
    assert_eq!(m.omitted_evidence, [sha256(sample::CHAT_JPG)]);
    assert!(matches!(
        render_manifest(&render_bytes(&b, Paper::A4, &NoFiles)),
        Err(DossierError::NotADossier { .. })
    ));
}

#[test]
fn evidence_left_out_is_listed_on_the_page_with_its_hash() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, Some(5_000), Conformance::PdfA3b);
    let names: Vec<String> = attachments(&pdf)
        .expect("attachments")
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        [
            "expediente-case.json",
            "contrato-fibra-200.pdf",
            "recibo-agosto.png"
        ]
    );
    let (_dir, path) = write_temp(&pdf);
    let t = norm(&text(&path));
    assert!(t.contains("salvo estas, que no van dentro:"), "{t}");
    assert!(
        t.contains(
            "E3 · captura-chat-2-sep.jpg — supera el límite de tamaño para adjuntar \
             (8.8 KB (9,022 bytes)) SHA-256 e473 33d4 0f4d 5b7a f2f4 b251 c102 7d8c \
             9e9c c248 f025 7c2b f794 5d01 b0ba 9cef"
        ),
        "{t}"
    );

    // Nothing available: only the export goes in, and every file is listed as unavailable.
    let pdf = archival(&b, &NoFiles, None, Conformance::PdfA3b);
    assert_eq!(attachments(&pdf).expect("attachments").len(), 1);
    let m = render_manifest(&pdf).expect("manifest");
    assert_eq!(m.omitted_evidence.len(), 3);
    let (_dir, path) = write_temp(&pdf);
    let t = norm(&text(&path));
    assert_eq!(
        t.matches("el archivo no estaba disponible o no coincide con su SHA-256")
            .count(),
        3
    );

    // With everything inside, the page says so.
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    let (_dir, path) = write_temp(&pdf);
    assert!(norm(&text(&path)).contains("y el original de cada prueba de esta lista."));
}

struct Tampered;
impl EvidenceSource for Tampered {
    fn read(&self, sha: &str) -> Option<Vec<u8>> {
        let mut bytes = sample::SampleFiles.read(sha)?;
        bytes[0] ^= 1;
        Some(bytes)
    }
}

#[test]
fn files_that_do_not_match_their_hash_are_not_embedded() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &Tampered, None, Conformance::PdfA3b);
    let got = attachments(&pdf).expect("attachments");
    assert_eq!(got.len(), 1, "only the export");
    assert_eq!(render_manifest(&pdf).expect("m").omitted_evidence.len(), 3);
}

#[test]
fn shared_names_are_numbered_and_shared_files_stored_once() {
    let mut b = sample::spanish_case();
    let mut copy = b.evidence[2].clone();
    copy.meta.id = sample::id_at(copy.meta.recorded_at, 999);
    b.evidence.push(copy);
    b.evidence[0].data.original_name = "expediente-case.json".into();
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    let got = attachments(&pdf).expect("attachments");
    let names: Vec<&str> = got.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "expediente-case.json",
            "expediente-case (2).json",
            "recibo-agosto.png",
            "captura-chat-2-sep.jpg",
            "captura-chat-2-sep (2).jpg"
        ]
    );
    assert!(got[4].bytes == sample::CHAT_JPG);
    // Both file specifications of the shared JPEG point at one embedded file stream.
    let doc = Document::load_mem(&pdf).expect("load");
    let af = doc
        .catalog()
        .and_then(|c| c.get(b"AF"))
        .and_then(Object::as_array)
        .expect("/AF");
    let stream_of = |i: usize| {
        let spec = deref(&doc, &af[i]).as_dict().expect("spec");
        dict(&doc, spec, "EF")
            .get(b"F")
            .and_then(Object::as_reference)
            .expect("ref")
    };
    assert_eq!(stream_of(3), stream_of(4));
    assert_ne!(stream_of(2), stream_of(3));
}

#[test]
fn the_id_is_a_hash_of_the_content() {
    let b = sample::spanish_case();
    let one = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    let id_of = |pdf: &[u8]| {
        let doc = Document::load_mem(pdf).expect("load");
        let id = doc
            .trailer
            .get(b"ID")
            .and_then(Object::as_array)
            .expect("/ID")
            .clone();
        assert_eq!(id.len(), 2);
        assert_eq!(id[0], id[1]);
        id[0].as_str().expect("string").to_vec()
    };
    let id = id_of(&one);
    assert_eq!(id.len(), 16);
    // Recompute: SHA-256 of the file with the /ID zeroed, first 16 bytes.
    let hexid: String = id.iter().map(|b| format!("{b:02X}")).collect();
    let mut zeroed = one.clone();
    let mut replaced = 0;
    for i in 0..zeroed.len() - 32 {
        if &zeroed[i..i + 32] == hexid.as_bytes() {
            zeroed[i..i + 32].copy_from_slice(&[b'0'; 32]);
            replaced += 1;
        }
    }
    assert_eq!(replaced, 2, "the /ID is written twice, in the trailer only");
    assert_eq!(&sha2::Sha256::digest(&zeroed)[..16], &id[..]);

    let mut other = b.clone();
    other.attempts[0].data.response.push('.');
    assert_ne!(
        id,
        id_of(&archival(
            &other,
            &sample::SampleFiles,
            None,
            Conformance::PdfA3b
        ))
    );
    // Same pages, other attachments: another /ID too.
    assert_ne!(
        id,
        id_of(&archival(&b, &NoFiles, None, Conformance::PdfA3b))
    );
}

#[test]
fn the_pdfa1b_twin_has_no_attachments() {
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA1b);
    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    let doc = Document::load_mem(&pdf).expect("load");
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.get(b"AF").is_err() && catalog.get(b"Names").is_err());
    assert!(!find(&pdf, b"/EmbeddedFile"));
    assert!(xmp(&doc).contains("<pdfaid:part>1</pdfaid:part>"));
    assert!(attachments(&pdf).expect("readable").is_empty());
}

#[test]
fn qpdf_finds_no_errors_in_the_archival_dossier() {
    if !have("qpdf") {
        return;
    }
    let pdf = archival(
        &sample::spanish_case(),
        &sample::SampleFiles,
        None,
        Conformance::PdfA3b,
    );
    let (_dir, path) = write_temp(&pdf);
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("No syntax or stream encoding errors"),
        "{said}"
    );
}

const PREFLIGHT_CP: &str = "/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar";

#[test]
fn preflight_validates_the_pdfa1b_twin() {
    if !have("java") {
        return;
    }
    if !std::path::Path::new("/usr/share/java/preflight.jar").exists() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "Preflight is missing and CI is set: run .ci/setup --test"
        );
        eprintln!("SKIPPED: Apache Preflight is not installed (run .ci/setup --test)");
        return;
    }
    let (transparent, transparent_files) = with_transparent_png();
    for (b, files) in [
        (
            sample::spanish_case(),
            &sample::SampleFiles as &dyn EvidenceSource,
        ),
        (sample::english_case(), &NoFiles),
        (transparent, &transparent_files),
    ] {
        let pdf = archival(&b, files, None, Conformance::PdfA1b);
        let (_dir, path) = write_temp(&pdf);
        let out = Command::new("java")
            .args([
                "-cp",
                PREFLIGHT_CP,
                "org.apache.pdfbox.preflight.Validator_A1b",
            ])
            .arg(&path)
            .output()
            .expect("java");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("is a valid PDF/A-1b file"),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // And it is not fooled: the PDF/A-3b file does not pass as PDF/A-1b.
    let pdf = archival(
        &sample::spanish_case(),
        &sample::SampleFiles,
        None,
        Conformance::PdfA3b,
    );
    let (_dir, path) = write_temp(&pdf);
    let out = Command::new("java")
        .args([
            "-cp",
            PREFLIGHT_CP,
            "org.apache.pdfbox.preflight.Validator_A1b",
        ])
        .arg(&path)
        .output()
        .expect("java");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("is not a valid PDF/A-1b file"), "{said}");
}

/// A PNG with an alpha channel as evidence: shown flattened on white, never as a soft mask.
fn with_transparent_png() -> (CaseBundle, impl EvidenceSource) {
    static PNG: &[u8] = include_bytes!("fixtures/transparente.png");
    let mut b = sample::spanish_case();
    b.evidence[1].data.sha256 = sha256(PNG);
    b.evidence[1].data.size = PNG.len() as u64;
    let files = |h: &str| {
        if h == sha256(PNG) {
            Some(PNG.to_vec())
        } else {
            sample::SampleFiles.read(h)
        }
    };
    (b, files)
}

#[test]
fn images_with_alpha_carry_no_transparency() {
    let (b, files) = with_transparent_png();
    let pdf = archival(&b, &files, None, Conformance::PdfA3b);
    assert!(!find(&pdf, b"/SMask"), "a soft mask is transparency");
    let got = attachments(&pdf).expect("attachments");
    assert!(
        got[2].bytes == include_bytes!("fixtures/transparente.png"),
        "the original keeps its alpha"
    );
}

/// Child side of [`rendering_is_identical_in_another_process`]: renders when asked to.
#[test]
fn render_in_child_process() {
    let Ok(out) = std::env::var("EXPEDIENTE_DOSSIER_RENDER_TO") else {
        return;
    };
    let b = sample::with_attempts(40);
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    std::fs::write(out, pdf).expect("write");
}

#[test]
fn rendering_is_identical_in_another_process() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let mut outputs = Vec::new();
    for i in 0..2 {
        let path = dir.path().join(format!("{i}.pdf"));
        let status = Command::new(&exe)
            .args(["render_in_child_process", "--exact", "--test-threads=1"])
            .env("EXPEDIENTE_DOSSIER_RENDER_TO", &path)
            .status()
            .expect("child test process");
        assert!(status.success());
        outputs.push(std::fs::read(&path).expect("child output"));
    }
    let b = sample::with_attempts(40);
    let here = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    assert!(
        outputs[0] == outputs[1],
        "two processes gave different bytes"
    );
    assert!(
        outputs[0] == here,
        "a child process and this one gave different bytes"
    );
}

#[test]
fn bad_input_gets_a_clear_error() {
    assert!(matches!(
        attachments(b"not a pdf"),
        Err(DossierError::NotADossier { .. })
    ));
    // An attachment whose stream inflates beyond its declared /Size is refused.
    let b = sample::spanish_case();
    let pdf = archival(&b, &sample::SampleFiles, None, Conformance::PdfA3b);
    let mut doc = Document::load_mem(&pdf).expect("load");
    for object in doc.objects.values_mut() {
        if let Ok(s) = object.as_stream_mut() {
            if s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"EmbeddedFile") {
                if let Ok(Object::Dictionary(p)) = s.dict.get_mut(b"Params") {
                    p.set("Size", 10);
                }
            }
        }
    }
    let mut forged = Vec::new();
    doc.save_to(&mut forged).expect("save");
    match attachments(&forged) {
        Err(DossierError::NotADossier { why }) => {
            assert!(why.contains("expediente-case.json"), "{why}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let mut bad = sample::spanish_case();
    bad.fingerprint = "xyz".into();
    let o = RenderOptions {
        paper: Paper::Letter,
        generated_at: sample::generated_at(),
    };
    let s = stats::compute(&bad.attempts, o.generated_at);
    let embed = Embed {
        export_json: b"{}".to_vec(),
        evidence_limit: None,
        cover_stamp: Default::default(),
    };
    assert!(matches!(
        render_archival(&bad, &s, &o, &NoFiles, &embed),
        Err(DossierError::Field {
            field: "fingerprint",
            ..
        })
    ));
    // The plain render is PDF/A too, with nothing attached.
    let plain = render(
        &b,
        &stats::compute(&b.attempts, o.generated_at),
        &o,
        &NoFiles,
    )
    .expect("render");
    assert!(attachments(&plain).expect("readable").is_empty());
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A real store's case: its export goes in verbatim and rebuilds the very bundle (same
/// fingerprint) the dossier was rendered from; the evidence comes out byte for byte.
#[test]
fn a_store_export_round_trips_through_the_dossier() {
    use expediente_core::*;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path()).expect("store");
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "Ana Ruiz".into(),
            ..Default::default()
        })
        .expect("claimant");
    let company = store
        .create_company(CompanyDraft {
            trade_name: "Acme".into(),
            legal_name: "Acme, S.A.".into(),
            ..Default::default()
        })
        .expect("company");
    let case = store
        .create_case(CaseDraft {
            claimant_id: claimant.meta.id,
            company_id: company.meta.id,
            title: "Reembolso pendiente".into(),
            product: String::new(),
            account_ref: String::new(),
            purchase_date: None,
            amount: None,
            facts: "Nunca llegó.".into(),
            requests: "Reembolso.".into(),
            agency: "profeco".into(),
            agency_folio: String::new(),
            status: CaseStatus::Open,
            opened_on: chrono::NaiveDate::from_ymd_opt(2026, 8, 1).expect("date"),
            lang: Lang::Es,
            archived: None,
        })
        .expect("case");
    let id = case.meta.id;
    let mut png: &[u8] = sample::RECEIPT_PNG;
    store
        .add_evidence_reader(id, "recibo.png", &mut png, None, "")
        .expect("evidence");
    let bundle = store.bundle(id).expect("bundle");
    let json = serde_json::to_vec_pretty(&store.export_case(id).expect("export")).expect("json");
    let o = opts(Paper::A4);
    let s = stats::compute(&bundle.attempts, o.generated_at);
    let files = |h: &str| store.read_evidence(h).ok();
    let embed = Embed {
        export_json: json.clone(),
        evidence_limit: Some(1024 * 1024),
        cover_stamp: Default::default(),
    };
    let pdf = render_archival(&bundle, &s, &o, &files, &embed).expect("render");

    let got = attachments(&pdf).expect("attachments");
    assert!(got[0].bytes == json);
    assert!(got[1].bytes == sample::RECEIPT_PNG);
    let rebuilt = exchange::bundle_from_export(&exchange::parse(&got[0].bytes).expect("parse"))
        .expect("rebuild");
    let m = render_manifest(&pdf).expect("manifest");
    assert_eq!(m.fingerprint, bundle.fingerprint);
    assert_eq!(rebuilt.fingerprint, m.fingerprint);
    assert_eq!(m.case_id, id);
    assert!(m.omitted_evidence.is_empty());
    // Re-rendering from the embedded export gives the same file.
    let again = render_archival(
        &rebuilt,
        &stats::compute(&rebuilt.attempts, m.generated_at),
        &RenderOptions {
            paper: m.paper,
            generated_at: m.generated_at,
        },
        &|h: &str| {
            got.iter()
                .find(|a| a.sha256_declared.as_deref() == Some(h))
                .map(|a| a.bytes.clone())
        },
        &Embed {
            export_json: got[0].bytes.clone(),
            evidence_limit: m.evidence_limit,
            cover_stamp: Default::default(),
        },
    )
    .expect("re-render");
    assert!(again == pdf, "the re-render differs");
}
