//! Field validation for every draft type. Errors name the field as `record.field` and a
//! stable code (`attempt.happened_at` / `in_future`), so the UI can translate them and put
//! them beside the right input. The store validates before it writes anything.

use chrono::{DateTime, Duration, NaiveDate, Utc};
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
/// Earliest purchase or opening date a case accepts (`before_1970`): older dates are typing
/// slips (year 1, 1800), not disputes anyone can still pursue.
pub const EARLIEST_CASE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01"),
};
/// Earliest instant an attempt accepts (`too_old`): 2000-01-01T00:00:00Z.
pub const EARLIEST_ATTEMPT_SECS: i64 = 946_684_800;
/// How many years after its attempt a promised date may lie (`too_far`).
pub const MAX_PROMISE_YEARS: u32 = 10;

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
    /// A case's calendar date: not before [`EARLIEST_CASE_DATE`], not after `today`.
    fn case_date(&mut self, field: &str, date: NaiveDate, today: NaiveDate) {
        if date > today {
            self.push(field, "in_future", "cannot be in the future");
        } else if date < EARLIEST_CASE_DATE {
            self.push(field, "before_1970", "is before 1970");
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
    if !crate::agency::is_valid_code(&d.agency) {
        e.push(
            "case.agency",
            "unknown_agency",
            format!(
                "is not a known agency code ({})",
                crate::agency::valid_codes()
            ),
        );
    }
    e.line("case.agency_folio", &d.agency_folio);
    if let Some(m) = &d.amount {
        if m.minor < 0 {
            e.push("case.amount", "negative", "cannot be negative");
        }
        // The ISO 4217 list itself, upper case only: "mxn" or "XYZ" are typing slips.
        if iso_currency::Currency::from_code(&m.currency).is_none() {
            e.push(
                "case.amount.currency",
                "invalid_currency",
                "must be an ISO 4217 currency code such as MXN or USD",
            );
        }
    }
    if let Some(p) = d.purchase_date {
        e.case_date("case.purchase_date", p, today);
    }
    e.case_date("case.opened_on", d.opened_on, today);
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
    if d.happened_at.timestamp() < EARLIEST_ATTEMPT_SECS {
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
    if let Some(src) = &d.imported_from {
        e.line("attempt.imported_from.file_name", &src.file_name);
        e.line("attempt.imported_from.item", &src.item);
        if !crate::integrity::is_sha256(&src.file_sha256) {
            e.push(
                "attempt.imported_from.file_sha256",
                "invalid",
                "is not a lower-case hex SHA-256",
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
        let day = d.happened_at.date_naive();
        let last = day.checked_add_months(chrono::Months::new(12 * MAX_PROMISE_YEARS));
        if p < day {
            e.push(
                "attempt.promised_by",
                "before_attempt",
                "cannot be before the attempt itself",
            );
        } else if !matches!(last, Some(last) if p <= last) {
            e.push(
                "attempt.promised_by",
                "too_far",
                format!("is more than {MAX_PROMISE_YEARS} years after the attempt"),
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

    fn case_draft() -> CaseDraft {
        CaseDraft {
            claimant_id: new_id(),
            company_id: new_id(),
            title: "Caso".into(),
            product: String::new(),
            account_ref: String::new(),
            purchase_date: None,
            amount: None,
            facts: String::new(),
            requests: String::new(),
            agency: String::new(),
            agency_folio: String::new(),
            status: CaseStatus::Open,
            opened_on: now().date_naive(),
            lang: Lang::Es,
            archived: None,
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Year 1 and 1800, as typed by a slip of the keyboard or carried by an edited export.
    #[test]
    fn case_dates_before_1970_are_refused_by_field() {
        let today = now().date_naive();
        for bad in [ymd(1, 1, 1), ymd(1800, 5, 3), ymd(1969, 12, 31)] {
            let mut d = case_draft();
            d.purchase_date = Some(bad);
            d.opened_on = bad;
            let e = case(&d, today).unwrap_err();
            assert_eq!(e.codes_for("case.purchase_date"), vec!["before_1970"]);
            assert_eq!(e.codes_for("case.opened_on"), vec!["before_1970"]);
        }
        let mut d = case_draft();
        d.purchase_date = Some(EARLIEST_CASE_DATE);
        d.opened_on = EARLIEST_CASE_DATE;
        assert!(case(&d, today).is_ok());
        d.purchase_date = Some(today + Duration::days(1));
        d.opened_on = NaiveDate::MAX;
        let e = case(&d, today).unwrap_err();
        assert_eq!(e.codes_for("case.purchase_date"), vec!["in_future"]);
        assert_eq!(e.codes_for("case.opened_on"), vec!["in_future"]);
    }

    #[test]
    fn attempt_dates_are_bounded_both_ways() {
        let mut d = draft(0, -6);
        d.happened_at = FixedOffset::west_opt(6 * 3600)
            .unwrap()
            .with_ymd_and_hms(1800, 1, 1, 9, 0, 0)
            .unwrap();
        let e = attempt(&d, now()).unwrap_err();
        assert_eq!(e.codes_for("attempt.happened_at"), vec!["too_old"]);
        let mut d = draft(-60, -6);
        d.outcome = Outcome::Promise;
        d.promised_by = Some(ymd(9999, 12, 31));
        let e = attempt(&d, now()).unwrap_err();
        assert_eq!(e.codes_for("attempt.promised_by"), vec!["too_far"]);
        d.promised_by = Some(NaiveDate::MAX);
        assert_eq!(
            attempt(&d, now())
                .unwrap_err()
                .codes_for("attempt.promised_by"),
            vec!["too_far"]
        );
        d.promised_by = Some(d.happened_at.date_naive() + Duration::days(365 * 9));
        assert!(attempt(&d, now()).is_ok());
    }

    #[test]
    fn currency_is_an_iso_4217_code() {
        for good in [
            "MXN", "USD", "EUR", "CLP", "COP", "PEN", "JPY", "XCG", "BGN",
        ] {
            let mut d = case_draft();
            d.amount = Some(Money {
                minor: 100,
                currency: good.into(),
            });
            assert!(case(&d, now().date_naive()).is_ok(), "{good}");
        }
        for bad in ["XYZ", "ABC", "mxn", "MX", "MXNN", "", "M\u{0}N", "ÑÑÑ"] {
            let mut d = case_draft();
            d.amount = Some(Money {
                minor: 100,
                currency: bad.into(),
            });
            let e = case(&d, now().date_naive()).unwrap_err();
            assert_eq!(
                e.codes_for("case.amount.currency"),
                vec!["invalid_currency"],
                "{bad}"
            );
        }
    }

    #[test]
    fn agency_is_a_known_profile_other_or_empty() {
        for good in ["", "profeco", "cfpb", "consumo", crate::agency::OTHER] {
            let mut d = case_draft();
            d.agency = good.into();
            assert!(case(&d, now().date_naive()).is_ok(), "{good}");
        }
        for bad in ["PROFECO", "fbi", "profeco ", "x"] {
            let mut d = case_draft();
            d.agency = bad.into();
            let e = case(&d, now().date_naive()).unwrap_err();
            assert_eq!(e.codes_for("case.agency"), vec!["unknown_agency"], "{bad}");
            assert!(e.errors[0].message.contains("profeco"));
        }
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
