//! `import-messages CASE FILE…`: e-mails, WhatsApp exports and CFDI invoices brought into
//! a case. The preview (what would be created, what is already there, what cannot be read)
//! is printed first; the write is one transaction, and only without `--dry-run`.

use std::path::{Path, PathBuf};

use clap::Args;

use expediente_capture::{commit, preview_paths, CaseContext, Preview};
use expediente_core::{FieldError, Lang};

use crate::args::lang_parser;
use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};
use crate::run::Ctx;

/// `import-messages`' arguments (here rather than in `args`, which is long enough).
#[derive(Debug, Args)]
pub struct ImportMessagesArgs {
    /// The case (its id or a unique prefix).
    pub case: String,
    /// E-mails (.eml, .mbox), WhatsApp exports (.txt, .zip), CFDI invoices (.xml).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show what would be imported, what is already in the case and what cannot be read;
    /// write nothing (exit 3 if something cannot be read).
    #[arg(long)]
    pub dry_run: bool,
    /// Your name as a WhatsApp chat shows it, when it is not the claimant's name.
    #[arg(long, value_name = "NAME")]
    pub me: Vec<String>,
    /// Write what could be read even though some files or messages could not.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Language of the preview and of problems (es, en). Default: es.
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

/// The words of the preview, in the language asked for.
struct Words {
    lang: &'static str,
    to_company: &'static str,
    from_company: &'static str,
    files: &'static str,
    facts: &'static str,
    case_file: &'static str,
    duplicate: &'static str,
    already: &'static str,
    repeated: &'static str,
    unreadable: &'static str,
    summary: fn(usize, usize, usize, usize) -> String,
    written: fn(usize, usize) -> String,
    nothing: &'static str,
}

const ES: Words = Words {
    lang: "es",
    to_company: "reclamante → proveedor",
    from_company: "proveedor → reclamante",
    files: "archivo(s)",
    facts: "Datos del caso",
    case_file: "Prueba del caso",
    duplicate: "Se omite",
    already: "ya está en el caso",
    repeated: "repetido en los archivos",
    unreadable: "No se pudo leer",
    summary: |a, f, d, p| {
        format!("{a} intento(s) nuevo(s), {f} archivo(s) de prueba, {d} ya presente(s) u omitido(s), {p} problema(s)")
    },
    written: |a, f| format!("importados: {a} intento(s), {f} archivo(s) de prueba"),
    nothing: "nada que importar: todo está ya en el caso",
};

const EN: Words = Words {
    lang: "en",
    to_company: "claimant → company",
    from_company: "company → claimant",
    files: "file(s)",
    facts: "Case facts",
    case_file: "Case evidence",
    duplicate: "Skipped",
    already: "already in the case",
    repeated: "repeated in the files",
    unreadable: "Could not read",
    summary: |a, f, d, p| {
        format!("{a} new attempt(s), {f} evidence file(s), {d} already there or skipped, {p} problem(s)")
    },
    written: |a, f| format!("imported: {a} attempt(s), {f} evidence file(s)"),
    nothing: "nothing to import: everything is already in the case",
};

fn describe(p: &Preview, w: &Words) -> Vec<String> {
    let files: usize = p.attempts.iter().map(|a| a.files.len()).sum::<usize>() + p.case_files.len();
    let mut out = vec![(w.summary)(
        p.attempts.len(),
        files,
        p.duplicates.len(),
        p.problems.len(),
    )];
    for (i, a) in p.attempts.iter().enumerate() {
        let d = &a.draft;
        let dir = match d.direction {
            expediente_core::Direction::ToCompany => w.to_company,
            expediente_core::Direction::FromCompany => w.from_company,
        };
        let mut l = format!(
            "  {}. {}  {}  {}  {}",
            i + 1,
            d.happened_at.format("%Y-%m-%d %H:%M %:z"),
            d.channel.as_str(),
            dir,
            d.outcome.as_str()
        );
        if !d.agent.is_empty() {
            l.push_str(&format!("  {}", output::clip(&d.agent, 40)));
        }
        if !d.reference.is_empty() {
            l.push_str(&format!("  Ref. {}", d.reference));
        }
        if !a.files.is_empty() {
            l.push_str(&format!("  [{} {}]", a.files.len(), w.files));
        }
        l.push_str(&format!("  ({})", a.grouping));
        out.push(l);
        out.extend(a.notes.iter().map(|n| format!("       ! {n}")));
    }
    for f in &p.case_files {
        out.push(format!("  {}: {} ({})", w.case_file, f.name, f.note));
    }
    if let Some(f) = &p.facts {
        out.push(format!("{} ({}):", w.facts, f.file));
        out.extend(f.changes.iter().map(|c| format!("  {c}")));
    }
    for d in &p.duplicates {
        let why = if d.why == "already_in_case" {
            w.already
        } else {
            w.repeated
        };
        out.push(format!("{}: {} {} ({why})", w.duplicate, d.file, d.item));
    }
    for pr in &p.problems {
        out.push(format!("{}: {}", w.unreadable, pr.render(w.lang)));
    }
    out
}

fn unreadable(p: &Preview, w: &Words) -> CliError {
    let lines: Vec<String> = p.problems.iter().map(|x| x.render(w.lang)).collect();
    let mut e = CliError::invalid(
        "file",
        "unreadable",
        format!(
            "{} ({}); nothing written. --skip-unreadable writes the rest",
            lines[0],
            lines.len()
        ),
    );
    e.errors = lines
        .into_iter()
        .map(|message| FieldError {
            field: "file".into(),
            code: "unreadable".into(),
            message,
        })
        .collect();
    e
}

pub fn run(ctx: &mut Ctx, a: &ImportMessagesArgs) -> CliResult<u8> {
    let case = ctx.case_id(&a.case)?;
    let store = &mut *ctx.store;
    if !a.dry_run {
        store.ensure_writable()?;
    }
    let w = match a.lang {
        Some(Lang::En) => &EN,
        _ => &ES,
    };
    let mut cc = CaseContext::from_store(store, case)?;
    cc.claimant_names
        .extend(a.me.iter().map(|m| m.to_lowercase()));
    let paths: Vec<&Path> = a.files.iter().map(|p| p.as_path()).collect();
    let p = preview_paths(&paths, &cc);
    if a.dry_run {
        if ctx.json {
            output::json(&p)?;
        } else {
            describe(&p, w).iter().for_each(|l| line(l));
        }
        return Ok(if p.problems.is_empty() {
            exit::OK
        } else {
            exit::INVALID
        });
    }
    if !p.problems.is_empty() && !a.skip_unreadable {
        if !ctx.json {
            describe(&p, w).iter().for_each(|l| eprintln!("{l}"));
        }
        return Err(unreadable(&p, w));
    }
    if p.is_empty() {
        if ctx.json {
            output::json(&serde_json::json!({ "preview": p, "attempts": [], "evidence": [] }))?;
        } else {
            line(w.nothing);
        }
        return Ok(exit::OK);
    }
    let shown = describe(&p, w);
    let preview = if ctx.json {
        serde_json::to_value(&p).unwrap_or_default()
    } else {
        serde_json::Value::Null
    };
    let out = commit(store, case, p, a.skip_unreadable)?;
    if ctx.json {
        let attempts: Vec<_> = out.attempts.iter().map(|x| x.meta.id).collect();
        let evidence: Vec<_> = out.evidence.iter().map(|x| x.meta.id).collect();
        output::json(&serde_json::json!({
            "preview": preview,
            "attempts": attempts,
            "evidence": evidence,
            "case_revised": out.case_revised,
            "company_revised": out.company_revised,
        }))?;
    } else {
        shown.iter().for_each(|l| line(l));
        line(&(w.written)(out.attempts.len(), out.evidence.len()));
    }
    Ok(exit::OK)
}
