//! Instants and calendar dates as the dossier prints them.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};

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
