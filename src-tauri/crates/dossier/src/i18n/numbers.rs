//! Numbers as the dossier prints them: counts with thousands separators, money with its
//! currency, file sizes and durations.

use expediente_core::{Lang, Money};

use super::labels;

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
}
