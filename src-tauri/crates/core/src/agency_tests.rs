//! Tests of the agency profiles (`agencies/*.toml`) and the filing deadline.

use super::*;
use crate::model::*;
use chrono::{FixedOffset, TimeZone};

fn case(agency: &str, purchase: Option<NaiveDate>) -> CaseDraft {
    CaseDraft {
        claimant_id: new_id(),
        company_id: new_id(),
        title: "Caso".into(),
        product: String::new(),
        account_ref: String::new(),
        purchase_date: purchase,
        amount: None,
        facts: String::new(),
        requests: String::new(),
        agency: agency.into(),
        agency_folio: String::new(),
        status: CaseStatus::Open,
        opened_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        lang: Lang::Es,
        archived: None,
    }
}

fn stats(demand: Option<NaiveDate>) -> CaseStats {
    let mut s = crate::stats::compute(
        &[],
        FixedOffset::west_opt(21600)
            .unwrap()
            .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
            .unwrap(),
    );
    s.last_formal_demand = demand.map(|d| {
        FixedOffset::west_opt(21600)
            .unwrap()
            .from_local_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
            .unwrap()
    });
    s
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn every_profile_loads_and_is_listed() {
    let on_disk: std::collections::BTreeSet<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/agencies"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
    let listed: std::collections::BTreeSet<String> =
        FILES.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(on_disk, listed, "agencies/ and agency::FILES differ");
    let codes: Vec<&str> = all().iter().map(|a| a.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "profeco",
            "condusef",
            "cfpb",
            "ftc",
            "fos",
            "consumo",
            "defensa_consumidor",
            "sernac",
            "sic",
            "indecopi"
        ]
    );
    // The facts AGENCIES.md gives, read back from the data.
    let profeco = find("profeco").unwrap();
    assert_eq!(profeco.needs_basis, "LFPC art. 99");
    assert!(profeco.needs.contains(&Need::ProofOfRelationship));
    let w = profeco.filing_window.as_ref().unwrap();
    assert_eq!(
        (w.amount, w.unit, w.from),
        (12, Unit::Months, ClockStart::PurchaseOrLastDemand)
    );
    for code in ["consumo", "sic", "indecopi"] {
        let a = find(code).unwrap();
        let c = a.company_answer.as_ref().unwrap();
        assert_eq!(
            (c.amount, c.unit, c.from),
            (15, Unit::BusinessDays, ClockStart::FormalDemand),
            "{code}"
        );
        assert!(a.requires_formal_demand, "{code}");
    }
    let fos = find("fos").unwrap();
    assert_eq!(fos.company_answer.as_ref().unwrap().unit, Unit::Weeks);
    assert_eq!(
        fos.filing_window.as_ref().unwrap().from,
        ClockStart::FinalResponse
    );
    assert!(fos.needs.contains(&Need::FinalResponseOrTimeout));
    assert!(find("ftc").unwrap().report_only);
    assert!(all().iter().filter(|a| a.report_only).count() == 1);
}

#[test]
fn the_ui_offers_exactly_the_profiles() {
    // ui/src/lib/domain.ts lists the codes the case form offers; it must follow the data.
    let ts = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../ui/src/lib/domain.ts"
    ))
    .unwrap();
    let line = ts
        .lines()
        .find(|l| l.starts_with("export const AGENCIES"))
        .unwrap();
    let mut expected = vec!["''".to_string()];
    expected.extend(all().iter().map(|a| format!("'{}'", a.code)));
    expected.push(format!("'{OTHER}'"));
    assert!(
        line.contains(&format!("[{}]", expected.join(", "))),
        "domain.ts AGENCIES is {line}, want {expected:?}"
    );
}

#[test]
fn hostile_profiles_are_refused_naming_the_file_and_field() {
    let (name, good) = FILES[0];
    assert!(parse(name, good).is_ok());
    let e = parse("sic.toml", good).unwrap_err();
    assert!(e.contains("sic.toml") && e.contains("profeco.toml"), "{e}");
    let e = parse(name, &good.replace("\"facts\"", "\"fax\"")).unwrap_err();
    assert!(e.contains(name) && e.contains("fax"), "{e}");
    let e = parse(name, &good.replace("unit = \"months\"", "unit = \"moons\"")).unwrap_err();
    assert!(e.contains("moons"), "{e}");
    let e = parse(name, &good.replace("amount = 12", "amount = 0")).unwrap_err();
    assert!(e.contains("filing_window.amount"), "{e}");
    let e = parse(
        name,
        &good.replace(
            "requires_formal_demand = false",
            "requires_formal_demand = true",
        ),
    )
    .unwrap_err();
    assert!(e.contains("formal_demand_first"), "{e}");
    let e = parse(name, &format!("{good}\ncolour = \"red\"\n")).unwrap_err();
    assert!(e.contains("colour"), "{e}");
    let e = parse(name, &good.replace("country = \"MX\"", "country = \"XX\"")).unwrap_err();
    assert!(e.contains("calendars/xx"), "{e}");
}

#[test]
fn profeco_year_restarts_with_each_formal_demand() {
    let today = d(2026, 6, 1);
    let from_purchase =
        filing_deadline(&case("profeco", Some(d(2025, 7, 10))), &stats(None), today).unwrap();
    assert_eq!(from_purchase.date, d(2026, 7, 10));
    assert_eq!(from_purchase.counted_from_kind, "purchase");
    assert_eq!(from_purchase.days_left, 39);
    let restarted = filing_deadline(
        &case("profeco", Some(d(2025, 7, 10))),
        &stats(Some(d(2026, 3, 12))),
        today,
    )
    .unwrap();
    assert_eq!(restarted.date, d(2027, 3, 12));
    assert_eq!(restarted.counted_from_kind, "last_formal_demand");
    let passed =
        filing_deadline(&case("profeco", Some(d(2024, 1, 31))), &stats(None), today).unwrap();
    assert!(passed.days_left < 0);
}

#[test]
fn a_last_day_on_a_weekend_or_holiday_moves_to_the_next_business_day() {
    let today = d(2026, 6, 1);
    // Bought Sat 11 Jul 2026... the year ends Sun 11 Jul 2027: filed by Mon 12 Jul.
    let weekend =
        filing_deadline(&case("profeco", Some(d(2026, 7, 11))), &stats(None), today).unwrap();
    assert_eq!(weekend.date, d(2027, 7, 12));
    // A demand on 15 Mar 2026: 15 Mar 2027 is Benito Juárez's (moved) Monday holiday.
    let holiday =
        filing_deadline(&case("profeco", None), &stats(Some(d(2026, 3, 15))), today).unwrap();
    assert_eq!(holiday.date, d(2027, 3, 16));
    assert_eq!(holiday.counted_from, d(2026, 3, 15));
}

#[test]
fn other_windows_count_from_their_own_start() {
    let today = d(2026, 6, 1);
    let sernac = filing_deadline(
        &case("sernac", Some(d(2025, 2, 28))),
        &stats(Some(d(2026, 5, 1))),
        today,
    )
    .unwrap();
    assert_eq!(
        (sernac.date, sernac.counted_from_kind.as_str()),
        (d(2027, 2, 28), "purchase")
    );
    let starts = ClockStarts {
        final_response: Some(d(2026, 1, 31)),
        ..Default::default()
    };
    let fos = filing_deadline_from("fos", starts, today).unwrap();
    assert_eq!(
        (fos.date, fos.basis.as_str()),
        (d(2026, 7, 31), "FCA Handbook DISP 2.8.2R")
    );
    assert!(filing_deadline_from("fos", ClockStarts::default(), today).is_none());
}

#[test]
fn no_deadline_without_a_clock_or_a_start() {
    assert!(filing_deadline(
        &case("cfpb", Some(d(2026, 1, 1))),
        &stats(None),
        d(2026, 6, 1)
    )
    .is_none());
    assert!(filing_deadline(&case("profeco", None), &stats(None), d(2026, 6, 1)).is_none());
    assert!(filing_deadline(&case("", Some(d(2026, 1, 1))), &stats(None), d(2026, 6, 1)).is_none());
    assert!(filing_deadline(
        &case("other", Some(d(2026, 1, 1))),
        &stats(None),
        d(2026, 6, 1)
    )
    .is_none());
}

#[test]
fn a_business_day_clock_counts_the_countrys_calendar() {
    let sic = find("sic").unwrap().company_answer.clone().unwrap();
    // Direct claim Fri 6 Nov 2026; 16 Nov is a holiday in Colombia.
    assert_eq!(sic.due("CO", d(2026, 11, 6)).unwrap(), d(2026, 11, 30));
    let fos = find("fos").unwrap().company_answer.clone().unwrap();
    assert_eq!(fos.due("GB", d(2026, 11, 6)).unwrap(), d(2027, 1, 1));
}

fn attempt(day: NaiveDate, outcome: Outcome, formal: bool, promised: Option<NaiveDate>) -> Attempt {
    let at = FixedOffset::east_opt(3600)
        .unwrap()
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
        .unwrap();
    Attempt {
        case_id: new_id(),
        number: 1,
        meta: RecordMeta {
            id: new_id(),
            revision: 1,
            recorded_at: at.with_timezone(&chrono::Utc),
            reason: String::new(),
            imported_at: None,
        },
        data: AttemptDraft {
            formal_demand: formal,
            promised_by: promised,
            ..AttemptDraft::new(at, Channel::Letter, outcome)
        },
    }
}

#[test]
fn next_due_is_the_nearest_running_clock() {
    let today = d(2026, 12, 2);
    let mut c = case("consumo", Some(d(2026, 9, 1)));
    // An unanswered letter of 23 Nov (due 15 Dec over the 8 Dec holiday) and a promise for 20 Dec.
    let mut log = vec![
        attempt(
            d(2026, 11, 20),
            Outcome::Promise,
            false,
            Some(d(2026, 12, 20)),
        ),
        attempt(d(2026, 11, 23), Outcome::NoResponse, true, None),
    ];
    assert_eq!(next_due(&c, &log, today), Some(d(2026, 12, 15)));
    // A canned reply does not stop the company's clock; a refusal does.
    log.push(attempt(d(2026, 11, 25), Outcome::CannedReply, false, None));
    assert_eq!(next_due(&c, &log, today), Some(d(2026, 12, 15)));
    log.push(attempt(d(2026, 11, 26), Outcome::Refused, false, None));
    assert_eq!(next_due(&c, &log, today), Some(d(2026, 12, 20)));
    // An overdue promise is the most urgent of all: its date is in the past.
    log.insert(
        0,
        attempt(
            d(2026, 10, 1),
            Outcome::Promise,
            false,
            Some(d(2026, 10, 30)),
        ),
    );
    assert_eq!(next_due(&c, &log, today), Some(d(2026, 10, 30)));
    c.status = CaseStatus::Resolved;
    assert_eq!(next_due(&c, &log, today), None);
    // PROFECO: the filing window, bought 5 Jan 2026 (5 Jan 2027 is a Tuesday).
    let p = case("profeco", Some(d(2026, 1, 5)));
    assert_eq!(next_due(&p, &[], today), Some(d(2027, 1, 5)));
    assert_eq!(next_due(&case("cfpb", None), &[], today), None);
}

#[test]
fn letter_data_comes_from_the_profiles_and_hostile_values_are_refused() {
    let cfpb = find("cfpb").unwrap();
    assert_eq!(cfpb.complaint_limit, Some(4000));
    // CFPB's company_answer runs from the agency complaint, so the letter's own period.
    assert_eq!(cfpb.demand_answer_clock().unwrap().amount, 15);
    assert_eq!(cfpb.demand_answer_clock().unwrap().unit, Unit::CalendarDays);
    // Spain's company_answer runs from the formal demand: the letter gives that one.
    let consumo = find("consumo").unwrap();
    assert_eq!(
        consumo.demand_answer_clock(),
        consumo.company_answer.as_ref()
    );
    assert!(find("ftc").unwrap().demand_answer_clock().is_none());
    let (name, good) = FILES[0];
    let top = |extra: &str| good.replacen("\n[", &format!("\n{extra}\n["), 1);
    let e = parse(name, &top("complaint_limit = 12")).unwrap_err();
    assert!(e.contains("complaint_limit"), "{e}");
    let e = parse(name, &good.replace("amount = 10", "amount = 0")).unwrap_err();
    assert!(e.contains("demand_answer.amount"), "{e}");
    let blank: Vec<&str> = good
        .lines()
        .map(|l| {
            if l.starts_with("demand_basis") {
                "demand_basis = { es = \" \", en = \"Law\" }"
            } else {
                l
            }
        })
        .collect();
    let e = parse(name, &blank.join("\n")).unwrap_err();
    assert!(e.contains("demand_basis needs es and en"), "{e}");
}
