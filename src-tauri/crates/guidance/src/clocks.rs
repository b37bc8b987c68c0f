//! Every clock a case's log starts, one small function each: promises, the company's
//! answer clock after a formal demand, the wait for a substantive answer, the agency's
//! filing window and the days since the first contact. Each carries its legal basis
//! where the law sets it (promises and waits are facts of the log, not legal clocks).

use chrono::NaiveDate;
use expediente_core::agency::{Agency, ClockStart, Text};
use expediente_core::model::{Attempt, Channel, Direction, Outcome};
use expediente_core::stats::is_substantive;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::words::{self, both};

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockKind {
    /// A promise the company made, with its date.
    Promise,
    /// The company's time to answer a formal demand (agency profile `company_answer`).
    CompanyAnswer,
    /// Time the claimant has waited since the last substantive answer.
    SinceSubstantiveAnswer,
    /// The consumer's time to file with the agency (profile `filing_window`).
    FilingWindow,
    /// Days since the first logged contact.
    SinceFirstContact,
}

/// Where a clock stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClockStatus {
    /// Due date ahead.
    Running,
    /// Due date passed with nothing done: a promise broken, a demand unanswered.
    Overdue,
    /// A promise kept on time.
    Kept,
    /// A promise kept after its date.
    KeptLate,
    /// A formal demand answered (in time when `days` ≥ 0).
    Answered,
    /// A filing window closed.
    Expired,
    /// The claimant is waiting for a substantive answer.
    Waiting,
    /// Informative: days elapsed.
    Info,
    /// A business-day count ran past the calendars we hold (the text names the file).
    CalendarMissing,
}

/// One clock as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClockState {
    pub kind: ClockKind,
    pub status: ClockStatus,
    /// The day it started.
    pub started: Option<NaiveDate>,
    /// Its last day (inclusive), for clocks that have one.
    pub due: Option<NaiveDate>,
    /// Calendar days from today to `due` (negative: overdue by that many); for clocks
    /// without a due date, days elapsed since `started`; for an answer or a kept
    /// promise, days between the event and `due` (negative: late).
    #[ts(type = "number")]
    pub days: i64,
    /// The number of the attempt that started it.
    pub attempt: Option<u32>,
    /// The legal basis ("LFPC art. 105"), empty for clocks the law does not set.
    pub basis: String,
    /// The clock in plain words.
    pub text: Text,
}

fn span(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The fate of every promise in `attempts` (oldest first) as of `today`: kept, kept late,
/// pending or overdue by N days. A promise is kept by the first fix (partial or full)
/// logged after it.
pub fn promises(attempts: &[Attempt], today: NaiveDate) -> Vec<ClockState> {
    let mut out = Vec::new();
    for (i, a) in attempts.iter().enumerate() {
        let (Outcome::Promise, Some(due)) = (a.data.outcome, a.data.promised_by) else {
            continue;
        };
        let made = a.data.happened_at.date_naive();
        let fix = attempts[i + 1..]
            .iter()
            .find(|b| matches!(b.data.outcome, Outcome::PartialFix | Outcome::Resolved))
            .map(|b| b.data.happened_at.date_naive());
        let d = words::date(due, today);
        let m = words::date(made, today);
        let (status, days, text) = match fix {
            Some(f) if f <= due => (
                ClockStatus::Kept,
                span(f, due),
                Text::new(
                    format!(
                        "Promesa del {} para el {}: cumplida el {}.",
                        m.es,
                        d.es,
                        words::date(f, today).es
                    ),
                    format!(
                        "Promise of {} for {}: kept on {}.",
                        m.en,
                        d.en,
                        words::date(f, today).en
                    ),
                ),
            ),
            Some(f) => {
                let late = words::days(span(due, f));
                (
                    ClockStatus::KeptLate,
                    span(f, due),
                    Text::new(
                        format!(
                            "Promesa del {} para el {}: cumplida el {}, con {} de retraso.",
                            m.es,
                            d.es,
                            words::date(f, today).es,
                            late.es
                        ),
                        format!(
                            "Promise of {} for {}: kept on {}, {} late.",
                            m.en,
                            d.en,
                            words::date(f, today).en,
                            late.en
                        ),
                    ),
                )
            }
            None if today > due => {
                let ago = words::days(span(due, today));
                (
                    ClockStatus::Overdue,
                    span(today, due),
                    Text::new(
                        format!("Prometido para el {}: vencida hace {}.", d.es, ago.es),
                        format!("Promised for {}: overdue by {}.", d.en, ago.en),
                    ),
                )
            }
            None => (
                ClockStatus::Running,
                span(today, due),
                if due == today {
                    Text::new(
                        format!("Prometido para hoy, {}.", d.es),
                        format!("Promised for today, {}.", d.en),
                    )
                } else {
                    let left = words::days(span(today, due));
                    Text::new(
                        format!("Prometido para el {}: faltan {}.", d.es, left.es),
                        format!("Promised for {}: {} left.", d.en, left.en),
                    )
                },
            ),
        };
        out.push(ClockState {
            kind: ClockKind::Promise,
            status,
            started: Some(made),
            due: Some(due),
            days,
            attempt: Some(a.number),
            basis: String::new(),
            text,
        });
    }
    out
}

fn written(c: Channel) -> bool {
    !matches!(c, Channel::Phone | Channel::InPerson | Channel::Other)
}

/// "Tu escrito del 21 nov" / "Your letter of 21 Nov" (or "reclamación formal" when it
/// was spoken).
pub fn demand_words(demand: &Attempt, today: NaiveDate) -> Text {
    let d = words::date(demand.data.happened_at.date_naive(), today);
    if written(demand.data.channel) {
        Text::new(
            format!("Tu escrito del {}", d.es),
            format!("Your written demand of {}", d.en),
        )
    } else {
        Text::new(
            format!("Tu reclamación formal del {}", d.es),
            format!("Your formal demand of {}", d.en),
        )
    }
}

/// The last formal demand in `attempts` (oldest first).
pub fn last_formal_demand(attempts: &[Attempt]) -> Option<(usize, &Attempt)> {
    attempts
        .iter()
        .enumerate()
        .rev()
        .find(|(_, a)| a.data.formal_demand)
}

/// The company's answer clock after the last formal demand, where the agency sets one
/// counted from it (ES/CO/PE: 15 business days; UK: 8 weeks). Answered when the demand
/// itself or a later attempt got a substantive answer.
pub fn company_answer(
    agency: &Agency,
    attempts: &[Attempt],
    today: NaiveDate,
) -> Option<ClockState> {
    let clock = agency.company_answer.as_ref()?;
    if clock.from != ClockStart::FormalDemand {
        return None;
    }
    let (i, demand) = last_formal_demand(attempts)?;
    let start = demand.data.happened_at.date_naive();
    let what = demand_words(demand, today);
    let length = words::period(clock.amount, clock.unit);
    let base = ClockState {
        kind: ClockKind::CompanyAnswer,
        status: ClockStatus::Running,
        started: Some(start),
        due: None,
        days: 0,
        attempt: Some(demand.number),
        basis: clock.basis.clone(),
        text: Text::new("", ""),
    };
    let due = match clock.due(&agency.country, start) {
        Ok(d) => d,
        Err(e) => {
            return Some(ClockState {
                status: ClockStatus::CalendarMissing,
                text: Text::new(
                    format!(
                        "No se puede contar el plazo de {}: falta el calendario {} de {} ({e}).",
                        length.es, e.year, e.country
                    ),
                    format!(
                        "The {} cannot be counted: the {} calendar of {} is missing ({e}).",
                        length.en, e.year, e.country
                    ),
                ),
                ..base
            })
        }
    };
    let d = words::date(due, today);
    let answer = attempts[i..]
        .iter()
        .find(|a| is_substantive(a.data.outcome))
        .map(|a| a.data.happened_at.date_naive());
    let (status, days, text) = match answer {
        Some(a) => {
            let on = words::date(a, today);
            let in_time = a <= due;
            (
                ClockStatus::Answered,
                span(a, due),
                Text::new(
                    format!(
                        "{} tuvo respuesta el {}, {} del plazo de {} ({}).",
                        what.es,
                        on.es,
                        if in_time { "dentro" } else { "fuera" },
                        length.es,
                        d.es
                    ),
                    format!(
                        "{} was answered on {}, {} the {} ({}).",
                        what.en,
                        on.en,
                        if in_time { "within" } else { "after" },
                        length.en,
                        d.en
                    ),
                ),
            )
        }
        None if today > due => {
            let ago = words::days(span(due, today));
            (
                ClockStatus::Overdue,
                span(today, due),
                Text::new(
                    format!(
                        "{} no tuvo respuesta y el plazo de {} venció el {} (hace {}).",
                        what.es, length.es, d.es, ago.es
                    ),
                    format!(
                        "{} got no answer and the {} to answer ran out on {} ({} ago).",
                        what.en, length.en, d.en, ago.en
                    ),
                ),
            )
        }
        None => (
            ClockStatus::Running,
            span(today, due),
            Text::new(
                format!(
                    "{} no tiene respuesta y el plazo de {} vence el {}.",
                    what.es, length.es, d.es
                ),
                format!(
                    "{} has no answer and the {} to answer end on {}.",
                    what.en, length.en, d.en
                ),
            ),
        ),
    };
    Some(ClockState {
        status,
        due: Some(due),
        days,
        text,
        ..base
    })
}

/// How long the claimant has waited for a substantive answer: from their first attempt
/// after the last substantive answer (a canned reply, an automatic acknowledgement, a
/// redirect or silence is not one). Informative when nobody is waiting.
pub fn since_substantive_answer(attempts: &[Attempt], today: NaiveDate) -> Option<ClockState> {
    let last_answer = attempts
        .iter()
        .rposition(|a| is_substantive(a.data.outcome));
    let from = last_answer.map_or(0, |i| i + 1);
    let waiting = attempts[from..]
        .iter()
        .find(|a| a.data.direction == Direction::ToCompany);
    let (status, start, attempt, text) = match (waiting, last_answer) {
        (Some(w), _) => {
            let start = w.data.happened_at.date_naive();
            let n = words::days(span(start, today));
            let d = words::date(start, today);
            (
                ClockStatus::Waiting,
                start,
                w.number,
                Text::new(
                    format!("Llevas {} esperando una respuesta de fondo (desde el {}); respuestas automáticas, desvíos y silencios no cuentan.", n.es, d.es),
                    format!("You have waited {} for a real answer (since {}); form replies, redirects and silence do not count.", n.en, d.en),
                ),
            )
        }
        (None, Some(i)) => {
            let a = &attempts[i];
            let start = a.data.happened_at.date_naive();
            let n = words::days(span(start, today));
            (
                ClockStatus::Info,
                start,
                a.number,
                Text::new(
                    format!(
                        "Última respuesta de fondo el {} (hace {}).",
                        words::date(start, today).es,
                        n.es
                    ),
                    format!(
                        "Last real answer on {} ({} ago).",
                        words::date(start, today).en,
                        n.en
                    ),
                ),
            )
        }
        (None, None) => return None,
    };
    Some(ClockState {
        kind: ClockKind::SinceSubstantiveAnswer,
        status,
        started: Some(start),
        due: None,
        days: span(start, today),
        attempt: Some(attempt),
        basis: String::new(),
        text,
    })
}

/// The agency's filing window (core's `filing_deadline_from`: PROFECO's year restarts at
/// each formal demand, LFPC art. 105), in plain words.
pub fn filing_window(
    agency: &Agency,
    starts: expediente_core::agency::ClockStarts,
    today: NaiveDate,
) -> Option<ClockState> {
    let window = agency.filing_window.as_ref()?;
    let fd = expediente_core::agency::filing_deadline_from(&agency.code, starts, today)?;
    let d = words::date(fd.date, today);
    let from = words::date(fd.counted_from, today);
    let length = words::period(window.amount, window.unit);
    let (since_es, since_en) = match fd.counted_from_kind.as_str() {
        "purchase" => ("desde la compra", "from the purchase"),
        "last_formal_demand" => (
            "desde tu última reclamación formal",
            "from your last formal demand",
        ),
        _ => (
            "desde la respuesta final de la empresa",
            "from the company's final response",
        ),
    };
    let (status, text) = if fd.days_left >= 0 {
        let left = words::days(fd.days_left);
        (
            ClockStatus::Running,
            Text::new(
                format!("Tienes hasta el {} para presentar tu queja en {} ({} {}, el {}; {}): faltan {}.", d.es, agency.name, length.es, since_es, from.es, fd.basis, left.es),
                format!("You have until {} to file with {} ({} {}, {}; {}): {} left.", d.en, agency.name, length.en, since_en, from.en, fd.basis, left.en),
            ),
        )
    } else {
        (
            ClockStatus::Expired,
            Text::new(
                format!(
                    "El plazo para presentar tu queja en {} venció el {} ({} {}, el {}; {}).",
                    agency.name, d.es, length.es, since_es, from.es, fd.basis
                ),
                format!(
                    "The time to file with {} ran out on {} ({} {}, {}; {}).",
                    agency.name, d.en, length.en, since_en, from.en, fd.basis
                ),
            ),
        )
    };
    Some(ClockState {
        kind: ClockKind::FilingWindow,
        status,
        started: Some(fd.counted_from),
        due: Some(fd.date),
        days: fd.days_left,
        attempt: None,
        basis: fd.basis,
        text,
    })
}

/// Days since the first logged contact (not since the case was typed in).
pub fn since_first_contact(attempts: &[Attempt], today: NaiveDate) -> Option<ClockState> {
    let first = attempts.first()?;
    let start = first.data.happened_at.date_naive();
    let n = words::days(span(start, today));
    let d = words::date(start, today);
    Some(ClockState {
        kind: ClockKind::SinceFirstContact,
        status: ClockStatus::Info,
        started: Some(start),
        due: None,
        days: span(start, today),
        attempt: Some(first.number),
        basis: String::new(),
        text: both(|l| match l {
            words::Lang::Es => format!("{} desde el primer contacto ({}).", n.es, d.es),
            words::Lang::En => format!("{} since the first contact ({}).", n.en, d.en),
        }),
    })
}
