//! `letter`: the formal demand letter to the company, or the description an agency's
//! online complaint form asks for, as plain text to paste (or JSON), from
//! `expediente-guidance`'s `letter` module. PDF output is not here yet.

use clap::{Args, ValueEnum};
use expediente_core::agency;
use expediente_core::Lang;
use expediente_guidance::letter;

use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};
use crate::run::Ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// The formal demand to the company (requerimiento formal / letter before action).
    Demand,
    /// The description for the agency's online complaint form, within its length limit.
    Complaint,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// Case id.
    pub case: String,
    /// Which text.
    #[arg(long, value_enum)]
    pub kind: Kind,
    /// Plain text to paste into an e-mail or a web form (the default; --json for JSON).
    #[arg(long)]
    pub text: bool,
    /// The agency whose legal basis, answer period and form limit apply (a profile code).
    /// Default: the case's.
    #[arg(long, value_name = "CODE")]
    pub agency: Option<String>,
    /// The day the letter is dated (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Language of the letter. Default: the case's.
    #[arg(long, value_parser = crate::args::lang_parser())]
    pub lang: Option<Lang>,
}

impl Ctx<'_> {
    pub(crate) fn letter(&mut self, a: LetterArgs) -> CliResult<u8> {
        if a.text && self.json {
            return Err(CliError::usage(
                "text",
                "--text y --json se excluyen / --text and --json exclude each other",
            ));
        }
        let today = match &a.date {
            Some(s) => crate::fields::date("date", s)?,
            None => crate::fields::local_now().date_naive(),
        };
        let id = self.case_id(&a.case)?;
        let bundle = self.store.bundle(id)?;
        let code = a
            .agency
            .clone()
            .unwrap_or_else(|| bundle.case.data.agency.clone());
        let code = code.trim().to_ascii_lowercase();
        let Some(profile) = agency::find(&code) else {
            let valid: Vec<&str> = agency::all().iter().map(|a| a.code.as_str()).collect();
            let message = if code.is_empty() || code == agency::OTHER {
                format!(
                    "el caso no tiene una autoridad con perfil; usa --agency con una de / the case has no agency with a profile; pass --agency with one of: {}",
                    valid.join(", ")
                )
            } else {
                format!(
                    "autoridad desconocida / unknown agency {code:?}; one of: {}",
                    valid.join(", ")
                )
            };
            return Err(CliError::invalid("agency", "unknown_agency", message));
        };
        let lang = a.lang.unwrap_or(bundle.case.data.lang);
        let l = match a.kind {
            Kind::Demand => letter::demand(&bundle, profile, today, lang)
                .map_err(|e| CliError::invalid("date", "calendar_missing", e.to_string()))?,
            Kind::Complaint => letter::complaint(&bundle, profile, today, lang),
        };
        if self.json {
            output::json(&l)?;
        } else {
            line(l.text.trim_end());
        }
        Ok(exit::OK)
    }
}
