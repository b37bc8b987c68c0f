//! Every running deadline as an iCalendar file (RFC 5545, written by the `icalendar`
//! crate): one all-day event per due date of a promise, a company's answer clock or a
//! filing window, so people can keep them in the calendar they already use.

use chrono::{DateTime, Utc};
use expediente_core::model::Lang;
use icalendar::{Calendar, Component, EventLike};

use crate::clocks::{ClockKind, ClockStatus};
use crate::Guidance;

fn title(kind: ClockKind, agency: &str, lang: Lang) -> String {
    let (es, en) = match kind {
        ClockKind::Promise => (
            "Vence una promesa de la empresa".to_string(),
            "A company's promise falls due".to_string(),
        ),
        ClockKind::CompanyAnswer => (
            "Vence el plazo de respuesta de la empresa".to_string(),
            "The company's time to answer ends".to_string(),
        ),
        _ => (
            format!("Último día para presentar la queja en {agency}"),
            format!("Last day to file with {agency}"),
        ),
    };
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// The deadlines of `guidances` (promises, answer clocks and filing windows still
/// running or overdue) as an iCalendar text, each case in its own language or in `lang`;
/// `stamp` is every event's DTSTAMP. Returns the text and the number of events.
pub fn deadlines(
    guidances: &[Guidance],
    lang: Option<Lang>,
    stamp: DateTime<Utc>,
) -> (String, usize) {
    let mut cal = Calendar::new();
    cal.name("Expediente");
    let mut n = 0;
    for g in guidances {
        let lang = lang.unwrap_or(g.lang);
        let agency =
            expediente_core::agency::find(&g.agency).map_or(g.agency.as_str(), |a| a.name.as_str());
        for c in &g.clocks {
            let Some(due) = c.due else { continue };
            let relevant = matches!(
                c.kind,
                ClockKind::Promise | ClockKind::CompanyAnswer | ClockKind::FilingWindow
            );
            if !relevant || !matches!(c.status, ClockStatus::Running | ClockStatus::Overdue) {
                continue;
            }
            let kind = match c.kind {
                ClockKind::Promise => "promise",
                ClockKind::CompanyAnswer => "company-answer",
                _ => "filing-window",
            };
            let uid = format!("{}-{kind}-{}@expediente", g.case_id, c.attempt.unwrap_or(0));
            let text = match lang {
                Lang::Es => &c.text.es,
                Lang::En => &c.text.en,
            };
            let basis = if c.basis.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.basis)
            };
            cal.push(
                icalendar::Event::new()
                    .uid(&uid)
                    .timestamp(stamp)
                    .summary(&format!("{} — {}", title(c.kind, agency, lang), g.title))
                    .description(&format!(
                        "{text}{basis}\n{} / {}",
                        g.claimant_name, g.company_name
                    ))
                    .all_day(due)
                    // DTEND of a date is exclusive (RFC 5545 3.6.1): the day after.
                    .ends(due.succ_opt().unwrap_or(due))
                    .done(),
            );
            n += 1;
        }
    }
    (cal.done().to_string(), n)
}
