//! Every word the dossier prints, in Spanish and English: one table of labels per language,
//! the names of the domain's enums, and the locale-aware formatting of money, sizes,
//! durations and timestamps. Layout code never spells a user-visible string itself.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use expediente_core::stats::PromiseState;
use expediente_core::{CaseStatus, Channel, Direction, Lang, Money, Outcome, RecordKind};

/// All fixed labels of one language.
pub struct Labels {
    pub lang_code: &'static str,
    pub doc_kind: &'static str,
    // footer
    pub generated_at: &'static str,
    pub page_of: &'static str,
    pub fingerprint: &'static str,
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
    pub reference: &'static str,
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
    pub no_images: &'static str,
    pub image_missing: &'static str,
    pub image_mismatch: &'static str,
    pub image_unreadable: &'static str,
    pub added_on: &'static str,
    // integrity
    pub integrity: &'static str,
    pub chain_head: &'static str,
    pub chain_len: &'static str,
    pub corrections: &'static str,
    pub no_corrections: &'static str,
    pub col_record: &'static str,
    pub col_revision: &'static str,
    pub col_recorded: &'static str,
    pub col_previous: &'static str,
    pub col_reason: &'static str,
    pub unknown_previous: &'static str,
    pub how_to_verify: &'static str,
    pub verify_text: &'static str,
    pub verify_command_intro: &'static str,
    pub verify_evidence: &'static str,
    pub replaced_chars_note: &'static str,
    pub not_pdfa_note: &'static str,
    // units
    pub bytes: &'static str,
    pub day_one: &'static str,
    pub day_many: &'static str,
    pub hours_short: &'static str,
    pub minutes_short: &'static str,
    pub seconds_short: &'static str,
    pub yes: &'static str,
}

pub static ES: Labels = Labels {
    lang_code: "es",
    doc_kind: "Expediente de reclamación",
    generated_at: "Generado el",
    page_of: "Página {x} de {y}",
    fingerprint: "Huella del expediente",
    claimant: "Persona reclamante",
    full_name: "Nombre completo",
    id_document: "Identificación",
    address: "Domicilio",
    phone: "Teléfono",
    email: "Correo electrónico",
    company: "Proveedor",
    trade_name: "Nombre comercial",
    legal_name: "Razón social",
    tax_id: "Identificación fiscal (RFC/NIT/RUT)",
    website: "Sitio web",
    known_channels: "Canales de contacto",
    the_case: "La reclamación",
    title: "Asunto",
    product: "Producto o servicio",
    account_ref: "Cuenta, contrato o pedido",
    purchase_date: "Fecha de compra",
    amount: "Monto en disputa",
    agency: "Autoridad destinataria",
    agency_folio: "Folio ante la autoridad",
    status: "Estado",
    opened_on: "Abierto el",
    first_contact: "Primer contacto",
    last_contact: "Último contacto",
    filing_deadline: "Plazo para presentar la queja",
    counted_from_purchase: "un año desde la compra",
    counted_from_demand: "un año desde el último requerimiento formal al proveedor",
    generation: "Fecha de generación",
    not_recorded: "(no registrado)",
    not_chosen: "(sin elegir)",
    summary: "Resumen en cifras",
    attempts: "Intentos de contacto",
    from_claimant: "Iniciados por la persona reclamante",
    from_company: "Iniciados por el proveedor",
    days_since_first: "Días desde el primer contacto",
    channels_used: "Canales utilizados",
    no_response: "Intentos sin respuesta",
    canned_replies: "Respuestas genéricas",
    promises_made: "Promesas hechas",
    promises_broken: "Promesas incumplidas",
    promises_pending: "Promesas aún en plazo",
    redirected: "Veces que se le redirigió a otro canal",
    longest_wait: "Espera más larga por una respuesta",
    still_waiting: "(sigue sin respuesta)",
    formal_demands: "Reclamaciones formales directas (art. 105 LFPC)",
    last_formal_demand: "Última reclamación formal directa",
    none: "ninguno",
    facts_and_requests: "Hechos y pretensiones",
    facts: "Hechos",
    requests: "Pretensiones (lo que se solicita)",
    chronology: "Cronología de contactos",
    col_no: "#",
    col_when: "Fecha y hora",
    col_channel: "Canal y dirección",
    col_who: "Quién y referencia",
    col_asked: "Lo que se pidió",
    col_outcome: "Resultado",
    col_response: "Respuesta",
    continued: "(cont.)",
    recorded: "Registrado:",
    reference: "Ref.",
    duration: "Duración",
    promised_by: "Prometido para el",
    promise_kept: "cumplida",
    promise_broken: "incumplida",
    promise_pending: "en plazo",
    formal_demand: "RECLAMACIÓN FORMAL",
    corrected_rev: "corregido, revisión",
    no_attempts: "No hay intentos de contacto registrados.",
    evidence_index: "Índice de pruebas",
    col_file: "Archivo",
    col_type: "Tipo",
    col_size: "Tamaño",
    col_sha: "SHA-256",
    col_attempt: "Intento",
    whole_case: "todo el expediente",
    no_evidence: "No hay pruebas adjuntas.",
    appendix: "Anexo: imágenes de las pruebas",
    no_images: "Ninguna prueba es una imagen PNG o JPEG.",
    image_missing: "El archivo no está disponible al generar este expediente.",
    image_mismatch: "El contenido del archivo no coincide con su SHA-256; no se muestra.",
    image_unreadable: "La imagen no se pudo leer; no se muestra.",
    added_on: "añadida el",
    integrity: "Integridad del registro",
    chain_head: "Huella del expediente (cadena de registros, persona reclamante y proveedor)",
    chain_len: "Número de registros en la cadena",
    corrections: "Correcciones (revisiones posteriores a la original)",
    no_corrections: "Ningún registro ha sido corregido.",
    col_record: "Registro",
    col_revision: "Revisión",
    col_recorded: "Registrada el (UTC)",
    col_previous: "Versión anterior registrada el (UTC)",
    col_reason: "Motivo",
    unknown_previous: "(no incluida)",
    how_to_verify: "Cómo verificar este expediente",
    verify_text: "Cada intento, prueba y corrección se guardó sin borrar lo anterior y se encadenó con SHA-256 al registro previo. La huella impresa al pie de cada página es el último eslabón de esa cadena: si alguien modifica, borra o reordena un registro, la huella recalculada deja de coincidir.",
    verify_command_intro: "Con la base de datos de Expediente o su exportación, ejecute:",
    verify_evidence: "Cada archivo de prueba puede comprobarse por separado calculando su SHA-256 (por ejemplo con «sha256sum ARCHIVO») y comparándolo con el índice de pruebas.",
    replaced_chars_note: "Algunos caracteres no admitidos por la tipografía incrustada (por ejemplo, escrituras de derecha a izquierda o CJK) se muestran como [U+XXXX], su código Unicode.",
    not_pdfa_note: "Este PDF no declara conformidad PDF/A.",
    bytes: "bytes",
    day_one: "día",
    day_many: "días",
    hours_short: "h",
    minutes_short: "min",
    seconds_short: "s",
    yes: "sí",
};

pub static EN: Labels = Labels {
    lang_code: "en",
    doc_kind: "Complaint dossier",
    generated_at: "Generated at",
    page_of: "Page {x} of {y}",
    fingerprint: "Case fingerprint",
    claimant: "Claimant",
    full_name: "Full name",
    id_document: "ID document",
    address: "Address",
    phone: "Phone",
    email: "Email",
    company: "Company",
    trade_name: "Trade name",
    legal_name: "Legal name",
    tax_id: "Tax id",
    website: "Website",
    known_channels: "Contact channels",
    the_case: "The complaint",
    title: "Subject",
    product: "Product or service",
    account_ref: "Account, contract or order",
    purchase_date: "Purchase date",
    amount: "Amount in dispute",
    agency: "Target agency",
    agency_folio: "Agency reference",
    status: "Status",
    opened_on: "Opened on",
    first_contact: "First contact",
    last_contact: "Last contact",
    filing_deadline: "Deadline to file the complaint",
    counted_from_purchase: "one year from the purchase",
    counted_from_demand: "one year from the last formal demand to the provider",
    generation: "Generated at",
    not_recorded: "(not recorded)",
    not_chosen: "(not chosen)",
    summary: "Summary in numbers",
    attempts: "Contact attempts",
    from_claimant: "Started by the claimant",
    from_company: "Started by the company",
    days_since_first: "Days since first contact",
    channels_used: "Channels used",
    no_response: "Attempts with no response",
    canned_replies: "Canned replies",
    promises_made: "Promises made",
    promises_broken: "Promises broken",
    promises_pending: "Promises not yet due",
    redirected: "Times redirected to another channel",
    longest_wait: "Longest wait for an answer",
    still_waiting: "(still unanswered)",
    formal_demands: "Formal direct demands",
    last_formal_demand: "Last formal direct demand",
    none: "none",
    facts_and_requests: "Facts and requests",
    facts: "Facts",
    requests: "What the claimant asks for",
    chronology: "Chronology of contacts",
    col_no: "#",
    col_when: "Date and time",
    col_channel: "Channel and direction",
    col_who: "Who and reference",
    col_asked: "What was asked",
    col_outcome: "Outcome",
    col_response: "Response",
    continued: "(cont.)",
    recorded: "Recorded:",
    reference: "Ref.",
    duration: "Duration",
    promised_by: "Promised by",
    promise_kept: "kept",
    promise_broken: "broken",
    promise_pending: "not yet due",
    formal_demand: "FORMAL DEMAND",
    corrected_rev: "corrected, revision",
    no_attempts: "No contact attempts recorded.",
    evidence_index: "Evidence index",
    col_file: "File",
    col_type: "Type",
    col_size: "Size",
    col_sha: "SHA-256",
    col_attempt: "Attempt",
    whole_case: "whole case",
    no_evidence: "No evidence attached.",
    appendix: "Appendix: evidence images",
    no_images: "No evidence file is a PNG or JPEG image.",
    image_missing: "The file was not available when this dossier was generated.",
    image_mismatch: "The file's content does not match its SHA-256; not shown.",
    image_unreadable: "The image could not be read; not shown.",
    added_on: "added on",
    integrity: "Integrity of the record",
    chain_head: "Case fingerprint (record chain, claimant and company)",
    chain_len: "Number of records in the chain",
    corrections: "Corrections (revisions after the original)",
    no_corrections: "No record has been corrected.",
    col_record: "Record",
    col_revision: "Revision",
    col_recorded: "Recorded at (UTC)",
    col_previous: "Previous version recorded at (UTC)",
    col_reason: "Reason",
    unknown_previous: "(not included)",
    how_to_verify: "How to verify this dossier",
    verify_text: "Every attempt, piece of evidence and correction was stored without erasing what came before, and chained with SHA-256 to the previous record. The fingerprint printed at the foot of every page is the last link of that chain: if anyone alters, deletes or reorders a record, the recomputed fingerprint no longer matches.",
    verify_command_intro: "With the Expediente database or its export, run:",
    verify_evidence: "Each evidence file can be checked on its own by computing its SHA-256 (for example with \"sha256sum FILE\") and comparing it with the evidence index.",
    replaced_chars_note: "Some characters the embedded typeface does not support (for example right-to-left or CJK scripts) are shown as [U+XXXX], their Unicode code point.",
    not_pdfa_note: "This PDF does not claim PDF/A conformance.",
    bytes: "bytes",
    day_one: "day",
    day_many: "days",
    hours_short: "h",
    minutes_short: "min",
    seconds_short: "s",
    yes: "yes",
};

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

/// The display name of a target agency's profile code; unknown codes print as given.
pub fn agency(lang: Lang, code: &str) -> String {
    let known = match code.trim().to_ascii_lowercase().as_str() {
        "profeco" => Some((
            "PROFECO (Procuraduría Federal del Consumidor, México)",
            "PROFECO (Federal Consumer Protection Agency, Mexico)",
        )),
        "condusef" => Some(("CONDUSEF (México)", "CONDUSEF (Mexico)")),
        "cfpb" => Some((
            "CFPB (Consumer Financial Protection Bureau, EE. UU.)",
            "CFPB (Consumer Financial Protection Bureau, USA)",
        )),
        "sernac" => Some(("SERNAC (Chile)", "SERNAC (Chile)")),
        "sic" => Some((
            "SIC (Superintendencia de Industria y Comercio, Colombia)",
            "SIC (Superintendence of Industry and Commerce, Colombia)",
        )),
        "indecopi" => Some(("INDECOPI (Perú)", "INDECOPI (Peru)")),
        "consumo" => Some(("OMIC / Consumo (España)", "OMIC / Consumo (Spain)")),
        _ => None,
    };
    match known {
        Some((es, en)) => pick(lang, es, en).to_string(),
        None if code.trim().is_empty() => labels(lang).not_chosen.to_string(),
        None => code.to_string(),
    }
}

fn pick(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// Groups the digits of a non-negative integer with `sep` every three digits.
fn group_digits(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A whole number with thousands separators ("1,234").
pub fn count(n: u64) -> String {
    group_digits(n, ',')
}

/// Money in minor units with its currency: "$1,234.50 MXN", "1.234,50 €" (euros in
/// Spanish follow Spain's convention), "€1,234.50" in English.
pub fn money(lang: Lang, m: &Money) -> String {
    let code = m.currency.trim().to_ascii_uppercase();
    let decimals: u32 = match code.as_str() {
        "CLP" | "JPY" | "KRW" | "PYG" | "ISK" => 0,
        _ => 2,
    };
    let neg = m.minor < 0;
    let abs = m.minor.unsigned_abs();
    let scale = 10u64.pow(decimals);
    let (units, cents) = (abs / scale, abs % scale);
    let sign = if neg { "-" } else { "" };
    let euro_es = code == "EUR" && lang == Lang::Es;
    let (thousands, dec_sep) = if euro_es { ('.', ',') } else { (',', '.') };
    let mut number = group_digits(units, thousands);
    if decimals > 0 {
        number.push(dec_sep);
        number.push_str(&format!("{:0width$}", cents, width = decimals as usize));
    }
    match code.as_str() {
        "EUR" if euro_es => format!("{sign}{number} €"),
        "EUR" => format!("{sign}€{number}"),
        "GBP" => format!("{sign}£{number}"),
        "MXN" | "USD" | "COP" | "CLP" | "ARS" | "CAD" | "UYU" => {
            format!("{sign}${number} {code}")
        }
        "PEN" => format!("{sign}S/ {number}"),
        _ => format!("{sign}{number} {code}"),
    }
}

/// A file size: "245.3 KB (251,187 bytes)".
pub fn size(lang: Lang, bytes: u64) -> String {
    let l = labels(lang);
    let exact = format!("{} {}", count(bytes), l.bytes);
    if bytes < 1024 {
        return exact;
    }
    let (value, unit) = if bytes < 1024 * 1024 {
        (bytes as f64 / 1024.0, "KB")
    } else if bytes < 1024 * 1024 * 1024 {
        (bytes as f64 / (1024.0 * 1024.0), "MB")
    } else {
        (bytes as f64 / (1024.0 * 1024.0 * 1024.0), "GB")
    };
    format!("{value:.1} {unit} ({exact})")
}

/// A duration in seconds: "3 días 4 h 5 min", "45 s".
pub fn duration(lang: Lang, secs: i64) -> String {
    let l = labels(lang);
    let secs = secs.max(0);
    let (d, h, m, s) = (
        secs / 86_400,
        (secs % 86_400) / 3600,
        (secs % 3600) / 60,
        secs % 60,
    );
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!(
            "{d} {}",
            if d == 1 { l.day_one } else { l.day_many }
        ));
    }
    if h > 0 {
        parts.push(format!("{h} {}", l.hours_short));
    }
    if m > 0 && d == 0 {
        parts.push(format!("{m} {}", l.minutes_short));
    }
    if parts.is_empty() {
        parts.push(format!("{s} {}", l.seconds_short));
    }
    parts.join(" ")
}

/// A timestamp with its UTC offset, to the second: "2026-11-22T12:34:56-06:00".
pub fn timestamp(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A UTC instant: "2026-11-22T18:34:56Z".
pub fn utc(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A calendar date: "2026-11-22".
pub fn date(d: &NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Date, clock time and UTC offset on three lines for the chronology:
/// ("2026-11-22", "12:34:56", "UTC-06:00").
pub fn when_lines(t: &DateTime<FixedOffset>) -> [String; 3] {
    [
        t.format("%Y-%m-%d").to_string(),
        t.format("%H:%M:%S").to_string(),
        t.format("UTC%:z").to_string(),
    ]
}

/// When a record was written, in UTC, on two lines: ("2026-11-22", "18:34:56 UTC").
pub fn utc_lines(t: &DateTime<Utc>) -> [String; 2] {
    [
        t.format("%Y-%m-%d").to_string(),
        t.format("%H:%M:%S UTC").to_string(),
    ]
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
    fn money_formats_by_currency_and_language() {
        let m = |minor, c: &str| Money {
            minor,
            currency: c.into(),
        };
        assert_eq!(money(Lang::Es, &m(123_450, "MXN")), "$1,234.50 MXN");
        assert_eq!(money(Lang::Es, &m(123_450, "EUR")), "1.234,50 €");
        assert_eq!(money(Lang::En, &m(123_450, "EUR")), "€1,234.50");
        assert_eq!(money(Lang::En, &m(5, "USD")), "$0.05 USD");
        assert_eq!(money(Lang::Es, &m(1_990_000, "CLP")), "$1,990,000 CLP");
        assert_eq!(money(Lang::En, &m(-100, "XYZ")), "-1.00 XYZ");
    }

    #[test]
    fn durations_and_sizes() {
        assert_eq!(duration(Lang::Es, 3 * 86_400 + 4 * 3600 + 60), "3 días 4 h");
        assert_eq!(duration(Lang::En, 86_400), "1 day");
        assert_eq!(duration(Lang::En, 125), "2 min");
        assert_eq!(duration(Lang::Es, 7), "7 s");
        assert_eq!(size(Lang::En, 512), "512 bytes");
        assert_eq!(size(Lang::Es, 2048), "2.0 KB (2,048 bytes)");
    }

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
}
