//! Text of a message as a person would retype it: quoted history and signatures cut off,
//! the folio or case number the company gave recognised (patterns kept as data, Spanish
//! and English), and a first guess of the outcome from the company's stock phrases.

use std::sync::OnceLock;

use expediente_core::model::Outcome;
use expediente_core::validate::{MAX_LINE, MAX_TEXT};
use regex::Regex;

/// Folio / case / ticket numbers, as companies write them. Each pattern's first group is
/// the number; a number must hold a digit.
pub const FOLIO_PATTERNS: &[&str] = &[
    r"(?i)\b(?:n[úu]mero\s+de\s+)?folio(?:\s+de\s+(?:atenci[óo]n|seguimiento|queja|reporte))?(?:\s+(?:es|is))?\s*(?:n[úu]m(?:ero)?\.?|no\.?)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,39})",
    r"(?i)\b(?:n[úu]mero\s+de\s+)?(?:caso|case|expediente)(?:\s+(?:number|n[úu]mero))?(?:\s+(?:is|es))?\s*(?:n[úu]m\.?|no\.?)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{3,39})",
    r"(?i)\b(?:ticket|reporte|report|incidencia|incident|queja|complaint|solicitud|request|referencia|reference)(?:\s+(?:number|n[úu]mero|id))?\s*(?:n[úu]m\.?|no\.?)?\s*[:#]\s*#?\s*([A-Z0-9][A-Z0-9-]{3,39})",
    r"(?i)\b(?:ticket|reporte|report|incidencia|incident|queja|complaint)\s+#\s*([A-Z0-9][A-Z0-9-]{3,39})",
];

/// Lines that start the quoted history of a reply: everything from there on is cut.
const QUOTE_STARTS: &[&str] = &[
    r"^\s*On .{4,200} wrote:\s*$",
    r"^\s*El .{4,200} escribi[óo]:\s*$",
    r"^\s*-{2,}\s*(?:Original Message|Mensaje original|Forwarded message|Mensaje reenviado)\s*-{2,}\s*$",
    r"^\s*(?:From|De):\s.+$",
    r"^\s*_{10,}\s*$",
];

/// Lines that start a signature or a footer: cut too.
const SIGNATURE_STARTS: &[&str] = &[
    r"^--\s?$",
    r"(?i)^\s*(?:Enviado desde mi|Sent from my|Obtener Outlook para|Get Outlook for)\b",
    r"(?i)^\s*(?:Este correo (?:es|fue) (?:generado|enviado) autom[áa]ticamente|This (?:is an automated|e-?mail was sent automatically))",
    r"(?i)^\s*(?:AVISO DE PRIVACIDAD|CONFIDENTIALITY NOTICE|Aviso de confidencialidad)\b",
];

/// Stock phrases, by the outcome they suggest (checked in order).
const OUTCOME_HINTS: &[(Outcome, &str)] = &[
    (
        Outcome::Refused,
        r"(?i)\b(?:no procede|improcedente|no es posible (?:realizar|atender|otorgar)|rechaz|not eligible|unable to (?:approve|refund)|we cannot (?:offer|refund|approve)|denied|declined)",
    ),
    (
        Outcome::Redirected,
        r"(?i)(?:comun[íi]quese|favor de (?:llamar|acudir)|llame al|acuda a|visite (?:nuestra|la) sucursal|please (?:call|contact|visit)|contact (?:our|the) .{0,30}(?:department|team))",
    ),
    (
        Outcome::Resolved,
        r"(?i)(?:hemos (?:realizado|aplicado) (?:el|la) (?:reembolso|bonificaci[óo]n|cancelaci[óo]n)|your refund has been (?:issued|processed)|problema (?:ha sido )?resuelto|issue (?:has been )?resolved)",
    ),
    (
        Outcome::CannedReply,
        r"(?i)(?:lamentamos (?:el|los) inconvenientes?|disculpe? las molestias|agradecemos su (?:paciencia|preferencia)|estamos (?:revisando|trabajando)|apologi[sz]e for (?:the|any) inconvenience|thank you for your patience|we are (?:looking into|reviewing))",
    ),
];

fn compiled(set: &'static [&'static str], cell: &'static OnceLock<Vec<Regex>>) -> &'static [Regex] {
    cell.get_or_init(|| {
        set.iter()
            .map(|p| Regex::new(&format!("(?m){p}")).expect("built-in pattern"))
            .collect()
    })
}

/// The first folio, case or ticket number in `text` (subject first, then body).
pub fn find_folio(texts: &[&str]) -> Option<String> {
    static C: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = compiled(FOLIO_PATTERNS, &C);
    for t in texts {
        for re in res {
            for c in re.captures_iter(t) {
                let n = c.get(1)?.as_str().trim_end_matches('-');
                if n.chars().any(|ch| ch.is_ascii_digit()) {
                    return Some(n.to_string());
                }
            }
        }
    }
    None
}

/// A reply's own text: quoted history (lines from "On … wrote:" / "El … escribió:" / an
/// "Original Message" rule on, and `>` lines) and the signature cut off.
pub fn strip_quotes_and_signature(body: &str) -> String {
    static Q: OnceLock<Vec<Regex>> = OnceLock::new();
    static S: OnceLock<Vec<Regex>> = OnceLock::new();
    let quotes = compiled(QUOTE_STARTS, &Q);
    let sigs = compiled(SIGNATURE_STARTS, &S);
    let mut out: Vec<&str> = Vec::new();
    for line in body.lines() {
        let l = line.trim_end_matches('\r');
        if quotes.iter().chain(sigs).any(|re| re.is_match(l)) {
            break;
        }
        if l.trim_start().starts_with('>') {
            continue;
        }
        out.push(l);
    }
    let text = out.join("\n");
    // Runs of blank lines to one.
    let mut clean = String::with_capacity(text.len());
    let mut blank = 0;
    for l in text.trim().lines() {
        if l.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        clean.push_str(l.trim_end());
        clean.push('\n');
    }
    clean.trim_end().to_string()
}

/// The outcome a company's words suggest, if any stock phrase is in them.
pub fn outcome_hint(text: &str) -> Option<Outcome> {
    static H: OnceLock<Vec<(Outcome, Regex)>> = OnceLock::new();
    let hints = H.get_or_init(|| {
        OUTCOME_HINTS
            .iter()
            .map(|(o, p)| (*o, Regex::new(p).expect("built-in pattern")))
            .collect()
    });
    hints
        .iter()
        .find(|(_, re)| re.is_match(text))
        .map(|(o, _)| *o)
}

/// `s` cut to `max` characters (with "…" at the end when cut).
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// A single line of at most [`MAX_LINE`] characters, control characters removed.
pub fn line(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cut(one.trim(), MAX_LINE)
}

/// Free text of at most [`MAX_TEXT`] characters.
pub fn text(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    cut(clean.trim(), MAX_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folios_in_spanish_and_english_are_recognised() {
        assert_eq!(
            find_folio(&["Re: Caso 00481277 - Aclaración"]).as_deref(),
            Some("00481277")
        );
        assert_eq!(
            find_folio(&["", "Su Folio: REP-2026-551870 quedó registrado"]).as_deref(),
            Some("REP-2026-551870")
        );
        assert_eq!(
            find_folio(&["[Ticket #88412] Refund request"]).as_deref(),
            Some("88412")
        );
        assert_eq!(
            find_folio(&["Your case number is CS-0099321."]).as_deref(),
            Some("CS-0099321")
        );
        assert_eq!(
            find_folio(&["número de folio de atención 7781234"]).as_deref(),
            Some("7781234")
        );
        // A word after "caso" is not a folio.
        assert_eq!(find_folio(&["En caso de dudas, llámenos"]), None);
    }

    #[test]
    fn quoted_history_and_signatures_are_cut() {
        let body = "Buen día,\n\nSu reembolso está en proceso.\n\n--\nLaura M.\nAtención a clientes\n\nEl lun, 2 mar 2026 a las 10:00, Ana <ana@example.com> escribió:\n> ¿Y mi reembolso?";
        assert_eq!(
            strip_quotes_and_signature(body),
            "Buen día,\n\nSu reembolso está en proceso."
        );
        let en = "We are looking into it.\nSent from my iPhone\n\nOn Mon, Mar 2, 2026 at 10:00 AM Ana wrote:\n> Where is my refund?";
        assert_eq!(strip_quotes_and_signature(en), "We are looking into it.");
    }

    #[test]
    fn stock_phrases_suggest_an_outcome() {
        assert_eq!(
            outcome_hint("Lamentamos el inconveniente, estamos revisando."),
            Some(Outcome::CannedReply)
        );
        assert_eq!(
            outcome_hint("Favor de llamar al 800 123 4567"),
            Some(Outcome::Redirected)
        );
        assert_eq!(
            outcome_hint("Your request is not eligible for a refund"),
            Some(Outcome::Refused)
        );
        assert_eq!(outcome_hint("ok"), None);
    }
}
