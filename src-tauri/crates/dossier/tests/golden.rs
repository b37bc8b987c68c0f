//! Golden tests through `pdftotext`: every attempt's fields come out of the PDF as real
//! text, in order and exactly (accents, ¿¡ñü€ included), in Spanish and in English; the
//! footer is on every page; metadata and the fingerprint read back.

mod common;

use common::*;
use expediente_core::{stats, Lang, Money};
use expediente_dossier::{i18n, read_fingerprint, sample, NoFiles, Paper};

fn attempt_fields(b: &expediente_core::CaseBundle) -> Vec<String> {
    let lang = b.case.data.lang;
    let l = i18n::labels(lang);
    let mut v = Vec::new();
    for (i, a) in b.attempts.iter().enumerate() {
        let d = &a.data;
        v.push(format!("{}", i + 1));
        v.extend(i18n::when_lines(&d.happened_at));
        v.push(l.recorded.into());
        v.extend(i18n::utc_lines(&a.meta.recorded_at));
        v.push(i18n::channel(lang, d.channel).into());
        v.push(d.channel_detail.clone());
        v.push(i18n::direction(lang, d.direction).into());
        if let Some(s) = d.duration_secs {
            v.push(format!(
                "{}: {}",
                l.duration,
                i18n::duration(lang, i64::from(s))
            ));
        }
        v.push(if d.agent.is_empty() {
            "—".into()
        } else {
            d.agent.clone()
        });
        if !d.reference.is_empty() {
            v.push(format!("{} {}", l.reference, d.reference));
        }
        v.push(if d.asked.is_empty() {
            "—".into()
        } else {
            d.asked.clone()
        });
        v.push(i18n::outcome(lang, d.outcome).into());
        if let Some(p) = d.promised_by {
            v.push(format!("{} {}", l.promised_by, i18n::date(&p)));
        }
        if d.formal_demand {
            v.push(l.formal_demand.into());
        }
        v.push(if d.response.is_empty() {
            "—".into()
        } else {
            d.response.clone()
        });
    }
    v
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

    // Exact strings with accents and Spanish punctuation, as typed.
    for s in [
        "María José Núñez Peña",
        "Telecomunicaciones del Valle, S.A. de C.V.",
        "TVA850101AB1",
        "3.747,00 €",
        "PROFECO (Procuraduría Federal del Consumidor, México)",
        "¡Siguen cobrándome después de cancelar!",
        "¿Por qué me cobraron agosto si cancelé el día 3?",
        "Área de Aclaraciones (Lic. Agüero)",
        "Jesús Ángel Muñoz",
        "Resumen en cifras",
        "Hechos y pretensiones",
        "Cronología de contactos",
        "Índice de pruebas",
        "Integridad del registro",
        "expediente-cli verify --dossier FILE.pdf",
        "Generado el 2026-11-22T12:34:56-06:00",
        "Sin respuesta",
        "Redirigido a otro canal",
        "Reclamante → proveedor",
        "RECLAMACIÓN FORMAL",
        "2026-09-20 12:00:00 UTC-06:00 Registrado: 2026-09-20 18:20:00 UTC",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    // Every attempt's fields, in chronological order.
    let chrono_start = t.find("Cronología de contactos").expect("chronology");
    assert_in_order(&t[chrono_start..], &attempt_fields(&b));

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
    // The evidence index lists each file with its hash and attempt.
    for e in &b.evidence {
        assert_in_order(&t, &[e.data.original_name.clone(), e.data.sha256.clone()]);
    }
    // The correction with its reason.
    assert!(flat.contains("Folio del chat mal copiado (decía CHT-20260902-181)."));
}

#[test]
fn every_page_has_the_footer() {
    let b = sample::spanish_case();
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    let pages: Vec<&str> = t.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    let n = pages.len();
    assert!(n >= 6, "{n} pages");
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Página {} de {n}", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            p.contains("Generado el 2026-11-22T12:34:56-06:00"),
            "page {}",
            i + 1
        );
        assert!(
            p.contains(&format!("Huella del expediente: {}", b.fingerprint)),
            "page {}",
            i + 1
        );
        assert!(
            p.contains("Cobro de Fibra 200 después de la cancelación"),
            "page {}",
            i + 1
        );
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
        "Daniel O'Connor",
        "SkyHop Airlines, Inc.",
        "$612.40 USD",
        "CFPB (Consumer Financial Protection Bureau, USA)",
        "Summary in numbers",
        "Chronology of contacts",
        "Canned reply",
        "Claimant → company",
        "FORMAL DEMAND",
        "No evidence attached.",
        "No record has been corrected.",
        "Generated at 2026-11-22T12:34:56-06:00",
        "Page 1 of",
        "Case fingerprint:",
    ] {
        assert!(flat.contains(s), "missing {s:?}");
    }
    assert!(!t.contains("Página"), "Spanish label in an English dossier");
    let start = t.find("Chronology of contacts").expect("chronology");
    assert_in_order(&t[start..], &attempt_fields(&b));
}

#[test]
fn metadata_and_fingerprint() {
    let b = sample::spanish_case();
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    assert_eq!(
        read_fingerprint(&r.bytes).expect("fingerprint"),
        b.fingerprint
    );
    let info = run("pdfinfo", &[], &r.path);
    assert!(
        info.contains("Author:          María José Núñez Peña"),
        "{info}"
    );
    assert!(
        info.contains("Title:           Expediente de reclamación: Cobro de Fibra 200"),
        "{info}"
    );
    assert!(info.contains(&b.fingerprint), "{info}");
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
    let s = stats::compute(&b.attempts, sample::generated_at());
    let r = render_file(&b, Paper::A4, &sample::SampleFiles);
    let t = text(&r.path);
    assert_in_order(
        &t,
        &[
            format!("Intentos de contacto {}", s.attempts),
            format!("Intentos sin respuesta {}", s.no_response),
            format!("Promesas hechas {}", s.promises_made),
            format!("Promesas incumplidas {}", s.promises_broken),
        ],
    );
}
