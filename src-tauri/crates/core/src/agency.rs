//! Consumer-protection agency profiles, kept as data files a non-programmer can correct
//! (`agencies/<code>.toml`, embedded at build time): who they serve, how to file, what a
//! filing needs, and their clocks; and the filing deadline a case's clock gives.

use std::sync::OnceLock;

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar;
use crate::model::CaseDraft;
use crate::stats::CaseStats;

/// Every profile file, in the order offered to users. A file added to `agencies/` must be
/// listed here (a test compares this list with the folder).
pub const FILES: &[(&str, &str)] = &[
    ("profeco.toml", include_str!("../agencies/profeco.toml")),
    ("condusef.toml", include_str!("../agencies/condusef.toml")),
    ("cfpb.toml", include_str!("../agencies/cfpb.toml")),
    ("ftc.toml", include_str!("../agencies/ftc.toml")),
    ("fos.toml", include_str!("../agencies/fos.toml")),
    ("consumo.toml", include_str!("../agencies/consumo.toml")),
    (
        "defensa_consumidor.toml",
        include_str!("../agencies/defensa_consumidor.toml"),
    ),
    ("sernac.toml", include_str!("../agencies/sernac.toml")),
    ("sic.toml", include_str!("../agencies/sic.toml")),
    ("indecopi.toml", include_str!("../agencies/indecopi.toml")),
];

/// A text in both of the app's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Text {
    pub es: String,
    pub en: String,
}

impl Text {
    /// A text from its two languages.
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: crate::model::Lang) -> &str {
        match lang {
            crate::model::Lang::Es => &self.es,
            crate::model::Lang::En => &self.en,
        }
    }
}

/// The unit a clock counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    CalendarDays,
    /// Days that are business days in the agency's country (`calendar`).
    BusinessDays,
    Weeks,
    Months,
}

/// From when a clock is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The later of the purchase date and the last formal demand to the provider
    /// (PROFECO, LFPC art. 105: "a partir de ... o de la última vez que el consumidor
    /// requirió directamente al proveedor el cumplimiento").
    PurchaseOrLastDemand,
    /// The purchase date.
    Purchase,
    /// The consumer's (last) formal demand to the company.
    FormalDemand,
    /// The company's final response (UK).
    FinalResponse,
    /// The complaint filed with the agency (informative: the case does not log it).
    AgencyComplaint,
}

/// One clock of an agency: how long, from when, on what legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    pub amount: u32,
    pub unit: Unit,
    pub from: ClockStart,
    /// The legal basis, as cited to the user ("LFPC art. 105").
    pub basis: String,
    /// A last day that is not a business day moves to the next business day.
    #[serde(default)]
    pub roll_forward: bool,
    /// The rule in plain words.
    pub note: Text,
}

/// What a filing needs, by stable code (the readiness checklist maps each to the field or
/// dialog that fills it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Need {
    ClaimantName,
    ClaimantId,
    ClaimantAddress,
    /// An email or a phone number.
    ClaimantContact,
    CompanyLegalName,
    CompanyTaxId,
    CompanyAddress,
    Product,
    PurchaseDate,
    Amount,
    Facts,
    Requests,
    /// An evidence file that proves the purchase or contract (receipt, invoice, contract).
    ProofOfRelationship,
    /// At least one attempt addressed to the company.
    CompanyContacted,
    /// A formal demand to the company before filing.
    FormalDemandFirst,
    /// The company's final response, or its answer clock run out (UK).
    FinalResponseOrTimeout,
}

/// One agency's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Stable code stored in cases (`CaseDraft::agency`); the file is `<code>.toml`.
    pub code: String,
    /// Short name as the public knows it.
    pub name: String,
    /// ISO 3166 country code (`GB` for the UK).
    pub country: String,
    /// Takes reports only and resolves no individual dispute (FTC).
    #[serde(default)]
    pub report_only: bool,
    pub full_name: Text,
    pub jurisdiction: Text,
    pub how_to_file: Text,
    /// Whom a written complaint is addressed to.
    pub addressee: Text,
    /// The agency expects a formal demand to the company before a filing (ES, CO, PE, UK).
    pub requires_formal_demand: bool,
    pub needs: Vec<Need>,
    /// The legal basis of `needs` ("LFPC art. 99").
    pub needs_basis: String,
    /// How long the company has to answer.
    #[serde(default)]
    pub company_answer: Option<Clock>,
    /// How long the consumer has to file.
    #[serde(default)]
    pub filing_window: Option<Clock>,
    /// The legal basis a formal demand letter cites to the company, per country.
    #[serde(default)]
    pub demand_basis: Option<Text>,
    /// The answer period a formal demand letter gives when `company_answer` is not
    /// counted from the formal demand (the consumer sets it; no statute does).
    #[serde(default)]
    pub demand_answer: Option<Clock>,
    /// The agency's online complaint form's limit on the description, in characters.
    #[serde(default)]
    pub complaint_limit: Option<u32>,
}

impl Agency {
    /// The clock a formal demand letter gives the company to answer: the profile's
    /// `company_answer` when it runs from the formal demand, else `demand_answer`.
    pub fn demand_answer_clock(&self) -> Option<&Clock> {
        self.company_answer
            .as_ref()
            .filter(|c| c.from == ClockStart::FormalDemand)
            .or(self.demand_answer.as_ref())
    }
}

/// Parses and checks one profile; the error names the file and what is wrong.
pub fn parse(name: &str, text: &str) -> Result<Agency, String> {
    let a: Agency = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    if name != format!("{}.toml", a.code) {
        return Err(format!(
            "{name}: code is {:?}: the file must be called {}.toml",
            a.code, a.code
        ));
    }
    if a.code == OTHER
        || a.code.is_empty()
        || !a.code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    {
        return Err(format!(
            "{name}: code: {:?} must be lower-case letters and _ (and not {OTHER:?})",
            a.code
        ));
    }
    if a.country.len() != 2 || !a.country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "{name}: country: {:?} is not an upper-case ISO 3166 code",
            a.country
        ));
    }
    let texts = [
        ("name", &a.name),
        ("needs_basis", &a.needs_basis),
        ("full_name.es", &a.full_name.es),
        ("full_name.en", &a.full_name.en),
        ("jurisdiction.es", &a.jurisdiction.es),
        ("jurisdiction.en", &a.jurisdiction.en),
        ("how_to_file.es", &a.how_to_file.es),
        ("how_to_file.en", &a.how_to_file.en),
        ("addressee.es", &a.addressee.es),
        ("addressee.en", &a.addressee.en),
    ];
    for (field, t) in texts {
        if t.trim().is_empty() {
            return Err(format!("{name}: {field} is empty"));
        }
    }
    if a.needs.is_empty() {
        return Err(format!("{name}: needs is empty"));
    }
    if a.requires_formal_demand != a.needs.contains(&Need::FormalDemandFirst) {
        return Err(format!(
            "{name}: requires_formal_demand and needs' formal_demand_first disagree"
        ));
    }
    if let Some(b) = &a.demand_basis {
        if b.es.trim().is_empty() || b.en.trim().is_empty() {
            return Err(format!("{name}: demand_basis needs es and en"));
        }
    }
    if a.complaint_limit.is_some_and(|n| n < 200) {
        return Err(format!(
            "{name}: complaint_limit is under 200 characters: no form is that short"
        ));
    }
    for (field, clock) in [
        ("company_answer", &a.company_answer),
        ("filing_window", &a.filing_window),
        ("demand_answer", &a.demand_answer),
    ] {
        let Some(c) = clock else { continue };
        if c.amount == 0 {
            return Err(format!("{name}: {field}.amount is 0"));
        }
        if c.basis.trim().is_empty() || c.note.es.trim().is_empty() || c.note.en.trim().is_empty() {
            return Err(format!(
                "{name}: {field} needs a basis and a note in es and en"
            ));
        }
        if (c.unit == Unit::BusinessDays || c.roll_forward) && !calendar::has_country(&a.country) {
            return Err(format!(
                "{name}: {field} counts business days but there is no calendars/{}-*.toml",
                a.country.to_lowercase()
            ));
        }
    }
    Ok(a)
}

/// Every agency Expediente knows, in the order offered to users. Panics on a malformed
/// file, which the tests catch first.
pub fn all() -> &'static [Agency] {
    static ALL: OnceLock<Vec<Agency>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| parse(name, text).unwrap_or_else(|e| panic!("agency profile {e}")))
            .collect()
    })
}

/// The code for "another agency", one Expediente has no profile for (the UI offers it).
pub const OTHER: &str = "other";

/// The profile for a case's agency code, if known.
pub fn find(code: &str) -> Option<&'static Agency> {
    all().iter().find(|a| a.code == code)
}

/// Whether a case may carry `code`: a known profile's code, [`OTHER`], or empty (not
/// chosen yet).
pub fn is_valid_code(code: &str) -> bool {
    code.is_empty() || code == OTHER || find(code).is_some()
}

/// Every code [`is_valid_code`] accepts besides empty, for error messages.
pub fn valid_codes() -> String {
    let mut codes: Vec<&str> = all().iter().map(|a| a.code.as_str()).collect();
    codes.push(OTHER);
    codes.join(", ")
}

impl Clock {
    /// The last day of this clock started on `start`, in `country`'s calendar. Counted
    /// from the day after `start`; months end on the same day of the month (or the
    /// month's last day). A business-day count past the calendars' years is an error;
    /// rolling forward past them falls back to weekends only.
    pub fn due(&self, country: &str, start: NaiveDate) -> Result<NaiveDate, calendar::MissingYear> {
        let plain = match self.unit {
            Unit::CalendarDays => start.checked_add_days(Days::new(self.amount.into())),
            Unit::Weeks => start.checked_add_days(Days::new(u64::from(self.amount) * 7)),
            Unit::Months => start.checked_add_months(Months::new(self.amount)),
            Unit::BusinessDays => return calendar::add_business_days(country, start, self.amount),
        };
        let date = plain.unwrap_or(NaiveDate::MAX);
        if !self.roll_forward {
            return Ok(date);
        }
        Ok(calendar::roll_forward(country, date).unwrap_or_else(|_| {
            use chrono::Datelike;
            match date.weekday() {
                chrono::Weekday::Sat => date + Days::new(2),
                chrono::Weekday::Sun => date + Days::new(1),
                _ => date,
            }
        }))
    }
}

/// The last day a case can be filed with its agency, and what that date was counted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilingDeadline {
    pub agency: String,
    /// Last day to file (inclusive).
    pub date: NaiveDate,
    /// The date the window was counted from.
    pub counted_from: NaiveDate,
    /// `purchase`, `last_formal_demand` or `final_response`: which date started the clock.
    pub counted_from_kind: String,
    pub basis: String,
    /// Days left as of the stats instant (negative once passed).
    #[ts(type = "number")]
    pub days_left: i64,
}

/// The dates an agency's clocks may start from, as the case's log gives them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockStarts {
    pub purchase: Option<NaiveDate>,
    pub last_formal_demand: Option<NaiveDate>,
    pub final_response: Option<NaiveDate>,
}

/// The filing deadline with agency `code` from `starts`, as of `today`; `None` when the
/// agency has no filing window or no date starts it yet.
pub fn filing_deadline_from(
    code: &str,
    starts: ClockStarts,
    today: NaiveDate,
) -> Option<FilingDeadline> {
    let agency = find(code)?;
    let window = agency.filing_window.as_ref()?;
    let (counted_from, kind) = match window.from {
        ClockStart::PurchaseOrLastDemand => match (starts.purchase, starts.last_formal_demand) {
            (Some(p), Some(d)) if d > p => (d, "last_formal_demand"),
            (Some(p), _) => (p, "purchase"),
            (None, Some(d)) => (d, "last_formal_demand"),
            (None, None) => return None,
        },
        ClockStart::Purchase => (starts.purchase?, "purchase"),
        ClockStart::FormalDemand => (starts.last_formal_demand?, "last_formal_demand"),
        ClockStart::FinalResponse => (starts.final_response?, "final_response"),
        ClockStart::AgencyComplaint => return None,
    };
    let date = window.due(&agency.country, counted_from).ok()?;
    Some(FilingDeadline {
        agency: agency.code.clone(),
        date,
        counted_from,
        counted_from_kind: kind.to_string(),
        basis: window.basis.clone(),
        days_left: (date - today).num_days(),
    })
}

/// The filing deadline of `case` given its statistics as of `today` (purchase date and
/// last formal demand); `None` when the agency has no window or no date starts it yet.
pub fn filing_deadline(
    case: &CaseDraft,
    stats: &CaseStats,
    today: NaiveDate,
) -> Option<FilingDeadline> {
    let starts = ClockStarts {
        purchase: case.purchase_date,
        last_formal_demand: stats.last_formal_demand.map(|d| d.date_naive()),
        final_response: stats.final_response.map(|d| d.date_naive()),
    };
    filing_deadline_from(&case.agency, starts, today)
}

/// The nearest date a case's clocks run out, for sorting the case list by urgency: a
/// promise not kept (pending or overdue), the company's answer clock after the last
/// formal demand while unanswered, and the filing window while open. `attempts` sorted
/// oldest first; `None` for a closed case or one with no running clock.
pub fn next_due(
    case: &CaseDraft,
    attempts: &[crate::model::Attempt],
    today: NaiveDate,
) -> Option<NaiveDate> {
    use crate::model::CaseStatus;
    use crate::stats::{is_substantive, promise_states, PromiseState};
    if matches!(
        case.status,
        CaseStatus::Resolved | CaseStatus::ClosedUnresolved
    ) {
        return None;
    }
    let mut due: Vec<NaiveDate> = promise_states(attempts, today)
        .iter()
        .zip(attempts)
        .filter(|(s, _)| matches!(s, Some(PromiseState::Pending | PromiseState::Broken)))
        .filter_map(|(_, a)| a.data.promised_by)
        .collect();
    let agency = find(&case.agency);
    let demand = attempts.iter().rposition(|a| a.data.formal_demand);
    if let (Some(agency), Some(i)) = (agency, demand) {
        let clock = agency
            .company_answer
            .as_ref()
            .filter(|c| c.from == ClockStart::FormalDemand);
        let answered = attempts[i..].iter().any(|a| is_substantive(a.data.outcome));
        if let (Some(c), false) = (clock, answered) {
            due.extend(
                c.due(&agency.country, attempts[i].data.happened_at.date_naive())
                    .ok(),
            );
        }
    }
    let starts = ClockStarts {
        purchase: case.purchase_date,
        last_formal_demand: demand.map(|i| attempts[i].data.happened_at.date_naive()),
        final_response: {
            let refs: Vec<_> = attempts.iter().collect();
            crate::stats::final_response(&refs).map(|d| d.date_naive())
        },
    };
    if let Some(w) = filing_deadline_from(&case.agency, starts, today).filter(|w| w.days_left >= 0)
    {
        due.push(w.date);
    }
    due.into_iter().min()
}

#[cfg(test)]
#[path = "agency_tests.rs"]
mod tests;
