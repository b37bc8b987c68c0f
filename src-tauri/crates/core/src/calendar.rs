//! National calendars as data: each country's weekend and official holidays per year
//! (`calendars/<country>-<year>.toml`, embedded at build time), and the business-day
//! arithmetic that agency clocks counted in business days use.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

/// Every calendar file, embedded. A file added to `calendars/` must be listed here (a
/// test compares this list with the folder).
pub const FILES: &[(&str, &str)] = &[
    ("cl-2026.toml", include_str!("../calendars/cl-2026.toml")),
    ("cl-2027.toml", include_str!("../calendars/cl-2027.toml")),
    ("co-2026.toml", include_str!("../calendars/co-2026.toml")),
    ("co-2027.toml", include_str!("../calendars/co-2027.toml")),
    ("es-2026.toml", include_str!("../calendars/es-2026.toml")),
    ("es-2027.toml", include_str!("../calendars/es-2027.toml")),
    ("mx-2026.toml", include_str!("../calendars/mx-2026.toml")),
    ("mx-2027.toml", include_str!("../calendars/mx-2027.toml")),
    ("pe-2026.toml", include_str!("../calendars/pe-2026.toml")),
    ("pe-2027.toml", include_str!("../calendars/pe-2027.toml")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    country: String,
    year: i32,
    weekend: Vec<String>,
    source: String,
    #[serde(default, rename = "holiday")]
    holidays: Vec<Holiday>,
}

/// One official holiday.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
    /// The date the law moved this holiday from (e.g. MX's Monday holidays).
    #[serde(default)]
    pub moved_from: Option<NaiveDate>,
}

/// A country's calendar for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    /// ISO 3166 code, upper case.
    pub country: String,
    pub year: i32,
    pub weekend: Vec<Weekday>,
    pub holidays: Vec<Holiday>,
    /// Where the list comes from (law, official gazette).
    pub source: String,
}

/// A business-day count reached a year no calendar file covers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no calendar of {country} for {year}: add calendars/{file}-{year}.toml", file = country.to_lowercase())]
pub struct MissingYear {
    pub country: String,
    pub year: i32,
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    s.parse().ok()
}

/// Parses one calendar file; the error names the file and what is wrong.
pub fn parse(name: &str, text: &str) -> Result<YearCalendar, String> {
    let f: File = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    let expected = format!("{}-{}.toml", f.country.to_lowercase(), f.year);
    if name != expected {
        return Err(format!(
            "{name}: says country {} year {}: the file must be called {expected}",
            f.country, f.year
        ));
    }
    if f.country.len() != 2 || !f.country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "{name}: country: {:?} is not an upper-case ISO 3166 code",
            f.country
        ));
    }
    let mut weekend = Vec::new();
    for w in &f.weekend {
        weekend.push(
            parse_weekday(w).ok_or_else(|| format!("{name}: weekend: {w:?} is not a weekday"))?,
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for h in &f.holidays {
        if h.date.year() != f.year {
            return Err(format!(
                "{name}: holiday {} ({}) is not in {}",
                h.date, h.name, f.year
            ));
        }
        if !seen.insert(h.date) {
            return Err(format!("{name}: holiday {} is listed twice", h.date));
        }
        if h.name.trim().is_empty() {
            return Err(format!("{name}: holiday {} has no name", h.date));
        }
        if h.moved_from == Some(h.date) {
            return Err(format!(
                "{name}: holiday {}: moved_from is the same day",
                h.date
            ));
        }
    }
    if f.source.trim().is_empty() {
        return Err(format!("{name}: source is empty"));
    }
    Ok(YearCalendar {
        country: f.country,
        year: f.year,
        weekend,
        holidays: f.holidays,
        source: f.source,
    })
}

/// Every embedded calendar. Panics on a malformed file, which the tests catch first.
pub fn all() -> &'static [YearCalendar] {
    static ALL: OnceLock<Vec<YearCalendar>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| parse(name, text).unwrap_or_else(|e| panic!("calendar {e}")))
            .collect()
    })
}

/// `country`'s calendar for `year`, if a file covers it.
pub fn year(country: &str, year: i32) -> Option<&'static YearCalendar> {
    all()
        .iter()
        .find(|c| c.year == year && c.country.eq_ignore_ascii_case(country))
}

/// Whether any calendar of `country` exists (a country without one counts calendar days only).
pub fn has_country(country: &str) -> bool {
    all()
        .iter()
        .any(|c| c.country.eq_ignore_ascii_case(country))
}

/// Whether `date` is a business day in `country`: not a weekend day, not a holiday.
pub fn is_business_day(country: &str, date: NaiveDate) -> Result<bool, MissingYear> {
    let cal = year(country, date.year()).ok_or_else(|| MissingYear {
        country: country.to_uppercase(),
        year: date.year(),
    })?;
    Ok(!cal.weekend.contains(&date.weekday()) && !cal.holidays.iter().any(|h| h.date == date))
}

/// The `n`-th business day after `start` (the day of `start` itself does not count, as
/// deadlines are counted from the day after the act).
pub fn add_business_days(
    country: &str,
    start: NaiveDate,
    n: u32,
) -> Result<NaiveDate, MissingYear> {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if is_business_day(country, day)? {
            left -= 1;
        }
    }
    Ok(day)
}

/// `date` if it is a business day, else the next one.
pub fn roll_forward(country: &str, date: NaiveDate) -> Result<NaiveDate, MissingYear> {
    let mut day = date;
    while !is_business_day(country, day)? {
        day = day + Days::new(1);
    }
    Ok(day)
}

/// Business days after `from` up to and including `to` (negative when `to` is earlier).
pub fn business_days_between(
    country: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, MissingYear> {
    let (a, b, sign) = if to >= from {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut n = 0i64;
    let mut day = a;
    while day < b {
        day = day + Days::new(1);
        if is_business_day(country, day)? {
            n += 1;
        }
    }
    Ok(sign * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_calendar_file_loads_and_is_listed() {
        let on_disk: std::collections::BTreeSet<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/calendars"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
        let listed: std::collections::BTreeSet<String> =
            FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(on_disk, listed, "calendars/ and calendar::FILES differ");
        for (name, text) in FILES {
            parse(name, text).unwrap();
        }
    }

    /// Fails from 30 days before a year starts until that year's calendar is added, for
    /// every country that has calendars: business-day clocks must never run off the data.
    #[test]
    fn next_years_calendar_exists_30_days_before_it_starts() {
        let today = chrono::Local::now().date_naive();
        let soon = today + Days::new(30);
        let countries: std::collections::BTreeSet<&str> =
            all().iter().map(|c| c.country.as_str()).collect();
        for c in countries {
            for y in today.year()..=soon.year() {
                assert!(
                    year(c, y).is_some(),
                    "calendars/{}-{y}.toml is missing: {y} starts within 30 days of {today}",
                    c.to_lowercase()
                );
            }
        }
    }

    #[test]
    fn hostile_calendar_files_are_refused_with_the_file_and_field() {
        let ok =
            "country = \"MX\"\nyear = 2026\nweekend = [\"saturday\", \"sunday\"]\nsource = \"x\"\n";
        assert!(parse("mx-2026.toml", ok).is_ok());
        let e = parse("mx-2027.toml", ok).unwrap_err();
        assert!(e.contains("mx-2026.toml"), "{e}");
        let e = parse("mx-2026.toml", &ok.replace("saturday", "caturday")).unwrap_err();
        assert!(e.contains("weekend") && e.contains("caturday"), "{e}");
        let wrong_year = format!("{ok}[[holiday]]\ndate = \"2027-01-01\"\nname = \"Año Nuevo\"\n");
        let e = parse("mx-2026.toml", &wrong_year).unwrap_err();
        assert!(e.contains("2027-01-01") && e.contains("not in 2026"), "{e}");
        let e = parse("mx-2026.toml", &format!("{ok}typo = 1\n")).unwrap_err();
        assert!(e.contains("mx-2026.toml") && e.contains("typo"), "{e}");
        let twice = format!("{ok}[[holiday]]\ndate = \"2026-05-01\"\nname = \"a\"\n[[holiday]]\ndate = \"2026-05-01\"\nname = \"b\"\n");
        assert!(parse("mx-2026.toml", &twice).unwrap_err().contains("twice"));
        let bad_date = format!("{ok}[[holiday]]\ndate = \"2026-02-30\"\nname = \"a\"\n");
        assert!(parse("mx-2026.toml", &bad_date)
            .unwrap_err()
            .contains("mx-2026.toml"));
    }

    #[test]
    fn moved_holidays_and_weekends_are_not_business_days() {
        // MX: Constitution Day (5 Feb) is observed on the first Monday, 2 Feb 2026.
        assert!(!is_business_day("MX", d(2026, 2, 2)).unwrap());
        assert!(is_business_day("MX", d(2026, 2, 5)).unwrap());
        // MX: 16 Nov 2026 (Revolution, moved from 20 Nov) is a holiday; a Saturday is not a business day.
        assert!(!is_business_day("mx", d(2026, 11, 16)).unwrap());
        assert!(!is_business_day("MX", d(2026, 11, 21)).unwrap());
        // ES: 8 Dec (Inmaculada) is a national holiday.
        assert!(!is_business_day("ES", d(2026, 12, 8)).unwrap());
        // CO: Reyes (6 Jan 2026, a Tuesday) moved to Monday 12 Jan.
        assert!(is_business_day("CO", d(2026, 1, 6)).unwrap());
        assert!(!is_business_day("CO", d(2026, 1, 12)).unwrap());
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        // ES: a letter sent Mon 23 Nov 2026; 15 business days: 24-27 Nov (4), 30 Nov-4 Dec
        // (9), 7 Dec (10), 8 Dec is a holiday, 9-11 Dec (13), 14-15 Dec (15).
        assert_eq!(
            add_business_days("ES", d(2026, 11, 23), 15).unwrap(),
            d(2026, 12, 15)
        );
        // CO: sent Fri 6 Nov 2026; Mon 16 Nov is a holiday (Cartagena, moved from 11 Nov).
        // 9-13 Nov (5), 17-20 Nov (9), 23-27 Nov (14), 30 Nov (15).
        assert_eq!(
            add_business_days("CO", d(2026, 11, 6), 15).unwrap(),
            d(2026, 11, 30)
        );
        // Across the new year in PE: sent Wed 16 Dec 2026; 17-18 (2), 21-24 (6), 25 Dec
        // holiday, 28-31 (10), 1 Jan holiday, 4-8 Jan 2027 (15).
        assert_eq!(
            add_business_days("PE", d(2026, 12, 16), 15).unwrap(),
            d(2027, 1, 8)
        );
        assert_eq!(
            business_days_between("PE", d(2026, 12, 16), d(2027, 1, 8)).unwrap(),
            15
        );
        assert_eq!(
            business_days_between("PE", d(2027, 1, 8), d(2026, 12, 16)).unwrap(),
            -15
        );
        // A Saturday rolls to Monday; a Monday holiday rolls to Tuesday (MX, 15 Mar 2027).
        assert_eq!(roll_forward("MX", d(2026, 7, 11)).unwrap(), d(2026, 7, 13));
        assert_eq!(roll_forward("MX", d(2027, 3, 15)).unwrap(), d(2027, 3, 16));
    }

    #[test]
    fn a_count_past_the_data_names_the_missing_file() {
        let e = add_business_days("ES", d(2027, 12, 20), 15).unwrap_err();
        assert_eq!(e.year, 2028);
        assert!(e.to_string().contains("calendars/es-2028.toml"), "{e}");
        assert!(is_business_day("ZZ", d(2026, 1, 5)).is_err());
    }
}
