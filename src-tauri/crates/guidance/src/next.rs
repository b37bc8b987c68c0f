//! The one next step: from the clocks and the readiness checklist, what to do, by when
//! and why, in plain Spanish and English. The rules, in order: a filing window closed or
//! closing within 30 days, a demand's answer clock run out, a broken promise, a formal
//! demand the agency requires first, an answer clock or a promise still running, a long
//! wait for an answer; otherwise nothing is due, and the step says so.

use chrono::NaiveDate;
use expediente_core::agency::{Agency, ClockStart, Need, Text};
use expediente_core::model::CaseStatus;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clocks::{ClockKind, ClockState, ClockStatus};
use crate::readiness::{describe, Readiness};
use crate::words;

/// What the next step asks of the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepKind {
    /// File the complaint with the agency.
    FileComplaint,
    /// Send (and log) a formal demand to the company.
    SendFormalDemand,
    /// Wait for the company's answer until a date.
    WaitForAnswer,
    /// Wait for a promise's date.
    WaitForPromise,
    /// Choose the agency of the case (no clock can be known without one).
    ChooseAgency,
    /// The filing window closed and nothing restarts it.
    WindowClosed,
    /// The case is filed with the agency: follow its procedure.
    FollowAgency,
    /// Nothing is due.
    NothingDue,
}

/// The one thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NextStep {
    pub kind: StepKind,
    /// By when (or since when, when `overdue`); `None` when nothing is due.
    pub date: Option<NaiveDate>,
    /// The date has passed: act now.
    pub overdue: bool,
    /// Reason, step and what is missing, in plain words.
    pub text: Text,
    /// What the agency's filing still needs (the readiness items not there).
    pub missing: Vec<Need>,
}

/// A window this close (in days) to closing makes filing the next step.
pub const WINDOW_WARNING_DAYS: i64 = 30;
/// A wait this long (in days) for a substantive answer makes filing the next step.
pub const LONG_WAIT_DAYS: i64 = 15;

fn find(clocks: &[ClockState], kind: ClockKind, status: ClockStatus) -> Option<&ClockState> {
    clocks.iter().find(|c| c.kind == kind && c.status == status)
}

fn missing_words(missing: &[Need]) -> Text {
    if missing.is_empty() {
        return Text::new("", "");
    }
    let labels: Vec<Text> = missing.iter().map(|&n| describe(n).1).collect();
    Text::new(
        format!(" Te falta: {}.", words::list(&labels, words::Lang::Es)),
        format!(" Still missing: {}.", words::list(&labels, words::Lang::En)),
    )
}

fn file_words(agency: &Agency) -> Text {
    if agency.report_only {
        Text::new(
            format!(
                "Repórtalo a {} (no resuelve casos individuales, pero queda registrado).",
                agency.name
            ),
            format!(
                "Report it to the {} (it does not resolve individual cases, but it is on record).",
                agency.name
            ),
        )
    } else {
        Text::new(
            format!("Presenta tu queja en {}.", agency.name),
            format!("File your complaint with {}.", agency.name),
        )
    }
}

fn join(parts: &[&Text]) -> Text {
    let es: Vec<&str> = parts
        .iter()
        .map(|t| t.es.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let en: Vec<&str> = parts
        .iter()
        .map(|t| t.en.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    Text::new(es.join(" "), en.join(" "))
}

fn step(
    kind: StepKind,
    date: Option<NaiveDate>,
    today: NaiveDate,
    text: Text,
    missing: &[Need],
) -> NextStep {
    let more = missing_words(missing);
    NextStep {
        kind,
        date,
        overdue: date.is_some_and(|d| d < today),
        text: Text::new(
            format!("{}{}", text.es, more.es),
            format!("{}{}", text.en, more.en),
        ),
        missing: missing.to_vec(),
    }
}

/// The next step for a case with `status`, its `agency` (if it has a profile), its
/// clocks and its readiness, as of `today`.
pub fn next_step(
    status: CaseStatus,
    agency: Option<&Agency>,
    clocks: &[ClockState],
    readiness: Option<&Readiness>,
    today: NaiveDate,
) -> NextStep {
    let missing: Vec<Need> = readiness
        .map(|r| r.items.iter().filter(|i| !i.ok).map(|i| i.need).collect())
        .unwrap_or_default();
    // Missing items that are not the step itself (a formal demand is its own step).
    let missing_for_filing: Vec<Need> = missing
        .iter()
        .copied()
        .filter(|n| *n != Need::FormalDemandFirst)
        .collect();

    match status {
        CaseStatus::Resolved | CaseStatus::ClosedUnresolved => {
            return step(
                StepKind::NothingDue,
                None,
                today,
                Text::new(
                    "El caso está cerrado: no hay nada pendiente.",
                    "The case is closed: nothing is due.",
                ),
                &[],
            )
        }
        CaseStatus::Escalated => {
            let name = agency.map_or("la autoridad", |a| a.name.as_str());
            let name_en = agency.map_or("the agency", |a| a.name.as_str());
            return step(
                StepKind::FollowAgency,
                None,
                today,
                Text::new(
                    format!("Tu queja está en {name}: acude a sus citas y registra aquí cada contacto."),
                    format!("Your complaint is with {name_en}: attend its hearings and log each contact here."),
                ),
                &[],
            );
        }
        CaseStatus::Open | CaseStatus::Waiting => {}
    }
    let Some(agency) = agency else {
        return step(
            StepKind::ChooseAgency,
            None,
            today,
            Text::new(
                "Elige la autoridad de tu caso para saber tus plazos y qué necesitas para presentar la queja.",
                "Choose your case's agency to know your deadlines and what a complaint needs.",
            ),
            &[],
        );
    };
    let file = file_words(agency);
    let restarts = agency
        .filing_window
        .as_ref()
        .is_some_and(|w| w.from == ClockStart::PurchaseOrLastDemand);

    // 1. The filing window: closed, or closing soon.
    if let Some(w) = find(clocks, ClockKind::FilingWindow, ClockStatus::Expired) {
        if restarts {
            return step(
                StepKind::SendFormalDemand,
                Some(today),
                today,
                join(&[
                    &w.text,
                    &Text::new(
                        format!("Una nueva reclamación formal a la empresa reinicia el plazo ({}): envíala y regístrala como reclamación formal.", w.basis),
                        format!("A new formal demand to the company restarts it ({}): send it and log it as a formal demand.", w.basis),
                    ),
                ]),
                &[],
            );
        }
        return step(StepKind::WindowClosed, w.due, today, w.text.clone(), &[]);
    }
    if let Some(w) = clocks.iter().find(|c| {
        c.kind == ClockKind::FilingWindow
            && c.status == ClockStatus::Running
            && c.days <= WINDOW_WARNING_DAYS
    }) {
        return step(
            StepKind::FileComplaint,
            w.due,
            today,
            join(&[&w.text, &file]),
            &missing_for_filing,
        );
    }
    // 2. A formal demand unanswered past the company's clock.
    if let Some(c) = find(clocks, ClockKind::CompanyAnswer, ClockStatus::Overdue) {
        return step(
            StepKind::FileComplaint,
            c.due,
            today,
            join(&[&c.text, &file]),
            &missing_for_filing,
        );
    }
    // 3. A broken promise (the oldest first).
    if let Some(p) = find(clocks, ClockKind::Promise, ClockStatus::Overdue) {
        let then = if agency.requires_formal_demand
            && !clocks.iter().any(|c| c.kind == ClockKind::CompanyAnswer)
        {
            (
                StepKind::SendFormalDemand,
                Text::new(
                    format!("Exígelo por escrito a la empresa y regístralo como reclamación formal: {} lo pide antes de la queja.", agency.name),
                    format!("Demand it in writing from the company and log it as a formal demand: {} asks for one before a complaint.", agency.name),
                ),
            )
        } else {
            (StepKind::FileComplaint, file.clone())
        };
        let need = if then.0 == StepKind::FileComplaint {
            missing_for_filing.as_slice()
        } else {
            &[]
        };
        return step(then.0, p.due, today, join(&[&p.text, &then.1]), need);
    }
    // 4. A formal demand the agency requires before a filing.
    if agency.requires_formal_demand && missing.contains(&Need::FormalDemandFirst) {
        let (_, what) = describe(Need::FormalDemandFirst);
        return step(
            StepKind::SendFormalDemand,
            Some(today),
            today,
            Text::new(
                format!("Antes de acudir a {} necesitas {}: envíala por escrito y regístrala como reclamación formal.", agency.name, what.es),
                format!("Before going to {} you need {}: send it in writing and log it as a formal demand.", agency.name, what.en),
            ),
            &[],
        );
    }
    // 5. Clocks still running: the company's answer, then the nearest promise.
    if let Some(c) = find(clocks, ClockKind::CompanyAnswer, ClockStatus::Running) {
        let then = Text::new(
            format!("Si no responden, {}", lower_first(&file.es)),
            format!("If they do not answer, {}", lower_first(&file.en)),
        );
        return step(
            StepKind::WaitForAnswer,
            c.due,
            today,
            join(&[&c.text, &then]),
            &missing_for_filing,
        );
    }
    if let Some(p) = clocks
        .iter()
        .filter(|c| c.kind == ClockKind::Promise && c.status == ClockStatus::Running)
        .min_by_key(|c| c.due)
    {
        let then = Text::new(
            format!("Si no cumplen, {}", lower_first(&file.es)),
            format!("If they do not keep it, {}", lower_first(&file.en)),
        );
        return step(
            StepKind::WaitForPromise,
            p.due,
            today,
            join(&[&p.text, &then]),
            &missing_for_filing,
        );
    }
    // 6. A long wait for a substantive answer.
    if let Some(w) = clocks.iter().find(|c| {
        c.kind == ClockKind::SinceSubstantiveAnswer
            && c.status == ClockStatus::Waiting
            && c.days >= LONG_WAIT_DAYS
    }) {
        return step(
            StepKind::FileComplaint,
            Some(today),
            today,
            join(&[&w.text, &file]),
            &missing_for_filing,
        );
    }
    // Nothing due: say so, with the filing window when there is one.
    let window = find(clocks, ClockKind::FilingWindow, ClockStatus::Running);
    let nothing = Text::new("Nada vence por ahora.", "Nothing is due for now.");
    let text = match window {
        Some(w) => join(&[&nothing, &w.text]),
        None => nothing,
    };
    step(
        StepKind::NothingDue,
        window.and_then(|w| w.due),
        today,
        text,
        &[],
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
