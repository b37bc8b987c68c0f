//! Turns flag values into domain drafts: dates, amounts, durations and channel lists are
//! parsed here with errors naming the record field (`attempt.happened_at`); a revision
//! starts from the current draft and changes only the flags given.

use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use expediente_core::{
    AttemptDraft, CaseDraft, Channel, ClaimantDraft, CompanyDraft, IdDocument, KnownChannel, Money,
};

use crate::args::{AttemptFields, CaseFields, ClaimantFields, CompanyFields};
use crate::error::{CliError, CliResult};

/// Now, in this machine's local UTC offset.
pub fn local_now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

pub fn datetime(field: &str, s: &str) -> CliResult<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        CliError::invalid(
            field,
            "invalid_datetime",
            format!(
                "{s:?} is not an RFC 3339 date-time with offset, e.g. 2026-11-20T10:15:00-06:00"
            ),
        )
    })
}

pub fn date(field: &str, s: &str) -> CliResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        CliError::invalid(
            field,
            "invalid_date",
            format!("{s:?} is not a date in the form YYYY-MM-DD"),
        )
    })
}

/// `""` clears an optional date.
fn opt_date(field: &str, s: &str) -> CliResult<Option<NaiveDate>> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        date(field, s).map(Some)
    }
}

/// "8499", "8,499.50", "-3.5" → minor units (two decimals). The sign is kept so the core's
/// own `negative` check names the problem.
pub fn amount_minor(field: &str, s: &str) -> CliResult<i64> {
    let bad = || {
        CliError::invalid(
            field,
            "invalid_amount",
            format!("{s:?} is not an amount such as 8499.00"),
        )
    };
    let t = s.trim().replace(',', "");
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    let minor = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(bad)?;
    Ok(if neg { -minor } else { minor })
}

/// "1380", "23m", "1h5m", "1h 5m 30s", "12:30" (m:s), "1:02:03" (h:m:s) → seconds.
pub fn duration_secs(field: &str, s: &str) -> CliResult<u32> {
    let bad = || {
        CliError::invalid(
            field,
            "invalid_duration",
            format!("{s:?} is not a duration: use seconds, 38m, 1h5m or 12:30"),
        )
    };
    let t: String = s.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Err(bad());
    }
    let total: u64 = if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 {
            return Err(bad());
        }
        let mut total = 0u64;
        for p in &parts {
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            total = total * 60 + p.parse::<u64>().map_err(|_| bad())?;
        }
        total
    } else if t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().map_err(|_| bad())?
    } else {
        let mut total = 0u64;
        let mut num = String::new();
        for c in t.chars() {
            if c.is_ascii_digit() {
                num.push(c);
                continue;
            }
            let unit = match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return Err(bad()),
            };
            let n: u64 = num.parse().map_err(|_| bad())?;
            total += n * unit;
            num.clear();
        }
        if !num.is_empty() {
            return Err(bad());
        }
        total
    };
    u32::try_from(total).map_err(|_| bad())
}

/// `KIND=VALUE[;LABEL]`, e.g. `phone=800 123 4567;Atención a clientes`.
pub fn known_channel(index: usize, s: &str) -> CliResult<KnownChannel> {
    let field = format!("company.channels.{index}");
    let Some((kind, rest)) = s.split_once('=') else {
        return Err(CliError::invalid(
            &field,
            "invalid",
            format!(
                "{s:?} is not KIND=VALUE[;LABEL], e.g. 'phone=800 123 4567;Atención a clientes'"
            ),
        ));
    };
    let channel = Channel::ALL
        .into_iter()
        .find(|c| c.as_str() == kind.trim())
        .ok_or_else(|| {
            let names: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
            CliError::invalid(
                &format!("{field}.channel"),
                "invalid",
                format!("{kind:?} is not a channel; use one of {}", names.join(", ")),
            )
        })?;
    let (value, label) = match rest.rsplit_once(';') {
        Some((v, l)) => (v.trim(), l.trim()),
        None => (rest.trim(), ""),
    };
    Ok(KnownChannel {
        channel,
        value: value.into(),
        label: label.into(),
    })
}

fn set(target: &mut String, v: &Option<String>) {
    if let Some(v) = v {
        *target = v.clone();
    }
}

pub fn apply_claimant(d: &mut ClaimantDraft, f: &ClaimantFields) -> CliResult<()> {
    set(&mut d.full_name, &f.name);
    set(&mut d.address, &f.address);
    set(&mut d.phone, &f.phone);
    set(&mut d.email, &f.email);
    match (&f.id_kind, &f.id_number) {
        (None, None) => {}
        (_, Some(n)) if n.trim().is_empty() => d.id_document = None,
        (kind, number) => {
            let old = d.id_document.clone();
            let kind = kind.clone().or(old.as_ref().map(|o| o.kind.clone()));
            let number = number.clone().or(old.map(|o| o.number));
            match (kind, number) {
                (Some(kind), Some(number)) => d.id_document = Some(IdDocument { kind, number }),
                (None, _) => {
                    return Err(CliError::invalid(
                        "claimant.id_document.kind",
                        "required",
                        "is required with --id-number (--id-kind INE, Pasaporte...)",
                    ))
                }
                (_, None) => {
                    return Err(CliError::invalid(
                        "claimant.id_document.number",
                        "required",
                        "is required with --id-kind",
                    ))
                }
            }
        }
    }
    Ok(())
}

pub fn apply_company(d: &mut CompanyDraft, f: &CompanyFields) -> CliResult<()> {
    set(&mut d.trade_name, &f.trade_name);
    set(&mut d.legal_name, &f.legal_name);
    set(&mut d.tax_id, &f.tax_id);
    set(&mut d.address, &f.address);
    set(&mut d.website, &f.website);
    if !f.channels.is_empty() {
        d.channels = f
            .channels
            .iter()
            .enumerate()
            .map(|(i, s)| known_channel(i, s))
            .collect::<CliResult<_>>()?;
    }
    Ok(())
}

/// Applies everything but the claimant and company ids, which need the store to resolve.
pub fn apply_case(d: &mut CaseDraft, f: &CaseFields) -> CliResult<()> {
    set(&mut d.title, &f.title);
    set(&mut d.product, &f.product);
    set(&mut d.account_ref, &f.account);
    set(&mut d.facts, &f.facts);
    set(&mut d.requests, &f.requests);
    set(&mut d.agency, &f.agency);
    set(&mut d.agency_folio, &f.folio);
    if let Some(p) = &f.purchase_date {
        d.purchase_date = opt_date("case.purchase_date", p)?;
    }
    if let Some(o) = &f.opened_on {
        d.opened_on = date("case.opened_on", o)?;
    }
    if let Some(s) = f.status {
        d.status = s;
    }
    if let Some(l) = f.lang {
        d.lang = l;
    }
    match (&f.amount, &f.currency) {
        (None, None) => {}
        (Some(a), _) if a.trim().is_empty() => d.amount = None,
        (a, c) => {
            let minor = match a {
                Some(a) => amount_minor("case.amount", a)?,
                None => match &d.amount {
                    Some(m) => m.minor,
                    None => {
                        return Err(CliError::invalid(
                            "case.amount",
                            "required",
                            "is required with --currency",
                        ))
                    }
                },
            };
            let currency = c
                .clone()
                .or(d.amount.as_ref().map(|m| m.currency.clone()))
                .unwrap_or_else(|| "MXN".into())
                .trim()
                .to_uppercase();
            d.amount = Some(Money { minor, currency });
        }
    }
    Ok(())
}

pub fn apply_attempt(d: &mut AttemptDraft, f: &AttemptFields) -> CliResult<()> {
    if let Some(at) = &f.at {
        d.happened_at = datetime("attempt.happened_at", at)?;
    }
    if let Some(v) = f.direction {
        d.direction = v;
    }
    if let Some(v) = f.channel {
        d.channel = v;
    }
    if let Some(v) = f.outcome {
        d.outcome = v;
    }
    set(&mut d.channel_detail, &f.detail);
    set(&mut d.agent, &f.agent);
    set(&mut d.reference, &f.reference);
    set(&mut d.asked, &f.asked);
    set(&mut d.response, &f.response);
    if let Some(s) = &f.duration {
        d.duration_secs = if s.trim().is_empty() {
            None
        } else {
            Some(duration_secs("attempt.duration_secs", s)?)
        };
    }
    if let Some(p) = &f.promised_by {
        d.promised_by = opt_date("attempt.promised_by", p)?;
    }
    if let Some(b) = f.formal_demand {
        d.formal_demand = b;
    }
    Ok(())
}

/// A new attempt from flags: `--channel` and `--outcome` are required, `--at` defaults to now.
pub fn new_attempt(f: &AttemptFields) -> CliResult<AttemptDraft> {
    let Some(channel) = f.channel else {
        return Err(CliError::invalid(
            "attempt.channel",
            "required",
            "is required (--channel phone, email, web_chat...)",
        ));
    };
    let Some(outcome) = f.outcome else {
        return Err(CliError::invalid(
            "attempt.outcome",
            "required",
            "is required (--outcome no_response, canned_reply, redirected, promise...)",
        ));
    };
    let mut d = AttemptDraft::new(local_now(), channel, outcome);
    apply_attempt(&mut d, f)?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_to_minor_units() {
        assert_eq!(amount_minor("a", "8499").unwrap(), 849_900);
        assert_eq!(amount_minor("a", "8,499.5").unwrap(), 849_950);
        assert_eq!(amount_minor("a", "0.07").unwrap(), 7);
        assert_eq!(amount_minor("a", "-3").unwrap(), -300);
        for bad in ["", "abc", "1.234", "1.2.3", ".5", "9999999999999999999"] {
            let e = amount_minor("case.amount", bad).unwrap_err();
            assert_eq!(e.field, "case.amount", "{bad}");
        }
    }

    #[test]
    fn durations_accept_common_forms() {
        assert_eq!(duration_secs("d", "1380").unwrap(), 1380);
        assert_eq!(duration_secs("d", "38m").unwrap(), 38 * 60);
        assert_eq!(duration_secs("d", "1h 5m 3s").unwrap(), 3903);
        assert_eq!(duration_secs("d", "12:30").unwrap(), 750);
        assert_eq!(duration_secs("d", "1:02:03").unwrap(), 3723);
        for bad in ["", "m", "5x", "1:2:3:4", "12:", "5m3"] {
            assert!(duration_secs("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn known_channels_split_kind_value_label() {
        let c = known_channel(0, "phone=800 123 4567;Atención a clientes").unwrap();
        assert_eq!(c.channel, Channel::Phone);
        assert_eq!(c.value, "800 123 4567");
        assert_eq!(c.label, "Atención a clientes");
        let c = known_channel(1, "web_chat=https://x.example/?a=b").unwrap();
        assert_eq!(c.value, "https://x.example/?a=b");
        assert_eq!(
            known_channel(2, "fax=1").unwrap_err().field,
            "company.channels.2.channel"
        );
        assert_eq!(
            known_channel(3, "phone").unwrap_err().field,
            "company.channels.3"
        );
    }

    #[test]
    fn attempts_need_channel_and_outcome_and_a_valid_date() {
        let mut f = AttemptFields::default();
        assert_eq!(new_attempt(&f).unwrap_err().field, "attempt.channel");
        f.channel = Some(Channel::Phone);
        assert_eq!(new_attempt(&f).unwrap_err().field, "attempt.outcome");
        f.outcome = Some(expediente_core::Outcome::NoResponse);
        f.at = Some("2026-11-20 10:15".into());
        assert_eq!(new_attempt(&f).unwrap_err().field, "attempt.happened_at");
        f.at = Some("2026-11-20T10:15:00-06:00".into());
        let d = new_attempt(&f).unwrap();
        assert_eq!(d.happened_at.offset().local_minus_utc(), -6 * 3600);
    }
}
