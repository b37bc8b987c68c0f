//! Fuzzing the validators (`validate.rs`): drafts of every kind filled with hostile text,
//! any date chrono can hold and any UTC offset. No validator panics; what one accepts
//! survives JSON unchanged and is still accepted, and the store takes it and reads back
//! exactly what was written (offsets and all).

mod fuzz_common;

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use expediente_core::validate;
use expediente_core::*;
use expediente_tests::new_case;
use fuzz_common::text;
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// One store for the whole run, with a case to log attempts against.
struct Shared {
    _dir: tempfile::TempDir,
    store: Store,
    case: Case,
}

fn shared() -> &'static Mutex<Shared> {
    static S: OnceLock<Mutex<Shared>> = OnceLock::new();
    S.get_or_init(|| {
        let dir = fuzz_common::tempdir();
        let mut store = Store::open(dir.path()).unwrap();
        let id = new_case(&mut store, "Validación").unwrap();
        let case = store.case(id).unwrap();
        Mutex::new(Shared {
            _dir: dir,
            store,
            case,
        })
    })
}

/// Any date chrono can hold, leaning to the edges and to recent years.
fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        any::<i32>().prop_filter_map("outside chrono", NaiveDate::from_num_days_from_ce_opt),
        (-400i64..40).prop_map(|d| Utc::now().date_naive() + chrono::Duration::days(d)),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (1i32..3000, 1u32..13, 1u32..32).prop_filter_map("no such day", |(y, m, d)| {
            NaiveDate::from_ymd_opt(y, m, d)
        }),
    ]
}

/// Any instant chrono can hold, in any whole-minute offset up to ±23:59. (RFC 3339, the
/// form times are stored and carried in, has no seconds in an offset: an offset such as
/// -06:00:01 would be written as -06:00, one second off the instant validated. The IPC
/// and the CLI only ever hand the store RFC 3339 times.)
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let secs = prop_oneof![
        -8_000_000_000_000i64..8_000_000_000_000,
        (-40_000_000i64..600).prop_map(|s| Utc::now().timestamp() + s),
        Just(946_684_800i64 - 1),
        Just(946_684_800i64),
    ];
    (secs, -1_439i32..1_440).prop_filter_map("outside chrono", |(s, off)| {
        let tz = FixedOffset::east_opt(off * 60)?;
        tz.timestamp_opt(s, 0).single()
    })
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

fn attempt_draft() -> impl Strategy<Value = AttemptDraft> {
    (
        (instant(), any::<bool>(), channel(), text(), text(), text()),
        (
            prop::option::of(any::<u32>()),
            text(),
            prop::sample::select(Outcome::ALL.to_vec()),
            text(),
            prop::option::of(date()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (at, to, channel, detail, agent, reference),
                (dur, asked, outcome, resp, by, demand),
            )| {
                let mut d = AttemptDraft::new(at, channel, outcome);
                d.direction = if to {
                    Direction::ToCompany
                } else {
                    Direction::FromCompany
                };
                d.channel_detail = detail;
                d.agent = agent;
                d.reference = reference;
                d.duration_secs = dur;
                d.asked = asked;
                d.response = resp;
                d.promised_by = by;
                d.formal_demand = demand;
                d
            },
        )
}

fn claimant_draft() -> impl Strategy<Value = ClaimantDraft> {
    (
        text(),
        prop::option::of((text(), text())),
        text(),
        text(),
        text(),
    )
        .prop_map(|(full_name, doc, address, phone, email)| ClaimantDraft {
            full_name,
            id_document: doc.map(|(kind, number)| IdDocument { kind, number }),
            address,
            phone,
            email,
        })
}

fn company_draft() -> impl Strategy<Value = CompanyDraft> {
    (
        (text(), text(), text(), text(), text()),
        prop::collection::vec((channel(), text(), text()), 0..3),
    )
        .prop_map(
            |((trade_name, legal_name, tax_id, address, website), ch)| CompanyDraft {
                trade_name,
                legal_name,
                tax_id,
                address,
                website,
                channels: ch
                    .into_iter()
                    .map(|(channel, value, label)| KnownChannel {
                        channel,
                        value,
                        label,
                    })
                    .collect(),
            },
        )
}

/// A case draft for the shared store's claimant and company (set when it is used).
fn case_draft() -> impl Strategy<Value = CaseDraft> {
    (
        (text(), text(), text(), prop::option::of(date()), date()),
        (
            prop::option::of((any::<i64>(), text())),
            text(),
            text(),
            text(),
            text(),
        ),
    )
        .prop_map(
            |(
                (title, product, account_ref, purchase, opened),
                (amount, facts, req, agency, folio),
            )| {
                CaseDraft {
                    claimant_id: new_id(),
                    company_id: new_id(),
                    title,
                    product,
                    account_ref,
                    purchase_date: purchase,
                    amount: amount.map(|(minor, currency)| Money { minor, currency }),
                    facts,
                    requests: req,
                    agency,
                    agency_folio: folio,
                    status: CaseStatus::Open,
                    opened_on: opened,
                    lang: Lang::Es,
                    archived: None,
                }
            },
        )
}

fn evidence_meta() -> impl Strategy<Value = EvidenceMeta> {
    (text(), text(), text(), any::<u64>(), text()).prop_map(
        |(sha256, original_name, media_type, size, note)| EvidenceMeta {
            sha256,
            original_name,
            media_type,
            size,
            attempt_id: None,
            note,
            withdrawn: false,
        },
    )
}

/// The same value after a trip through JSON, as the store and the IPC carry it.
fn json_trip<T: Serialize + DeserializeOwned>(v: &T) -> Result<T, TestCaseError> {
    let s = serde_json::to_string(v).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let back: T = serde_json::from_str(&s).map_err(|e| TestCaseError::fail(format!("{e}: {s}")))?;
    prop_assert_eq!(serde_json::to_string(&back).unwrap(), s);
    Ok(back)
}

/// Both serialized the same (so offsets count: `DateTime`'s `==` compares instants only).
fn same<T: Serialize>(a: &T, b: &T) -> bool {
    serde_json::to_value(a).unwrap() == serde_json::to_value(b).unwrap()
}

proptest! {
    #![proptest_config(fuzz_common::config(128, "fuzz/regressions/fuzz_validate.txt"))]

    #[test]
    fn attempts(d in attempt_draft()) {
        let now = Utc::now();
        if validate::attempt(&d, now).is_ok() {
            prop_assert!(validate::attempt(&json_trip(&d)?, now).is_ok());
            let mut s = shared().lock().unwrap_or_else(|p| p.into_inner());
            let case = s.case.meta.id;
            let a = s.store.log_attempt(case, d.clone()).map_err(|e| TestCaseError::fail(format!("validated, then refused: {e}")))?;
            let back = s.store.attempt(a.meta.id).unwrap();
            prop_assert!(same(&back.data, &d), "read back {:?}", back.data);
        }
    }

    #[test]
    fn claimants_and_companies(c in claimant_draft(), k in company_draft()) {
        if validate::claimant(&c).is_ok() {
            prop_assert!(validate::claimant(&json_trip(&c)?).is_ok());
            let mut s = shared().lock().unwrap_or_else(|p| p.into_inner());
            let stored = s.store.create_claimant(c.clone()).map_err(|e| TestCaseError::fail(format!("validated, then refused: {e}")))?;
            prop_assert!(same(&s.store.claimant(stored.meta.id).unwrap().data, &c));
        }
        if validate::company(&k).is_ok() {
            prop_assert!(validate::company(&json_trip(&k)?).is_ok());
            let mut s = shared().lock().unwrap_or_else(|p| p.into_inner());
            let stored = s.store.create_company(k.clone()).map_err(|e| TestCaseError::fail(format!("validated, then refused: {e}")))?;
            prop_assert!(same(&s.store.company(stored.meta.id).unwrap().data, &k));
        }
    }

    #[test]
    fn cases(mut d in case_draft()) {
        let mut s = shared().lock().unwrap_or_else(|p| p.into_inner());
        d.claimant_id = s.case.data.claimant_id;
        d.company_id = s.case.data.company_id;
        let today = expediente_core::store::local_now().date_naive();
        if validate::case(&d, today).is_ok() {
            prop_assert!(validate::case(&json_trip(&d)?, today).is_ok());
            let c = s.store.create_case(d.clone()).map_err(|e| TestCaseError::fail(format!("validated, then refused: {e}")))?;
            prop_assert!(same(&s.store.case(c.meta.id).unwrap().data, &d));
            s.store.case_summaries().unwrap();
        }
    }

    #[test]
    fn evidence_and_reasons(e in evidence_meta(), reason in text()) {
        if validate::evidence(&e).is_ok() {
            prop_assert!(validate::evidence(&json_trip(&e)?).is_ok());
        }
        if validate::reason(&reason).is_ok() {
            prop_assert!(!reason.trim().is_empty());
        }
    }
}
