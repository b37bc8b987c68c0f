//! Hand-worked examples of every clock and of the next step (dates checked on a
//! calendar: holidays, a deadline on a weekend, a formal demand restarting the year, a
//! promise kept late).

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use expediente_core::agency::Need;
use expediente_core::model::*;

use super::*;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn meta() -> RecordMeta {
    RecordMeta {
        id: new_id(),
        revision: 1,
        recorded_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        reason: String::new(),
        imported_at: None,
    }
}

/// A case with every field a filing needs, no evidence and no attempts.
pub(crate) fn bundle(agency: &str) -> CaseBundle {
    CaseBundle {
        case: Stored {
            meta: meta(),
            data: CaseDraft {
                claimant_id: new_id(),
                company_id: new_id(),
                title: "Reembolso".into(),
                product: "Lavadora".into(),
                account_ref: String::new(),
                purchase_date: Some(d(2026, 9, 1)),
                amount: Some(Money {
                    minor: 899_900,
                    currency: "MXN".into(),
                }),
                facts: "No funciona".into(),
                requests: "Reembolso".into(),
                agency: agency.into(),
                agency_folio: String::new(),
                status: CaseStatus::Open,
                opened_on: d(2026, 11, 30),
                lang: Lang::Es,
                archived: None,
            },
        },
        claimant: Stored {
            meta: meta(),
            data: ClaimantDraft {
                full_name: "Ana Pérez".into(),
                id_document: Some(IdDocument {
                    kind: "INE".into(),
                    number: "ABC123".into(),
                }),
                address: "Calle 1, CDMX".into(),
                phone: String::new(),
                email: "ana@example.com".into(),
            },
        },
        company: Stored {
            meta: meta(),
            data: CompanyDraft {
                trade_name: "Tienda".into(),
                legal_name: "Tienda SA de CV".into(),
                tax_id: "TIE010101AAA".into(),
                address: "Av. 2".into(),
                website: String::new(),
                channels: vec![],
            },
        },
        attempts: vec![],
        evidence: vec![],
        corrections: vec![],
        chain_head: String::new(),
        chain_len: 0,
        claimant_link: String::new(),
        company_link: String::new(),
        fingerprint: String::new(),
        imports: vec![],
    }
}

pub(crate) struct Log<'a>(pub(crate) &'a mut CaseBundle);

impl Log<'_> {
    /// Logs an attempt on `day` at 10:00 (UTC-6), oldest first.
    pub(crate) fn at(
        &mut self,
        day: NaiveDate,
        dir: Direction,
        ch: Channel,
        outcome: Outcome,
    ) -> &mut Attempt {
        let at = FixedOffset::west_opt(6 * 3600)
            .unwrap()
            .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
            .unwrap();
        let n = self.0.attempts.len() as u32 + 1;
        self.0.attempts.push(Attempt {
            case_id: self.0.case.meta.id,
            number: n,
            meta: meta(),
            data: AttemptDraft {
                direction: dir,
                ..AttemptDraft::new(at, ch, outcome)
            },
        });
        self.0.attempts.last_mut().unwrap()
    }
    fn demand(&mut self, day: NaiveDate) {
        self.at(
            day,
            Direction::ToCompany,
            Channel::Letter,
            Outcome::NoResponse,
        )
        .data
        .formal_demand = true;
    }
    fn promise(&mut self, day: NaiveDate, due: NaiveDate) {
        self.at(day, Direction::ToCompany, Channel::Phone, Outcome::Promise)
            .data
            .promised_by = Some(due);
    }
}

fn proof(b: &mut CaseBundle, name: &str, note: &str, withdrawn: bool) {
    b.evidence.push(Evidence {
        case_id: b.case.meta.id,
        meta: meta(),
        data: EvidenceMeta {
            sha256: "0".repeat(64),
            original_name: name.into(),
            media_type: "image/jpeg".into(),
            size: 1,
            attempt_id: None,
            note: note.into(),
            withdrawn,
        },
    });
}

fn clock(g: &Guidance, kind: ClockKind) -> &ClockState {
    g.clocks
        .iter()
        .find(|c| c.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} clock in {:#?}", g.clocks))
}

#[test]
fn the_company_answer_clock_counts_business_days_and_holidays() {
    // (agency, demand day, due day): ES 8 Dec is a holiday; CO 16 Nov is Cartagena's
    // (moved) holiday; PE runs over 25 Dec and 1 Jan; the UK counts 8 calendar weeks.
    let table = [
        ("consumo", d(2026, 11, 23), d(2026, 12, 15)),
        ("sic", d(2026, 11, 6), d(2026, 11, 30)),
        ("indecopi", d(2026, 12, 16), d(2027, 1, 8)),
        ("fos", d(2026, 11, 6), d(2027, 1, 1)),
    ];
    for (agency, demand, due) in table {
        let mut b = bundle(agency);
        Log(&mut b).demand(demand);
        let g = guide_on(&b, demand);
        let c = clock(&g, ClockKind::CompanyAnswer);
        assert_eq!(
            (c.status, c.due),
            (ClockStatus::Running, Some(due)),
            "{agency}"
        );
        assert_eq!(
            c.basis,
            expediente_core::agency::find(agency)
                .unwrap()
                .company_answer
                .as_ref()
                .unwrap()
                .basis
        );
    }
}

#[test]
fn an_unanswered_letter_names_the_deadline_then_the_agency() {
    let mut b = bundle("consumo");
    Log(&mut b).demand(d(2026, 11, 23));
    let g = guide_on(&b, d(2026, 12, 2));
    assert_eq!(g.next_step.kind, StepKind::WaitForAnswer);
    assert_eq!(g.next_step.date, Some(d(2026, 12, 15)));
    assert!(!g.next_step.overdue);
    assert_eq!(
        g.next_step.text.es,
        "Tu escrito del 23 nov no tiene respuesta y el plazo de 15 días hábiles vence el 15 dic. \
         Si no responden, presenta tu queja en Consumo. Te falta: comprobante de compra."
    );
    assert_eq!(g.next_step.missing, vec![Need::ProofOfRelationship]);
    assert!(
        g.next_step
            .text
            .en
            .starts_with("Your written demand of 23 Nov has no answer"),
        "{}",
        g.next_step.text.en
    );

    // Five days after the deadline: file now.
    let late = guide_on(&b, d(2026, 12, 20));
    let c = clock(&late, ClockKind::CompanyAnswer);
    assert_eq!((c.status, c.days), (ClockStatus::Overdue, -5));
    assert_eq!(late.next_step.kind, StepKind::FileComplaint);
    assert!(late.next_step.overdue);
    assert!(
        late.next_step
            .text
            .es
            .contains("venció el 15 dic (hace 5 días). Presenta tu queja en Consumo."),
        "{}",
        late.next_step.text.es
    );
}

#[test]
fn an_answer_after_the_deadline_is_late_and_a_canned_reply_is_no_answer() {
    let mut b = bundle("sic");
    let mut log = Log(&mut b);
    log.demand(d(2026, 11, 6));
    log.at(
        d(2026, 11, 10),
        Direction::FromCompany,
        Channel::Email,
        Outcome::CannedReply,
    );
    let g = guide_on(&b, d(2026, 11, 20));
    assert_eq!(
        clock(&g, ClockKind::CompanyAnswer).status,
        ClockStatus::Running
    );
    Log(&mut b).at(
        d(2026, 12, 2),
        Direction::FromCompany,
        Channel::Email,
        Outcome::Refused,
    );
    let g = guide_on(&b, d(2026, 12, 3));
    let c = clock(&g, ClockKind::CompanyAnswer);
    assert_eq!((c.status, c.days), (ClockStatus::Answered, -2));
    assert!(c.text.es.contains("fuera del plazo"), "{}", c.text.es);
}

#[test]
fn promises_kept_kept_late_pending_and_overdue() {
    let mut b = bundle("profeco");
    let mut log = Log(&mut b);
    log.promise(d(2026, 10, 1), d(2026, 10, 30)); // fixed 5 Nov: 6 days late
    log.at(
        d(2026, 11, 5),
        Direction::FromCompany,
        Channel::Email,
        Outcome::PartialFix,
    );
    log.promise(d(2026, 11, 6), d(2026, 11, 10)); // fixed 9 Nov: kept
    log.at(
        d(2026, 11, 9),
        Direction::FromCompany,
        Channel::Email,
        Outcome::Resolved,
    );
    log.promise(d(2026, 11, 10), d(2026, 11, 20)); // nothing since: overdue 12 days
    log.promise(d(2026, 11, 25), d(2026, 12, 4)); // 2 days left
    let g = guide_on(&b, d(2026, 12, 2));
    let p: Vec<(ClockStatus, i64)> = g
        .clocks
        .iter()
        .filter(|c| c.kind == ClockKind::Promise)
        .map(|c| (c.status, c.days))
        .collect();
    assert_eq!(
        p,
        [
            (ClockStatus::KeptLate, -6),
            (ClockStatus::Kept, 1),
            (ClockStatus::Overdue, -12),
            (ClockStatus::Running, 2)
        ]
    );
    let texts: Vec<&str> = g
        .clocks
        .iter()
        .filter(|c| c.kind == ClockKind::Promise)
        .map(|c| c.text.es.as_str())
        .collect();
    assert_eq!(
        texts[0],
        "Promesa del 1 oct para el 30 oct: cumplida el 5 nov, con 6 días de retraso."
    );
    assert_eq!(texts[2], "Prometido para el 20 nov: vencida hace 12 días.");
    assert_eq!(texts[3], "Prometido para el 4 dic: faltan 2 días.");
}

#[test]
fn a_broken_promise_leads_to_the_agency() {
    // The example: promised for 30 Oct, seen on 2 Dec: overdue by 33 days.
    let mut b = bundle("profeco");
    Log(&mut b).promise(d(2026, 10, 20), d(2026, 10, 30));
    proof(&mut b, "IMG_001.jpg", "Ticket de compra", false);
    let g = guide_on(&b, d(2026, 12, 2));
    assert_eq!(g.next_step.kind, StepKind::FileComplaint);
    assert_eq!(
        g.next_step.text.es,
        "Prometido para el 30 oct: vencida hace 33 días. Presenta tu queja en PROFECO."
    );
    assert_eq!(
        g.next_step.text.en,
        "Promised for 30 Oct: overdue by 33 days. File your complaint with PROFECO."
    );
    assert!(g.next_step.overdue && g.next_step.missing.is_empty());
    // Where the agency wants a formal demand first (Colombia), that is the step.
    b.case.data.agency = "sic".into();
    let g = guide_on(&b, d(2026, 12, 2));
    assert_eq!(g.next_step.kind, StepKind::SendFormalDemand);
    assert!(
        g.next_step
            .text
            .es
            .contains("SIC lo pide antes de la queja"),
        "{}",
        g.next_step.text.es
    );
}

#[test]
fn a_formal_demand_restarts_profecos_year() {
    // Bought 10 Jan 2025: the year ended Sat 10 Jan 2026, moved to Mon 12 Jan.
    let mut b = bundle("profeco");
    b.case.data.purchase_date = Some(d(2025, 1, 10));
    Log(&mut b).at(
        d(2025, 2, 1),
        Direction::ToCompany,
        Channel::Phone,
        Outcome::CannedReply,
    );
    let g = guide_on(&b, d(2026, 2, 1));
    let w = clock(&g, ClockKind::FilingWindow);
    assert_eq!(
        (w.status, w.due, w.basis.as_str()),
        (ClockStatus::Expired, Some(d(2026, 1, 12)), "LFPC art. 105")
    );
    assert_eq!(g.next_step.kind, StepKind::SendFormalDemand);
    assert!(
        g.next_step.text.es.contains(
            "Una nueva reclamación formal a la empresa reinicia el plazo (LFPC art. 105)"
        ),
        "{}",
        g.next_step.text.es
    );
    // A demand on 1 Dec 2025 restarted it: until Tue 1 Dec 2026.
    Log(&mut b).demand(d(2025, 12, 1));
    b.attempts.sort_by_key(|a| a.data.happened_at);
    let g = guide_on(&b, d(2026, 2, 1));
    let w = clock(&g, ClockKind::FilingWindow);
    assert_eq!(
        (w.status, w.due, w.started),
        (
            ClockStatus::Running,
            Some(d(2026, 12, 1)),
            Some(d(2025, 12, 1))
        )
    );
    assert!(
        w.text
            .es
            .contains("un año desde tu última reclamación formal, el 1 dic 2025"),
        "{}",
        w.text.es
    );
}

#[test]
fn a_window_ending_on_a_weekend_moves_and_a_close_one_says_file_now() {
    // Bought Sat 12 Jul 2025: the year ends Sun 12 Jul 2026, so Mon 13 Jul.
    let mut b = bundle("profeco");
    b.case.data.purchase_date = Some(d(2025, 7, 12));
    proof(&mut b, "factura.xml", "", false);
    let g = guide_on(&b, d(2026, 6, 20));
    assert_eq!(clock(&g, ClockKind::FilingWindow).due, Some(d(2026, 7, 13)));
    assert_eq!(g.next_step.kind, StepKind::FileComplaint);
    assert_eq!(g.next_step.date, Some(d(2026, 7, 13)));
    assert!(
        g.next_step
            .text
            .es
            .starts_with("Tienes hasta el 13 jul para presentar tu queja en PROFECO"),
        "{}",
        g.next_step.text.es
    );
    // Two months earlier nothing is due, and the step says so, with the window.
    let g = guide_on(&b, d(2026, 4, 20));
    assert_eq!(g.next_step.kind, StepKind::NothingDue);
    assert!(
        g.next_step
            .text
            .es
            .starts_with("Nada vence por ahora. Tienes hasta el 13 jul"),
        "{}",
        g.next_step.text.es
    );
}

#[test]
fn nothing_due_closed_escalated_and_no_agency() {
    let mut b = bundle("");
    assert_eq!(
        guide_on(&b, d(2026, 12, 2)).next_step.kind,
        StepKind::ChooseAgency
    );
    b.case.data.agency = "cfpb".into();
    let g = guide_on(&b, d(2026, 12, 2));
    assert_eq!(
        (g.next_step.kind, g.next_step.date),
        (StepKind::NothingDue, None)
    );
    assert_eq!(g.next_step.text.en, "Nothing is due for now.");
    b.case.data.status = CaseStatus::Resolved;
    assert_eq!(
        guide_on(&b, d(2026, 12, 2)).next_step.text.es,
        "El caso está cerrado: no hay nada pendiente."
    );
    b.case.data.status = CaseStatus::Escalated;
    assert_eq!(
        guide_on(&b, d(2026, 12, 2)).next_step.kind,
        StepKind::FollowAgency
    );
}

#[test]
fn canned_replies_and_redirects_keep_the_wait_running() {
    let mut b = bundle("profeco");
    let mut log = Log(&mut b);
    log.at(
        d(2026, 10, 29),
        Direction::ToCompany,
        Channel::Email,
        Outcome::CannedReply,
    );
    log.at(
        d(2026, 11, 3),
        Direction::FromCompany,
        Channel::Email,
        Outcome::CannedReply,
    );
    log.at(
        d(2026, 11, 20),
        Direction::ToCompany,
        Channel::Phone,
        Outcome::Redirected,
    );
    proof(&mut b, "x.pdf", "contrato", false);
    let g = guide_on(&b, d(2026, 12, 2));
    let w = clock(&g, ClockKind::SinceSubstantiveAnswer);
    assert_eq!(
        (w.status, w.days, w.started),
        (ClockStatus::Waiting, 34, Some(d(2026, 10, 29)))
    );
    assert_eq!(g.next_step.kind, StepKind::FileComplaint);
    assert!(
        g.next_step
            .text
            .es
            .starts_with("Llevas 34 días esperando una respuesta de fondo"),
        "{}",
        g.next_step.text.es
    );
    // Days count from the first contact, not from the day the case was typed in (30 Nov).
    assert_eq!(clock(&g, ClockKind::SinceFirstContact).days, 34);
}

#[test]
fn a_count_past_the_calendars_says_which_is_missing() {
    let mut b = bundle("consumo");
    Log(&mut b).demand(d(2027, 12, 20));
    let c = clock(&guide_on(&b, d(2027, 12, 21)), ClockKind::CompanyAnswer).clone();
    assert_eq!(c.status, ClockStatus::CalendarMissing);
    assert!(
        c.text.es.contains("calendars/es-2028.toml"),
        "{}",
        c.text.es
    );
}

#[test]
fn readiness_names_what_is_missing_and_where_it_is_filled() {
    let mut b = bundle("profeco");
    b.claimant.data.address.clear();
    b.company.data.legal_name = " ".into();
    proof(&mut b, "ticket.jpg", "", true); // withdrawn: does not count
    let r = guide_on(&b, d(2026, 12, 2)).readiness.unwrap();
    assert_eq!(r.basis, "LFPC art. 99");
    let missing: Vec<(&str, &str)> = r
        .items
        .iter()
        .filter(|i| !i.ok)
        .map(|i| (i.target.as_str(), i.label.es.as_str()))
        .collect();
    assert_eq!(
        missing,
        [
            ("claimant.address", "tu domicilio"),
            ("company.legal_name", "la razón social de la empresa"),
            ("evidence.add", "comprobante de compra")
        ]
    );
    assert!(!r.ready);
    proof(&mut b, "scan.pdf", "Factura CFDI", false);
    b.claimant.data.address = "Calle 1".into();
    b.company.data.legal_name = "Tienda SA".into();
    assert!(guide_on(&b, d(2026, 12, 2)).readiness.unwrap().ready);
}

#[test]
fn the_uk_needs_a_final_response_or_eight_weeks() {
    let mut b = bundle("fos");
    Log(&mut b).demand(d(2026, 9, 1));
    let item = |b: &CaseBundle, today| {
        guide_on(b, today)
            .readiness
            .unwrap()
            .items
            .into_iter()
            .find(|i| i.need == Need::FinalResponseOrTimeout)
            .unwrap()
            .ok
    };
    assert!(!item(&b, d(2026, 10, 27))); // 8 weeks end 27 Oct
    assert!(item(&b, d(2026, 10, 28)));
    let mut answered = bundle("fos");
    Log(&mut answered).demand(d(2026, 9, 1));
    Log(&mut answered).at(
        d(2026, 9, 20),
        Direction::FromCompany,
        Channel::Letter,
        Outcome::Refused,
    );
    assert!(item(&answered, d(2026, 9, 21)));
    // The final response starts the 6 months to refer it.
    let w = clock(
        &guide_on(&answered, d(2026, 9, 21)),
        ClockKind::FilingWindow,
    )
    .clone();
    assert_eq!(w.due, Some(d(2027, 3, 20)));
}

#[test]
fn cases_sort_by_urgency() {
    let mut overdue = bundle("consumo");
    Log(&mut overdue).demand(d(2026, 10, 1));
    let mut waiting = bundle("consumo");
    Log(&mut waiting).demand(d(2026, 11, 30));
    let calm = bundle("cfpb");
    let mut closed = bundle("profeco");
    closed.case.data.status = CaseStatus::Resolved;
    let today = d(2026, 12, 2);
    let mut list = vec![
        guide_on(&calm, today),
        guide_on(&waiting, today),
        guide_on(&closed, today),
        guide_on(&overdue, today),
    ];
    by_urgency(&mut list);
    let order: Vec<StepKind> = list.iter().map(|g| g.next_step.kind).collect();
    assert_eq!(
        order[..2],
        [StepKind::FileComplaint, StepKind::WaitForAnswer]
    );
    assert!(order[2..].iter().all(|k| *k == StepKind::NothingDue));
}

#[test]
fn running_deadlines_become_calendar_events() {
    let mut b = bundle("consumo");
    let mut log = Log(&mut b);
    log.promise(d(2026, 11, 20), d(2026, 12, 4));
    log.demand(d(2026, 11, 23));
    let mut kept = bundle("profeco"); // its only promise was kept: no event
    Log(&mut kept).promise(d(2026, 11, 1), d(2026, 11, 5));
    Log(&mut kept).at(
        d(2026, 11, 4),
        Direction::FromCompany,
        Channel::Email,
        Outcome::Resolved,
    );
    kept.case.data.purchase_date = None;
    let today = d(2026, 12, 2);
    let stamp = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
    let (text, n) = ics::deadlines(&[guide_on(&b, today), guide_on(&kept, today)], None, stamp);
    assert_eq!(n, 2, "{text}");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261204"), "{text}");
    assert!(text.contains("DTEND;VALUE=DATE:20261205"), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:20261215"), "{text}");
    assert!(
        text.contains("SUMMARY:Vence el plazo de respuesta de la empresa — Reembolso"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "UID:{}-company-answer-2@expediente",
            b.case.meta.id
        )),
        "{text}"
    );
    assert!(text.contains("DTSTAMP:20261202T120000Z"), "{text}");
    let (en, _) = ics::deadlines(&[guide_on(&b, today)], Some(Lang::En), stamp);
    assert!(en.contains("SUMMARY:A company's promise falls due"), "{en}");
}
