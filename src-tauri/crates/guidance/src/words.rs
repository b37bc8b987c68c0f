//! Plain words in Spanish and English for dates, periods and counts: every phrase the
//! guidance prints is built here or in the agency profiles, not scattered through rules.

use chrono::{Datelike, NaiveDate};
use expediente_core::agency::{Text, Unit};

const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "21 nov" / "21 Nov", with the year when it is not `today`'s.
pub fn date(d: NaiveDate, today: NaiveDate) -> Text {
    let m = d.month0() as usize;
    if d.year() == today.year() {
        Text::new(
            format!("{} {}", d.day(), MONTHS_ES[m]),
            format!("{} {}", d.day(), MONTHS_EN[m]),
        )
    } else {
        Text::new(
            format!("{} {} {}", d.day(), MONTHS_ES[m], d.year()),
            format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
        )
    }
}

/// "1 día" / "3 días", "1 day" / "3 days".
pub fn days(n: i64) -> Text {
    let n = n.abs();
    if n == 1 {
        Text::new("1 día", "1 day")
    } else {
        Text::new(format!("{n} días"), format!("{n} days"))
    }
}

/// A clock's length: "15 días hábiles", "8 semanas", "1 año", "6 meses".
pub fn period(amount: u32, unit: Unit) -> Text {
    let one = amount == 1;
    match unit {
        Unit::CalendarDays => days(amount.into()),
        Unit::BusinessDays if one => Text::new("1 día hábil", "1 business day"),
        Unit::BusinessDays => Text::new(
            format!("{amount} días hábiles"),
            format!("{amount} business days"),
        ),
        Unit::Weeks if one => Text::new("1 semana", "1 week"),
        Unit::Weeks => Text::new(format!("{amount} semanas"), format!("{amount} weeks")),
        Unit::Months if amount == 12 => Text::new("un año", "one year"),
        Unit::Months if amount.is_multiple_of(12) => Text::new(
            format!("{} años", amount / 12),
            format!("{} years", amount / 12),
        ),
        Unit::Months if one => Text::new("1 mes", "1 month"),
        Unit::Months => Text::new(format!("{amount} meses"), format!("{amount} months")),
    }
}

/// Builds a [`Text`] from one closure run for each language.
pub fn both(f: impl Fn(Lang) -> String) -> Text {
    Text::new(f(Lang::Es), f(Lang::En))
}

/// Which language a phrase is built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    /// `t` in this language.
    pub fn of(self, t: &Text) -> &str {
        match self {
            Lang::Es => &t.es,
            Lang::En => &t.en,
        }
    }

    /// The Spanish or the English of a pair.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// A list in plain words: "a, b y c" / "a, b and c".
pub fn list(items: &[Text], lang: Lang) -> String {
    let words: Vec<&str> = items.iter().map(|t| lang.of(t)).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), lang.pick("y", "and")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_periods_and_lists_read_naturally() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        assert_eq!(date(d, today), Text::new("21 nov", "21 Nov"));
        let next = NaiveDate::from_ymd_opt(2027, 1, 8).unwrap();
        assert_eq!(date(next, today).es, "8 ene 2027");
        assert_eq!(period(15, Unit::BusinessDays).es, "15 días hábiles");
        assert_eq!(period(12, Unit::Months).en, "one year");
        assert_eq!(period(24, Unit::Months).es, "2 años");
        assert_eq!(period(8, Unit::Weeks).en, "8 weeks");
        assert_eq!(days(-1).es, "1 día");
        let l = [
            Text::new("a", "a"),
            Text::new("b", "b"),
            Text::new("c", "c"),
        ];
        assert_eq!(list(&l, Lang::Es), "a, b y c");
        assert_eq!(list(&l[..1], Lang::En), "a");
    }
}
