//! `verify`: the store's hash chains (`verify [CASE]`), and a dossier PDF checked from the
//! file alone (`verify --dossier FILE.pdf`), plus, when the data folder (or `--export`)
//! has the case, whether the case changed since the dossier was made.

use std::path::Path;

use expediente_core::chain::Link;
use expediente_core::integrity::IntegrityReport;
use expediente_core::store::{case_chain, Store, DB_FILE};
use expediente_core::{CaseBundle, Id};
use expediente_dossier::check::{check_dossier, DossierCheck};
use serde::Serialize;

use crate::args::VerifyArgs;
use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};

/// `verify [CASE]`: the whole store, or one case: every chain, the columns beside them
/// and (unless `quick`) every evidence file re-hashed; each problem in plain words.
pub fn chains(
    store: &Store,
    case: Option<Id>,
    case_flag: bool,
    quick: bool,
    json: bool,
) -> CliResult<u8> {
    if case_flag {
        return Err(CliError::usage(
            "case",
            "--case goes with --dossier; to verify a case give its id: verify ID",
        ));
    }
    let report = match case {
        Some(id) => store.check_case(id, quick)?,
        None => store.check_store(quick)?,
    };
    if json {
        output::json(&report)?;
    } else if report.ok {
        let files = if report.evidence_checked {
            format!("{} evidence files re-hashed", report.evidence_files)
        } else {
            format!(
                "{} evidence files present (not re-hashed: --quick)",
                report.evidence_files
            )
        };
        let fingerprint = if report.fingerprint.is_empty() {
            String::new()
        } else {
            format!(", fingerprint {}", report.fingerprint)
        };
        line(&format!(
            "ok      {} records verify, none changed or removed; {files}{fingerprint}",
            report.links
        ));
    } else {
        for p in &report.problems {
            line(&format!("BROKEN  {}", describe_problem(p)));
        }
    }
    if report.ok {
        return Ok(exit::OK);
    }
    fail(
        "chain",
        format!(
            "{} problem(s) found: {}",
            report.problems.len(),
            report.summary()
        ),
        json,
    )
}

/// One integrity problem in plain words: what it concerns, then what is wrong.
fn describe_problem(p: &expediente_core::integrity::IntegrityProblem) -> String {
    let what = match (&p.attempt_number, &p.file_name, &p.kind, &p.record_id) {
        (Some(n), _, _, _) => format!("attempt #{n}"),
        (_, Some(f), _, _) => format!("evidence file {f:?}"),
        (_, _, Some(k), Some(id)) => format!("{k} {id}"),
        _ => format!("chain {}", p.chain),
    };
    let revision = match p.revision {
        Some(r) if r > 1 => format!(" (revision {r})"),
        _ => String::new(),
    };
    format!("{what}{revision}: {} [{}]", p.detail, p.code)
}

/// How the case stands now (in the store or an export) against the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Since {
    /// The case is exactly what the dossier shows.
    Current { records: u32 },
    /// Records were added after the dossier's `at` records; none changed.
    RecordsAdded { at: u32, records: u32 },
    /// The claimant's or the company's data changed after the dossier (records may have
    /// been added too; none changed).
    DirectoryChanged {
        claimant: bool,
        company: bool,
        at: u32,
        records: u32,
    },
    /// The case's chain does not hold the dossier's records: the two disagree.
    Mismatch { chain_head: String },
    /// The store's (or export's) own copy of the case does not verify.
    Broken { detail: String },
    /// The data folder has no such case.
    NotInStore,
}

impl Since {
    fn ok(&self) -> bool {
        matches!(
            self,
            Since::Current { .. }
                | Since::RecordsAdded { .. }
                | Since::DirectoryChanged { .. }
                | Since::NotInStore
        )
    }
}

/// `verify --dossier FILE.pdf [--case ID | --export CASE.json]`.
pub fn dossier(a: &VerifyArgs, data_dir: &Path, json: bool) -> CliResult<u8> {
    let Some(pdf) = &a.dossier else {
        return Err(CliError::usage("dossier", "verify --dossier needs a PDF"));
    };
    let bytes = std::fs::read(pdf).map_err(|e| CliError::file(pdf, e))?;
    let check = check_dossier(&bytes).map_err(|e| {
        CliError::invalid(
            "dossier",
            "not_a_dossier",
            format!("{}: {e}", pdf.display()),
        )
    })?;
    let (source, since) = match compare_with(a, data_dir, &check)? {
        Some((source, since)) => (Some(source), Some(since)),
        None => (None, None),
    };
    let cover = expediente_dossier::render_manifest(&bytes)
        .map(|m| m.cover_stamp)
        .unwrap_or_default();
    let (timestamp, ts_problem) = crate::stamp::check_pdf(pdf, &bytes, cover, &a.tsa_ca)?;
    let all_ok = check.ok && since.as_ref().is_none_or(Since::ok) && ts_problem.is_none();
    if json {
        output::json(&serde_json::json!({
            "ok": all_ok,
            "file": pdf,
            "check": check,
            "compared_with": source,
            "since": since,
            "timestamp": timestamp,
            "timestamp_tsa_checked": !a.tsa_ca.is_empty(),
        }))?;
    } else {
        print_check(pdf, &check);
        crate::stamp::print_timestamp(&timestamp, !a.tsa_ca.is_empty());
        if let (Some(source), Some(since)) = (&source, &since) {
            print_since(&check, source, since);
        }
    }
    // The first problem names its page or file in its detail.
    if let Some(p) = check.problems.first() {
        let case = check
            .case_id
            .as_deref()
            .map(|c| format!(" (case {c})"))
            .unwrap_or_default();
        let more = match check.problems.len() {
            1 => String::new(),
            n => format!("; {} more problems", n - 1),
        };
        return fail(
            "dossier",
            format!("{}: {}{case}{more}", p.code, p.detail),
            json,
        );
    }
    if let Some(p) = ts_problem {
        return fail("dossier", p, json);
    }
    match since {
        Some(Since::Mismatch { chain_head }) => fail(
            "dossier",
            format!(
                "the dossier's records are not in case {}'s chain (its head is {chain_head}): the dossier and the data disagree",
                check.case_id.as_deref().unwrap_or("?")
            ),
            json,
        ),
        Some(Since::Broken { detail }) => fail(
            "dossier",
            format!("the case's chain is broken, so the dossier cannot be compared with it: {detail}"),
            json,
        ),
        _ => Ok(exit::OK),
    }
}

/// Prints an integrity error and returns exit code 1.
fn fail(field: &str, message: String, json: bool) -> CliResult<u8> {
    output::error(
        &CliError {
            code: "integrity".into(),
            field: field.into(),
            message,
            errors: Vec::new(),
            exit: exit::FAILURE,
        },
        json,
    );
    Ok(exit::FAILURE)
}

/// The case as the store (when the data folder has one) or `--export` has it now, and
/// how it stands against the dossier; `None` when there is nothing to compare with.
fn compare_with(
    a: &VerifyArgs,
    data_dir: &Path,
    check: &DossierCheck,
) -> CliResult<Option<(String, Since)>> {
    if let Some(file) = &a.export {
        let bytes = std::fs::read(file).map_err(|e| CliError::file(file, e))?;
        let x = expediente_core::exchange::parse(&bytes)?;
        let report = expediente_core::exchange::check_export(&x);
        let since = if report.ok {
            let now = expediente_core::exchange::bundle_from_export(&x)?;
            since(check, &now, &x.links, &report)
        } else {
            broken(&report)
        };
        return Ok(Some((format!("the export {}", file.display()), since)));
    }
    if !data_dir.join(DB_FILE).exists() {
        return Ok(None);
    }
    // Read-only where the folder cannot be written; archived cases count too.
    let store = Store::open_auto(data_dir)?;
    let case = match a.case_flag.as_deref().or(a.case.as_deref()) {
        Some(c) => Some(crate::run::resolve_id(
            "case",
            c,
            store.cases()?.into_iter().map(|s| s.meta.id),
        )?),
        None => check.case_id.as_deref().and_then(|c| c.parse::<Id>().ok()),
    };
    let source = format!("the store in {}", data_dir.display());
    let Some(case) = case else {
        return Ok(None);
    };
    if !store.case_summaries()?.iter().any(|s| s.id == case) {
        return Ok(Some((source, Since::NotInStore)));
    }
    let report = store.check_case(case, true)?;
    if !report.ok {
        return Ok(Some((source, broken(&report))));
    }
    let now = store.bundle(case)?;
    let links = store.links(&case_chain(case))?;
    Ok(Some((source, since(check, &now, &links, &report))))
}

fn broken(report: &IntegrityReport) -> Since {
    Since::Broken {
        detail: report
            .problems
            .first()
            .map(|p| p.detail.clone())
            .unwrap_or_else(|| "it does not verify".into()),
    }
}

/// How `now` (whose chain is `links`, verified by `report`) stands against the dossier.
fn since(
    check: &DossierCheck,
    now: &CaseBundle,
    links: &[Link],
    report: &IntegrityReport,
) -> Since {
    if !report.ok {
        return broken(report);
    }
    let records = now.chain_len;
    if check.fingerprint.as_deref() == Some(now.fingerprint.as_str()) {
        return Since::Current { records };
    }
    let (Some(head), Some(at)) = (check.chain_head.as_deref(), check.chain_len) else {
        return Since::Mismatch {
            chain_head: now.chain_head.clone(),
        };
    };
    let holds = at > 0 && links.get(at as usize - 1).is_some_and(|l| l.hash == head);
    if !holds {
        return Since::Mismatch {
            chain_head: now.chain_head.clone(),
        };
    }
    let claimant = check.claimant_link.as_deref() != Some(now.claimant_link.as_str());
    let company = check.company_link.as_deref() != Some(now.company_link.as_str());
    if claimant || company {
        Since::DirectoryChanged {
            claimant,
            company,
            at,
            records,
        }
    } else {
        Since::RecordsAdded { at, records }
    }
}

fn status(ok: bool) -> &'static str {
    if ok {
        "ok    "
    } else {
        "BROKEN"
    }
}

/// What was checked, one line per part, in plain words.
fn print_check(pdf: &Path, c: &DossierCheck) {
    line(&format!(
        "checked {}: case {}, fingerprint {}",
        pdf.display(),
        c.case_id.as_deref().unwrap_or("unknown"),
        c.fingerprint.as_deref().unwrap_or("unknown")
    ));
    let has = |code: &str| c.problems.iter().any(|p| p.code == code);
    let first = |codes: &[&str]| {
        c.problems
            .iter()
            .find(|p| codes.contains(&p.code.as_str()))
            .map(|p| p.detail.clone())
    };
    if has("no_embedded_data") {
        line(&format!(
            "BROKEN  embedded data: {}",
            first(&["no_embedded_data"]).unwrap_or_default()
        ));
        return;
    }
    match &c.integrity {
        Some(r) if r.ok => line(&format!(
            "ok      embedded case data: its hash chains verify ({} links)",
            r.links
        )),
        _ => line(&format!(
            "BROKEN  embedded case data: {}",
            first(&["export_broken"]).unwrap_or_else(|| "it does not verify".into())
        )),
    }
    let at = &c.attachments;
    match first(&[
        "attachment_changed",
        "attachment_missing",
        "attachment_extra",
    ]) {
        None => {
            let left_out = match at.omitted.len() {
                0 => String::new(),
                n => format!(" ({n} left out on purpose, listed by hash)"),
            };
            line(&format!(
                "ok      attachments: {} evidence files match their recorded SHA-256{left_out}",
                at.verified
            ));
        }
        Some(d) => line(&format!("BROKEN  attachments: {d}")),
    }
    match first(&["metadata_mismatch"]) {
        None => line("ok      metadata: /Identifier, the keyword and /ExpedienteRender name this case and fingerprint"),
        Some(d) => line(&format!("BROKEN  metadata: {d}")),
    }
    let renderer = c.renderer.as_deref().unwrap_or("an unknown renderer");
    if !c.this_renderer {
        line(&format!(
            "BROKEN  pages: made by {renderer}, not by this version ({}); not compared",
            expediente_dossier::check::this_renderer()
        ));
        return;
    }
    match (c.pages.compared, first(&["page_differs", "page_missing", "page_extra"])) {
        (true, None) => line(&format!(
            "ok      pages: all {} pages match a fresh rendering of the embedded data by {renderer}",
            c.pages.pages_in_file
        )),
        (_, Some(d)) => line(&format!("BROKEN  pages: {d}")),
        (false, None) => line(&format!(
            "{}  pages: not compared, the embedded data does not verify",
            status(false)
        )),
    }
}

fn print_since(c: &DossierCheck, source: &str, s: &Since) {
    let case = c.case_id.as_deref().unwrap_or("?");
    let text = match s {
        Since::Current { records } => {
            format!("ok      {source} has case {case} as the dossier shows it ({records} records)")
        }
        Since::RecordsAdded { at, records } => format!(
            "ok      {source}: case {case} has {} records added since the dossier's {at}, none changed",
            records - at
        ),
        Since::DirectoryChanged {
            claimant,
            company,
            at,
            records,
        } => {
            let whose = match (claimant, company) {
                (true, true) => "the claimant's and the company's",
                (true, false) => "the claimant's",
                _ => "the company's",
            };
            format!(
                "ok      {source}: this dossier predates a change to {whose} data ({} records added since the dossier's {at}, none changed)",
                records - at
            )
        }
        Since::Mismatch { chain_head } => format!(
            "BROKEN  {source}: case {case}'s chain (head {chain_head}) does not hold the dossier's records"
        ),
        Since::Broken { detail } => {
            format!("BROKEN  {source}: case {case} does not verify: {detail}")
        }
        Since::NotInStore => format!("-       {source} has no case {case}; the dossier was checked on its own"),
    };
    line(&text);
}
