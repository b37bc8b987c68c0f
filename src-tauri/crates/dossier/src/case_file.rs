//! A case file someone hands over, read back into what an import needs: an archival
//! dossier PDF gives its embedded case export and the evidence originals it carries; any
//! other file is taken as a bare JSON export (no evidence files).

use crate::archive::{attachments, EXPORT_NAME};
use crate::DossierError;

/// The export and the evidence files a case file carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// The case export (JSON bytes, as `expediente_core::exchange::parse` reads them).
    pub export_json: Vec<u8>,
    /// Evidence originals that came with it (empty for a JSON export).
    pub files: Vec<Vec<u8>>,
    /// Whether it came from a dossier PDF.
    pub from_dossier: bool,
}

/// Whether the file at `path` looks like a PDF, from its first KiB: a dossier is read whole
/// with [`read`]; anything else is a JSON export, read as a stream by the import.
pub fn file_is_pdf(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)?
        .take(1024)
        .read_to_end(&mut head)?;
    Ok(is_pdf(&head))
}

/// Whether `bytes` look like a PDF (the header may follow up to 1 KiB of junk).
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Reads a dossier PDF or a JSON export. A PDF without an embedded export (a dossier
/// printed without its data, or any other PDF) is refused with the reason.
pub fn read(bytes: &[u8]) -> Result<CaseFile, DossierError> {
    if !is_pdf(bytes) {
        return Ok(CaseFile {
            export_json: bytes.to_vec(),
            files: Vec::new(),
            from_dossier: false,
        });
    }
    let mut export_json = None;
    let mut files = Vec::new();
    for a in attachments(bytes)? {
        if a.name == EXPORT_NAME && export_json.is_none() {
            export_json = Some(a.bytes);
        } else {
            files.push(a.bytes);
        }
    }
    let export_json = export_json.ok_or_else(|| DossierError::NotADossier {
        why: format!("the PDF carries no case data ({EXPORT_NAME}); only a dossier exported with its data can be imported"),
    })?;
    Ok(CaseFile {
        export_json,
        files,
        from_dossier: true,
    })
}
