//! How results and errors are written: JSON for scripts (`--json`), short aligned text for
//! people. Formatting of dates, money and durations for the text form lives here.

use std::io::Write;

use chrono::{DateTime, FixedOffset};
use expediente_core::Money;
use serde::Serialize;

use crate::error::{CliError, CliResult};

/// Writes `v` as pretty JSON on stdout.
pub fn json<T: Serialize + ?Sized>(v: &T) -> CliResult<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError {
        code: "json".into(),
        field: "output".into(),
        message: e.to_string(),
        errors: Vec::new(),
        exit: crate::error::exit::FAILURE,
    })?;
    line(&s);
    Ok(())
}

/// One line on stdout, flushed so scripts reading a pipe see it at once.
pub fn line(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = writeln!(out, "{s}");
    let _ = out.flush();
}

/// Prints an error on stderr, as text or as one JSON object.
pub fn error(e: &CliError, as_json: bool) {
    let mut err = std::io::stderr().lock();
    if as_json {
        let s = serde_json::to_string(e).unwrap_or_else(|_| {
            format!(
                r#"{{"code":"{}","field":"","message":"unprintable error"}}"#,
                e.code
            )
        });
        let _ = writeln!(err, "{s}");
    } else {
        for l in e.lines() {
            let _ = writeln!(err, "{l}");
        }
    }
}

pub fn dt(d: &DateTime<FixedOffset>) -> String {
    d.format("%Y-%m-%d %H:%M %:z").to_string()
}

pub fn opt_dt(d: &Option<DateTime<FixedOffset>>) -> String {
    d.as_ref().map(dt).unwrap_or_else(|| "-".into())
}

pub fn money(m: &Money) -> String {
    let sign = if m.minor < 0 { "-" } else { "" };
    let abs = m.minor.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02} {}", abs % 100, m.currency)
}

/// 93784 → "1d 2h 3m".
pub fn span(secs: i64) -> String {
    let (d, h, m, s) = (
        secs / 86400,
        secs % 86400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if parts.is_empty() {
        parts.push(format!("{s}s"));
    }
    parts.join(" ")
}

/// Shortens text to one line of at most `n` characters for listings.
pub fn clip(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        let m = |minor| Money {
            minor,
            currency: "MXN".into(),
        };
        assert_eq!(money(&m(849_900)), "8,499.00 MXN");
        assert_eq!(money(&m(123_456_789)), "1,234,567.89 MXN");
        assert_eq!(money(&m(5)), "0.05 MXN");
        assert_eq!(money(&m(-100_000)), "-1,000.00 MXN");
    }

    #[test]
    fn spans_and_clips() {
        assert_eq!(span(93_784), "1d 2h 3m");
        assert_eq!(span(42), "42s");
        assert_eq!(clip("a\nb  c", 10), "a b c");
        assert_eq!(clip("abcdefghij", 5), "abcd…");
    }
}
