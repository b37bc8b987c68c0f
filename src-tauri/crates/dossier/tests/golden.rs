//! Golden tests through `pdftotext`: the sample dossiers' text, compared with LITERAL
//! expected strings (written by hand from the sample's data, never built with the
//! crate's own formatting helpers): dates as a lawyer writes them in the case's language,
//! hashes in groups of four, every attempt's fields in order and exact (accents, ¿¡ñü€
//! included), Spanish and English; the footer on every page; metadata and fingerprint.

mod common;

use common::*;
use expediente_core::{Lang, Money};
use expediente_dossier::{read_fingerprint, sample, NoFiles, Paper};

/// The Spanish sample's dossier fingerprint, grouped as printed: with `sha256sum`,
/// H(x) = sha256 of x, `H("expediente-dossier-fingerprint-v1\n" + H("sample chain head es")
/// + "\n" + H("sample claimant link es") + "\n" + H("sample company link es") + "\n")`.
const ES_FINGERPRINT: &str =
    "8366 d45f e7ad b322 df05 7997 1a41 3817 1547 01ec a1f7 bf45 bc85 2ec3 7a6a cd53";
/// The same for the English sample ("... en").
const EN_FINGERPRINT: &str =
    "0920 fca6 9274 7a7e 37fd 8af6 0adc f675 1500 18f9 9b27 9195 4192 8eff 1322 58dc";
/// sha256 of tests/fixtures/recibo.png and captura-chat.jpg (`sha256sum`), grouped.
const RECEIPT_SHA: &str =
    "3a45 c8cd b568 b132 0fa4 e068 36be 8b5d e8d3 42a7 b081 0daa dcd1 e47c 4a88 92e5";
const CHAT_SHA: &str =
    "e473 33d4 0f4d 5b7a f2f4 b251 c102 7d8c 9e9c c248 f025 7c2b f794 5d01 b0ba 9cef";
const CONTRACT_SHA: &str =
    "8ecd 5b78 6124 5844 62d1 c102 ff61 f7da e6b1 aad6 bcf1 8b9d 1d66 838d 9228 f9b5";

/// The Spanish sample's chronology, row by row, field by field.
const ES_ROWS: &[&[&str]] = &[
    &[
        "1",
        "3 de agosto de 2026, 10:15 h (UTC−06:00)",
        "Registrado: 3 de agosto de 2026, 16:35 h (UTC)",
        "Teléfono",
        "800 123 4567",
        "Reclamante → proveedor",
        "Duración: 25 min",
        "Lupita (ext. 4410)",
        "Ref. CAN-77812",
        "Cancelar el servicio de Fibra 200 a partir de hoy.",
        "Promesa",
        "Prometido para el 3 de agosto de 2026 (incumplida)",
        "Cancelación registrada; «ya no se le hará ningún cargo».",
    ],
    &[
        "2",
        "2 de septiembre de 2026, 18:40 h (UTC−06:00)",
        // Corrected at 21:05 local: 03:05 the next day in UTC.
        "Registrado: 3 de septiembre de 2026, 03:05 h (UTC)",
        "Chat web",
        "chat de televalle.example.mx",
        "Reclamante → proveedor",
        "Asistente Valeria",
        "Ref. CHT-20260902-118",
        "¿Por qué me cobraron agosto si cancelé el día 3? Pido el reembolso.",
        "Redirigido a otro canal",
        "(corregido, revisión 2)",
        "Lamentamos el inconveniente. Para aclaraciones de cobro comuníquese al 800 123 4567.",
    ],
    &[
        "3",
        "3 de septiembre de 2026, 09:05 h (UTC−06:00)",
        "Registrado: 3 de septiembre de 2026, 15:25 h (UTC)",
        "Teléfono",
        "Duración: 45 min",
        "Jesús Ángel Muñoz",
        "Ref. ACL-55120",
        "Reembolso del cargo de agosto ($1,249.00) y confirmación de la cancelación.",
        "Promesa",
        "Prometido para el 14 de septiembre de 2026 (incumplida)",
        "Se levanta aclaración; el reembolso se verá reflejado en 5 a 7 días hábiles.",
    ],
    &[
        "4",
        "20 de septiembre de 2026, 12:00 h (UTC−06:00)",
        "Registrado: 20 de septiembre de 2026, 18:20 h (UTC)",
        "Redes sociales",
        "X (@TeleValleAyuda)",
        "—",
        "¡Siguen cobrándome después de cancelar! Folio ACL-55120, ¿cuándo llega el reembolso?",
        "Sin respuesta",
        "—",
    ],
    &[
        "5",
        "1 de octubre de 2026, 11:30 h (UTC−06:00)",
        "Registrado: 1 de octubre de 2026, 17:50 h (UTC)",
        "En persona / sucursal",
        "Sucursal Coyoacán",
        "Gerente en turno (no quiso dar su nombre)",
        "Entregar copia del folio de cancelación y pedir el reembolso de agosto y septiembre.",
        "Redirigido a otro canal",
        "En sucursal no se hacen aclaraciones de facturación; debe llamar al 800.",
    ],
    &[
        "6",
        "2 de octubre de 2026, 16:45 h (UTC−06:00)",
        "Registrado: 2 de octubre de 2026, 23:05 h (UTC)",
        "Correo electrónico",
        "aclaraciones@televalle.example.mx",
        "Proveedor → reclamante",
        "Área de Aclaraciones (Lic. Agüero)",
        "Ref. ACL-55120",
        "—",
        "Respuesta genérica",
        "Estimado cliente: lamentamos el inconveniente. Su caso está en revisión y será atendido a la brevedad.",
    ],
    &[
        "7",
        "6 de octubre de 2026, 10:00 h (UTC−06:00)",
        "Registrado: 6 de octubre de 2026, 16:20 h (UTC)",
        "Carta / correo postal",
        "Carta con acuse de recibo, oficialía de partes",
        "Recepción corporativo",
        "Ref. Acuse 3381",
        "Requerimiento formal: reembolso de $3,747.00 MXN en 10 días naturales, constancia de cancelación y bonificación del 20 % (art. 92 TER LFPC).",
        "Promesa",
        "Prometido para el 20 de octubre de 2026 (incumplida)",
        "RECLAMACIÓN FORMAL",
        "Sello de recibido; «el área jurídica le contestará por escrito».",
    ],
    &[
        "8",
        "4 de noviembre de 2026, 13:20 h (UTC−06:00)",
        "Registrado: 4 de noviembre de 2026, 19:40 h (UTC)",
        "Teléfono",
        "Duración: 1 h",
        "Sin agente: menú automático",
        "Seguimiento del acuse 3381.",
        "Sin respuesta",
        "Una hora en espera; la llamada se cortó.",
    ],
];

const EN_ROWS: &[&[&str]] = &[
    &[
        "1",
        "1 June 2026, 14:05 (UTC−05:00)",
        "Recorded: 1 June 2026, 19:25 (UTC)",
        "Chatbot",
        "skyhop app",
        "Claimant → company",
        "Skye (bot)",
        "Refund my cancelled flight to the original card.",
        "Canned reply",
        "We've issued a travel credit for your convenience.",
    ],
    &[
        "2",
        "3 June 2026, 09:30 (UTC−05:00)",
        "Recorded: 3 June 2026, 14:50 (UTC)",
        "Phone",
        "1-800-555-0199",
        "Duration: 40 min",
        "Agent Karen #2231",
        "Ref. RF-99120",
        "Cash refund, not a credit (the airline cancelled).",
        "Promise",
        "Promised by 17 June 2026 (broken)",
        "FORMAL DEMAND",
        "Refund request submitted; 7-10 business days.",
    ],
    &[
        "3",
        "1 July 2026, 08:00 (UTC−05:00)",
        "Recorded: 1 July 2026, 13:20 (UTC)",
        "Email",
        "refunds@skyhop.example",
        "—",
        "Ref. RF-99120",
        "Where is the refund promised for June 17?",
        "No response",
        "—",
    ],
];

fn rows(r: &[&[&str]]) -> Vec<String> {
    r.iter()
        .flat_map(|row| row.iter().map(|s| s.to_string()))
        .collect()
}

/// No ISO-style instant or date anywhere on the page ("2026-10-28T10:15", "2026-10-28").
fn assert_no_machine_dates(flat: &str) {
    let chars: Vec<char> = flat.chars().collect();
    for w in chars.windows(10) {
        let s: String = w.iter().collect();
        let b = s.as_bytes();
        let iso = b.len() == 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..].iter().all(u8::is_ascii_digit);
        assert!(!iso, "a machine date {s:?} is printed");
    }
}

#[test]
fn spanish_case_round_trips_through_pdftotext() {
    let mut b = sample::spanish_case();
    b.case.data.amount = Some(Money {
        minor: 374_700,
        currency: "EUR".into(),
    });
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    let flat = norm(&t);
    // Nothing precedes the cover (the font subsetting glyph list must not survive).
    assert!(
        flat.starts_with("EXPEDIENTE DE RECLAMACIÓN Cobro de Fibra 200"),
        "{}",
        flat.chars().take(80).collect::<String>()
    );

    // The cover and summary, label then value, exactly.
    for s in [
        "Nombre completo María José Núñez Peña",
        "Razón social Telecomunicaciones del Valle, S.A. de C.V.",
        "TVA850101AB1",
        "Correo electrónico mjose.nunez@example.mx",
        "Sitio web https://www.televalle.example.mx",
        "Monto en disputa 3.747,00 €",
        "PROFECO (Procuraduría Federal del Consumidor, México)",
        "Fecha de compra 14 de marzo de 2025",
        "Abierto el 5 de agosto de 2026",
        "Primer contacto 3 de agosto de 2026, 10:15 h (UTC−06:00)",
        "Último contacto 4 de noviembre de 2026, 13:20 h (UTC−06:00)",
        "Fecha de generación 22 de noviembre de 2026, 12:34 h (UTC−06:00)",
        "Última reclamación formal directa 6 de octubre de 2026, 10:00 h (UTC−06:00)",
        "Resumen en cifras",
        "Hechos y pretensiones",
        "Cronología de contactos",
        "Índice de pruebas",
        "Integridad del registro",
        "expediente-cli verify --dossier ARCHIVO.pdf",
        "Generado el 22 de noviembre de 2026, 12:34 h (UTC−06:00)",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    // The fingerprint on the cover, monospaced, grouped, read back exactly.
    assert!(
        flat.contains(&format!("Huella del expediente {ES_FINGERPRINT}")),
        "cover fingerprint"
    );
    assert!(
        flat.contains(&format!(
            "Huella del expediente (cadena de registros, persona reclamante y proveedor) \
             {ES_FINGERPRINT}"
        )),
        "integrity page fingerprint"
    );
    // ... and, apart from it, the head of the case chain alone: sha256("sample chain head es").
    assert!(
        flat.contains(
            "Último eslabón de la cadena de registros \
             b33d dd82 5f47 ef95 28f2 81d6 183c a00c 8744 3ff1 1400 654b e526 1e64 98f1 3c83 \
             Número de registros en la cadena 14"
        ),
        "integrity page chain head"
    );
    assert_no_machine_dates(&flat);

    // Every attempt's fields, in chronological order; each instant whole.
    let chrono_start = t.find("Cronología de contactos").expect("chronology");
    assert_in_order(&t[chrono_start..], &rows(ES_ROWS));
    let chrono = norm(&t[chrono_start..]);
    for row in ES_ROWS {
        assert!(chrono.contains(row[1]), "instant {:?} broken up", row[1]);
        assert!(chrono.contains(row[2]), "recorded {:?} broken up", row[2]);
    }

    // Cover before summary before facts before chronology before evidence before integrity.
    assert_in_order(
        &t,
        &[
            "EXPEDIENTE DE RECLAMACIÓN",
            "Persona reclamante",
            "Proveedor",
            "Resumen en cifras",
            "Hechos",
            "Pretensiones",
            "Cronología de contactos",
            "Índice de pruebas",
            "Anexo: imágenes de las pruebas",
            "Integridad del registro",
            "Cómo verificar este expediente",
        ]
        .map(String::from),
    );
    // The evidence index: name, note, when it was added, type, size, grouped hash, attempt.
    let index = t.find("Índice de pruebas").expect("index");
    assert_in_order(
        &t[index..],
        &[
            "E1",
            "contrato-fibra-200.pdf",
            "Contrato de servicio firmado",
            "añadida el 6 de agosto de 2026, 15:00 h (UTC)",
            "application/pdf",
            "39 bytes",
            CONTRACT_SHA,
            "todo el expediente",
            "E2",
            "recibo-agosto.png",
            "añadida el 7 de agosto de 2026, 15:00 h (UTC)",
            RECEIPT_SHA,
            "#3",
            "E3",
            "captura-chat-2-sep.jpg",
            CHAT_SHA,
            "#2",
        ]
        .map(String::from),
    );
    // The appendix captions print the whole grouped hash on one line.
    assert!(flat.contains(&format!(
        "E2 · recibo-agosto.png · #3 SHA-256 {RECEIPT_SHA}"
    )));
    assert!(flat.contains(&format!(
        "E3 · captura-chat-2-sep.jpg · #2 SHA-256 {CHAT_SHA}"
    )));
    // The correction: record, revision, both instants, reason.
    assert!(flat.contains(
        "2 3 de septiembre de 2026, 03:05 h (UTC) 3 de septiembre de 2026, 00:50 h (UTC) \
         Folio del chat mal copiado (decía CHT-20260902-181)."
    ));
}

#[test]
fn every_page_has_the_footer() {
    let b = sample::spanish_case();
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    let pages: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages.len();
    assert_eq!(
        n, 7,
        "cover+summary, facts, chronology, index, 2 images, integrity"
    );
    for (i, p) in pages.iter().enumerate() {
        let p = norm(p);
        let footer = format!(
            "Cobro de Fibra 200 después de la cancelación — ¿dónde está mi reembolso? \
             Página {} de 7 \
             Generado el 22 de noviembre de 2026, 12:34 h (UTC−06:00) \
             Huella del expediente: {ES_FINGERPRINT}",
            i + 1
        );
        assert!(p.ends_with(&footer), "page {}: {p}", i + 1);
    }
}

#[test]
fn english_case_round_trips_through_pdftotext() {
    let b = sample::english_case();
    assert_eq!(b.case.data.lang, Lang::En);
    let r = render_file(&b, Paper::Letter, &NoFiles);
    let t = text(&r.path);
    let flat = norm(&t);
    for s in [
        "COMPLAINT DOSSIER",
        "Full name Daniel O'Connor",
        "Legal name SkyHop Airlines, Inc.",
        "Amount in dispute $612.40 USD",
        "CFPB (Consumer Financial Protection Bureau, USA)",
        "Purchase date 10 April 2026",
        "Opened on 2 June 2026",
        "First contact 1 June 2026, 14:05 (UTC−05:00)",
        "Last contact 1 July 2026, 08:00 (UTC−05:00)",
        "Generated on 22 November 2026, 12:34 (UTC−06:00)",
        "Last formal direct demand 3 June 2026, 09:30 (UTC−05:00)",
        "Summary in numbers",
        "Chronology of contacts",
        "No evidence attached.",
        "No record has been corrected.",
        "Page 1 of 5",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    assert!(flat.contains(&format!("Case fingerprint {EN_FINGERPRINT}")));
    assert!(flat.contains(&format!("Case fingerprint: {EN_FINGERPRINT}")));
    assert!(!t.contains("Página"), "Spanish label in an English dossier");
    assert!(
        !t.contains(" de 2026"),
        "Spanish date in an English dossier"
    );
    assert_no_machine_dates(&flat);
    let start = t.find("Chronology of contacts").expect("chronology");
    assert_in_order(&t[start..], &rows(EN_ROWS));
    let chrono = norm(&t[start..]);
    for row in EN_ROWS {
        assert!(chrono.contains(row[1]), "instant {:?} broken up", row[1]);
        assert!(chrono.contains(row[2]), "recorded {:?} broken up", row[2]);
    }
}

#[test]
fn metadata_and_fingerprint() {
    let b = sample::spanish_case();
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let hex = "8366d45fe7adb322df0579971a413817154701eca1f7bf45bc852ec37a6acd53";
    assert_eq!(read_fingerprint(&r.bytes).expect("fingerprint"), hex);
    let info = run("pdfinfo", &[], &r.path);
    assert!(
        info.contains("Author:          María José Núñez Peña"),
        "{info}"
    );
    assert!(
        info.contains("Title:           Expediente de reclamación: Cobro de Fibra 200"),
        "{info}"
    );
    assert!(info.contains(hex), "{info}");
    // 12:34:56 at -06:00 is 18:34:56 UTC.
    assert!(
        info.contains("CreationDate:    Sun Nov 22 18:34:56 2026 UTC"),
        "{info}"
    );
    assert!(!info.contains("PDF/X") && !info.contains("PDF/A"), "{info}");

    assert!(read_fingerprint(b"not a pdf").is_err());
    let mut warnings = Vec::new();
    let plain = printpdf::PdfDocument::new("plain")
        .with_pages(vec![printpdf::PdfPage::new(
            printpdf::Mm(210.0),
            printpdf::Mm(297.0),
            vec![],
        )])
        .save(&printpdf::PdfSaveOptions::default(), &mut warnings);
    let err = read_fingerprint(&plain).expect_err("no fingerprint in a plain PDF");
    assert!(err.to_string().contains("fingerprint"), "{err}");
}

#[test]
fn stats_reach_the_summary() {
    let b = sample::spanish_case();
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let flat = norm(&text(&r.path));
    // Counted by hand from the sample: 8 attempts, 2 unanswered, 3 promises all broken.
    for s in [
        "Intentos de contacto 8",
        "Iniciados por el proveedor 1",
        "Intentos sin respuesta 2",
        "Promesas hechas 3",
        "Promesas incumplidas 3",
        "Promesas aún en plazo 0",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
}

#[test]
fn attempts_are_cited_by_their_stable_number() {
    // The chat of 2 September was logged last (number 9); the chronology stays in date
    // order, and every citation — chronology, evidence index, appendix, corrections —
    // uses the number, not the row's position.
    let mut b = sample::spanish_case();
    for a in &mut b.attempts {
        a.number = if a.number == 2 { 9 } else { a.number + 10 };
    }
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    let flat = norm(&t);
    let chrono = flat.find("Cronología de contactos").expect("chronology");
    assert_in_order(
        &flat[chrono..],
        &[
            "11 3 de agosto de 2026, 10:15 h (UTC−06:00)",
            "9 2 de septiembre de 2026, 18:40 h (UTC−06:00)",
            "13 3 de septiembre de 2026, 09:05 h (UTC−06:00)",
            "18 4 de noviembre de 2026, 13:20 h (UTC−06:00)",
        ]
        .map(String::from),
    );
    // Evidence E2 belongs to the 3 September call (#13), E3 to the chat (#9).
    assert!(
        flat.contains("E2 · recibo-agosto.png · #13"),
        "appendix citation"
    );
    assert!(
        flat.contains("E3 · captura-chat-2-sep.jpg · #9"),
        "appendix citation"
    );
    let index = flat.find("Índice de pruebas").expect("index");
    assert_in_order(&flat[index..], &["#13", "#9"].map(String::from));
    // The corrected chat, in the corrections table.
    assert!(flat.contains("Intento #9"), "correction citation");
}

#[test]
fn an_imported_attempt_names_its_file_and_hash() {
    let mut b = sample::spanish_case();
    b.attempts[0].data.imported_from = Some(expediente_core::ImportedFrom {
        file_name: "soporte.mbox".into(),
        file_sha256: "ab12cd34ef56".repeat(5) + "abcd",
        item: "<1@x>".into(),
    });
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let flat = norm(&text(&r.path));
    assert!(
        flat.contains("Importado de soporte.mbox (SHA-256 ab12cd34ef56"),
        "{flat}"
    );
    // Attempts typed by hand say nothing of the kind.
    assert_eq!(flat.matches("Importado de").count(), 1);
}
