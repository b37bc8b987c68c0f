//! The case's "summary in numbers" (dossier section 2, the case header in the app):
//! pure functions over a case's attempts, computed as of a given instant.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Attempt, Channel, Direction, Outcome};

/// A promise's fate as of the stats instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PromiseState {
    /// A fix (partial or full) was logged on or before the promised date.
    Kept,
    /// The promised date passed with no fix logged.
    Broken,
    /// The promised date has not come yet.
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseStats {
    pub attempts: u32,
    pub from_claimant: u32,
    pub from_company: u32,
    #[ts(type = "string | null")]
    pub first_contact: Option<DateTime<FixedOffset>>,
    #[ts(type = "string | null")]
    pub last_contact: Option<DateTime<FixedOffset>>,
    /// Whole days from the first contact to the stats instant.
    pub days_since_first_contact: Option<u32>,
    /// Distinct channels used, in [`Channel::ALL`] order.
    pub channels_used: Vec<Channel>,
    pub no_response: u32,
    pub canned_replies: u32,
    pub promises_made: u32,
    pub promises_broken: u32,
    pub promises_pending: u32,
    pub redirected: u32,
    /// Longest time, in seconds, the claimant waited for a substantive answer (see [`compute`]).
    #[ts(type = "number | null")]
    pub longest_wait_secs: Option<i64>,
    /// Whether that longest wait is still running (no answer yet).
    pub longest_wait_open: bool,
    #[ts(type = "string | null")]
    pub last_formal_demand: Option<DateTime<FixedOffset>>,
    pub formal_demands: u32,
    /// The company's final word: the latest attempt refused or resolved ([`final_response`]).
    #[ts(type = "string | null")]
    pub final_response: Option<DateTime<FixedOffset>>,
    /// The last day to file with the case's agency, where its clock is known
    /// (filled by [`for_case`], which knows the case; `None` from [`compute`]).
    pub filing_deadline: Option<crate::agency::FilingDeadline>,
}

/// The fate of the promise made in `attempts[i]` (which must have outcome `promise`).
/// `attempts` must be sorted oldest first. For many promises use [`promise_states`].
pub fn promise_state(attempts: &[Attempt], i: usize, today: NaiveDate) -> PromiseState {
    let next_fix = attempts[i + 1..]
        .iter()
        .find(|a| is_fix(a))
        .map(|a| a.data.happened_at.date_naive());
    state_of(&attempts[i], next_fix, today)
}

/// The fate of every promise in `attempts` (sorted oldest first), `None` for attempts that
/// are not promises. One pass from the newest attempt back.
pub fn promise_states(attempts: &[Attempt], today: NaiveDate) -> Vec<Option<PromiseState>> {
    let refs: Vec<&Attempt> = attempts.iter().collect();
    promise_states_of(&refs, today)
}

fn promise_states_of(attempts: &[&Attempt], today: NaiveDate) -> Vec<Option<PromiseState>> {
    let mut out = vec![None; attempts.len()];
    let mut next_fix: Option<NaiveDate> = None;
    for (i, a) in attempts.iter().enumerate().rev() {
        if a.data.outcome == Outcome::Promise {
            out[i] = Some(state_of(a, next_fix, today));
        }
        if is_fix(a) {
            next_fix = Some(a.data.happened_at.date_naive());
        }
    }
    out
}

/// Whether an outcome answers the claimant: a promise, a fix, a refusal or a resolution.
/// No response, a canned reply (an automatic acknowledgement, "lamentamos el
/// inconveniente") and a redirect to another channel are not answers.
pub fn is_substantive(outcome: Outcome) -> bool {
    !matches!(
        outcome,
        Outcome::NoResponse | Outcome::CannedReply | Outcome::Redirected
    )
}

/// The company's final word: the latest attempt refused or resolved (the UK's "final
/// response", which starts the 6 months to go to the ombudsman).
pub fn final_response(attempts: &[&Attempt]) -> Option<DateTime<FixedOffset>> {
    attempts
        .iter()
        .filter(|a| matches!(a.data.outcome, Outcome::Refused | Outcome::Resolved))
        .map(|a| a.data.happened_at)
        .max_by_key(|d| d.with_timezone(&Utc))
}

fn is_fix(a: &Attempt) -> bool {
    matches!(a.data.outcome, Outcome::Resolved | Outcome::PartialFix)
}

/// A promise is kept when the first fix logged after it came on or before its date.
fn state_of(promise: &Attempt, next_fix: Option<NaiveDate>, today: NaiveDate) -> PromiseState {
    let Some(due) = promise.data.promised_by else {
        return PromiseState::Pending;
    };
    if next_fix.is_some_and(|d| d <= due) {
        PromiseState::Kept
    } else if today > due {
        PromiseState::Broken
    } else {
        PromiseState::Pending
    }
}

/// [`compute`] for a case, with its agency's filing deadline filled in.
pub fn for_case(
    case: &crate::model::CaseDraft,
    attempts: &[Attempt],
    now: DateTime<FixedOffset>,
) -> CaseStats {
    let mut s = compute(attempts, now);
    s.filing_deadline = crate::agency::filing_deadline(case, &s, now.date_naive());
    s
}

/// Computes a case's numbers as of `now` (the user's local date decides overdue promises).
///
/// `attempts` may be in any order. The *wait for an answer* starts at each attempt the
/// claimant made that got no substantive answer (no response, a canned reply, a redirect:
/// [`is_substantive`]) and ends at the next attempt (either way) that got one; if none
/// came, it is still running at `now`.
pub fn compute(attempts: &[Attempt], now: DateTime<FixedOffset>) -> CaseStats {
    let mut owned: Vec<&Attempt> = attempts.iter().collect();
    owned.sort_by_key(|a| (a.data.happened_at.with_timezone(&Utc), a.meta.id));
    let today = now.date_naive();

    let count = |f: &dyn Fn(&Attempt) -> bool| owned.iter().filter(|a| f(a)).count() as u32;
    let first = owned.first().map(|a| a.data.happened_at);
    let last = owned.last().map(|a| a.data.happened_at);
    let channels: BTreeSet<Channel> = owned.iter().map(|a| a.data.channel).collect();

    let (mut made, mut broken, mut pending) = (0, 0, 0);
    for state in promise_states_of(&owned, today).into_iter().flatten() {
        made += 1;
        match state {
            PromiseState::Broken => broken += 1,
            PromiseState::Pending => pending += 1,
            PromiseState::Kept => {}
        }
    }

    // Walk back from the newest attempt, remembering when the next answer came.
    let mut longest: Option<(i64, bool)> = None;
    let mut next_answer: Option<DateTime<FixedOffset>> = None;
    for a in owned.iter().rev() {
        if a.data.direction == Direction::ToCompany && !is_substantive(a.data.outcome) {
            let (end, open) = match next_answer {
                Some(t) => (t, false),
                None => (now, true),
            };
            let secs = (end.with_timezone(&Utc) - a.data.happened_at.with_timezone(&Utc))
                .num_seconds()
                .max(0);
            if longest.is_none_or(|(l, _)| secs >= l) {
                longest = Some((secs, open));
            }
        }
        if is_substantive(a.data.outcome) {
            next_answer = Some(a.data.happened_at);
        }
    }

    let demands: Vec<&Attempt> = owned
        .iter()
        .copied()
        .filter(|a| a.data.formal_demand)
        .collect();
    CaseStats {
        attempts: owned.len() as u32,
        from_claimant: count(&|a| a.data.direction == Direction::ToCompany),
        from_company: count(&|a| a.data.direction == Direction::FromCompany),
        first_contact: first,
        last_contact: last,
        days_since_first_contact: first.map(|f| {
            (now.with_timezone(&Utc) - f.with_timezone(&Utc))
                .num_days()
                .max(0) as u32
        }),
        channels_used: Channel::ALL
            .into_iter()
            .filter(|c| channels.contains(c))
            .collect(),
        no_response: count(&|a| a.data.outcome == Outcome::NoResponse),
        canned_replies: count(&|a| a.data.outcome == Outcome::CannedReply),
        promises_made: made,
        promises_broken: broken,
        promises_pending: pending,
        redirected: count(&|a| a.data.outcome == Outcome::Redirected),
        longest_wait_secs: longest.map(|(s, _)| s),
        longest_wait_open: longest.is_some_and(|(_, o)| o),
        last_formal_demand: demands
            .iter()
            .map(|a| a.data.happened_at)
            .max_by_key(|d| d.with_timezone(&Utc)),
        formal_demands: demands.len() as u32,
        final_response: final_response(&owned),
        filing_deadline: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use chrono::{Duration, TimeZone};

    fn tz() -> FixedOffset {
        FixedOffset::west_opt(6 * 3600).unwrap()
    }

    fn a(
        day: i64,
        dir: Direction,
        ch: Channel,
        outcome: Outcome,
        promised: Option<i64>,
    ) -> Attempt {
        let base = tz().with_ymd_and_hms(2026, 10, 1, 10, 0, 0).unwrap();
        let at = base + Duration::days(day);
        Attempt {
            case_id: new_id(),
            number: day as u32 + 1,
            meta: RecordMeta {
                id: new_id(),
                revision: 1,
                recorded_at: at.with_timezone(&Utc),
                reason: String::new(),
                imported_at: None,
            },
            data: AttemptDraft {
                direction: dir,
                promised_by: promised.map(|d| (base + Duration::days(d)).date_naive()),
                formal_demand: day == 9,
                imported_from: None,
                ..AttemptDraft::new(at, ch, outcome)
            },
        }
    }

    #[test]
    fn numbers_of_a_run_around() {
        use Channel::*;
        use Direction::*;
        use Outcome::*;
        let attempts = vec![
            a(0, ToCompany, Phone, NoResponse, None),
            a(2, ToCompany, Email, NoResponse, None),
            a(5, FromCompany, Email, CannedReply, None), // answers after 5 days
            a(6, ToCompany, WebChat, Redirected, None),
            a(7, ToCompany, Phone, Promise, Some(10)), // broken: nothing by day 10
            a(9, ToCompany, Letter, NoResponse, None), // formal demand, never answered
            a(11, ToCompany, Phone, Promise, Some(30)), // pending
        ];
        let now = tz().with_ymd_and_hms(2026, 10, 20, 10, 0, 0).unwrap();
        let s = compute(&attempts, now);
        assert_eq!(s.attempts, 7);
        assert_eq!(s.from_company, 1);
        assert_eq!(s.days_since_first_contact, Some(19));
        assert_eq!(s.channels_used, vec![Phone, Email, WebChat, Letter]);
        assert_eq!(s.no_response, 3);
        assert_eq!(
            (s.promises_made, s.promises_broken, s.promises_pending),
            (2, 1, 1)
        );
        assert_eq!(s.redirected, 1);
        // Day 0 → day 7: the canned reply (day 5) and the redirect (day 6) are no answer;
        // the promise of day 7 is. Day 9 → day 11 (a promise) is 2 days.
        assert_eq!(s.longest_wait_secs, Some(7 * 86_400));
        assert!(!s.longest_wait_open);
        assert_eq!(s.formal_demands, 1);
        assert_eq!(s.last_formal_demand, Some(attempts[5].data.happened_at));
    }

    #[test]
    fn promise_kept_by_a_fix_in_time_and_open_wait() {
        use Channel::*;
        use Direction::*;
        use Outcome::*;
        let attempts = vec![
            a(0, ToCompany, Phone, Promise, Some(3)),
            a(2, FromCompany, Email, PartialFix, None),
            a(4, ToCompany, Email, NoResponse, None),
        ];
        let now = tz().with_ymd_and_hms(2026, 10, 15, 10, 0, 0).unwrap();
        let s = compute(&attempts, now);
        assert_eq!((s.promises_made, s.promises_broken), (1, 0));
        assert_eq!(s.longest_wait_secs, Some(10 * 86_400));
        assert!(s.longest_wait_open);
        assert_eq!(compute(&[], now).days_since_first_contact, None);
    }

    #[test]
    fn a_form_letter_does_not_end_the_wait() {
        use Channel::*;
        use Direction::*;
        use Outcome::*;
        // The demo's story: unpaid, asking for 34 days, each time a canned reply.
        let attempts = vec![
            a(0, ToCompany, Email, CannedReply, None),
            a(1, FromCompany, Email, CannedReply, None),
            a(10, ToCompany, Phone, Redirected, None),
            a(20, ToCompany, WebChat, CannedReply, None),
        ];
        let now = tz().with_ymd_and_hms(2026, 11, 4, 10, 0, 0).unwrap();
        let s = compute(&attempts, now);
        assert_eq!(s.longest_wait_secs, Some(34 * 86_400));
        assert!(s.longest_wait_open);
        assert_eq!(s.final_response, None);
        // A refusal is an answer and the company's final word.
        let mut more = attempts.clone();
        more.push(a(30, FromCompany, Letter, Refused, None));
        let s = compute(&more, now);
        assert_eq!(s.longest_wait_secs, Some(30 * 86_400));
        assert!(!s.longest_wait_open);
        assert_eq!(s.final_response, Some(more[4].data.happened_at));
    }
}
