//! Runs one parsed command against the store: resolves ids, builds drafts, calls the
//! library and prints the result. Each command is a short function; nothing here knows
//! how the store keeps its data.

use std::path::Path;

use expediente_core::store::{resolve_data_dir, Store};
use expediente_core::{CaseDraft, CaseStatus, ClaimantDraft, CompanyDraft, Id, Lang};
use expediente_dossier::{DossierError, Paper};

use crate::args::*;
use crate::error::{exit, CliError, CliResult};
use crate::fields;
use crate::output::{self, clip, dt, line, money, opt_dt, span};

/// Runs `cli` and returns the exit code for a command that finished (verify may finish
/// with 1 when a chain or a dossier does not hold; see [`crate::verify`]).
pub fn run(cli: Cli) -> CliResult<u8> {
    let data_dir = resolve_data_dir(cli.data_dir.as_deref())?;
    let json = cli.json;
    if let Command::Restore(f) = &cli.command {
        return restore(&f.file, &data_dir, json);
    }
    if let Command::Stamp(a) = &cli.command {
        return crate::stamp::stamp_file(a, json);
    }
    if let Command::Verify(a) = &cli.command {
        if a.dossier.is_some() {
            // Checked from the PDF alone; the store is only read if it exists.
            return crate::verify::dossier(a, &data_dir, json);
        }
    }
    // Read-only when the folder cannot be written: reads work, writes answer `read_only`.
    let mut store = Store::open_auto(&data_dir)?;
    let mut ctx = Ctx {
        store: &mut store,
        json,
    };
    match cli.command {
        Command::Claimant(c) => ctx.claimant(c),
        Command::Company(c) => ctx.company(c),
        Command::Case(c) => ctx.case(c),
        Command::Log(a) => ctx.log(a),
        Command::Attach(a) => ctx.attach(a),
        Command::Withdraw(a) => ctx.withdraw(a),
        Command::Revise(r) => ctx.revise(r),
        Command::Stats(a) => ctx.stats(a),
        Command::Verify(a) => {
            let case = a.case.as_deref().map(|c| ctx.case_id(c)).transpose()?;
            crate::verify::chains(ctx.store, case, a.case_flag.is_some(), a.quick, json)
        }
        Command::History(a) => ctx.history(&a.id),
        Command::Search(a) => ctx.search(&a.query),
        Command::Export(a) => ctx.export(a),
        Command::Import(f) => crate::import::run(ctx.store, &f.file, f.dry_run, ctx.json),
        Command::ImportMessages(a) => crate::capture::run(&mut ctx, &a),
        Command::Backup(f) => ctx.backup(&f.file),
        Command::Demo => ctx.demo(),
        Command::Next(a) => ctx.next(a),
        Command::Readiness(a) => ctx.readiness(a),
        Command::Calendar(a) => ctx.calendar(a),
        Command::Letter(a) => ctx.letter(a),
        Command::Restore(_) | Command::Stamp(_) => Err(CliError::usage("command", "handled above")),
    }
}

pub(crate) struct Ctx<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) json: bool,
}

/// Prints the id of a record a command created, as text or as `{"id": ...}`.
pub(crate) fn print_id(json: bool, id: Id) -> CliResult<u8> {
    if json {
        output::json(&serde_json::json!({ "id": id }))?;
    } else {
        line(&id.to_string());
    }
    Ok(exit::OK)
}

fn restore(file: &Path, data_dir: &Path, json: bool) -> CliResult<u8> {
    Store::restore(file, data_dir)?;
    if json {
        output::json(&serde_json::json!({ "restored": file, "data_dir": data_dir }))?;
    } else {
        line(&format!(
            "restored {} into {}",
            file.display(),
            data_dir.display()
        ));
    }
    Ok(exit::OK)
}

/// A full id, or a unique prefix or suffix of one of `ids` (at least 4 characters). Ids are
/// UUID v7, time first: records made within a minute share a prefix, so the random last
/// characters are the handy short form.
pub(crate) fn resolve_id(kind: &str, s: &str, ids: impl IntoIterator<Item = Id>) -> CliResult<Id> {
    let s = s.trim();
    if let Ok(id) = s.parse::<Id>() {
        return Ok(id);
    }
    let needle = s.to_ascii_lowercase();
    if needle.len() < 4 {
        return Err(CliError::not_found(kind, s));
    }
    let found: Vec<Id> = ids
        .into_iter()
        .filter(|id| {
            let full = id.to_string();
            full.starts_with(&needle) || full.ends_with(&needle)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(CliError::not_found(kind, s)),
        many => Err(CliError::invalid(
            kind,
            "ambiguous",
            format!(
                "{s} matches {} {kind} ids; give more characters",
                many.len()
            ),
        )),
    }
}

impl Ctx<'_> {
    pub(crate) fn case_id(&self, s: &str) -> CliResult<Id> {
        // Archived cases too: they can be shown, exported and unarchived by id.
        let ids = self.store.cases()?.into_iter().map(|c| c.meta.id);
        resolve_id("case", s, ids)
    }
    fn claimant_id(&self, s: &str) -> CliResult<Id> {
        let ids = self.store.claimants()?.into_iter().map(|c| c.meta.id);
        resolve_id("claimant", s, ids)
    }
    fn company_id(&self, s: &str) -> CliResult<Id> {
        let ids = self.store.companies()?.into_iter().map(|c| c.meta.id);
        resolve_id("company", s, ids)
    }
    pub(crate) fn attempt_id(&self, s: &str) -> CliResult<Id> {
        s.trim()
            .parse::<Id>()
            .map_err(|_| CliError::not_found("attempt", s))
    }

    // ---- claimants -------------------------------------------------------------------

    fn claimant(&mut self, c: ClaimantCmd) -> CliResult<u8> {
        match c {
            ClaimantCmd::Create(a) => {
                let mut d = ClaimantDraft::default();
                fields::apply_claimant(&mut d, &a.fields)?;
                let rec = self.store.create_claimant(d)?;
                if a.default {
                    self.store.set_default_claimant(rec.meta.id)?;
                }
                print_id(self.json, rec.meta.id)
            }
            ClaimantCmd::List => {
                let all = self.store.claimants()?;
                let default = self.store.default_claimant()?;
                if self.json {
                    output::json(&all)?;
                } else {
                    for c in &all {
                        let mark = if Some(c.meta.id) == default { "*" } else { " " };
                        line(&format!(
                            "{mark} {}  {}  {}",
                            c.meta.id, c.data.full_name, c.data.email
                        ));
                    }
                }
                Ok(exit::OK)
            }
            ClaimantCmd::Show(a) => {
                let id = self.claimant_id(&a.id)?;
                let c = self.store.claimant(id)?;
                if self.json {
                    output::json(&c)?;
                } else {
                    let doc = c
                        .data
                        .id_document
                        .as_ref()
                        .map(|d| format!("{} {}", d.kind, d.number))
                        .unwrap_or_default();
                    line(&format!("id:        {}", c.meta.id));
                    line(&format!("revision:  {}", c.meta.revision));
                    line(&format!("name:      {}", c.data.full_name));
                    line(&format!("document:  {doc}"));
                    line(&format!("address:   {}", c.data.address));
                    line(&format!("phone:     {}", c.data.phone));
                    line(&format!("email:     {}", c.data.email));
                }
                Ok(exit::OK)
            }
            ClaimantCmd::SetDefault(a) => {
                let id = self.claimant_id(&a.id)?;
                self.store.set_default_claimant(id)?;
                print_id(self.json, id)
            }
        }
    }

    // ---- companies -------------------------------------------------------------------

    fn company(&mut self, c: CompanyCmd) -> CliResult<u8> {
        match c {
            CompanyCmd::Create(f) => {
                let mut d = CompanyDraft::default();
                fields::apply_company(&mut d, &f)?;
                let rec = self.store.create_company(d)?;
                print_id(self.json, rec.meta.id)
            }
            CompanyCmd::List => {
                let all = self.store.companies()?;
                if self.json {
                    output::json(&all)?;
                } else {
                    for c in &all {
                        line(&format!(
                            "{}  {}  {}  {}",
                            c.meta.id, c.data.trade_name, c.data.legal_name, c.data.tax_id
                        ));
                    }
                }
                Ok(exit::OK)
            }
            CompanyCmd::Show(a) => {
                let id = self.company_id(&a.id)?;
                let c = self.store.company(id)?;
                if self.json {
                    output::json(&c)?;
                } else {
                    line(&format!("id:          {}", c.meta.id));
                    line(&format!("revision:    {}", c.meta.revision));
                    line(&format!("trade name:  {}", c.data.trade_name));
                    line(&format!("legal name:  {}", c.data.legal_name));
                    line(&format!("tax id:      {}", c.data.tax_id));
                    line(&format!("address:     {}", c.data.address));
                    line(&format!("website:     {}", c.data.website));
                    for ch in &c.data.channels {
                        line(&format!(
                            "channel:     {} {} {}",
                            ch.channel.as_str(),
                            ch.value,
                            ch.label
                        ));
                    }
                }
                Ok(exit::OK)
            }
        }
    }

    // ---- cases -----------------------------------------------------------------------

    fn case(&mut self, c: CaseCmd) -> CliResult<u8> {
        match c {
            CaseCmd::Create(f) => {
                let claimant_id = match &f.claimant {
                    Some(s) => self.claimant_id(s)?,
                    None => self.store.default_claimant()?.ok_or_else(|| {
                        CliError::invalid(
                            "case.claimant_id",
                            "required",
                            "is required: pass --claimant ID (there is no default claimant)",
                        )
                    })?,
                };
                let company_id = match &f.company {
                    Some(s) => self.company_id(s)?,
                    None => {
                        return Err(CliError::invalid(
                            "case.company_id",
                            "required",
                            "is required: pass --company ID",
                        ))
                    }
                };
                let mut d = CaseDraft {
                    claimant_id,
                    company_id,
                    title: String::new(),
                    product: String::new(),
                    account_ref: String::new(),
                    purchase_date: None,
                    amount: None,
                    facts: String::new(),
                    requests: String::new(),
                    agency: String::new(),
                    agency_folio: String::new(),
                    status: CaseStatus::Open,
                    opened_on: fields::local_now().date_naive(),
                    lang: Lang::Es,
                    archived: None,
                };
                fields::apply_case(&mut d, &f)?;
                let rec = self.store.create_case(d)?;
                print_id(self.json, rec.meta.id)
            }
            CaseCmd::List(f) => {
                let company = f
                    .company
                    .as_deref()
                    .map(|c| self.company_id(c))
                    .transpose()?;
                let all: Vec<_> = self
                    .store
                    .case_summaries_in(f.archived)?
                    .into_iter()
                    .filter(|c| f.status.is_none_or(|s| c.status == s))
                    .filter(|c| company.is_none_or(|id| c.company_id == id))
                    .filter(|c| !f.overdue || c.overdue_promises > 0)
                    .collect();
                if self.json {
                    output::json(&all)?;
                } else {
                    for c in &all {
                        let overdue = if c.overdue_promises > 0 {
                            format!("  {} overdue", c.overdue_promises)
                        } else {
                            String::new()
                        };
                        line(&format!(
                            "{}  {:<17} {}  [{}]  {} attempts, last {}{overdue}",
                            c.id,
                            c.status.as_str(),
                            clip(&c.title, 50),
                            c.company_name,
                            c.attempts,
                            opt_dt(&c.last_contact),
                        ));
                    }
                }
                Ok(exit::OK)
            }
            CaseCmd::Archive(a) => {
                let id = self.case_id(&a.id)?;
                print_id(self.json, self.store.archive_case(id, &a.reason)?.meta.id)
            }
            CaseCmd::Unarchive(a) => {
                let id = self.case_id(&a.id)?;
                print_id(self.json, self.store.unarchive_case(id, &a.reason)?.meta.id)
            }
            CaseCmd::Show(a) => {
                let id = self.case_id(&a.id)?;
                let b = self.store.bundle(id)?;
                if self.json {
                    output::json(&b)?;
                    return Ok(exit::OK);
                }
                let c = &b.case.data;
                line(&format!("id:           {}", b.case.meta.id));
                line(&format!("title:        {}", c.title));
                let archived = if c.is_archived() { " (archived)" } else { "" };
                line(&format!("status:       {}{archived}", c.status.as_str()));
                line(&format!("claimant:     {}", b.claimant.data.full_name));
                line(&format!(
                    "company:      {} ({})",
                    b.company.data.trade_name, b.company.data.legal_name
                ));
                line(&format!("product:      {}", c.product));
                line(&format!("account:      {}", c.account_ref));
                line(&format!(
                    "amount:       {}",
                    c.amount.as_ref().map(money).unwrap_or_default()
                ));
                line(&format!(
                    "purchased:    {}",
                    c.purchase_date.map(|d| d.to_string()).unwrap_or_default()
                ));
                line(&format!("opened on:    {}", c.opened_on));
                line(&format!("agency:       {} {}", c.agency, c.agency_folio));
                line(&format!(
                    "fingerprint:  {} ({} links)",
                    b.fingerprint, b.chain_len
                ));
                line(&format!("facts:        {}", clip(&c.facts, 200)));
                line(&format!("requests:     {}", clip(&c.requests, 200)));
                line("");
                line(&format!("attempts ({}):", b.attempts.len()));
                for a in &b.attempts {
                    let d = &a.data;
                    let rev = if a.meta.revision > 1 {
                        format!(" (rev {})", a.meta.revision)
                    } else {
                        String::new()
                    };
                    line(&format!(
                        "  {}  {}  {:<12} {:<12} {:<12} {}  {}{rev}",
                        a.meta.id,
                        dt(&d.happened_at),
                        d.channel.as_str(),
                        d.direction.as_str(),
                        d.outcome.as_str(),
                        d.reference,
                        clip(&d.response, 60),
                    ));
                }
                line("");
                line(&format!("evidence ({}):", b.evidence.len()));
                for e in &b.evidence {
                    line(&format!(
                        "  {}  {}  {} bytes  {}  {}",
                        e.data.sha256,
                        e.data.original_name,
                        e.data.size,
                        e.data.media_type,
                        e.data.note
                    ));
                }
                crate::evidence::print_withdrawn(&self.store.evidence(id)?);
                Ok(exit::OK)
            }
        }
    }

    // ---- attempts (evidence is in `crate::evidence`) ----------------------------------

    fn log(&mut self, a: LogArgs) -> CliResult<u8> {
        let case_id = self.case_id(&a.case)?;
        let d = fields::new_attempt(&a.fields)?;
        let rec = self.store.log_attempt(case_id, d)?;
        if self.json {
            output::json(&rec)?;
            Ok(exit::OK)
        } else {
            print_id(false, rec.meta.id)
        }
    }

    // ---- revisions -------------------------------------------------------------------

    fn revise(&mut self, r: ReviseCmd) -> CliResult<u8> {
        let id = match r {
            ReviseCmd::Attempt(a) => {
                let id = self.attempt_id(&a.id)?;
                let mut d = self.store.attempt(id)?.data;
                fields::apply_attempt(&mut d, &a.fields)?;
                self.store.revise_attempt(id, d, &a.reason)?.meta.id
            }
            ReviseCmd::Case(a) => {
                let id = self.case_id(&a.id)?;
                let mut d = self.store.case(id)?.data;
                if let Some(s) = &a.fields.claimant {
                    d.claimant_id = self.claimant_id(s)?;
                }
                if let Some(s) = &a.fields.company {
                    d.company_id = self.company_id(s)?;
                }
                fields::apply_case(&mut d, &a.fields)?;
                self.store.revise_case(id, d, &a.reason)?.meta.id
            }
            ReviseCmd::Company(a) => {
                let id = self.company_id(&a.id)?;
                let mut d = self.store.company(id)?.data;
                fields::apply_company(&mut d, &a.fields)?;
                self.store.revise_company(id, d, &a.reason)?.meta.id
            }
            ReviseCmd::Claimant(a) => {
                let id = self.claimant_id(&a.id)?;
                let mut d = self.store.claimant(id)?.data;
                fields::apply_claimant(&mut d, &a.fields)?;
                self.store.revise_claimant(id, d, &a.reason)?.meta.id
            }
        };
        print_id(self.json, id)
    }

    fn history(&mut self, s: &str) -> CliResult<u8> {
        let id = match s.trim().parse::<Id>() {
            Ok(id) => id,
            Err(_) => self
                .case_id(s)
                .or_else(|_| self.company_id(s))
                .or_else(|_| self.claimant_id(s))?,
        };
        let revs = self.store.history(id)?;
        if revs.is_empty() {
            return Err(CliError::not_found("record", s));
        }
        if self.json {
            output::json(&revs)?;
        } else {
            for r in &revs {
                line(&format!(
                    "{} rev {}  recorded {}  link {}  {}",
                    r.kind.as_str(),
                    r.meta.revision,
                    r.meta.recorded_at.to_rfc3339(),
                    r.link_hash,
                    r.meta.reason
                ));
            }
        }
        Ok(exit::OK)
    }

    // ---- numbers, integrity, search --------------------------------------------------

    fn stats(&mut self, a: StatsArgs) -> CliResult<u8> {
        let case_id = self.case_id(&a.case)?;
        let now = match &a.now {
            Some(s) => fields::datetime("now", s)?,
            None => fields::local_now(),
        };
        let s = self.store.stats(case_id, now)?;
        if self.json {
            output::json(&s)?;
            return Ok(exit::OK);
        }
        let channels: Vec<&str> = s.channels_used.iter().map(|c| c.as_str()).collect();
        line(&format!(
            "attempts:               {} ({} by the claimant, {} by the company)",
            s.attempts, s.from_claimant, s.from_company
        ));
        line(&format!(
            "first contact:          {}",
            opt_dt(&s.first_contact)
        ));
        line(&format!(
            "last contact:           {}",
            opt_dt(&s.last_contact)
        ));
        line(&format!(
            "days since first:       {}",
            s.days_since_first_contact
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into())
        ));
        line(&format!("channels used:          {}", channels.join(", ")));
        line(&format!("no response:            {}", s.no_response));
        line(&format!("canned replies:         {}", s.canned_replies));
        line(&format!("redirected:             {}", s.redirected));
        line(&format!(
            "promises:               {} made, {} broken, {} pending",
            s.promises_made, s.promises_broken, s.promises_pending
        ));
        let wait = match s.longest_wait_secs {
            Some(w) if s.longest_wait_open => format!("{} (still waiting)", span(w)),
            Some(w) => span(w),
            None => "-".into(),
        };
        line(&format!("longest wait:           {wait}"));
        line(&format!(
            "formal demands:         {} (last {})",
            s.formal_demands,
            opt_dt(&s.last_formal_demand)
        ));
        Ok(exit::OK)
    }

    fn search(&mut self, q: &str) -> CliResult<u8> {
        let hits = self.store.search(q)?;
        if self.json {
            output::json(&hits)?;
        } else {
            for h in &hits {
                line(&format!(
                    "{}  {}  {}  {}",
                    h.kind,
                    h.id,
                    h.title,
                    clip(&h.snippet, 80)
                ));
            }
        }
        Ok(exit::OK)
    }

    // ---- exchange and backup ---------------------------------------------------------

    fn export(&mut self, a: ExportArgs) -> CliResult<u8> {
        let case_id = self.case_id(&a.case)?;
        let mut written = Vec::new();
        if let Some(file) = &a.file {
            let export = self.store.export_case(case_id)?;
            let bytes = serde_json::to_vec_pretty(&export)
                .map_err(|e| CliError::from(expediente_core::Error::from(e)))?;
            if file == Path::new("-") {
                line(&String::from_utf8_lossy(&bytes));
            } else {
                write_file(file, &bytes)?;
                written.push(file.clone());
            }
        }
        if let Some(csv) = &a.csv {
            let attempts = self.store.attempts(case_id)?;
            write_file(csv, crate::csv::chronology(&attempts).as_bytes())?;
            written.push(csv.clone());
        }
        if let Some(pdf) = &a.pdf {
            let prepared = expediente_dossier::from_store::prepare(self.store, case_id)?;
            let generated_at = match &a.generated_at {
                Some(s) => {
                    let at = fields::datetime("generated_at", s)?;
                    expediente_core::validate::generated_at(
                        at,
                        &prepared.bundle,
                        chrono::Utc::now(),
                    )
                    .map_err(expediente_core::Error::from)?;
                    at
                }
                None => fields::local_now(),
            };
            let paper = if a.paper == "letter" {
                Paper::Letter
            } else {
                Paper::A4
            };
            let limit = a.embed_limit_mb.map(|mb| mb.saturating_mul(1024 * 1024));
            let bytes =
                crate::stamp::render_pdf(&prepared, paper, generated_at, limit, &a.tsa, self.json)?;
            write_file(pdf, &bytes)?;
            written.push(pdf.clone());
        }
        if written.is_empty() {
            return Ok(exit::OK);
        }
        if self.json {
            output::json(&serde_json::json!({ "case_id": case_id, "files": written }))?;
        } else {
            for f in &written {
                line(&format!("exported case {case_id} to {}", f.display()));
            }
        }
        Ok(exit::OK)
    }

    fn backup(&mut self, file: &Path) -> CliResult<u8> {
        self.store.backup(file)?;
        if self.json {
            output::json(&serde_json::json!({ "backup": file }))?;
        } else {
            line(&format!(
                "backed up {} to {}",
                self.store.data_dir().display(),
                file.display()
            ));
        }
        Ok(exit::OK)
    }

    fn demo(&mut self) -> CliResult<u8> {
        let id = self.store.load_demo()?;
        print_id(self.json, id)
    }
}

pub(crate) fn dossier_error(e: DossierError) -> CliError {
    match e {
        DossierError::Field { field, problem } => {
            CliError::invalid(&format!("dossier.{field}"), "invalid", problem)
        }
        other => CliError {
            code: "dossier".into(),
            field: "dossier".into(),
            message: other.to_string(),
            errors: Vec::new(),
            exit: exit::FAILURE,
        },
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so a crash never
/// leaves a half-written export where a good one was expected, and a failure leaves no
/// temporary file behind ([`expediente_core::atomic::write`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> CliResult<()> {
    expediente_core::atomic::write(path, bytes).map_err(|e| CliError::file(path, e))
}
