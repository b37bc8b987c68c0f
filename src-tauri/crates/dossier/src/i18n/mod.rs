//! Every word the dossier prints, in Spanish and English: the table of labels (one per
//! language, in `es` and `en`), the names of the domain's enums, and — in `numbers` and
//! `dates` — the locale-aware formatting of money, sizes, durations and instants.
//! Layout code never spells a user-visible string itself.

mod dates;
mod en;
mod es;
mod numbers;

use chrono::{DateTime, Utc};
use expediente_core::stats::PromiseState;
use expediente_core::{CaseStatus, Channel, Direction, Lang, Outcome, RecordKind};

pub use dates::*;
pub use en::EN;
pub use es::ES;
pub use numbers::*;

/// All fixed labels of one language.
pub struct Labels {
    pub lang_code: &'static str,
    pub doc_kind: &'static str,
    // footer
    pub generated_at: &'static str,
    pub page_of: &'static str,
    pub fingerprint: &'static str,
    /// The cover's timestamp row: its label, and what it says when stamped / not.
    pub timestamp: &'static str,
    pub timestamp_rfc3161: &'static str,
    pub timestamp_none: &'static str,
    // cover
    pub claimant: &'static str,
    pub full_name: &'static str,
    pub id_document: &'static str,
    pub address: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub company: &'static str,
    pub trade_name: &'static str,
    pub legal_name: &'static str,
    pub tax_id: &'static str,
    pub website: &'static str,
    pub known_channels: &'static str,
    pub the_case: &'static str,
    pub title: &'static str,
    pub product: &'static str,
    pub account_ref: &'static str,
    pub purchase_date: &'static str,
    pub amount: &'static str,
    pub agency: &'static str,
    pub agency_folio: &'static str,
    pub status: &'static str,
    pub opened_on: &'static str,
    pub first_contact: &'static str,
    pub last_contact: &'static str,
    pub filing_deadline: &'static str,
    pub counted_from_purchase: &'static str,
    pub counted_from_demand: &'static str,
    pub generation: &'static str,
    pub not_recorded: &'static str,
    pub not_chosen: &'static str,
    // summary
    pub summary: &'static str,
    pub attempts: &'static str,
    pub from_claimant: &'static str,
    pub from_company: &'static str,
    pub days_since_first: &'static str,
    pub channels_used: &'static str,
    pub no_response: &'static str,
    pub canned_replies: &'static str,
    pub promises_made: &'static str,
    pub promises_broken: &'static str,
    pub promises_pending: &'static str,
    pub redirected: &'static str,
    pub longest_wait: &'static str,
    pub still_waiting: &'static str,
    pub formal_demands: &'static str,
    pub last_formal_demand: &'static str,
    pub none: &'static str,
    // facts
    pub facts_and_requests: &'static str,
    pub facts: &'static str,
    pub requests: &'static str,
    // chronology
    pub chronology: &'static str,
    pub col_no: &'static str,
    pub col_when: &'static str,
    pub col_channel: &'static str,
    pub col_who: &'static str,
    pub col_asked: &'static str,
    pub col_outcome: &'static str,
    pub col_response: &'static str,
    pub continued: &'static str,
    pub recorded: &'static str,
    pub recorded_imported: &'static str,
    pub entered_store: &'static str,
    pub reference: &'static str,
    /// Before the name of the file an attempt was imported from (an e-mail, a chat).
    pub imported_from: &'static str,
    pub duration: &'static str,
    pub promised_by: &'static str,
    pub promise_kept: &'static str,
    pub promise_broken: &'static str,
    pub promise_pending: &'static str,
    pub formal_demand: &'static str,
    pub corrected_rev: &'static str,
    pub no_attempts: &'static str,
    // evidence
    pub evidence_index: &'static str,
    pub col_file: &'static str,
    pub col_type: &'static str,
    pub col_size: &'static str,
    pub col_sha: &'static str,
    pub col_attempt: &'static str,
    pub whole_case: &'static str,
    pub no_evidence: &'static str,
    pub appendix: &'static str,
    pub image_missing: &'static str,
    pub image_mismatch: &'static str,
    pub image_unreadable: &'static str,
    pub added_on: &'static str,
    // imported records: "…, según el archivo importado", "entró a este registro el …"
    pub per_imported_file: &'static str,
    pub entered_store_on: &'static str,
    // integrity
    pub integrity: &'static str,
    pub chain_head: &'static str,
    pub chain_len: &'static str,
    pub chain_last_link: &'static str,
    pub imports: &'static str,
    /// "{n}" records up to, "{when}" imported: one, several, none.
    pub import_one: &'static str,
    pub import_many: &'static str,
    pub import_none: &'static str,
    pub import_file_sha: &'static str,
    pub corrections: &'static str,
    pub no_corrections: &'static str,
    pub col_record: &'static str,
    pub col_revision: &'static str,
    pub col_recorded: &'static str,
    pub col_previous: &'static str,
    pub col_reason: &'static str,
    pub unknown_previous: &'static str,
    pub how_to_verify: &'static str,
    /// What the chain and the fingerprint are, leading into the numbered steps.
    pub verify_intro: &'static str,
    /// Step 1: the attachments panel and what is inside.
    pub verify_attachments: &'static str,
    /// Step 2: an evidence file's SHA-256 against the evidence index: lead-in, the command
    /// on each system (system, command), what the result must equal.
    pub verify_hash: &'static str,
    pub verify_hash_commands: [(&'static str, &'static str); 3],
    pub verify_hash_match: &'static str,
    /// Step 3: `verify --dossier` with the PDF alone: lead-in, command, what it checks.
    pub verify_alone: &'static str,
    pub verify_alone_command: &'static str,
    pub verify_alone_checks: &'static str,
    /// Step 4: the same command with the person's data folder: what it adds, then how.
    pub verify_data: &'static str,
    pub verify_data_command: &'static str,
    /// Step 5: what cannot be checked (the clock, no third-party timestamp), without and
    /// with imports in the case.
    pub verify_limits: &'static str,
    pub verify_limits_imports: &'static str,
    pub replaced_chars_note: &'static str,
    pub not_pdfa_note: &'static str,
    // dates: month names, "{d} de {month} de {y}", and "{time} h ({zone})" after the date
    pub months: [&'static str; 12],
    pub date_pattern: &'static str,
    pub clock_pattern: &'static str,
    // units
    pub bytes: &'static str,
    pub day_one: &'static str,
    pub day_many: &'static str,
    pub hours_short: &'static str,
    pub minutes_short: &'static str,
    pub seconds_short: &'static str,
    pub yes: &'static str,
}

/// The label table of a language.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

pub fn channel(lang: Lang, c: Channel) -> &'static str {
    let (es, en) = match c {
        Channel::Phone => ("Teléfono", "Phone"),
        Channel::Email => ("Correo electrónico", "Email"),
        Channel::WebChat => ("Chat web", "Web chat"),
        Channel::Chatbot => ("Chatbot", "Chatbot"),
        Channel::SocialMedia => ("Redes sociales", "Social media"),
        Channel::Whatsapp => ("WhatsApp", "WhatsApp"),
        Channel::Sms => ("SMS", "SMS"),
        Channel::InPerson => ("En persona / sucursal", "In person / store"),
        Channel::Letter => ("Carta / correo postal", "Letter / post"),
        Channel::WebForm => ("Formulario web", "Web form"),
        Channel::Other => ("Otro", "Other"),
    };
    pick(lang, es, en)
}

pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    let (es, en) = match o {
        Outcome::NoResponse => ("Sin respuesta", "No response"),
        Outcome::CannedReply => ("Respuesta genérica", "Canned reply"),
        Outcome::Redirected => ("Redirigido a otro canal", "Redirected elsewhere"),
        Outcome::Promise => ("Promesa", "Promise"),
        Outcome::PartialFix => ("Solución parcial", "Partial fix"),
        Outcome::Refused => ("Negativa", "Refused"),
        Outcome::Resolved => ("Resuelto", "Resolved"),
    };
    pick(lang, es, en)
}

pub fn direction(lang: Lang, d: Direction) -> &'static str {
    let (es, en) = match d {
        Direction::ToCompany => ("Reclamante → proveedor", "Claimant → company"),
        Direction::FromCompany => ("Proveedor → reclamante", "Company → claimant"),
    };
    pick(lang, es, en)
}

pub fn status(lang: Lang, s: CaseStatus) -> &'static str {
    let (es, en) = match s {
        CaseStatus::Open => ("Abierto", "Open"),
        CaseStatus::Waiting => ("En espera de respuesta", "Waiting for an answer"),
        CaseStatus::Escalated => ("Escalado a la autoridad", "Escalated to the agency"),
        CaseStatus::Resolved => ("Resuelto", "Resolved"),
        CaseStatus::ClosedUnresolved => ("Cerrado sin resolver", "Closed unresolved"),
    };
    pick(lang, es, en)
}

pub fn record_kind(lang: Lang, k: RecordKind) -> &'static str {
    let (es, en) = match k {
        RecordKind::Claimant => ("Persona reclamante", "Claimant"),
        RecordKind::Company => ("Proveedor", "Company"),
        RecordKind::Case => ("Expediente", "Case"),
        RecordKind::Attempt => ("Intento", "Attempt"),
        RecordKind::Evidence => ("Prueba", "Evidence"),
        RecordKind::Import => ("Importación", "Import"),
    };
    pick(lang, es, en)
}

pub fn promise_state(lang: Lang, s: PromiseState) -> &'static str {
    let l = labels(lang);
    match s {
        PromiseState::Kept => l.promise_kept,
        PromiseState::Broken => l.promise_broken,
        PromiseState::Pending => l.promise_pending,
    }
}

/// The display name of a target agency's profile code (from its profile,
/// `expediente_core::agency`); unknown codes print as given.
pub fn agency(lang: Lang, code: &str) -> String {
    let code = code.trim();
    match expediente_core::agency::find(&code.to_ascii_lowercase()) {
        Some(a) => a.full_name.get(lang).to_string(),
        None if code.is_empty() => labels(lang).not_chosen.to_string(),
        None => code.to_string(),
    }
}

fn pick(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// An import in plain words: "Los registros 1 a 13 se importaron el 10 de octubre de
/// 2026, 17:07 h (UTC) desde un archivo; sus horas de registro son las que declara ese
/// archivo, no las de este registro." `records` is how many links the file brought.
pub fn import_sentence(lang: Lang, records: u32, imported_at: &DateTime<Utc>) -> String {
    let l = labels(lang);
    let pattern = match records {
        0 => l.import_none,
        1 => l.import_one,
        _ => l.import_many,
    };
    pattern
        .replace("{n}", &records.to_string())
        .replace("{when}", &instant_utc(lang, imported_at))
}

/// "Página 3 de 12".
pub fn page_of(lang: Lang, x: usize, y: usize) -> String {
    labels(lang)
        .page_of
        .replace("{x}", &x.to_string())
        .replace("{y}", &y.to_string())
}

/// What an archival dossier's evidence index says about the files it carries inside.
pub struct Attached {
    /// Every original is inside.
    pub all_inside: &'static str,
    /// Some are not: followed by one line per file left out.
    pub inside_except: &'static str,
    /// "{size}" is replaced by the file's size.
    pub over_limit: &'static str,
    pub unavailable: &'static str,
}

pub fn attached(lang: Lang) -> &'static Attached {
    match lang {
        Lang::Es => &Attached {
            all_inside: "Este PDF lleva dentro, como archivos adjuntos, la exportación completa del caso (expediente-case.json) y el original de cada prueba de esta lista.",
            inside_except: "Este PDF lleva dentro, como archivos adjuntos, la exportación completa del caso (expediente-case.json) y el original de cada prueba de esta lista, salvo estas, que no van dentro:",
            over_limit: "supera el límite de tamaño para adjuntar ({size})",
            unavailable: "el archivo no estaba disponible o no coincide con su SHA-256",
        },
        Lang::En => &Attached {
            all_inside: "This PDF carries, as attached files, the full case export (expediente-case.json) and the original of every evidence file listed here.",
            inside_except: "This PDF carries, as attached files, the full case export (expediente-case.json) and the original of every evidence file listed here, except these, which are not inside:",
            over_limit: "over the size limit for attaching ({size})",
            unavailable: "the file was not available or does not match its SHA-256",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enum_value_has_both_languages() {
        for lang in [Lang::Es, Lang::En] {
            for c in Channel::ALL {
                assert!(!channel(lang, c).is_empty());
            }
            for o in Outcome::ALL {
                assert!(!outcome(lang, o).is_empty());
            }
            for s in CaseStatus::ALL {
                assert!(!status(lang, s).is_empty());
            }
        }
        assert_eq!(outcome(Lang::Es, Outcome::NoResponse), "Sin respuesta");
        assert_eq!(page_of(Lang::Es, 2, 9), "Página 2 de 9");
        assert_eq!(page_of(Lang::En, 2, 9), "Page 2 of 9");
    }

    #[test]
    fn an_import_reads_in_plain_words_with_its_count() {
        let at = DateTime::parse_from_rfc3339("2026-12-02T05:07:30Z")
            .expect("instant")
            .with_timezone(&Utc);
        assert_eq!(
            import_sentence(Lang::Es, 16, &at),
            "Los registros 1 a 16 se importaron el 2 de diciembre de 2026, 05:07 h (UTC) \
             desde un archivo; sus horas de registro son las que declara ese archivo, no las \
             de este registro."
        );
        assert_eq!(
            import_sentence(Lang::Es, 1, &at),
            "El registro 1 se importó el 2 de diciembre de 2026, 05:07 h (UTC) desde un \
             archivo; su hora de registro es la que declara ese archivo, no la de este registro."
        );
        assert_eq!(
            import_sentence(Lang::Es, 0, &at),
            "El 2 de diciembre de 2026, 05:07 h (UTC) se importó un archivo sin registros."
        );
        assert_eq!(
            import_sentence(Lang::En, 16, &at),
            "Records 1 to 16 were imported on 2 December 2026, 05:07 (UTC) from a file; the \
             times they were recorded are the ones that file declares, not times witnessed here."
        );
        assert_eq!(
            import_sentence(Lang::En, 1, &at),
            "Record 1 was imported on 2 December 2026, 05:07 (UTC) from a file; the time it \
             was recorded is the one that file declares, not a time witnessed here."
        );
        assert_eq!(
            import_sentence(Lang::En, 0, &at),
            "A file with no records was imported on 2 December 2026, 05:07 (UTC)."
        );
    }
}
