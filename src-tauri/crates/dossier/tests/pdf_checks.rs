//! The PDF as a file: `qpdf --check` clean, fonts embedded, byte-identical output for the
//! same input, A4 and Letter sizes, evidence images exact (the JPEG verbatim, the PNG's
//! pixels unchanged), and text outside the font shown as a marked replacement.

mod common;

use std::process::Command;

use common::*;
use expediente_core::{stats, CaseBundle};
use expediente_dossier::{
    preview, render, sample, DossierError, EvidenceSource, NoFiles, Paper, RenderOptions,
};

#[test]
fn qpdf_check_passes_and_fonts_are_embedded() {
    for paper in [Paper::A4, Paper::Letter] {
        let r = render_file(&sample::spanish_case(), paper, &sample::SampleFiles);
        let out = run("qpdf", &["--check"], &r.path);
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        let fonts = run("pdffonts", &[], &r.path);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 3, "{fonts}");
        assert!(rows[2].contains("DejaVuSansMono"), "no mono face: {fonts}");
        for row in rows {
            assert!(row.contains("DejaVuSans"), "{row}");
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type type encoding emb sub uni id gen: emb and uni must be "yes".
            assert_eq!(cols[cols.len() - 5], "yes", "not embedded: {row}");
            assert_eq!(cols[cols.len() - 3], "yes", "no ToUnicode map: {row}");
        }
    }
}

#[test]
fn output_is_deterministic() {
    let b = sample::spanish_case();
    let one = render_bytes(&b, Paper::A4, &sample::SampleFiles);
    let two = render_bytes(&b, Paper::A4, &sample::SampleFiles);
    assert!(one == two, "same bundle and time gave different bytes");
    let mut later = common::opts(Paper::A4);
    later.generated_at += chrono::Duration::seconds(1);
    let s = stats::compute(&b.attempts, later.generated_at);
    let three = render(&b, &s, &later, &sample::SampleFiles).expect("render");
    assert!(one != three, "the generation time must change the output");
}

#[test]
fn page_sizes() {
    let b = sample::english_case();
    for (paper, size) in [
        (Paper::A4, "595.276 x 841.89"),
        (Paper::Letter, "612 x 792"),
    ] {
        let r = render_file(&b, paper, &NoFiles);
        let info = run("pdfinfo", &[], &r.path);
        assert!(info.contains(&format!("Page size:       {size}")), "{info}");
    }
}

#[test]
fn images_are_embedded_without_reencoding() {
    let r = render_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    let list = run("pdfimages", &["-list"], &r.path);
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(
        rows[0].contains("360   480") && rows[1].contains("640   360"),
        "{list}"
    );

    let out = r.dir.path().join("img");
    let status = Command::new("pdfimages")
        .args(["-all"])
        .arg(&r.path)
        .arg(&out)
        .status()
        .expect("pdfimages");
    assert!(status.success());
    // The JPEG is the evidence file byte for byte.
    let jpg = std::fs::read(r.dir.path().join("img-001.jpg")).expect("extracted jpeg");
    assert!(jpg == sample::CHAT_JPG, "JPEG was re-encoded");
    // The PNG's pixels are unchanged (compare decoded RGB).
    let rgb = |path: &std::path::Path| {
        let o = Command::new("convert")
            .arg(path)
            .args(["-depth", "8", "rgb:-"])
            .output()
            .expect("imagemagick convert");
        assert!(o.status.success());
        o.stdout
    };
    let fixture = r.dir.path().join("fixture.png");
    std::fs::write(&fixture, sample::RECEIPT_PNG).expect("write");
    assert!(
        rgb(&r.dir.path().join("img-000.png")) == rgb(&fixture),
        "PNG pixels changed"
    );
}

#[test]
fn images_keep_their_proportions() {
    let b = sample::spanish_case();
    let o = common::opts(Paper::Letter);
    let s = stats::compute(&b.attempts, o.generated_at);
    let p = preview(&b, &s, &o, &sample::SampleFiles).expect("preview");
    let boxes: Vec<(f32, f32)> = p
        .pages
        .iter()
        .flat_map(|pg| &pg.items)
        .filter_map(|i| match i {
            expediente_dossier::layout::Item::Image { w, h, .. } => Some((*w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(boxes.len(), 2);
    for ((w, h), (pw, ph)) in boxes
        .into_iter()
        .zip([(360.0f32, 480.0f32), (640.0, 360.0)])
    {
        assert!((w / h - pw / ph).abs() < 1e-3, "{w}x{h} vs {pw}x{ph}");
        assert!(w <= pw + 0.01, "enlarged");
    }
}

struct Tampered;
impl EvidenceSource for Tampered {
    fn read(&self, _sha256: &str) -> Option<Vec<u8>> {
        Some(sample::RECEIPT_PNG[..100].to_vec())
    }
}

#[test]
fn missing_or_altered_images_are_reported_not_shown() {
    for (files, msg) in [
        (
            &NoFiles as &dyn EvidenceSource,
            "El archivo no está disponible",
        ),
        (&Tampered, "no coincide con su SHA-256"),
    ] {
        let r = render_file(&sample::spanish_case(), Paper::A4, files);
        let t = text(&r.path);
        assert_eq!(t.matches(msg).count(), 2, "{msg}");
        let list = run("pdfimages", &["-list"], &r.path);
        assert_eq!(list.lines().count(), 2, "{list}");
    }
}

#[test]
fn unsupported_scripts_become_marked_code_points() {
    let mut b: CaseBundle = sample::spanish_case();
    b.attempts[0].data.response = "回复：您好 — رد الشركة — שלום — ok 😀".into();
    let r = render_file(&b, Paper::A4, &NoFiles);
    let t = text(&r.path);
    // Long runs of codes wrap anywhere: compare without whitespace.
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains("[U+56DE][U+590D]"), "CJK not marked");
    assert!(squeezed.contains("[U+0631][U+062F]"), "Arabic not marked");
    assert!(squeezed.contains("[U+05E9]"), "Hebrew not marked");
    assert!(squeezed.contains("[U+1F600]"), "emoji not marked");
    assert!(
        norm(&t).contains("se muestran como [U+XXXX]"),
        "no note on the integrity page"
    );
    let o = common::opts(Paper::A4);
    let s = stats::compute(&b.attempts, o.generated_at);
    let p = preview(&b, &s, &o, &NoFiles).expect("preview");
    assert!(p.replaced_chars >= 12, "{}", p.replaced_chars);
    // The clean sample needs no replacement and prints no note.
    let clean = text(&render_file(&sample::spanish_case(), Paper::A4, &NoFiles).path);
    assert!(!clean.contains("[U+"));
}

/// A response with zero-width spaces, a joiner, a word joiner, a BOM and a right-to-left
/// override, as pasted from a chat: each shows as its code and the note is printed.
#[test]
fn zero_width_characters_are_marked_not_dropped() {
    let mut b: CaseBundle = sample::spanish_case();
    b.attempts[0].data.response =
        "Reembolso\u{200B}aprobado\u{200D} folio\u{2060}77\u{FEFF} \u{202E}oidem".into();
    let r = render_file(&b, Paper::A4, &NoFiles);
    let t = text(&r.path);
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        squeezed.contains("Reembolso[U+200B]aprobado[U+200D]folio[U+2060]77[U+FEFF][U+202E]oidem"),
        "zero-width characters not marked"
    );
    assert!(
        norm(&t).contains("invisibles (de anchura cero o de formato) se muestran como [U+XXXX]"),
        "no note on the integrity page"
    );
    let o = common::opts(Paper::A4);
    let s = stats::compute(&b.attempts, o.generated_at);
    let p = preview(&b, &s, &o, &NoFiles).expect("preview");
    assert_eq!(p.replaced_chars, 5);
}

#[test]
fn a_bad_fingerprint_is_refused_with_its_field() {
    let mut b = sample::english_case();
    b.fingerprint = "abc".into();
    let o = RenderOptions {
        paper: Paper::A4,
        generated_at: sample::generated_at(),
    };
    let s = stats::compute(&b.attempts, o.generated_at);
    match render(&b, &s, &o, &NoFiles) {
        Err(DossierError::Field { field, problem }) => {
            assert_eq!(field, "fingerprint");
            assert!(problem.contains("64 hexadecimal"), "{problem}");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn long_cases_repeat_the_table_header_on_every_chronology_page() {
    let b = sample::with_attempts(120);
    let r = render_file(&b, Paper::A4, &NoFiles);
    let t = text(&r.path);
    let pages: Vec<String> = t.split('\u{c}').map(norm).collect();
    let chrono: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Quién y referencia") || p.contains("Asesor/a núm."))
        .collect();
    assert!(chrono.len() > 5, "{} chronology pages", chrono.len());
    for p in &chrono {
        assert!(
            p.contains("Quién y referencia"),
            "a chronology page without the header"
        );
    }
    // The long URL is printed whole (broken across lines, never cut).
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(
        "https://drive.example.com/compartido/expediente/comprobante-de-pago-agosto-2026-version-final.pdf"
    ));
    assert!(squeezed.contains(&format!("#{}", 120)) || squeezed.contains("120"));
}

#[test]
fn a_row_taller_than_a_page_is_split_under_repeated_headers() {
    let mut b = sample::spanish_case();
    let long: Vec<String> = (0..1500).map(|i| format!("palabra{i}")).collect();
    b.attempts[3].data.response = long.join(" ");
    let r = render_file(&b, Paper::A4, &NoFiles);
    let t = text(&r.path);
    let pages: Vec<String> = t.split('\u{c}').map(norm).collect();
    let with_words: Vec<&String> = pages.iter().filter(|p| p.contains("palabra")).collect();
    assert!(with_words.len() >= 3, "{} pages", with_words.len());
    for p in &with_words {
        assert!(
            p.contains("Quién y referencia"),
            "header missing on a continuation page"
        );
    }
    assert!(with_words[1..].iter().all(|p| p.contains("(cont.)")));
    // Nothing lost or reordered across the page breaks.
    assert_in_order(&t, &long);
}

#[test]
fn the_outline_lists_the_sections_in_order() {
    let r = render_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    let json = run("qpdf", &["--json", "--json-key=outlines"], &r.path);
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    let items = v["outlines"].as_array().expect("outlines");
    let got: Vec<(String, u64)> = items
        .iter()
        .map(|o| {
            (
                o["title"].as_str().unwrap_or_default().to_string(),
                o["destpageposfrom1"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "1. Expediente de reclamación",
            "2. Resumen en cifras",
            "3. Hechos y pretensiones",
            "4. Cronología de contactos",
            "5. Índice de pruebas",
            "6. Anexo: imágenes de las pruebas",
            "7. Integridad del registro",
        ]
    );
    assert!(got.windows(2).all(|w| w[0].1 <= w[1].1), "{got:?}");
    assert_eq!(got[0].1, 1);
}

/// The sample JPEG with an EXIF APP1 segment saying "orientation 6" (stored sideways).
fn sideways_jpeg() -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&sample::CHAT_JPG[2..]);
    out
}

#[test]
fn exif_orientation_is_applied_without_touching_the_jpeg() {
    use sha2::Digest;
    let jpeg = sideways_jpeg();
    let sha = hex::encode(sha2::Sha256::digest(&jpeg));
    let mut b = sample::spanish_case();
    for e in &mut b.evidence {
        if e.data.original_name.ends_with(".jpg") {
            e.data.sha256 = sha.clone();
            e.data.size = jpeg.len() as u64;
        }
    }
    let files = |h: &str| {
        if h == sha {
            Some(jpeg.clone())
        } else {
            sample::SampleFiles.read(h)
        }
    };
    let o = common::opts(Paper::A4);
    let s = stats::compute(&b.attempts, o.generated_at);
    let p = preview(&b, &s, &o, &files).expect("preview");
    let turned = p
        .pages
        .iter()
        .flat_map(|pg| &pg.items)
        .find_map(|i| match i {
            expediente_dossier::layout::Item::Image {
                w,
                h,
                orientation: 6,
                ..
            } => Some((*w, *h)),
            _ => None,
        })
        .expect("the sideways image");
    assert!(
        (turned.0 / turned.1 - 360.0 / 640.0).abs() < 1e-3,
        "{turned:?}"
    );

    let r = render_file(&b, Paper::A4, &files);
    let out = r.dir.path().join("img");
    let status = Command::new("pdfimages")
        .arg("-all")
        .arg(&r.path)
        .arg(&out)
        .status()
        .expect("pdfimages");
    assert!(status.success());
    let extracted = std::fs::read(r.dir.path().join("img-001.jpg")).expect("jpeg");
    assert!(extracted == jpeg, "the JPEG must be embedded as given");
}

#[test]
fn four_digit_attempt_numbers_stay_on_one_line() {
    let b = sample::with_attempts(1_002);
    let r = render_file(&b, Paper::Letter, &NoFiles);
    let t = text(&r.path);
    for n in [999, 1_000, 1_002] {
        // "999 6 de marzo ...": the number, then the date on the same line.
        assert!(
            t.lines().any(|l| l
                .strip_prefix(&format!("{n} "))
                .is_some_and(|rest| rest.split(' ').nth(1) == Some("de"))),
            "attempt {n}'s number is wrapped or missing"
        );
    }
}

#[test]
fn no_image_appendix_without_image_evidence() {
    // Evidence, but none of it an image: no appendix page and no outline entry.
    let mut b = sample::spanish_case();
    b.evidence
        .retain(|e| e.data.media_type == "application/pdf");
    assert_eq!(b.evidence.len(), 1);
    let with_images = render_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    assert!(!t.contains("Anexo"), "an appendix without images");
    let pages = |path: &std::path::Path| text(path).matches('\u{c}').count();
    assert_eq!(
        pages(&with_images.path) - pages(&r.path),
        2,
        "two image pages"
    );
    let json = run("qpdf", &["--json", "--json-key=outlines"], &r.path);
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf json");
    let titles: Vec<&str> = v["outlines"]
        .as_array()
        .expect("outlines")
        .iter()
        .filter_map(|o| o["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "1. Expediente de reclamación",
            "2. Resumen en cifras",
            "3. Hechos y pretensiones",
            "4. Cronología de contactos",
            "5. Índice de pruebas",
            "6. Integridad del registro",
        ]
    );
    // The index page is followed directly by the integrity page.
    let flat = norm(&t);
    let index = flat.find("Índice de pruebas").expect("index");
    let integrity = flat.find("Integridad del registro").expect("integrity");
    assert!(
        !flat[index..integrity].contains("Página 6"),
        "a page between them"
    );
}

#[test]
fn hashes_are_monospaced_and_grouped() {
    let r = render_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    let o = common::opts(Paper::A4);
    let b = sample::spanish_case();
    let s = stats::compute(&b.attempts, o.generated_at);
    let p = preview(&b, &s, &o, &sample::SampleFiles).expect("preview");
    let mono: Vec<&str> = p
        .pages
        .iter()
        .flat_map(|pg| &pg.items)
        .filter_map(|i| match i {
            expediente_dossier::layout::Item::Text {
                style: expediente_dossier::layout::Style::Mono,
                text,
                ..
            } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    // Hash lines only: groups of four lower-case hex digits, 16, 8 or 4 groups a line.
    assert!(mono.len() > 7, "{mono:?}");
    for line in &mono {
        let groups: Vec<&str> = line.split(' ').collect();
        assert!([4, 8, 16].contains(&groups.len()), "{line:?}");
        assert!(groups.iter().all(|g| g.len() == 4
            && g.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())));
    }
    // The index column holds 4 groups a line: the receipt's hash on four lines.
    let receipt = [
        "3a45 c8cd b568 b132",
        "0fa4 e068 36be 8b5d",
        "e8d3 42a7 b081 0daa",
        "dcd1 e47c 4a88 92e5",
    ];
    assert!(mono.windows(4).any(|w| w == receipt), "{mono:?}");
    // pdftotext gives the groups back exactly, one text line each.
    let t = text(&r.path);
    for line in receipt {
        assert!(
            t.lines().any(|l| l == line),
            "{line:?} not a line of its own"
        );
    }
}
