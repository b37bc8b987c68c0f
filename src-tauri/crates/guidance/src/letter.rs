//! The formal demand letter (requerimiento formal / letter before action) and the text an
//! agency's online complaint form asks for, built from a case's log as plain structured
//! text. Wording comes from `letters/words.toml`; legal citations from the agency profile.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use expediente_core::agency::{Agency, Text};
use expediente_core::model::{Attempt, CaseBundle, Lang, Money};
use serde::{Deserialize, Serialize};

use crate::words;

/// Which text to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// The formal demand to the company.
    Demand,
    /// The description for the agency's online complaint form.
    Complaint,
}

/// One fact from the log, as the letter cites it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// The attempt's citation number (its folio in the dossier).
    pub folio: u32,
    pub date: NaiveDate,
    /// The fact as one sentence or a few, in the letter's language.
    pub text: String,
}

/// A letter or complaint text, ready to paste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub kind: LetterKind,
    pub lang: Lang,
    /// The agency profile's code.
    pub agency: String,
    /// The day the letter is dated.
    pub date: NaiveDate,
    /// Whom it is addressed to, one line each.
    pub addressee: Vec<String>,
    /// Every fact from the log, oldest first (the complaint text may leave old ones out).
    pub facts: Vec<Fact>,
    /// The last day the company has to answer (demand letters with an answer clock).
    pub answer_by: Option<NaiveDate>,
    /// The form's character limit (complaint texts of agencies that state one).
    pub limit: Option<u32>,
    /// How many of the oldest facts the complaint text left out to fit the limit.
    pub facts_omitted: u32,
    /// The whole text.
    pub text: String,
}

/// Why a letter cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterError {
    /// The answer deadline needs a business-day calendar year Expediente lacks.
    CalendarMissing { country: String, year: i32 },
}

impl std::fmt::Display for LetterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LetterError::CalendarMissing { country, year } => write!(
                f,
                "no business-day calendar for {country} {year}: the answer deadline cannot be counted / no hay calendario de días hábiles de {country} {year}: no se puede contar el plazo de respuesta"
            ),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    months: HashMap<String, Vec<String>>,
    text: HashMap<String, Text>,
    channel: HashMap<String, Text>,
    outcome: HashMap<String, Text>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str(include_str!("../letters/words.toml"))
            .unwrap_or_else(|e| panic!("letters/words.toml: {e}"))
    })
}

fn wl(lang: Lang) -> words::Lang {
    match lang {
        Lang::Es => words::Lang::Es,
        Lang::En => words::Lang::En,
    }
}

/// A phrase of the table in `lang` with its `{name}`s filled in.
fn say(lang: Lang, key: &str, vars: &[(&str, &str)]) -> String {
    let t = table()
        .text
        .get(key)
        .unwrap_or_else(|| panic!("letters/words.toml: no text.{key}"));
    // One pass over the template: a value that itself contains `{name}` (the user's own
    // words) is never filled in again.
    let mut out = String::new();
    let mut rest = t.get(lang);
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let value = after.find('}').and_then(|j| {
            vars.iter()
                .find(|(k, _)| *k == &after[..j])
                .map(|(_, v)| (j, v))
        });
        match value {
            Some((j, v)) => {
                out.push_str(v);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// "2 de diciembre de 2026" / "December 2, 2026".
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    let code = if lang == Lang::Es { "es" } else { "en" };
    let month = &table().months[code][d.month0() as usize];
    say(
        lang,
        "date_long",
        &[
            ("day", &d.day().to_string()),
            ("month", month),
            ("year", &d.year().to_string()),
        ],
    )
}

/// "8,999.00 MXN": digits grouped, the currency code after.
fn money(m: &Money) -> String {
    let (units, cents) = (m.minor.unsigned_abs() / 100, m.minor.unsigned_abs() % 100);
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if m.minor < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{cents:02} {}", m.currency.trim())
}

fn opt(lang: Lang, key: &str, name: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        say(lang, key, &[(name, value.trim())])
    }
}

/// One attempt as the letter tells it.
fn fact(lang: Lang, n: usize, a: &Attempt) -> Fact {
    let d = &a.data;
    let t = table();
    let date = d.happened_at.date_naive();
    let channel = t.channel[d.channel.as_str()].get(lang);
    let mut asked = d.asked.trim().trim_end_matches('.').to_string();
    if asked.is_empty() {
        asked = say(lang, "fact_asked_none", &[]);
    }
    if d.formal_demand {
        asked.push_str(&say(lang, "fact_formal", &[]));
    }
    let response = d.response.trim().trim_end_matches('.');
    let promise = d
        .promised_by
        .map(|p| say(lang, "fact_promise", &[("date", &long_date(lang, p))]))
        .unwrap_or_default();
    let text = say(
        lang,
        "fact",
        &[
            ("n", &n.to_string()),
            ("date", &long_date(lang, date)),
            ("folio", &a.number.to_string()),
            ("channel", channel),
            ("who", &opt(lang, "fact_who", "agent", &d.agent)),
            ("asked", &asked),
            (
                "reference",
                &opt(lang, "fact_reference", "reference", &d.reference),
            ),
            ("outcome", t.outcome[outcome_key(a)].get(lang)),
            (
                "response",
                &opt(lang, "fact_response", "response", response),
            ),
            ("promise", &promise),
        ],
    );
    Fact {
        folio: a.number,
        date,
        text,
    }
}

fn outcome_key(a: &Attempt) -> &'static str {
    a.data.outcome.as_str()
}

/// Every attempt of the log, oldest first (ties by folio).
fn facts(bundle: &CaseBundle, lang: Lang) -> Vec<Fact> {
    let mut attempts: Vec<&Attempt> = bundle.attempts.iter().collect();
    attempts.sort_by_key(|a| (a.data.happened_at, a.number));
    attempts
        .iter()
        .enumerate()
        .map(|(i, a)| fact(lang, i + 1, a))
        .collect()
}

fn requests(bundle: &CaseBundle, lang: Lang) -> String {
    let r = bundle.case.data.requests.trim();
    if r.is_empty() {
        say(lang, "claims_none", &[])
    } else {
        r.to_string()
    }
}

/// The formal demand letter of `bundle` to its company, dated `today`, citing `agency`'s
/// legal basis and giving its answer clock.
pub fn demand(
    bundle: &CaseBundle,
    agency: &Agency,
    today: NaiveDate,
    lang: Lang,
) -> Result<Letter, LetterError> {
    let case = &bundle.case.data;
    let who = &bundle.claimant.data;
    let co = &bundle.company.data;
    let name = if co.legal_name.trim().is_empty() {
        co.trade_name.trim()
    } else {
        co.legal_name.trim()
    };
    let mut addressee = vec![name.to_string()];
    if !co.address.trim().is_empty() {
        addressee.push(co.address.trim().to_string());
    }
    if !co.tax_id.trim().is_empty() {
        addressee.push(say(lang, "tax_id", &[("tax_id", co.tax_id.trim())]));
    }
    let answer = match agency.demand_answer_clock() {
        Some(c) => {
            let due = c
                .due(&agency.country, today)
                .map_err(|e| LetterError::CalendarMissing {
                    country: agency.country.clone(),
                    year: e.year,
                })?;
            Some((due, words::period(c.amount, c.unit)))
        }
        None => None,
    };
    let facts = facts(bundle, lang);
    let mut out: Vec<String> = addressee.clone();
    out.push(String::new());
    out.push(long_date(lang, today));
    out.push(String::new());
    out.push(say(lang, "subject", &[("title", case.title.trim())]));
    out.push(String::new());
    out.push(say(lang, "opening", &[]));
    out.push(String::new());
    let id = who
        .id_document
        .as_ref()
        .filter(|d| !d.number.trim().is_empty())
        .map(|d| {
            say(
                lang,
                "intro_id",
                &[("kind", d.kind.trim()), ("number", d.number.trim())],
            )
        })
        .unwrap_or_default();
    out.push(say(
        lang,
        "intro",
        &[
            (
                "name",
                &say(lang, "intro_name", &[("name", who.full_name.trim())]),
            ),
            ("id", &id),
            (
                "address",
                &opt(lang, "intro_address", "address", &who.address),
            ),
        ],
    ));
    out.push(String::new());
    out.push(say(lang, "facts", &[]));
    if !case.facts.trim().is_empty() {
        out.push(case.facts.trim().to_string());
    }
    if !case.product.trim().is_empty() {
        let purchase = case
            .purchase_date
            .map(|d| say(lang, "purchase", &[("date", &long_date(lang, d))]))
            .unwrap_or_default();
        out.push(say(
            lang,
            "product",
            &[
                ("product", case.product.trim()),
                (
                    "account",
                    &opt(lang, "account", "account", &case.account_ref),
                ),
                ("purchase", &purchase),
            ],
        ));
    }
    if facts.is_empty() {
        out.push(say(lang, "no_contacts", &[]));
    }
    out.extend(facts.iter().map(|f| f.text.clone()));
    out.push(String::new());
    out.push(say(lang, "claims", &[]));
    out.push(requests(bundle, lang));
    if let Some(m) = &case.amount {
        out.push(say(lang, "amount", &[("amount", &money(m))]));
    }
    if let Some(b) = &agency.demand_basis {
        out.push(String::new());
        out.push(say(lang, "basis", &[]));
        out.push(b.get(lang).to_string());
    }
    if let Some((due, period)) = &answer {
        out.push(String::new());
        out.push(say(lang, "deadline_head", &[]));
        let to = say(
            lang,
            "deadline_agency",
            &[("agency", agency.full_name.get(lang))],
        );
        out.push(
            say(
                lang,
                "deadline",
                &[
                    ("date", &long_date(lang, *due)),
                    ("period", words::Lang::of(wl(lang), period)),
                ],
            ) + &to,
        );
    }
    out.push(String::new());
    out.push(say(lang, "closing", &[]));
    out.push(String::new());
    out.push(String::new());
    out.push(say(lang, "signature_line", &[]));
    out.push(who.full_name.trim().to_string());
    if let Some(d) = who
        .id_document
        .as_ref()
        .filter(|d| !d.number.trim().is_empty())
    {
        out.push(format!("{} {}", d.kind.trim(), d.number.trim()));
    }
    let contact: Vec<&str> = [who.email.trim(), who.phone.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if !contact.is_empty() {
        out.push(say(lang, "contact", &[("contact", &contact.join(" · "))]));
    }
    Ok(Letter {
        kind: LetterKind::Demand,
        lang,
        agency: agency.code.clone(),
        date: today,
        addressee,
        facts,
        answer_by: answer.map(|(d, _)| d),
        limit: None,
        facts_omitted: 0,
        text: out.join("\n") + "\n",
    })
}

/// The description `agency`'s online form asks for, within its `complaint_limit`: the
/// case's facts, the contacts with the company and what is asked. Over the limit, the
/// oldest contacts go first (a note says how many), then the case's facts are cut at a
/// sentence end; the most recent contacts and the request are kept.
pub fn complaint(bundle: &CaseBundle, agency: &Agency, today: NaiveDate, lang: Lang) -> Letter {
    let case = &bundle.case.data;
    let facts = facts(bundle, lang);
    let limit = agency.complaint_limit.map(|n| n as usize);
    let claims = say(
        lang,
        "complaint_claims",
        &[("requests", &requests(bundle, lang))],
    );
    let build = |intro: &str, skip: usize| {
        let mut parts: Vec<String> = Vec::new();
        if !intro.is_empty() {
            parts.push(intro.to_string());
        }
        if !facts.is_empty() {
            let mut lines = vec![say(lang, "complaint_contacts", &[])];
            if skip > 0 {
                lines.push(say(
                    lang,
                    "complaint_omitted",
                    &[("count", &skip.to_string())],
                ));
            }
            lines.extend(facts[skip..].iter().map(|f| f.text.clone()));
            parts.push(lines.join("\n"));
        }
        parts.push(claims.clone());
        parts.join("\n\n")
    };
    let fits = |s: &str| limit.is_none_or(|n| s.chars().count() <= n);
    let intro = case.facts.trim().to_string();
    let mut skip = 0;
    let mut text = build(&intro, 0);
    // Leave out the oldest contacts, keeping at least the most recent one.
    while !fits(&text) && skip + 1 < facts.len() {
        skip += 1;
        text = build(&intro, skip);
    }
    // Then shorten the case's own account, sentence by sentence from its end.
    let mut intro_cut = intro.clone();
    while !fits(&text) && !intro_cut.is_empty() {
        intro_cut = drop_last_sentence(&intro_cut);
        text = build(&intro_cut, skip);
    }
    // Last resort (a single fact or request longer than the form): cut the text itself.
    if let Some(n) = limit {
        if !fits(&text) {
            text = cut_at_sentence(&text, n);
        }
    }
    Letter {
        kind: LetterKind::Complaint,
        lang,
        agency: agency.code.clone(),
        date: today,
        addressee: vec![agency.addressee.get(lang).to_string()],
        facts,
        answer_by: None,
        limit: agency.complaint_limit,
        facts_omitted: skip as u32,
        text,
    }
}

/// `s` without its last sentence (empty when it has one sentence).
fn drop_last_sentence(s: &str) -> String {
    let body = s.trim_end().trim_end_matches(['.', '!', '?']);
    match body.rfind(['.', '!', '?']) {
        Some(i) => s[..=i].trim_end().to_string(),
        None => String::new(),
    }
}

/// The longest prefix of `s` of at most `n` characters that ends a sentence (or, with no
/// sentence end in reach, at a word boundary).
fn cut_at_sentence(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let head = &s[..end];
    if let Some(i) = head.rfind(['.', '!', '?']) {
        return head[..=i].to_string();
    }
    match head.rfind(char::is_whitespace) {
        Some(i) => head[..i].trim_end().to_string(),
        None => head.to_string(),
    }
}

#[cfg(test)]
#[path = "letter_tests.rs"]
mod tests;
