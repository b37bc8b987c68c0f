//! Consumer-protection agency profiles kept as data (code, name, country, filing clock),
//! and the filing deadline a case's clock gives. Only clocks we can state precisely are
//! encoded; the rest of an agency's rules live in its profile text, not in code.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::CaseDraft;
use crate::stats::CaseStats;

/// From when a filing window is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The later of the purchase date and the last formal demand to the provider
    /// (PROFECO, LFPC art. 105: "a partir de ... o de la última vez que el consumidor
    /// requirió directamente al proveedor el cumplimiento").
    PurchaseOrLastDemand,
}

/// How long a consumer has to file with an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FilingWindow {
    pub months: u32,
    pub from: ClockStart,
    /// The legal basis, as cited to the user.
    pub basis: &'static str,
}

/// One agency's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Agency {
    /// Stable code stored in cases (`CaseDraft::agency`).
    pub code: &'static str,
    /// Short name as the public knows it.
    pub name: &'static str,
    /// ISO 3166 country code.
    pub country: &'static str,
    pub filing_window: Option<FilingWindow>,
}

/// Every agency Expediente knows, in the order offered to users.
pub const AGENCIES: &[Agency] = &[
    Agency {
        code: "profeco",
        name: "PROFECO",
        country: "MX",
        filing_window: Some(FilingWindow {
            months: 12,
            from: ClockStart::PurchaseOrLastDemand,
            basis: "LFPC art. 105",
        }),
    },
    Agency {
        code: "condusef",
        name: "CONDUSEF",
        country: "MX",
        filing_window: None,
    },
    Agency {
        code: "cfpb",
        name: "CFPB",
        country: "US",
        filing_window: None,
    },
    Agency {
        code: "sernac",
        name: "SERNAC",
        country: "CL",
        filing_window: None,
    },
    Agency {
        code: "sic",
        name: "SIC",
        country: "CO",
        filing_window: None,
    },
    Agency {
        code: "indecopi",
        name: "INDECOPI",
        country: "PE",
        filing_window: None,
    },
    Agency {
        code: "consumo",
        name: "Consumo",
        country: "ES",
        filing_window: None,
    },
];

/// The code for "another agency", one Expediente has no profile for (the UI offers it).
pub const OTHER: &str = "other";

/// The profile for a case's agency code, if known.
pub fn find(code: &str) -> Option<&'static Agency> {
    AGENCIES.iter().find(|a| a.code == code)
}

/// Whether a case may carry `code`: a known profile's code, [`OTHER`], or empty (not
/// chosen yet).
pub fn is_valid_code(code: &str) -> bool {
    code.is_empty() || code == OTHER || find(code).is_some()
}

/// Every code [`is_valid_code`] accepts besides empty, for error messages.
pub fn valid_codes() -> String {
    let mut codes: Vec<&str> = AGENCIES.iter().map(|a| a.code).collect();
    codes.push(OTHER);
    codes.join(", ")
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
    /// `purchase` or `last_formal_demand`: which date restarted the clock last.
    pub counted_from_kind: String,
    pub basis: String,
    /// Days left as of the stats instant (negative once passed).
    #[ts(type = "number")]
    pub days_left: i64,
}

/// The filing deadline of `case` given its statistics as of `today`; `None` when the
/// agency has no encoded window or no date starts the clock yet.
pub fn filing_deadline(
    case: &CaseDraft,
    stats: &CaseStats,
    today: NaiveDate,
) -> Option<FilingDeadline> {
    let agency = find(&case.agency)?;
    let window = agency.filing_window?;
    let (counted_from, kind) = match window.from {
        ClockStart::PurchaseOrLastDemand => {
            let demand = stats.last_formal_demand.map(|d| d.date_naive());
            match (case.purchase_date, demand) {
                (Some(p), Some(d)) if d > p => (d, "last_formal_demand"),
                (Some(p), _) => (p, "purchase"),
                (None, Some(d)) => (d, "last_formal_demand"),
                (None, None) => return None,
            }
        }
    };
    let date = counted_from.checked_add_months(Months::new(window.months))?;
    Some(FilingDeadline {
        agency: agency.code.to_string(),
        date,
        counted_from,
        counted_from_kind: kind.to_string(),
        basis: window.basis.to_string(),
        days_left: (date - today).num_days(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use chrono::{FixedOffset, TimeZone};

    fn case(agency: &str, purchase: Option<NaiveDate>) -> CaseDraft {
        CaseDraft {
            claimant_id: new_id(),
            company_id: new_id(),
            title: "Caso".into(),
            product: String::new(),
            account_ref: String::new(),
            purchase_date: purchase,
            amount: None,
            facts: String::new(),
            requests: String::new(),
            agency: agency.into(),
            agency_folio: String::new(),
            status: CaseStatus::Open,
            opened_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            lang: Lang::Es,
            archived: None,
        }
    }

    fn stats(demand: Option<NaiveDate>) -> CaseStats {
        let mut s = crate::stats::compute(
            &[],
            FixedOffset::west_opt(21600)
                .unwrap()
                .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
                .unwrap(),
        );
        s.last_formal_demand = demand.map(|d| {
            FixedOffset::west_opt(21600)
                .unwrap()
                .from_local_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
                .unwrap()
        });
        s
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn profeco_year_restarts_with_each_formal_demand() {
        let today = d(2026, 6, 1);
        let from_purchase =
            filing_deadline(&case("profeco", Some(d(2025, 7, 10))), &stats(None), today).unwrap();
        assert_eq!(from_purchase.date, d(2026, 7, 10));
        assert_eq!(from_purchase.counted_from_kind, "purchase");
        assert_eq!(from_purchase.days_left, 39);
        let restarted = filing_deadline(
            &case("profeco", Some(d(2025, 7, 10))),
            &stats(Some(d(2026, 3, 15))),
            today,
        )
        .unwrap();
        assert_eq!(restarted.date, d(2027, 3, 15));
        assert_eq!(restarted.counted_from_kind, "last_formal_demand");
        let passed =
            filing_deadline(&case("profeco", Some(d(2024, 1, 31))), &stats(None), today).unwrap();
        assert!(passed.days_left < 0);
    }

    #[test]
    fn no_deadline_without_a_clock_or_a_start() {
        assert!(filing_deadline(
            &case("cfpb", Some(d(2026, 1, 1))),
            &stats(None),
            d(2026, 6, 1)
        )
        .is_none());
        assert!(filing_deadline(&case("profeco", None), &stats(None), d(2026, 6, 1)).is_none());
        assert!(
            filing_deadline(&case("", Some(d(2026, 1, 1))), &stats(None), d(2026, 6, 1)).is_none()
        );
    }
}
