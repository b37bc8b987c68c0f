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

/// Quotes a field when it holds a separator, a quote or a line break. A leading `=`, `+`,
/// `-` or `@` gets a `'` so a spreadsheet shows the text instead of running it as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
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
    }
}
