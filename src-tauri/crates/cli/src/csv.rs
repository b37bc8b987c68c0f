//! The chronology as CSV (RFC 4180) for spreadsheets: one row per attempt's latest
//! revision, oldest first, with a UTF-8 byte-order mark so Excel reads accents right.

use expediente_core::Attempt;

const HEADER: [&str; 16] = [
    "id",
    "revision",
    "happened_at",
    "recorded_at",
    "direction",
    "channel",
    "channel_detail",
    "agent",
    "reference",
    "duration_secs",
    "asked",
    "outcome",
    "response",
    "promised_by",
    "formal_demand",
    "reason",
];

/// Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"),
/// with their full-width forms, which some spreadsheets fold to the ASCII ones.
const FORMULA_START: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet could run `s` as a formula: it starts with a formula character,
/// with a tab, carriage return or line feed (OWASP's list), or with any run of blanks,
/// control or zero-width characters before a formula character (some spreadsheets trim them).
fn risky(s: &str) -> bool {
    if s.starts_with(['\t', '\r', '\n']) {
        return true;
    }
    s.trim_start_matches(|c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
    .starts_with(FORMULA_START)
}

/// Quotes a field when it holds a separator, a quote or a line break. A field a
/// spreadsheet could run as a formula ([`risky`]) gets a leading `'` so it shows as text.
fn field(s: &str) -> String {
    let s = if risky(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn chronology(attempts: &[Attempt]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for a in attempts {
        let d = &a.data;
        let row = [
            a.meta.id.to_string(),
            a.meta.revision.to_string(),
            d.happened_at.to_rfc3339(),
            a.meta.recorded_at.to_rfc3339(),
            d.direction.as_str().to_string(),
            d.channel.as_str().to_string(),
            d.channel_detail.clone(),
            d.agent.clone(),
            d.reference.clone(),
            d.duration_secs.map(|s| s.to_string()).unwrap_or_default(),
            d.asked.clone(),
            d.outcome.as_str().to_string(),
            d.response.clone(),
            d.promised_by.map(|p| p.to_string()).unwrap_or_default(),
            d.formal_demand.to_string(),
            a.meta.reason.clone(),
        ];
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("hola"), "hola");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("dijo \"no\"\nfin"), "\"dijo \"\"no\"\"\nfin\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("@ConectaMovilMX"), "'@ConectaMovilMX");
        assert_eq!(field("-06:00"), "'-06:00");
        assert_eq!(field("+52 55 1234"), "'+52 55 1234");
    }

    /// OWASP's list: a leading tab or carriage return is defused too, and so is a formula
    /// hidden behind blanks, line breaks, controls or zero-width characters.
    #[test]
    fn formulas_behind_blanks_are_defused() {
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("\n@SUM(A1)"), "\"'\n@SUM(A1)\"");
        assert_eq!(field("\tnota"), "'\tnota");
        assert_eq!(field("\rnota"), "\"'\rnota\"");
        assert_eq!(field("   =cmd|' /C calc'!A0"), "'   =cmd|' /C calc'!A0");
        assert_eq!(field("\u{a0}+1"), "'\u{a0}+1");
        assert_eq!(field("\u{200B}=1"), "'\u{200B}=1");
        assert_eq!(field("\u{FEFF}-1"), "'\u{FEFF}-1");
        assert_eq!(field("＝HYPERLINK(1)"), "'＝HYPERLINK(1)");
        // Plain text, even with blanks or a formula character later on, is left alone.
        assert_eq!(field("  hola"), "  hola");
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field(""), "");
    }
}
