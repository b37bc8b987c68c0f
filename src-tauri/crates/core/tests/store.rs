//! The store as its callers see it: validation writes nothing, records are append-only,
//! revisions keep history, tampering is detected, exports round-trip, backups restore,
//! old schemas migrate, search ignores accents.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use expediente_core::model::*;
use expediente_core::store::migrate;
use expediente_core::{Error, Store};

fn offset() -> FixedOffset {
    FixedOffset::west_opt(6 * 3600).unwrap()
}

fn at(days_ago: i64) -> DateTime<FixedOffset> {
    (Utc::now() - Duration::days(days_ago)).with_timezone(&offset())
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    case: Id,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let claimant = store
        .create_claimant(ClaimantDraft {
            full_name: "José Ñúñez Güemes".into(),
            email: "jose@example.com".into(),
            ..Default::default()
        })
        .unwrap();
    let company = store
        .create_company(CompanyDraft {
            trade_name: "Aerolínea Ejemplo".into(),
            legal_name: "Aerolínea Ejemplo, S.A. de C.V.".into(),
            tax_id: "AEJ010101ABC".into(),
            ..Default::default()
        })
        .unwrap();
    let case = store
        .create_case(case_draft(claimant.meta.id, company.meta.id))
        .unwrap();
    Fixture {
        _dir: dir,
        store,
        case: case.meta.id,
    }
}

fn case_draft(claimant: Id, company: Id) -> CaseDraft {
    CaseDraft {
        claimant_id: claimant,
        company_id: company,
        title: "Reembolso de vuelo cancelado".into(),
        product: "Vuelo MEX–CUN".into(),
        account_ref: "ABC123".into(),
        purchase_date: Some(NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()),
        amount: Some(Money {
            minor: 845_000,
            currency: "MXN".into(),
        }),
        facts: "Cancelaron el vuelo y no devuelven el dinero.".into(),
        requests: "Reembolso íntegro más 20 % de bonificación.".into(),
        agency: "profeco".into(),
        agency_folio: String::new(),
        status: CaseStatus::Open,
        opened_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        lang: Lang::Es,
        archived: None,
    }
}

fn attempt(days_ago: i64, outcome: Outcome) -> AttemptDraft {
    AttemptDraft {
        happened_at: at(days_ago),
        direction: Direction::ToCompany,
        channel: Channel::Phone,
        channel_detail: "800 123 4567".into(),
        agent: "Laura".into(),
        reference: format!("TCK-{days_ago}"),
        duration_secs: Some(600),
        asked: "¿Cuándo me reembolsan?".into(),
        outcome,
        response: "Lamentamos el inconveniente.".into(),
        promised_by: (outcome == Outcome::Promise)
            .then(|| at(days_ago).date_naive() + Duration::days(3)),
        formal_demand: false,
        imported_from: None,
    }
}

fn chain_len(store: &Store, case: Id) -> u32 {
    store
        .chain_head(&expediente_core::store::case_chain(case))
        .unwrap()
        .1
}

#[test]
fn attempt_round_trips_and_recorded_at_is_set_by_the_library() {
    let mut f = fixture();
    let before = Utc::now();
    let a = f
        .store
        .log_attempt(f.case, attempt(2, Outcome::CannedReply))
        .unwrap();
    assert!(a.meta.recorded_at >= before - Duration::seconds(1));
    assert_eq!(a.meta.revision, 1);
    let read = f.store.attempts(f.case).unwrap();
    assert_eq!(read, vec![a.clone()]);
    assert_eq!(read[0].data.happened_at.offset(), &offset());
}

#[test]
fn invalid_attempt_names_fields_and_writes_nothing() {
    let mut f = fixture();
    let len = chain_len(&f.store, f.case);
    let mut bad = attempt(0, Outcome::Promise);
    bad.happened_at = at(-2);
    bad.promised_by = None;
    let Err(Error::Invalid(errs)) = f.store.log_attempt(f.case, bad) else {
        panic!("expected validation error")
    };
    assert_eq!(errs.codes_for("attempt.happened_at"), vec!["in_future"]);
    assert_eq!(errs.codes_for("attempt.promised_by"), vec!["required"]);
    assert_eq!(chain_len(&f.store, f.case), len);
    assert!(f.store.attempts(f.case).unwrap().is_empty());
}

#[test]
fn negative_amount_is_refused_by_field() {
    let mut f = fixture();
    let mut d = f.store.case(f.case).unwrap().data;
    d.amount = Some(Money {
        minor: -5,
        currency: "mxn".into(),
    });
    let Err(Error::Invalid(errs)) = f.store.revise_case(f.case, d, "monto") else {
        panic!()
    };
    assert_eq!(errs.codes_for("case.amount"), vec!["negative"]);
    assert_eq!(
        errs.codes_for("case.amount.currency"),
        vec!["invalid_currency"]
    );
}

#[test]
fn revisions_keep_history_and_need_a_reason() {
    let mut f = fixture();
    let a = f
        .store
        .log_attempt(f.case, attempt(3, Outcome::NoResponse))
        .unwrap();
    let mut fixed = a.data.clone();
    fixed.agent = "Laura Méndez".into();
    assert!(matches!(
        f.store.revise_attempt(a.meta.id, fixed.clone(), "  "),
        Err(Error::Invalid(_))
    ));
    let r = f
        .store
        .revise_attempt(a.meta.id, fixed.clone(), "Apellido del agente")
        .unwrap();
    assert_eq!(r.meta.revision, 2);
    assert_eq!(
        f.store.attempts(f.case).unwrap()[0].data.agent,
        "Laura Méndez"
    );
    let hist = f.store.history(a.meta.id).unwrap();
    assert_eq!(hist.len(), 2);
    assert_eq!(hist[0].body["agent"], "Laura");
    assert_eq!(hist[1].meta.reason, "Apellido del agente");
    let bundle = f.store.bundle(f.case).unwrap();
    assert_eq!(bundle.corrections.len(), 1);
    assert_eq!(bundle.chain_len, 3);
    assert!(f.store.verify_case(f.case).unwrap().ok);
}

#[test]
fn records_cannot_be_updated_or_deleted_through_sql() {
    let f = fixture();
    let conn = f.store.connection();
    let e = conn
        .execute("UPDATE records SET body = '{}' WHERE kind = 'case'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(conn.execute("DELETE FROM records", []).is_err());
}

#[test]
fn tampering_with_any_column_is_detected_at_that_link() {
    for column in [
        "body",
        "recorded_at",
        "reason",
        "kind",
        "revision",
        "prev",
        "hash",
        "id",
    ] {
        let mut f = fixture();
        for d in [5, 4, 3] {
            f.store
                .log_attempt(f.case, attempt(d, Outcome::NoResponse))
                .unwrap();
        }
        assert!(f.store.verify_case(f.case).unwrap().ok);
        let conn = f.store.connection();
        conn.execute_batch("DROP TRIGGER records_no_update")
            .unwrap();
        let set = match column {
            "body" => "body = replace(body, 'Laura', 'Laira')",
            "revision" => "revision = 7",
            "id" => "id = '00000000-0000-7000-8000-000000000000'",
            c => &format!("{c} = {c} || 'x'"),
        };
        let n = conn
            .execute(
                &format!("UPDATE records SET {set} WHERE chain_index = 2 AND chain LIKE 'case:%'"),
                [],
            )
            .unwrap();
        assert_eq!(n, 1);
        let r = f.store.verify_case(f.case).unwrap();
        assert!(!r.ok, "{column} change not detected");
        assert_eq!(r.first_broken.unwrap().index, 2, "{column}");
    }
}

#[test]
fn deleting_the_last_link_is_detected() {
    let mut f = fixture();
    f.store
        .log_attempt(f.case, attempt(1, Outcome::NoResponse))
        .unwrap();
    let conn = f.store.connection();
    conn.execute_batch("DROP TRIGGER records_no_delete")
        .unwrap();
    conn.execute("DELETE FROM records WHERE kind = 'attempt'", [])
        .unwrap();
    let r = f.store.verify_case(f.case).unwrap();
    assert_eq!(r.first_broken.unwrap().problem_code, "head_mismatch");
}

#[test]
fn export_import_round_trips_exactly() {
    let mut f = fixture();
    let a = f
        .store
        .log_attempt(f.case, attempt(9, Outcome::Promise))
        .unwrap();
    f.store
        .log_attempt(f.case, attempt(2, Outcome::Redirected))
        .unwrap();
    let mut d = a.data.clone();
    d.reference = "TCK-9b".into();
    f.store
        .revise_attempt(a.meta.id, d, "Folio mal copiado")
        .unwrap();
    f.store
        .add_evidence_reader(
            f.case,
            "captura.png",
            &mut &b"png-bytes"[..],
            Some(a.meta.id),
            "chat",
        )
        .unwrap();
    let export = f.store.export_case(f.case).unwrap();
    let json = serde_json::to_vec_pretty(&export).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(dir.path()).unwrap();
    assert_eq!(other.import_case(&json).unwrap(), f.case);
    let again = other.export_case(f.case).unwrap();
    // The case chain comes across verbatim, then one import link naming the file.
    assert_eq!(again.links[..export.links.len()], export.links[..]);
    let import = &again.links[export.links.len()];
    assert_eq!(again.links.len(), export.links.len() + 1);
    assert_eq!(import.kind, "import");
    assert!(import.body.contains(&sha256_hex(&json)), "{}", import.body);
    // The directory's revisions are this store's own links now, with the same content.
    let bodies = |x: &expediente_core::exchange::CaseExport| {
        x.directory
            .iter()
            .map(|l| (l.id.clone(), l.revision, l.body.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&again), bodies(&export));
    let (mine, theirs) = (
        other.bundle(f.case).unwrap(),
        f.store.bundle(f.case).unwrap(),
    );
    assert_eq!(mine.attempts.len(), theirs.attempts.len());
    for (a, b) in mine.attempts.iter().zip(&theirs.attempts) {
        assert_eq!(
            (&a.data, a.number, a.meta.recorded_at),
            (&b.data, b.number, b.meta.recorded_at)
        );
        // Imported records keep the times the file declares, marked with when they came in.
        assert!(a.meta.imported_at.is_some() && b.meta.imported_at.is_none());
    }
    assert_eq!(mine.imports.len(), 1);
    assert_eq!(mine.imports[0].records, export.links.len() as u32);
    assert_ne!(mine.fingerprint, theirs.fingerprint);
    assert!(other
        .check_store(false)
        .unwrap()
        .problems
        .iter()
        .all(|p| p.code == "evidence_missing"));
    // a second import of the same case is refused
    assert!(matches!(other.import_case(&json), Err(Error::BadImport(_))));
}

#[test]
fn hostile_imports_fail_clearly_and_change_nothing() {
    let mut f = fixture();
    f.store
        .log_attempt(f.case, attempt(2, Outcome::NoResponse))
        .unwrap();
    let good = serde_json::to_value(f.store.export_case(f.case).unwrap()).unwrap();

    let mut tampered = good.clone();
    tampered["links"][1]["body"] = serde_json::Value::String(
        tampered["links"][1]["body"]
            .as_str()
            .unwrap()
            .replace("Laura", "Otra"),
    );
    let mut wrong_version = good.clone();
    wrong_version["version"] = 99.into();
    let mut extra = good.clone();
    extra["surprise"] = true.into();
    let deep = "[".repeat(10_000);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json".to_vec(), "not valid JSON"),
        (b"{}".to_vec(), "not an Expediente case export"),
        (serde_json::to_vec(&wrong_version).unwrap(), "version 99"),
        (
            serde_json::to_vec(&tampered).unwrap(),
            "attempt #1: its content no longer matches the hash",
        ),
        (serde_json::to_vec(&extra).unwrap(), "malformed"),
        // Refused at its first byte: an export is an object, never a list.
        (deep.into_bytes(), "not an Expediente case export"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut other = Store::open(dir.path()).unwrap();
    for (bytes, expect) in cases {
        let err = other.import_case(&bytes).unwrap_err();
        assert!(matches!(err, Error::BadImport(_)), "{err}");
        assert!(
            err.to_string().contains(expect),
            "{err} should mention {expect}"
        );
        assert!(other.cases().unwrap().is_empty());
        assert!(other.claimants().unwrap().is_empty());
    }
}

#[test]
fn evidence_is_content_addressed_and_limited() {
    let mut f = fixture();
    f.store.set_evidence_limit(8);
    let e = f
        .store
        .add_evidence_reader(f.case, "ticket.jpg", &mut &b"12345"[..], None, "")
        .unwrap();
    assert_eq!(e.data.media_type, "image/jpeg");
    assert_eq!(e.data.size, 5);
    assert_eq!(f.store.read_evidence(&e.data.sha256).unwrap(), b"12345");
    let len = chain_len(&f.store, f.case);
    let err = f
        .store
        .add_evidence_reader(f.case, "big.pdf", &mut &[7u8; 9][..], None, "")
        .unwrap_err();
    assert_eq!(err.code(), "too_large");
    assert_eq!(chain_len(&f.store, f.case), len);
}

#[test]
fn backup_restores_records_and_evidence() {
    let mut f = fixture();
    f.store
        .log_attempt(f.case, attempt(1, Outcome::Refused))
        .unwrap();
    let e = f
        .store
        .add_evidence_reader(f.case, "carta.pdf", &mut &b"%PDF-1.4 carta"[..], None, "")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("respaldo.expediente");
    f.store.backup(&file).unwrap();
    assert!(f.store.backup(&file).is_err(), "never overwrites");
    let restored = Store::restore(&file, &dir.path().join("restored")).unwrap();
    assert_eq!(
        restored.bundle(f.case).unwrap(),
        f.store.bundle(f.case).unwrap()
    );
    assert_eq!(
        restored.read_evidence(&e.data.sha256).unwrap(),
        b"%PDF-1.4 carta"
    );
    assert!(Store::restore(&file, &dir.path().join("restored")).is_err());
}

#[test]
fn database_of_schema_v1_migrates_and_gets_searchable() {
    let dir = tempfile::tempdir().unwrap();
    // Build a v1 database with data through the current code paths, then roll the
    // search index back out as a v1 binary would have it.
    {
        let mut conn = rusqlite::Connection::open(dir.path().join("expediente.sqlite3")).unwrap();
        migrate::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(migrate::version(&conn).unwrap(), 1);
    }
    // A v1 store can only hold what v1 wrote: records. Write them with raw SQL using the
    // chain code so the links verify.
    {
        let conn = rusqlite::Connection::open(dir.path().join("expediente.sqlite3")).unwrap();
        let id = new_id().to_string();
        let body = expediente_core::chain::canonical_json(&serde_json::json!({
            "trade_name": "Telefónica Ejemplo", "legal_name": "", "tax_id": "", "address": "",
            "website": "", "channels": []
        }));
        let at = "2026-01-01T00:00:00.000000Z";
        let hash = expediente_core::chain::link_hash_v1(
            "directory",
            0,
            "company",
            &id,
            1,
            "",
            at,
            &body,
            expediente_core::chain::GENESIS,
        );
        conn.execute(
            "INSERT INTO records (chain, chain_index, kind, id, revision, case_id, reason, recorded_at, body, prev, hash)
             VALUES ('directory', 0, 'company', ?1, 1, NULL, '', ?2, ?3, ?4, ?5)",
            rusqlite::params![id, at, body, expediente_core::chain::GENESIS, hash],
        )
        .unwrap();
        conn.execute("INSERT INTO chains VALUES ('directory', 1, ?1)", [hash])
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        migrate::version(store.connection()).unwrap(),
        migrate::SCHEMA_VERSION
    );
    let hits = store.search("telefonica").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title, "Telefónica Ejemplo");
    assert!(store.verify_all().unwrap().iter().all(|r| r.ok));
}

#[test]
fn newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("expediente.sqlite3")).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(dir.path()).err().unwrap();
    assert_eq!(err.code(), "db_too_new");
}

#[test]
fn search_ignores_accents_and_finds_attempt_text() {
    let mut f = fixture();
    let mut d = attempt(1, Outcome::CannedReply);
    d.response = "Su reclamación será atendida por el área de devoluciones".into();
    f.store.log_attempt(f.case, d).unwrap();
    let hits = f.store.search("reclamacion devolucion").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, "attempt");
    assert_eq!(hits[0].case_id, Some(f.case));
    assert_eq!(hits[0].title, "Reembolso de vuelo cancelado");
    assert!(f
        .store
        .search("\"; DROP TABLE records; --")
        .unwrap()
        .is_empty());
}

#[test]
fn case_summary_counts_attempts_and_overdue_promises() {
    let mut f = fixture();
    f.store
        .log_attempt(f.case, attempt(20, Outcome::Promise))
        .unwrap();
    f.store
        .log_attempt(f.case, attempt(1, Outcome::CannedReply))
        .unwrap();
    let s = &f.store.case_summaries().unwrap()[0];
    assert_eq!(s.attempts, 2);
    assert_eq!(s.overdue_promises, 1);
    // Logged out of order: the first contact is the older one, 20 days ago.
    let first = f.store.bundle(f.case).unwrap().attempts[0].data.happened_at;
    assert_eq!(s.first_contact, Some(first));
    assert!(s.last_contact > s.first_contact);
    assert_eq!(s.company_name, "Aerolínea Ejemplo");
    let stats = f.store.stats(f.case, at(0)).unwrap();
    assert_eq!(stats.promises_broken, 1);
    assert_eq!(stats.days_since_first_contact, Some(20));
}

#[test]
fn the_case_list_puts_the_most_urgent_case_first() {
    let mut f = fixture();
    // The fixture's case: a promise made 20 days ago for 3 days later, never kept.
    f.store
        .log_attempt(f.case, attempt(20, Outcome::Promise))
        .unwrap();
    let first = f.store.case(f.case).unwrap().data;
    let recent = f
        .store
        .create_case(CaseDraft {
            title: "Cargo no reconocido".into(),
            ..first.clone()
        })
        .unwrap();
    f.store
        .log_attempt(recent.meta.id, attempt(1, Outcome::CannedReply))
        .unwrap();
    let list = f.store.case_summaries().unwrap();
    // By last contact the recent case would lead; the overdue promise goes first.
    assert_eq!(list[0].id, f.case);
    assert_eq!(list[0].next_due, Some(at(17).date_naive()));
    assert_eq!(list[1].id, recent.meta.id);
    assert!(list[1].next_due.is_none_or(|d| d > at(17).date_naive()));
}

#[test]
fn timeline_pages_come_in_either_order_with_the_total() {
    let mut f = fixture();
    for days in [9, 3, 7, 1, 5] {
        f.store
            .log_attempt(f.case, attempt(days, Outcome::NoResponse))
            .unwrap();
    }
    let refs = |p: &AttemptPage| -> Vec<String> {
        p.attempts
            .iter()
            .map(|a| a.data.reference.clone())
            .collect()
    };
    let newest = f.store.attempt_page(f.case, true, 0, 2).unwrap();
    assert_eq!((newest.total, newest.offset), (5, 0));
    assert_eq!(refs(&newest), ["TCK-1", "TCK-3"]);
    let oldest = f.store.attempt_page(f.case, false, 3, 10).unwrap();
    assert_eq!((oldest.total, oldest.offset), (5, 3));
    assert_eq!(refs(&oldest), ["TCK-3", "TCK-1"]);
    // Past the end: nothing, the total still told; an unknown case is an error.
    let past = f.store.attempt_page(f.case, true, 99, 10).unwrap();
    assert_eq!((past.total, past.attempts.len()), (5, 0));
    assert!(f.store.attempt_page(Id::now_v7(), true, 0, 10).is_err());
    // A correction that moves an attempt's time moves it in the timeline (latest revision).
    let oldest = &f.store.attempt_page(f.case, false, 0, 1).unwrap().attempts[0];
    let mut moved = oldest.data.clone();
    moved.happened_at = at(0);
    f.store
        .revise_attempt(oldest.meta.id, moved, "La fecha estaba mal")
        .unwrap();
    let newest = f.store.attempt_page(f.case, true, 0, 1).unwrap();
    assert_eq!(newest.total, 5);
    assert_eq!(refs(&newest), ["TCK-9"]);
    assert_eq!(newest.attempts[0].meta.revision, 2);
    let times = f.store.attempt_times(f.case).unwrap();
    assert_eq!(times.len(), 5);
    assert_eq!(times[&oldest.meta.id], newest.attempts[0].data.happened_at);
}

#[test]
fn last_channel_with_a_company_spans_its_cases() {
    let mut f = fixture();
    let company = f.store.case(f.case).unwrap().data.company_id;
    assert_eq!(f.store.last_channel_with_company(company).unwrap(), None);
    let mut older = attempt(5, Outcome::NoResponse);
    older.channel = Channel::Email;
    f.store.log_attempt(f.case, older).unwrap();
    // A second case with the same company, contacted more recently by chat.
    let mut draft = f.store.case(f.case).unwrap().data;
    draft.title = "Segundo caso".into();
    let second = f.store.create_case(draft).unwrap().meta.id;
    let mut newer = attempt(1, Outcome::CannedReply);
    newer.channel = Channel::WebChat;
    f.store.log_attempt(second, newer).unwrap();
    assert_eq!(
        f.store.last_channel_with_company(company).unwrap(),
        Some(Channel::WebChat)
    );
}

#[test]
fn case_numbers_read_without_texts_equal_those_over_whole_attempts() {
    let mut f = fixture();
    for (days, outcome) in [
        (30, Outcome::NoResponse),
        (20, Outcome::Promise),
        (12, Outcome::CannedReply),
        (3, Outcome::Redirected),
    ] {
        f.store.log_attempt(f.case, attempt(days, outcome)).unwrap();
    }
    let now = at(0);
    let case = f.store.case(f.case).unwrap();
    let whole =
        expediente_core::stats::for_case(&case.data, &f.store.attempts(f.case).unwrap(), now);
    assert_eq!(f.store.stats(f.case, now).unwrap(), whole);
    assert_eq!(whole.attempts, 4);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
