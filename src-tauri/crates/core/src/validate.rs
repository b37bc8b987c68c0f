//! Field validation for every draft type. Errors name the field as `record.field` and a
//! stable code (`attempt.happened_at` / `in_future`), so the UI can translate them and put
//! them beside the right input. The store validates before it writes anything.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::*;

/// Longest free text accepted in one field (facts, response...), in characters.
pub const MAX_TEXT: usize = 50_000;
/// Longest single-line field (names, references...), in characters.
pub const MAX_LINE: usize = 500;
/// How far in the future `happened_at` may be (clock skew between devices).
pub const FUTURE_SLACK_MINUTES: i64 = 5;
/// Longest call duration accepted: 24 hours.
pub const MAX_DURATION_SECS: u32 = 24 * 3600;

/// One wrong field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldError {
    /// `record.field`, e.g. `attempt.happened_at`, `case.amount`.
    pub field: String,
    /// Stable code: `required`, `in_future`, `negative`, `too_long`, `invalid`, `not_found`...
    pub code: String,
    /// English explanation for logs and the CLI; the UI translates by `code`.
    pub message: String,
}

/// All the wrong fields of one draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[ts(export)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl ValidationErrors {
    pub fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            code: code.to_string(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
    /// Adds the wrong fields of another check, so that several checks (a draft, its
    /// references, a revision's reason) are reported together instead of one per save.
    pub fn absorb(&mut self, check: Result<(), ValidationErrors>) {
        if let Err(e) = check {
            self.errors.extend(e.errors);
        }
    }
    /// The codes found for `field`, for tests and callers.
    pub fn codes_for(&self, field: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.code.as_str())
            .collect()
    }

    fn required(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.push(field, "required", "is required");
        }
    }
    fn line(&mut self, field: &str, value: &str) {
        if value.chars().count() > MAX_LINE {
            self.push(
                field,
                "too_long",
                format!("is longer than {MAX_LINE} characters"),
            );
        } else if value.contains(['\n', '\r']) {
            self.push(field, "multiline", "must be a single line");
        }
        self.control(field, value);
    }
    fn text(&mut self, field: &str, value: &str) {
        if value.chars().count() > MAX_TEXT {
            self.push(
                field,
                "too_long",
                format!("is longer than {MAX_TEXT} characters"),
            );
        }
        self.control(field, value);
    }
    fn control(&mut self, field: &str, value: &str) {
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.push(
                field,
                "control_char",
                "contains invisible control characters",
            );
        }
    }
    fn email(&mut self, field: &str, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let ok = match v.split_once('@') {
            Some((user, domain)) => {
                !user.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.contains(char::is_whitespace)
            }
            None => false,
        };
        if !ok {
            self.push(
                field,
                "invalid_email",
                "is not an email address (name@example.com)",
            );
        }
    }
}

/// Every wrong field of all `checks` at once (nothing stops at the first failing check).
pub fn all(
    checks: impl IntoIterator<Item = Result<(), ValidationErrors>>,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    for c in checks {
        e.absorb(c);
    }
    e.into_result()
}

pub fn claimant(d: &ClaimantDraft) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    e.required("claimant.full_name", &d.full_name);
    e.line("claimant.full_name", &d.full_name);
    if let Some(doc) = &d.id_document {
        e.required("claimant.id_document.kind", &doc.kind);
        e.line("claimant.id_document.kind", &doc.kind);
        e.required("claimant.id_document.number", &doc.number);
        e.line("claimant.id_document.number", &doc.number);
    }
    e.text("claimant.address", &d.address);
    e.line("claimant.phone", &d.phone);
    e.line("claimant.email", &d.email);
    e.email("claimant.email", &d.email);
    e.into_result()
}

pub fn company(d: &CompanyDraft) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    e.required("company.trade_name", &d.trade_name);
    e.line("company.trade_name", &d.trade_name);
    e.line("company.legal_name", &d.legal_name);
    e.line("company.tax_id", &d.tax_id);
    e.text("company.address", &d.address);
    e.line("company.website", &d.website);
    for (i, c) in d.channels.iter().enumerate() {
        let f = format!("company.channels.{i}.value");
        e.required(&f, &c.value);
        e.line(&f, &c.value);
        if c.channel == Channel::Email {
            e.email(&f, &c.value);
        }
        e.line(&format!("company.channels.{i}.label"), &c.label);
    }
    e.into_result()
}

/// Validates a case draft. `today` is the user's local date (a case cannot open tomorrow).
pub fn case(d: &CaseDraft, today: chrono::NaiveDate) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    e.required("case.title", &d.title);
    e.line("case.title", &d.title);
    e.line("case.product", &d.product);
    e.line("case.account_ref", &d.account_ref);
    e.text("case.facts", &d.facts);
    e.text("case.requests", &d.requests);
    e.line("case.agency", &d.agency);
    e.line("case.agency_folio", &d.agency_folio);
    if let Some(m) = &d.amount {
        if m.minor < 0 {
            e.push("case.amount", "negative", "cannot be negative");
        }
        if m.currency.len() != 3 || !m.currency.chars().all(|c| c.is_ascii_uppercase()) {
            e.push(
                "case.amount.currency",
                "invalid_currency",
                "must be a three-letter ISO 4217 code such as MXN or USD",
            );
        }
    }
    if let Some(p) = d.purchase_date {
        if p > today {
            e.push("case.purchase_date", "in_future", "cannot be in the future");
        }
    }
    if d.opened_on > today {
        e.push("case.opened_on", "in_future", "cannot be in the future");
    }
    e.into_result()
}

/// Validates an attempt draft against the current instant `now`.
pub fn attempt(d: &AttemptDraft, now: DateTime<Utc>) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    if d.happened_at.with_timezone(&Utc) > now + Duration::minutes(FUTURE_SLACK_MINUTES) {
        e.push(
            "attempt.happened_at",
            "in_future",
            "cannot be in the future",
        );
    }
    if d.happened_at.timestamp() < 946_684_800 {
        e.push("attempt.happened_at", "too_old", "is before the year 2000");
    }
    e.line("attempt.channel_detail", &d.channel_detail);
    e.line("attempt.agent", &d.agent);
    e.line("attempt.reference", &d.reference);
    e.text("attempt.asked", &d.asked);
    e.text("attempt.response", &d.response);
    if let Some(s) = d.duration_secs {
        if s > MAX_DURATION_SECS {
            e.push(
                "attempt.duration_secs",
                "too_long",
                "is longer than 24 hours",
            );
        }
    }
    if d.outcome == Outcome::Promise && d.promised_by.is_none() {
        e.push(
            "attempt.promised_by",
            "required",
            "is required when the outcome is a promise",
        );
    }
    if let Some(p) = d.promised_by {
        if p < d.happened_at.date_naive() {
            e.push(
                "attempt.promised_by",
                "before_attempt",
                "cannot be before the attempt itself",
            );
        }
    }
    e.into_result()
}

pub fn evidence(d: &EvidenceMeta) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    e.required("evidence.original_name", &d.original_name);
    e.line("evidence.original_name", &d.original_name);
    e.line("evidence.media_type", &d.media_type);
    e.text("evidence.note", &d.note);
    if d.sha256.len() != 64 || !d.sha256.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
        e.push(
            "evidence.sha256",
            "invalid",
            "is not a lower-case hex SHA-256",
        );
    }
    e.into_result()
}

/// A dossier's generation time must lie between the case's last record and now: a
/// dossier cannot be dated before what it lists was recorded, nor in the future.
pub fn generated_at(
    at: DateTime<chrono::FixedOffset>,
    bundle: &CaseBundle,
    now: DateTime<Utc>,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    let last = std::iter::once(bundle.case.meta.recorded_at)
        .chain(bundle.attempts.iter().map(|a| a.meta.recorded_at))
        .chain(bundle.evidence.iter().map(|x| x.meta.recorded_at))
        .chain(bundle.corrections.iter().map(|c| c.meta.recorded_at))
        .chain(bundle.imports.iter().map(|i| i.imported_at))
        .max()
        .unwrap_or(bundle.case.meta.recorded_at);
    let at = at.with_timezone(&Utc);
    if at < last {
        e.push(
            "export.generated_at",
            "before_records",
            format!("is before the case's last record ({last})"),
        );
    } else if at > now + Duration::minutes(1) {
        e.push("export.generated_at", "in_future", "is in the future");
    }
    e.into_result()
}

/// A revision needs a reason.
pub fn reason(reason: &str) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::default();
    e.required("revision.reason", reason);
    e.text("revision.reason", reason);
    e.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 18, 0, 0).unwrap()
    }

    fn draft(offset_secs_from_now: i64, tz_hours: i32) -> AttemptDraft {
        let tz = FixedOffset::east_opt(tz_hours * 3600).unwrap();
        AttemptDraft::new(
            (now() + Duration::seconds(offset_secs_from_now)).with_timezone(&tz),
            Channel::Email,
            Outcome::NoResponse,
        )
    }

    proptest! {
        /// The future check compares instants, whatever offset the user is in.
        #[test]
        fn future_is_judged_by_instant_not_by_wall_clock(secs in -86_400i64..86_400, tz in -12i32..14) {
            let r = attempt(&draft(secs, tz), now());
            let future = secs > FUTURE_SLACK_MINUTES * 60;
            prop_assert_eq!(r.is_err(), future);
            if let Err(e) = r {
                prop_assert_eq!(e.codes_for("attempt.happened_at"), vec!["in_future"]);
            }
        }

        /// Single-line fields refuse over-long text and line breaks, and accept the rest.
        #[test]
        fn single_line_fields(s in "\\PC{0,600}") {
            let mut d = draft(-60, -6);
            d.agent = s.clone();
            let r = attempt(&d, now());
            let expect_err = s.chars().count() > MAX_LINE || s.contains(['\n', '\r']);
            prop_assert_eq!(r.is_err(), expect_err);
            if let Err(e) = r {
                prop_assert!(e.errors.iter().all(|f| f.field == "attempt.agent"));
            }
        }

        /// A negative amount is always refused on `case.amount`, any other amount accepted.
        #[test]
        fn amounts(minor in i64::MIN..i64::MAX) {
            let d = CaseDraft {
                claimant_id: new_id(),
                company_id: new_id(),
                title: "Caso".into(),
                product: String::new(),
                account_ref: String::new(),
                purchase_date: None,
                amount: Some(Money { minor, currency: "MXN".into() }),
                facts: String::new(),
                requests: String::new(),
                agency: String::new(),
                agency_folio: String::new(),
                status: CaseStatus::Open,
                opened_on: now().date_naive(),
                lang: Lang::Es,
                archived: None,
            };
            let r = case(&d, now().date_naive());
            prop_assert_eq!(r.is_err(), minor < 0);
        }
    }

    #[test]
    fn promise_needs_a_date_not_before_the_attempt() {
        let mut d = draft(-3600, -6);
        d.outcome = Outcome::Promise;
        assert_eq!(
            attempt(&d, now())
                .unwrap_err()
                .codes_for("attempt.promised_by"),
            vec!["required"]
        );
        d.promised_by = Some(d.happened_at.date_naive() - Duration::days(1));
        assert_eq!(
            attempt(&d, now())
                .unwrap_err()
                .codes_for("attempt.promised_by"),
            vec!["before_attempt"]
        );
        d.promised_by = Some(d.happened_at.date_naive() + Duration::days(15));
        assert!(attempt(&d, now()).is_ok());
    }

    /// Each validator reports every wrong field of a draft in one answer, never just the
    /// first: a form shows all its errors after one save.
    #[test]
    fn every_wrong_field_comes_back_at_once() {
        let fields = |r: Result<(), ValidationErrors>| {
            let mut f: Vec<String> = r.unwrap_err().errors.into_iter().map(|e| e.field).collect();
            f.dedup();
            f
        };
        let long = "x".repeat(MAX_LINE + 1);
        let claimant_errs = fields(claimant(&ClaimantDraft {
            full_name: String::new(),
            phone: long.clone(),
            email: "no".into(),
            ..Default::default()
        }));
        assert_eq!(
            claimant_errs,
            ["claimant.full_name", "claimant.phone", "claimant.email"]
        );
        let company_errs = fields(company(&CompanyDraft {
            trade_name: " ".into(),
            tax_id: long.clone(),
            website: "a\nb".into(),
            ..Default::default()
        }));
        assert_eq!(
            company_errs,
            ["company.trade_name", "company.tax_id", "company.website"]
        );
        let today = now().date_naive();
        let case_errs = fields(case(
            &CaseDraft {
                claimant_id: new_id(),
                company_id: new_id(),
                title: String::new(),
                product: long.clone(),
                account_ref: String::new(),
                purchase_date: Some(today + Duration::days(3)),
                amount: Some(Money {
                    minor: -1,
                    currency: "MXN".into(),
                }),
                facts: String::new(),
                requests: String::new(),
                agency: String::new(),
                agency_folio: String::new(),
                status: CaseStatus::Open,
                opened_on: today + Duration::days(1),
                lang: Lang::Es,
                archived: None,
            },
            today,
        ));
        for f in [
            "case.title",
            "case.product",
            "case.amount",
            "case.purchase_date",
            "case.opened_on",
        ] {
            assert!(case_errs.iter().any(|e| e == f), "{f} in {case_errs:?}");
        }
        let mut d = draft(3600, -6);
        d.agent = long;
        d.duration_secs = Some(MAX_DURATION_SECS + 1);
        d.outcome = Outcome::Promise;
        let attempt_errs = fields(attempt(&d, now()));
        for f in [
            "attempt.happened_at",
            "attempt.agent",
            "attempt.duration_secs",
            "attempt.promised_by",
        ] {
            assert!(
                attempt_errs.iter().any(|e| e == f),
                "{f} in {attempt_errs:?}"
            );
        }
        // And several checks together, as a revision's draft and its reason.
        let both = all([attempt(&d, now()), reason(" ")]).unwrap_err();
        assert_eq!(both.codes_for("revision.reason"), vec!["required"]);
        assert_eq!(both.codes_for("attempt.promised_by"), vec!["required"]);
        assert!(all([Ok(()), Ok(())]).is_ok());
    }

    #[test]
    fn emails_and_required_names() {
        let e = claimant(&ClaimantDraft {
            full_name: "  ".into(),
            email: "maria@".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.codes_for("claimant.full_name"), vec!["required"]);
        assert_eq!(e.codes_for("claimant.email"), vec!["invalid_email"]);
        assert!(claimant(&ClaimantDraft {
            full_name: "María".into(),
            email: "maria@correo.mx".into(),
            ..Default::default()
        })
        .is_ok());
    }
}
