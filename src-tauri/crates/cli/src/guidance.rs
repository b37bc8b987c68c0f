//! `next`, `readiness` and `calendar`: the guidance of `expediente-guidance` on the
//! command line — a case's next step and clocks (or every open case by urgency), an
//! agency's readiness checklist, and the running deadlines as an iCalendar file.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Utc};
use clap::Args;
use expediente_core::agency::Text;
use expediente_core::{CaseStatus, Lang};
use expediente_guidance::{self as guidance, ClockStatus, Guidance};

use crate::error::{exit, CliError, CliResult};
use crate::output::{self, clip, line};
use crate::run::Ctx;

#[derive(Debug, Args)]
pub struct NextArgs {
    /// Case id; without it, every open case, most urgent first.
    pub case: Option<String>,
    /// As of this instant (RFC 3339 with offset). Default: now.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Language of the texts. Default: each case's.
    #[arg(long, value_parser = crate::args::lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct ReadinessArgs {
    /// Case id.
    pub case: String,
    /// The agency to check against (a profile code). Default: the case's.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// As of this instant (RFC 3339 with offset). Default: now.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Language of the texts. Default: the case's.
    #[arg(long, value_parser = crate::args::lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// The iCalendar file to write (replaced whole, or left as it was on failure).
    #[arg(long, value_name = "FILE")]
    pub ics: PathBuf,
    /// As of this instant (RFC 3339 with offset). Default: now.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
    /// Language of the events. Default: each case's.
    #[arg(long, value_parser = crate::args::lang_parser())]
    pub lang: Option<Lang>,
}

fn now(arg: &Option<String>) -> CliResult<DateTime<FixedOffset>> {
    match arg {
        Some(s) => crate::fields::datetime("now", s),
        None => Ok(crate::fields::local_now()),
    }
}

fn pick(t: &Text, lang: Lang) -> &str {
    t.get(lang)
}

impl Ctx<'_> {
    /// The guidance of every open case (not resolved, closed or archived), most urgent first.
    fn open_guidances(&self, now: DateTime<FixedOffset>) -> CliResult<Vec<Guidance>> {
        let mut out = Vec::new();
        for c in self.store.cases()? {
            let closed = matches!(
                c.data.status,
                CaseStatus::Resolved | CaseStatus::ClosedUnresolved
            );
            if closed || c.data.archived == Some(true) {
                continue;
            }
            out.push(guidance::guide(&self.store.bundle(c.meta.id)?, now));
        }
        guidance::by_urgency(&mut out);
        Ok(out)
    }

    pub(crate) fn next(&mut self, a: NextArgs) -> CliResult<u8> {
        let now = now(&a.now)?;
        let Some(case) = &a.case else {
            let list = self.open_guidances(now)?;
            if self.json {
                output::json(&list)?;
            } else if list.is_empty() {
                line(
                    a.lang
                        .map_or("No hay casos abiertos. / No open cases.", |l| match l {
                            Lang::Es => "No hay casos abiertos.",
                            Lang::En => "No open cases.",
                        }),
                );
            }
            for g in list.iter().filter(|_| !self.json) {
                let lang = a.lang.unwrap_or(g.lang);
                let s = &g.next_step;
                let when = s.date.map_or("-".to_string(), |d| d.to_string());
                let flag = if s.overdue {
                    lang_str(lang, "VENCIDO", "OVERDUE")
                } else {
                    ""
                };
                line(&format!(
                    "{when:<10}  {flag:<7}  {}  {:<30}  {:<20}  {}",
                    &g.case_id.to_string()[28..],
                    clip(&g.title, 30),
                    clip(&g.claimant_name, 20),
                    pick(&s.text, lang)
                ));
            }
            return Ok(exit::OK);
        };
        let id = self.case_id(case)?;
        let g = guidance::guide(&self.store.bundle(id)?, now);
        if self.json {
            output::json(&g)?;
            return Ok(exit::OK);
        }
        let lang = a.lang.unwrap_or(g.lang);
        line(&format!(
            "{} — {} / {}",
            g.title, g.claimant_name, g.company_name
        ));
        let s = &g.next_step;
        let head = match (s.date, s.overdue) {
            (Some(d), true) => format!(
                "{} ({} {d})",
                lang_str(lang, "Siguiente paso", "Next step"),
                lang_str(lang, "vencido desde", "overdue since")
            ),
            (Some(d), false) => format!(
                "{} ({} {d})",
                lang_str(lang, "Siguiente paso", "Next step"),
                lang_str(lang, "para el", "by")
            ),
            (None, _) => lang_str(lang, "Siguiente paso", "Next step").to_string(),
        };
        line(&format!("{head}: {}", pick(&s.text, lang)));
        if !g.clocks.is_empty() {
            line(lang_str(lang, "Plazos:", "Clocks:"));
        }
        for c in &g.clocks {
            let mark = match c.status {
                ClockStatus::Overdue | ClockStatus::Expired => "!",
                ClockStatus::CalendarMissing => "?",
                _ => "-",
            };
            let text = pick(&c.text, lang);
            let basis = if c.basis.is_empty() || text.contains(&c.basis) {
                String::new()
            } else {
                format!(" [{}]", c.basis)
            };
            line(&format!("  {mark} {text}{basis}"));
        }
        Ok(exit::OK)
    }

    pub(crate) fn readiness(&mut self, a: ReadinessArgs) -> CliResult<u8> {
        let now = now(&a.now)?;
        let id = self.case_id(&a.case)?;
        let bundle = self.store.bundle(id)?;
        let code = a
            .agency
            .clone()
            .unwrap_or_else(|| bundle.case.data.agency.clone());
        let code = code.trim().to_ascii_lowercase();
        let Some(agency) = expediente_core::agency::find(&code) else {
            let valid: Vec<&str> = expediente_core::agency::all()
                .iter()
                .map(|a| a.code.as_str())
                .collect();
            let message = if code.is_empty() || code == expediente_core::agency::OTHER {
                format!(
                    "the case has no agency with a profile; pass --agency with one of: {}",
                    valid.join(", ")
                )
            } else {
                format!("unknown agency {code:?}; one of: {}", valid.join(", "))
            };
            return Err(CliError::invalid("agency", "unknown_agency", message));
        };
        let r = guidance::readiness::readiness(&bundle, agency, now.date_naive());
        if self.json {
            output::json(&r)?;
            return Ok(exit::OK);
        }
        let lang = a.lang.unwrap_or(bundle.case.data.lang);
        line(&format!("{} ({})", pick(&agency.full_name, lang), r.basis));
        for i in &r.items {
            let mark = if i.ok { "[x]" } else { "[ ]" };
            line(&format!("{mark} {:<45} {}", pick(&i.label, lang), i.target));
        }
        line(if r.ready {
            lang_str(lang, "Listo para presentar.", "Ready to file.")
        } else {
            lang_str(
                lang,
                "Falta lo marcado con [ ].",
                "Items marked [ ] are missing.",
            )
        });
        Ok(exit::OK)
    }

    pub(crate) fn calendar(&mut self, a: CalendarArgs) -> CliResult<u8> {
        let now = now(&a.now)?;
        let list = self.open_guidances(now)?;
        let (text, events) = guidance::ics::deadlines(&list, a.lang, now.with_timezone(&Utc));
        crate::run::write_file(&a.ics, text.as_bytes())?;
        if self.json {
            output::json(
                &serde_json::json!({ "file": a.ics, "events": events, "cases": list.len() }),
            )?;
        } else {
            line(&format!(
                "{events} deadlines of {} open cases written to {}",
                list.len(),
                a.ics.display()
            ));
        }
        Ok(exit::OK)
    }
}

fn lang_str(lang: Lang, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Es => es,
        Lang::En => en,
    }
}
