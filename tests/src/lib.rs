//! Shared fixtures for Expediente's cross-crate tests and benchmarks: a claimant, company
//! and case ready to log against, synthetic attempts, and a large case export built
//! directly as chain links (so a 100,000-attempt import needs no 100,000 commits first).

use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use expediente_core::chain::{canonical_json, Link};
use expediente_core::exchange::CaseExport;
use expediente_core::store::{self, case_chain};
use expediente_core::*;

/// Mexico City, where the fixtures live.
pub fn cdmx() -> FixedOffset {
    FixedOffset::west_opt(6 * 3600).unwrap_or(Utc.fix())
}

/// Creates a claimant, a company and a case; returns the case id.
pub fn new_case(store: &mut Store, title: &str) -> Result<Id> {
    let claimant = store.create_claimant(ClaimantDraft {
        full_name: "María Fernanda López Ruiz".into(),
        address: "Calle Jalapa 142, Col. Roma Norte, CDMX".into(),
        email: "mafer@example.com".into(),
        ..Default::default()
    })?;
    let company = store.create_company(CompanyDraft {
        trade_name: "ConectaMóvil".into(),
        legal_name: "Conecta Móvil de México, S.A. de C.V.".into(),
        tax_id: "CMM0912157K3".into(),
        ..Default::default()
    })?;
    let case = store.create_case(CaseDraft {
        claimant_id: claimant.meta.id,
        company_id: company.meta.id,
        title: title.into(),
        product: "Smartphone".into(),
        account_ref: "CM-2026-884213".into(),
        purchase_date: None,
        amount: Some(Money {
            minor: 849_900,
            currency: "MXN".into(),
        }),
        facts: "El equipo nunca llegó.".into(),
        requests: "Reembolso.".into(),
        agency: "profeco".into(),
        agency_folio: String::new(),
        status: CaseStatus::Open,
        opened_on: Utc::now().with_timezone(&cdmx()).date_naive() - Duration::days(400),
        lang: Lang::Es,
        archived: None,
    })?;
    Ok(case.meta.id)
}

/// The `i`-th synthetic attempt, happening at `at`: channels and outcomes rotate so stats
/// have work to do, and every tenth is a promise due a week later.
pub fn attempt(i: u64, at: DateTime<FixedOffset>) -> AttemptDraft {
    let channel = Channel::ALL[(i % Channel::ALL.len() as u64) as usize];
    let outcome = Outcome::ALL[(i % Outcome::ALL.len() as u64) as usize];
    let outcome = if i % 10 == 3 {
        Outcome::Promise
    } else {
        outcome
    };
    AttemptDraft {
        happened_at: at,
        direction: if i.is_multiple_of(4) {
            Direction::FromCompany
        } else {
            Direction::ToCompany
        },
        channel,
        channel_detail: "800 123 4567".into(),
        agent: format!("Asesor {}", i % 97),
        reference: format!("REP-{i:08}"),
        duration_secs: (channel == Channel::Phone).then_some(600 + (i % 1800) as u32),
        asked: "Pregunté por el reembolso del pedido CM-2026-884213.".into(),
        outcome,
        response: "Lamentamos el inconveniente; su solicitud está en revisión por el área correspondiente."
            .into(),
        promised_by: (outcome == Outcome::Promise).then(|| at.date_naive() + Duration::days(7)),
        formal_demand: i.is_multiple_of(50),
        imported_from: None,
    }
}

/// The writer id of the links [`big_export`] appends.
const BENCH_STORE: &str = "0190b5a0-0000-7000-8000-00000000be7c";

/// A case export with `n` attempts, one every ten minutes up to yesterday, built by
/// exporting a real one-case store and appending correctly chained attempt links.
pub fn big_export(n: u64) -> Result<Vec<u8>> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(dir.path())?;
    let case_id = new_case(&mut store, &format!("Caso con {n} intentos"))?;
    let mut export: CaseExport = store.export_case(case_id)?;
    let chain = case_chain(case_id);
    let last = export
        .links
        .last()
        .cloned()
        .ok_or_else(|| Error::Integrity("the export has no links".into()))?;
    let start =
        Utc::now().with_timezone(&cdmx()) - Duration::days(1) - Duration::minutes(10 * n as i64);
    let mut prev = last.hash;
    for (i, index) in (0..n).zip(last.index + 1..) {
        let draft = attempt(i, start + Duration::minutes(10 * i as i64));
        let body = serde_json::to_value(&draft)?;
        let mut link = Link {
            encoding: expediente_core::chain::ENCODING.into(),
            chain: chain.clone(),
            index,
            kind: RecordKind::Attempt.as_str().into(),
            id: new_id().to_string(),
            revision: 1,
            case_id: Some(case_id.to_string()),
            store_id: Some(BENCH_STORE.into()),
            store_seq: Some(u64::from(index) + 1),
            reason: String::new(),
            recorded_at: last.recorded_at.clone(),
            body: canonical_json(&body),
            prev: prev.clone(),
            hash: String::new(),
        };
        link.hash = link.compute_hash().expect("current encoding");
        prev = link.hash.clone();
        export.links.push(link);
    }
    export.chain_head = prev;
    Ok(serde_json::to_vec(&export)?)
}

/// The store's database in `dir` as an attacker with the `sqlite3` shell has it: every
/// trigger (append-only, next-link, chain-head) dropped first.
pub fn without_triggers(dir: &std::path::Path) -> rusqlite::Connection {
    let db = rusqlite::Connection::open(dir.join(store::DB_FILE)).expect("open the database");
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("list the triggers");
    assert!(names.len() >= 6, "the store's triggers: {names:?}");
    for n in names {
        db.execute_batch(&format!("DROP TRIGGER {n}"))
            .expect("drop a trigger");
    }
    db
}

/// Every regular file under `dir` (none when it does not exist).
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}
