//! The integrity page's "how to verify" section through `pdftotext`, against LITERAL
//! expected text in both languages: the whole section, word for word, so it claims nothing
//! `expediente-cli verify --dossier` does not check; the clock step names imports only when
//! there are some; and the section still ends the dossier on the page it did.

mod common;

use common::*;
use expediente_core::{stats, CaseBundle, Lang};
use expediente_dossier::archive::{render_archival, Embed};
use expediente_dossier::{sample, EvidenceSource, NoFiles, Paper};

const ES_INTRO: &str = "Cómo verificar este expediente \
    Cada intento, prueba y corrección se guardó sin borrar lo anterior y encadenado con SHA-256 \
    al registro previo. La huella al pie de cada página resume esa cadena y los datos de la \
    persona reclamante y del proveedor aquí impresos: si alguien modifica, borra o reordena un \
    registro, deja de coincidir.";

const ES_STEPS_1_TO_4: &str = "\
    1. Abra el panel de archivos adjuntos de este PDF (en Adobe Acrobat Reader, el icono del \
    clip). Dentro van los datos del caso (expediente-case.json: cada registro, cada revisión y \
    los eslabones de la cadena) y el original de cada prueba, salvo las que el índice de pruebas \
    señala. \
    2. Guarde una prueba y calcule su SHA-256: \
    Linux sha256sum ARCHIVO \
    macOS shasum -a 256 ARCHIVO \
    Windows certutil -hashfile ARCHIVO SHA256 \
    Debe ser igual al del índice de pruebas (allí, en grupos de cuatro). Una prueba que no va \
    dentro se comprueba igual con el original que le entreguen. \
    3. Ejecute, sin nada más que este PDF: \
    expediente-cli verify --dossier ARCHIVO.pdf \
    La orden comprueba que los registros que lleva dentro no se alteraron, que cada prueba \
    adjunta coincide con su SHA-256 y que cada página impresa aquí es exactamente la que \
    producen esos registros; si no, dice cuál es la primera página que difiere, o cuál falta o \
    sobra. Use la versión de Expediente que generó el PDF: con otra, la orden lo advierte y no \
    compara las páginas. \
    4. Con los datos de Expediente de la persona reclamante (en su equipo basta la orden \
    anterior; en otro, indique la carpeta), la misma orden dice además si, después de este \
    expediente, se añadieron registros o cambiaron los datos de la persona reclamante o del \
    proveedor, o si ya no contienen estos registros: \
    expediente-cli verify --dossier ARCHIVO.pdf --data-dir CARPETA";

const ES_STEP_5: &str = "5. Lo que no se puede comprobar: cada registro lleva la hora en que \
    Expediente lo guardó, según el reloj del equipo, que puede estar mal o haberse cambiado. \
    Este expediente no lleva sello de tiempo de un tercero: nadie más certifica esas fechas. \
    Tampoco prueba que lo anotado sea cierto, solo qué se anotó.";

const ES_STEP_5_IMPORTS: &str = "5. Lo que no se puede comprobar: cada registro lleva la hora \
    en que Expediente lo guardó, según el reloj del equipo, que puede estar mal o haberse \
    cambiado; los registros importados, la que declara el archivo. Este expediente no lleva \
    sello de tiempo de un tercero: nadie más certifica esas fechas. Tampoco prueba que lo \
    anotado sea cierto, solo qué se anotó.";

const EN_INTRO: &str = "How to verify this dossier \
    Every attempt, piece of evidence and correction was stored without erasing what came \
    before, and chained with SHA-256 to the previous record. The fingerprint at the foot of \
    every page commits to that chain and to the claimant and company details printed here: if \
    anyone alters, deletes or reorders a record, it no longer matches.";

const EN_STEPS_1_TO_4: &str = "\
    1. Open this PDF's attachments panel (in Adobe Acrobat Reader, the paperclip icon). Inside \
    are the case data (expediente-case.json: every record, every revision and the links of the \
    chain) and the original of each evidence file, except any the evidence index lists as left \
    out. \
    2. Save an evidence file and compute its SHA-256: \
    Linux sha256sum FILE \
    macOS shasum -a 256 FILE \
    Windows certutil -hashfile FILE SHA256 \
    It must equal the one in the evidence index (printed there in groups of four). A file that \
    is not inside is checked the same way against the original you are given. \
    3. Run, with nothing but this PDF: \
    expediente-cli verify --dossier FILE.pdf \
    It checks that the records inside have not been altered, that each attached evidence file \
    matches its SHA-256, and that every page printed here is exactly what those records \
    produce; if not, it names the first page that differs, or the page missing or extra. Use \
    the version of Expediente that made the PDF: with another, the command says so and does \
    not compare the pages. \
    4. With the claimant's Expediente data (on their computer the command above is enough; \
    elsewhere, name the folder), the same command also says whether records were added, or the \
    claimant's or company's details changed, since this dossier was made, or whether that data \
    no longer holds these records: \
    expediente-cli verify --dossier FILE.pdf --data-dir FOLDER";

const EN_STEP_5: &str = "5. What cannot be checked: each record carries the time Expediente \
    saved it, by the computer's clock, which may be wrong or may have been changed. This \
    dossier carries no third-party timestamp: no one else certifies those dates. Nor does it \
    prove that what was written down is true, only what was written down.";

const EN_STEP_5_IMPORTS: &str = "5. What cannot be checked: each record carries the time \
    Expediente saved it, by the computer's clock, which may be wrong or may have been changed; \
    imported records, the time the file declares. This dossier carries no third-party \
    timestamp: no one else certifies those dates. Nor does it prove that what was written down \
    is true, only what was written down.";

/// Whitespace runs collapsed, as [`norm`] does to the PDF's text.
fn flat(parts: &[&str]) -> String {
    norm(&parts.join(" "))
}

/// The non-empty pages of a rendered dossier, each flattened.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    text(pdf)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(norm)
        .collect()
}

/// Asserts the dossier has `count` pages and that its last page holds the whole integrity
/// page, whose "how to verify" section reads exactly `section`, then the footer.
fn assert_last_page(
    pages: &[String],
    count: usize,
    integrity: &str,
    section: &str,
    footer_title: &str,
) {
    assert_eq!(pages.len(), count, "page count changed");
    let last = &pages[count - 1];
    assert!(last.starts_with(integrity), "integrity page moved: {last}");
    let start = last
        .find(&section[..20])
        .unwrap_or_else(|| panic!("no verify section on the last page: {last}"));
    let end = last.find(footer_title).expect("footer");
    assert_eq!(last[start..end].trim_end(), section, "the verify section");
    for (i, p) in pages[..count - 1].iter().enumerate() {
        assert!(
            !p.contains(&section[..20]),
            "verify section on page {}",
            i + 1
        );
    }
}

#[test]
fn spanish_steps_read_exactly_and_end_the_dossier_on_page_7() {
    let r = render_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    let section = flat(&[ES_INTRO, ES_STEPS_1_TO_4, ES_STEP_5]);
    assert_last_page(
        &pages(&r.path),
        7,
        "Integridad del registro",
        &section,
        "Cobro de Fibra 200",
    );
    // The same on Letter paper.
    let r = render_file(&sample::spanish_case(), Paper::Letter, &sample::SampleFiles);
    assert_last_page(
        &pages(&r.path),
        7,
        "Integridad del registro",
        &section,
        "Cobro de Fibra 200",
    );
}

#[test]
fn english_steps_read_exactly_and_end_the_dossier_on_page_5() {
    let r = render_file(&sample::english_case(), Paper::Letter, &NoFiles);
    let section = flat(&[EN_INTRO, EN_STEPS_1_TO_4, EN_STEP_5]);
    assert_last_page(
        &pages(&r.path),
        5,
        "Integrity of the record",
        &section,
        "Cancelled flight SH 2231",
    );
}

#[test]
fn imported_cases_name_the_declared_times_in_the_last_step_and_still_fit() {
    let r = render_file(
        &sample::imported_case(Lang::Es),
        Paper::A4,
        &sample::SampleFiles,
    );
    assert_last_page(
        &pages(&r.path),
        8,
        "Integridad del registro",
        &flat(&[ES_INTRO, ES_STEPS_1_TO_4, ES_STEP_5_IMPORTS]),
        "Cobro de Fibra 200",
    );
    let r = render_file(
        &sample::imported_case(Lang::En),
        Paper::Letter,
        &sample::SampleFiles,
    );
    assert_last_page(
        &pages(&r.path),
        5,
        "Integrity of the record",
        &flat(&[EN_INTRO, EN_STEPS_1_TO_4, EN_STEP_5_IMPORTS]),
        "Cancelled flight SH 2231",
    );
}

fn archival_file(b: &CaseBundle, paper: Paper, files: &dyn EvidenceSource) -> Rendered {
    let o = opts(paper);
    let s = stats::compute(&b.attempts, o.generated_at);
    let embed = Embed {
        export_json: serde_json::to_vec_pretty(b).expect("json"),
        evidence_limit: None,
        cover_stamp: Default::default(),
    };
    let bytes = render_archival(b, &s, &o, files, &embed).expect("archival render");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dossier.pdf");
    std::fs::write(&path, &bytes).expect("write pdf");
    Rendered { dir, path, bytes }
}

#[test]
fn the_archival_dossier_the_app_exports_says_the_same_on_the_same_page() {
    // The note under the evidence index (what is inside) must not push the page on.
    let r = archival_file(&sample::spanish_case(), Paper::A4, &sample::SampleFiles);
    assert_last_page(
        &pages(&r.path),
        7,
        "Integridad del registro",
        &flat(&[ES_INTRO, ES_STEPS_1_TO_4, ES_STEP_5]),
        "Cobro de Fibra 200",
    );
    let r = archival_file(&sample::english_case(), Paper::Letter, &NoFiles);
    assert_last_page(
        &pages(&r.path),
        5,
        "Integrity of the record",
        &flat(&[EN_INTRO, EN_STEPS_1_TO_4, EN_STEP_5]),
        "Cancelled flight SH 2231",
    );
}

#[test]
fn text_no_longer_true_is_gone() {
    for (b, paper) in [
        (sample::spanish_case(), Paper::A4),
        (sample::english_case(), Paper::Letter),
    ] {
        let all = norm(&text(&render_file(&b, paper, &sample::SampleFiles).path));
        for stale in [
            "Con la base de datos de Expediente o su exportación",
            "With the Expediente database or its export",
            "se encadenó con SHA-256",
        ] {
            assert!(!all.contains(stale), "stale text {stale:?}");
        }
    }
}
