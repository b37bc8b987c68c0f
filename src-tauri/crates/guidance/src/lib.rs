//! Expediente's guidance: from a case's log, every clock that runs ([`clocks`]), the
//! agency's readiness checklist ([`readiness`]) and the one next step ([`next`]), in
//! plain Spanish and English, the running deadlines as an iCalendar file ([`ics`]), and
//! the formal demand letter and an agency form's complaint text ([`letter`]).
//! Pure functions of a [`CaseBundle`] and a day; no Tauri.

pub mod clocks;
pub mod ics;
pub mod letter;
pub mod next;
pub mod readiness;
pub mod words;

use chrono::{DateTime, FixedOffset, NaiveDate};
use expediente_core::agency::{self, ClockStarts};
use expediente_core::model::{CaseBundle, CaseStatus, Id, Lang};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use clocks::{ClockKind, ClockState, ClockStatus};
pub use next::{NextStep, StepKind};
pub use readiness::{Readiness, ReadinessItem};

/// A case's guidance as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guidance {
    pub case_id: Id,
    pub title: String,
    pub claimant_name: String,
    pub company_name: String,
    pub status: CaseStatus,
    /// The case's agency code ("" when not chosen).
    pub agency: String,
    /// The case's language (what the CLI prints by default).
    pub lang: Lang,
    /// The day the guidance is for (the user's local date).
    pub today: NaiveDate,
    pub next_step: NextStep,
    /// Every running or informative clock: promises (oldest first), the company's
    /// answer, the wait for an answer, the filing window, days since the first contact.
    pub clocks: Vec<ClockState>,
    /// The case's agency's checklist (none without a known agency).
    pub readiness: Option<Readiness>,
}

impl Guidance {
    /// How urgent, for sorting: overdue steps first (oldest first), then the nearest
    /// date; steps without a date last.
    pub fn urgency(&self) -> (u8, NaiveDate) {
        match (self.next_step.date, self.next_step.kind) {
            (_, StepKind::NothingDue | StepKind::FollowAgency) => {
                (2, self.next_step.date.unwrap_or(NaiveDate::MAX))
            }
            (Some(d), _) => (0, d),
            (None, _) => (1, NaiveDate::MAX),
        }
    }
}

/// The date clocks start from, as the case's log gives them.
pub fn clock_starts(bundle: &CaseBundle) -> ClockStarts {
    let refs: Vec<_> = bundle.attempts.iter().collect();
    ClockStarts {
        purchase: bundle.case.data.purchase_date,
        last_formal_demand: clocks::last_formal_demand(&bundle.attempts)
            .map(|(_, a)| a.data.happened_at.date_naive()),
        final_response: expediente_core::stats::final_response(&refs).map(|d| d.date_naive()),
    }
}

/// Every clock of `bundle` as of `today`.
pub fn all_clocks(bundle: &CaseBundle, today: NaiveDate) -> Vec<ClockState> {
    let attempts = &bundle.attempts;
    let agency = agency::find(&bundle.case.data.agency);
    let mut out = clocks::promises(attempts, today);
    if let Some(a) = agency {
        out.extend(clocks::company_answer(a, attempts, today));
    }
    out.extend(clocks::since_substantive_answer(attempts, today));
    if let Some(a) = agency {
        out.extend(clocks::filing_window(a, clock_starts(bundle), today));
    }
    out.extend(clocks::since_first_contact(attempts, today));
    out
}

/// The guidance of `bundle` as of `now` (its local date is "today").
pub fn guide(bundle: &CaseBundle, now: DateTime<FixedOffset>) -> Guidance {
    guide_on(bundle, now.date_naive())
}

/// The guidance of `bundle` on `today`.
pub fn guide_on(bundle: &CaseBundle, today: NaiveDate) -> Guidance {
    let case = &bundle.case.data;
    let agency = agency::find(&case.agency);
    let clocks = all_clocks(bundle, today);
    let readiness = agency.map(|a| readiness::readiness(bundle, a, today));
    let next_step = next::next_step(case.status, agency, &clocks, readiness.as_ref(), today);
    let company = &bundle.company.data;
    Guidance {
        case_id: bundle.case.meta.id,
        title: case.title.clone(),
        claimant_name: bundle.claimant.data.full_name.clone(),
        company_name: if company.trade_name.trim().is_empty() {
            company.legal_name.clone()
        } else {
            company.trade_name.clone()
        },
        status: case.status,
        agency: case.agency.clone(),
        lang: case.lang,
        today,
        next_step,
        clocks,
        readiness,
    }
}

/// Sorts guidances by urgency ([`Guidance::urgency`]), most urgent first.
pub fn by_urgency(list: &mut [Guidance]) {
    list.sort_by_key(|g| g.urgency());
}

#[cfg(test)]
pub(crate) mod tests;
