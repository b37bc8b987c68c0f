//! Instants and calendar dates as the dossier prints them: one style, in the case's
//! language, as a lawyer writes it — "28 de octubre de 2026, 10:15 h (UTC−06:00)",
//! "28 October 2026, 10:15 (UTC−06:00)" — with month names and word order from the
//! label tables. [`timestamp`] is the machine form (RFC 3339), never printed.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Timelike, Utc};
use expediente_core::Lang;

use super::labels;

/// A timestamp with its UTC offset, to the second: "2026-11-22T12:34:56-06:00". For
/// machine use (file identifiers), not for the page.
pub fn timestamp(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A calendar date: "28 de octubre de 2026" / "28 October 2026".
pub fn date(lang: Lang, d: &NaiveDate) -> String {
    let l = labels(lang);
    let month = l.months[d.month0() as usize];
    l.date_pattern
        .replace("{d}", &d.day().to_string())
        .replace("{month}", month)
        .replace("{y}", &d.year().to_string())
}

/// An offset as printed: "UTC−06:00" (with a true minus sign), "UTC+05:30", "UTC".
fn zone(offset_secs: i32) -> String {
    if offset_secs == 0 {
        return "UTC".to_string();
    }
    let sign = if offset_secs < 0 { '−' } else { '+' };
    let m = offset_secs.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The instant in three parts that read well on their own lines: the date up to the
/// month, the rest of the date, the clock ("20 de septiembre", "de 2026,", "10:15 h
/// (UTC−06:00)"). Joined by spaces they are the instant.
fn parts_of<Tz: TimeZone>(lang: Lang, t: &DateTime<Tz>, offset_secs: i32) -> [String; 3] {
    let l = labels(lang);
    let clock = l
        .clock_pattern
        .replace("{time}", &format!("{:02}:{:02}", t.hour(), t.minute()))
        .replace("{zone}", &zone(offset_secs));
    let day = format!("{},", date(lang, &t.date_naive()));
    let month = l.months[t.month0() as usize];
    let (head, tail) = match day.find(month) {
        Some(i) => day.split_at(i + month.len()),
        None => (day.as_str(), ""),
    };
    [head.trim().to_string(), tail.trim().to_string(), clock]
}

fn lines_of<Tz: TimeZone>(lang: Lang, t: &DateTime<Tz>, offset_secs: i32) -> [String; 2] {
    let [head, tail, clock] = parts_of(lang, t, offset_secs);
    [format!("{head} {tail}"), clock]
}

/// [`instant`] in three parts — up to the month, the rest of the date, the clock — for a
/// narrow column to join as many as fit on a line; joined by spaces they are [`instant`].
pub fn instant_parts(lang: Lang, t: &DateTime<FixedOffset>) -> [String; 3] {
    parts_of(lang, t, t.offset().local_minus_utc())
}

/// [`instant_utc`] in three parts, like [`instant_parts`].
pub fn instant_utc_parts(lang: Lang, t: &DateTime<Utc>) -> [String; 3] {
    parts_of(lang, t, 0)
}

/// An instant in its own offset, to the minute:
/// "28 de octubre de 2026, 10:15 h (UTC−06:00)" / "28 October 2026, 10:15 (UTC−06:00)".
pub fn instant(lang: Lang, t: &DateTime<FixedOffset>) -> String {
    instant_lines(lang, t).join(" ")
}

/// [`instant`] cut after the date, for narrow columns: the two parts joined by a space
/// are exactly [`instant`].
pub fn instant_lines(lang: Lang, t: &DateTime<FixedOffset>) -> [String; 2] {
    lines_of(lang, t, t.offset().local_minus_utc())
}

/// An instant the library recorded in UTC: "28 de octubre de 2026, 16:15 h (UTC)".
pub fn instant_utc(lang: Lang, t: &DateTime<Utc>) -> String {
    instant_utc_lines(lang, t).join(" ")
}

/// [`instant_utc`] cut after the date, like [`instant_lines`].
pub fn instant_utc_lines(lang: Lang, t: &DateTime<Utc>) -> [String; 2] {
    lines_of(lang, t, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset_secs: i32, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(offset_secs)
            .and_then(|o| o.with_ymd_and_hms(y, mo, d, h, mi, 42).single())
            .expect("valid instant")
    }

    #[test]
    fn instants_read_as_a_lawyer_writes_them() {
        let t = at(-6 * 3600, 2026, 10, 28, 10, 15);
        assert_eq!(
            instant(Lang::Es, &t),
            "28 de octubre de 2026, 10:15 h (UTC−06:00)"
        );
        assert_eq!(instant(Lang::En, &t), "28 October 2026, 10:15 (UTC−06:00)");
        assert_eq!(
            instant_lines(Lang::Es, &t),
            ["28 de octubre de 2026,", "10:15 h (UTC−06:00)"]
        );
        assert_eq!(
            instant_parts(Lang::Es, &t),
            ["28 de octubre", "de 2026,", "10:15 h (UTC−06:00)"]
        );
        assert_eq!(
            instant_parts(Lang::En, &t),
            ["28 October", "2026,", "10:15 (UTC−06:00)"]
        );
        // Half-hour offsets east of Greenwich, single-digit days, early hours.
        let t = at(5 * 3600 + 1800, 2027, 1, 3, 7, 5);
        assert_eq!(
            instant(Lang::Es, &t),
            "3 de enero de 2027, 07:05 h (UTC+05:30)"
        );
        assert_eq!(instant(Lang::En, &t), "3 January 2027, 07:05 (UTC+05:30)");
        // The same instant recorded in UTC, and a zero offset printed the same way.
        let u = t.with_timezone(&Utc);
        assert_eq!(
            instant_utc(Lang::Es, &u),
            "3 de enero de 2027, 01:35 h (UTC)"
        );
        assert_eq!(instant_utc(Lang::En, &u), "3 January 2027, 01:35 (UTC)");
        assert_eq!(
            instant_utc_parts(Lang::Es, &u),
            ["3 de enero", "de 2027,", "01:35 h (UTC)"]
        );
        assert_eq!(
            instant(Lang::En, &u.fixed_offset()),
            "3 January 2027, 01:35 (UTC)"
        );
        // The date is the local one, not UTC's: 23:30 at −06:00 is the next day in UTC.
        let late = at(-6 * 3600, 2026, 12, 31, 23, 30);
        assert_eq!(
            instant(Lang::Es, &late),
            "31 de diciembre de 2026, 23:30 h (UTC−06:00)"
        );
        assert_eq!(
            instant_utc(Lang::Es, &late.with_timezone(&Utc)),
            "1 de enero de 2027, 05:30 h (UTC)"
        );
    }

    #[test]
    fn every_month_has_its_name() {
        let es: Vec<String> = (1..=12)
            .map(|m| {
                date(
                    Lang::Es,
                    &NaiveDate::from_ymd_opt(2026, m, 1).expect("date"),
                )
            })
            .collect();
        assert_eq!(es[0], "1 de enero de 2026");
        assert_eq!(es[4], "1 de mayo de 2026");
        assert_eq!(es[8], "1 de septiembre de 2026");
        assert_eq!(es[11], "1 de diciembre de 2026");
        let en = date(
            Lang::En,
            &NaiveDate::from_ymd_opt(2025, 3, 14).expect("date"),
        );
        assert_eq!(en, "14 March 2025");
        let en8 = date(
            Lang::En,
            &NaiveDate::from_ymd_opt(2026, 8, 9).expect("date"),
        );
        assert_eq!(en8, "9 August 2026");
    }
}
