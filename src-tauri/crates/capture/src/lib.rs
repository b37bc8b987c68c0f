//! Capture: the e-mails, WhatsApp chats and CFDI invoices a person already has, read into
//! a *preview* of what an import would add to a case (attempts, evidence files, case facts,
//! what is already there, what could not be read and why), then written in one transaction.
//! No Tauri: the CLI and the app share it.
//!
//! Modules: [`context`] (what the case already knows: addresses, names, imported items),
//! [`email`] (`.eml`, `.mbox`), [`whatsapp`] (`.txt`, `.zip` exports), [`cfdi`] (XML
//! invoices), [`text`] (quotes and signatures cut, folio patterns, outcome hints),
//! [`problem`] (what could not be read, in Spanish and English).

pub mod cfdi;
pub mod context;
pub mod email;
pub mod problem;
pub mod text;
pub mod whatsapp;

use std::collections::HashSet;
use std::path::Path;

use expediente_core::model::{AttemptDraft, CaseDraft, CompanyDraft};
use expediente_core::store::{CaptureWrite, CapturedAttempt, CapturedFile};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use context::CaseContext;
pub use problem::Problem;

/// Largest file read at all (an mbox of years of mail); each message has its own limit.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// A file to be kept as evidence; its bytes are not part of the printed preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewFile {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub note: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

impl PreviewFile {
    pub fn new(name: String, bytes: Vec<u8>, note: String) -> Self {
        PreviewFile {
            sha256: sha256_hex(&bytes),
            size: bytes.len() as u64,
            name,
            note,
            bytes,
        }
    }
}

/// One attempt an import would create.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewAttempt {
    pub draft: AttemptDraft,
    pub files: Vec<PreviewFile>,
    /// How it was put together ("1 message", "exchange: 2 messages from you, 3 replies").
    pub grouping: String,
    /// What was guessed and should be checked ("direction guessed from the recipient").
    pub notes: Vec<String>,
}

/// Something in the files that is already in the case, or twice in the files: skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub file: String,
    /// The Message-ID, chat exchange or file hash that repeats.
    pub item: String,
    /// `already_in_case` or `repeated_in_files`.
    pub why: &'static str,
}

/// What an invoice says about the case and its company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facts {
    pub file: String,
    pub case: CaseDraft,
    /// The company with the invoice's RFC and legal name, when the case's lacked them.
    pub company: Option<CompanyDraft>,
    pub reason: String,
    /// What changes, in words ("product: ...", "amount: 1,299.00 MXN").
    pub changes: Vec<String>,
}

/// Summary of one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    pub name: String,
    pub sha256: String,
    /// `email`, `mbox`, `whatsapp` or `cfdi`.
    pub kind: &'static str,
    /// Messages, chat lines or invoices read from it.
    pub items: u32,
}

/// What an import would do; nothing is written until [`Preview::into_write`] is handed to
/// the store.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Preview {
    pub sources: Vec<SourceFile>,
    pub attempts: Vec<PreviewAttempt>,
    /// Files for the case as a whole (an exported chat, an invoice).
    pub case_files: Vec<PreviewFile>,
    pub facts: Option<Facts>,
    pub duplicates: Vec<Duplicate>,
    pub problems: Vec<Problem>,
}

impl Preview {
    /// The store's write for this preview, its files' bytes moved, not copied (an mbox of
    /// years of mail is held once).
    pub fn into_write(self) -> CaptureWrite {
        let file = |f: PreviewFile| CapturedFile {
            name: f.name,
            bytes: f.bytes,
            note: f.note,
        };
        let (case, company, reason) = match self.facts {
            Some(f) => (Some(f.case), f.company, f.reason),
            None => (None, None, String::new()),
        };
        CaptureWrite {
            attempts: self
                .attempts
                .into_iter()
                .map(|a| CapturedAttempt {
                    draft: a.draft,
                    files: a.files.into_iter().map(file).collect(),
                })
                .collect(),
            case_files: self.case_files.into_iter().map(file).collect(),
            case,
            company,
            reason,
        }
    }

    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.attempts.is_empty() && self.case_files.is_empty() && self.facts.is_none()
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Which reader a file is for, by its name and first bytes.
fn kind_of(name: &str, head: &[u8]) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    Some(match ext {
        "eml" => "email",
        "mbox" | "mbx" => "mbox",
        "xml" => "cfdi",
        "zip" => "whatsapp",
        "txt" => "whatsapp",
        _ if head.starts_with(b"From ") => "mbox",
        _ if head.starts_with(b"<?xml") => "cfdi",
        _ => return None,
    })
}

/// The file's name, as shown and as recorded.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(expediente_core::evidence::file_name_text)
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads every file into one preview: each file's readable content, the rest as problems.
/// Messages already in the case (by Message-ID or chat exchange) or repeated across the
/// files are listed as duplicates, not previewed twice.
pub fn preview_paths(paths: &[&Path], ctx: &CaseContext) -> Preview {
    let mut p = Preview::default();
    let mut seen: HashSet<String> = HashSet::new();
    for path in paths {
        let name = display_name(path);
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                p.problems.push(Problem::io(&name, &e));
                continue;
            }
        };
        if size > MAX_FILE_BYTES {
            p.problems
                .push(Problem::too_large(&name, None, size, MAX_FILE_BYTES));
            continue;
        }
        if name.to_lowercase().ends_with(".eml") && size > email::MAX_MESSAGE_BYTES {
            // Refused before a byte is read.
            p.problems.push(Problem::too_large(
                &name,
                None,
                size,
                email::MAX_MESSAGE_BYTES,
            ));
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => preview_bytes(&mut p, &name, bytes, ctx, &mut seen),
            Err(e) => p.problems.push(Problem::io(&name, &e)),
        }
    }
    p
}

/// Adds what `bytes` (a file named `name`) holds to `p`.
pub fn preview_bytes(
    p: &mut Preview,
    name: &str,
    bytes: Vec<u8>,
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) {
    let sha = sha256_hex(&bytes);
    let Some(kind) = kind_of(name, &bytes[..bytes.len().min(16)]) else {
        p.problems.push(Problem::new(
            name,
            None,
            "is not an e-mail (.eml, .mbox), a WhatsApp export (.txt, .zip) or a CFDI invoice (.xml)",
            "no es un correo (.eml, .mbox), una exportación de WhatsApp (.txt, .zip) ni una factura CFDI (.xml)",
        ));
        return;
    };
    let items = match kind {
        "email" => email::preview_eml(p, name, &sha, &bytes, ctx, seen),
        "mbox" => email::preview_mbox(p, name, &sha, &bytes, ctx, seen),
        "cfdi" => cfdi::preview(p, name, &bytes, ctx, seen),
        _ => whatsapp::preview(p, name, &sha, bytes, ctx, seen),
    };
    p.sources.push(SourceFile {
        name: name.to_string(),
        sha256: sha,
        kind,
        items,
    });
}

/// Writes `p` (moved: its bytes are not copied) into case `case_id` in one transaction. A preview with problems is refused
/// (nothing written) unless `skip_unreadable`: then what could be read is written.
pub fn commit(
    store: &mut expediente_core::Store,
    case_id: expediente_core::model::Id,
    p: Preview,
    skip_unreadable: bool,
) -> expediente_core::Result<expediente_core::store::CaptureWritten> {
    if !p.problems.is_empty() && !skip_unreadable {
        let first = p.problems[0].render("en");
        return Err(expediente_core::Error::BadImport(format!(
            "{} problem(s) in the files, nothing written; the first: {first}",
            p.problems.len()
        )));
    }
    store.write_capture(case_id, p.into_write())
}
