//! Imported records through `pdftotext`, against LITERAL expected strings: an imported
//! attempt, evidence file or correction shows the time the file declares beside the instant
//! it entered this store; the integrity page states each import in plain words with the
//! file's SHA-256; a case without imports says nothing about imports; and nothing claims the
//! log was written when things happened.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use expediente_core::{ImportMark, Lang};
use expediente_dossier::{sample, NoFiles, Paper};

/// sha256 of "sample export file es" / "... en" (`printf %s … | sha256sum`), grouped.
const ES_FILE_SHA: &str =
    "1944 a085 114b 0e5e c3ec affc 509d d63d 333b ef63 a113 03d9 a845 a44a a3a8 db8e";
const EN_FILE_SHA: &str =
    "1d9b 5765 00c1 dbd6 a1b2 3401 b743 6e77 9ded 4efa 55d7 3d6e 4e75 40a7 99b7 62b1";

const ES_IMPORT: &str = "Registros importados \
    Los registros 1 a 13 se importaron el 10 de octubre de 2026, 17:07 h (UTC) desde un \
    archivo; sus horas de registro son las que declara ese archivo, no las de este registro.";
const EN_IMPORT: &str = "Imported records \
    Records 1 to 5 were imported on 20 June 2026, 15:45 (UTC) from a file; the times they \
    were recorded are the ones that file declares, not times witnessed here.";

/// The flattened text between two headings.
fn between<'a>(flat: &'a str, from: &str, to: &str) -> &'a str {
    let start = flat
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} missing"));
    let end = flat[start..].find(to).map_or(flat.len(), |i| start + i);
    &flat[start..end]
}

/// Words that would say the log was written as things happened, which the store cannot show.
fn assert_no_contemporaneous_claim(flat: &str) {
    let lower = flat.to_lowercase();
    for claim in [
        "contemporáne",
        "contemporane",
        "en el momento en que ocurri",
        "al momento de los hechos",
        "at the time it happened",
        "as it happened",
        "at the time of the events",
    ] {
        assert!(!lower.contains(claim), "the dossier claims {claim:?}");
    }
}

#[test]
fn an_imported_spanish_case_shows_declared_times_and_states_the_import() {
    let b = sample::imported_case(Lang::Es);
    let t = text(&render_file(&b, Paper::A4, &sample::SampleFiles).path);
    let flat = norm(&t);

    // Attempts 1 to 7 came from the file: the time it declares, then when they entered.
    let chrono = between(&flat, "Cronología de contactos", "Índice de pruebas");
    for (n, happened, recorded) in [
        (
            1,
            "3 de agosto de 2026, 10:15 h (UTC−06:00)",
            "3 de agosto de 2026, 16:35 h (UTC)",
        ),
        (
            2,
            "2 de septiembre de 2026, 18:40 h (UTC−06:00)",
            "3 de septiembre de 2026, 03:05 h (UTC)",
        ),
        (
            3,
            "3 de septiembre de 2026, 09:05 h (UTC−06:00)",
            "3 de septiembre de 2026, 15:25 h (UTC)",
        ),
        (
            4,
            "20 de septiembre de 2026, 12:00 h (UTC−06:00)",
            "20 de septiembre de 2026, 18:20 h (UTC)",
        ),
        (
            5,
            "1 de octubre de 2026, 11:30 h (UTC−06:00)",
            "1 de octubre de 2026, 17:50 h (UTC)",
        ),
        (
            6,
            "2 de octubre de 2026, 16:45 h (UTC−06:00)",
            "2 de octubre de 2026, 23:05 h (UTC)",
        ),
        (
            7,
            "6 de octubre de 2026, 10:00 h (UTC−06:00)",
            "6 de octubre de 2026, 16:20 h (UTC)",
        ),
    ] {
        let row = format!(
            "{n} {happened} Registrado (según el archivo importado): {recorded} \
             Entró a este registro: 10 de octubre de 2026, 17:07 h (UTC)"
        );
        assert!(chrono.contains(&row), "row {n}: {row:?} not in {chrono}");
    }
    assert_eq!(chrono.matches("según el archivo importado").count(), 7);
    assert_eq!(chrono.matches("Entró a este registro").count(), 7);
    // Attempt 8 was logged in this store after the import: its own clock, no mark.
    assert!(chrono.contains(
        "8 4 de noviembre de 2026, 13:20 h (UTC−06:00) \
         Registrado: 4 de noviembre de 2026, 19:40 h (UTC) Teléfono"
    ));

    // Evidence: when it was added, per the file, then when it entered this store.
    let index = between(&flat, "Índice de pruebas", "Anexo");
    for (e, day) in [("E1", 6), ("E2", 7), ("E3", 8)] {
        let added = format!(
            "añadida el {day} de agosto de 2026, 15:00 h (UTC), según el archivo importado \
             entró a este registro el 10 de octubre de 2026, 17:07 h (UTC)"
        );
        assert!(index.contains(&added), "{e}: {added:?} not in {index}");
    }

    // The integrity page: the import in plain words, with the file's hash, before the
    // corrections; the imported correction's times are the file's.
    let integrity = between(&flat, "Integridad del registro", "Página");
    assert!(
        integrity.contains(&format!(
            "{ES_IMPORT} SHA-256 del archivo importado {ES_FILE_SHA} Correcciones"
        )),
        "{integrity}"
    );
    assert!(integrity.contains("Número de registros en la cadena 15"));
    assert!(integrity.contains(
        "2 3 de septiembre de 2026, 03:05 h (UTC) según el archivo importado \
         entró a este registro el 10 de octubre de 2026, 17:07 h (UTC) \
         3 de septiembre de 2026, 00:50 h (UTC) según el archivo importado \
         Folio del chat mal copiado (decía CHT-20260902-181)."
    ));
    assert!(flat.contains(
        "cada registro lleva la hora en que Expediente lo guardó, según el reloj del equipo, \
         que puede estar mal o haberse cambiado; los registros importados, la que declara el \
         archivo. Este expediente no lleva sello de tiempo de un tercero"
    ));
    assert_eq!(flat.matches("se importaron el").count(), 1);
    assert_no_contemporaneous_claim(&flat);
}

#[test]
fn an_imported_english_case_shows_declared_times_and_states_the_import() {
    let b = sample::imported_case(Lang::En);
    let t = text(&render_file(&b, Paper::Letter, &NoFiles).path);
    let flat = norm(&t);
    let chrono = between(&flat, "Chronology of contacts", "Evidence index");
    for row in [
        "1 1 June 2026, 14:05 (UTC−05:00) Recorded (per the imported file): \
         1 June 2026, 19:25 (UTC) Imported here: 20 June 2026, 15:45 (UTC) Chatbot",
        "2 3 June 2026, 09:30 (UTC−05:00) Recorded (per the imported file): \
         3 June 2026, 14:50 (UTC) Imported here: 20 June 2026, 15:45 (UTC) Phone",
        "3 1 July 2026, 08:00 (UTC−05:00) Recorded: 1 July 2026, 13:20 (UTC) Email",
    ] {
        assert!(chrono.contains(row), "{row:?} not in {chrono}");
    }
    assert_eq!(chrono.matches("Imported here").count(), 2);
    let integrity = between(&flat, "Integrity of the record", "Page");
    assert!(
        integrity.contains(&format!(
            "Number of records in the chain 7 {EN_IMPORT} \
             SHA-256 of the imported file {EN_FILE_SHA} Corrections"
        )),
        "{integrity}"
    );
    assert!(flat.contains(
        "each record carries the time Expediente saved it, by the computer's clock, which \
         may be wrong or may have been changed; imported records, the time the file declares. \
         This dossier carries no third-party timestamp"
    ));
    assert!(
        !t.contains("importad"),
        "Spanish words in an English dossier"
    );
    assert_no_contemporaneous_claim(&flat);
}

#[test]
fn a_case_imported_twice_states_both_imports_oldest_first() {
    let mut b = sample::imported_case(Lang::Es);
    // The store it was imported into exported it again; a third store imported that.
    b.imports.push(ImportMark {
        index: 15,
        imported_at: Utc
            .with_ymd_and_hms(2026, 11, 20, 9, 3, 0)
            .single()
            .expect("instant"),
        file_sha256: "ab".repeat(32),
        records: 15,
    });
    b.chain_len = 16;
    let flat = norm(&text(
        &render_file(&b, Paper::A4, &sample::SampleFiles).path,
    ));
    let integrity = between(&flat, "Integridad del registro", "Página");
    let abab = vec!["abab"; 16].join(" ");
    assert!(
        integrity.contains(&format!(
            "{ES_IMPORT} SHA-256 del archivo importado {ES_FILE_SHA} \
             Los registros 1 a 15 se importaron el 20 de noviembre de 2026, 09:03 h (UTC) \
             desde un archivo; sus horas de registro son las que declara ese archivo, no las \
             de este registro. SHA-256 del archivo importado {abab} Correcciones"
        )),
        "{integrity}"
    );
}

#[test]
fn a_case_without_imports_says_nothing_about_imports() {
    for (b, paper, files) in [
        (
            sample::spanish_case(),
            Paper::A4,
            &sample::SampleFiles as &dyn expediente_dossier::EvidenceSource,
        ),
        (sample::english_case(), Paper::Letter, &NoFiles),
    ] {
        assert!(b.imports.is_empty());
        let flat = norm(&text(&render_file(&b, paper, files).path));
        assert!(
            !flat.to_lowercase().contains("import"),
            "an import is mentioned: {flat}"
        );
        for s in [
            "Entró a este registro",
            "Registros importados",
            "según el archivo",
        ] {
            assert!(!flat.contains(s), "{s:?} in a case without imports");
        }
        assert!(
            flat.contains(
                "cada registro lleva la hora en que Expediente lo guardó, según el reloj del \
                 equipo, que puede estar mal o haberse cambiado. Este expediente no lleva"
            ) || flat.contains(
                "each record carries the time Expediente saved it, by the computer's clock, \
                 which may be wrong or may have been changed. This dossier carries"
            ),
            "the clock sentence without imports"
        );
        assert_no_contemporaneous_claim(&flat);
    }
}
