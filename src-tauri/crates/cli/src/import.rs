//! `import FILE`: a case from its dossier PDF (export and evidence originals inside) or a
//! JSON export. `--dry-run` prints what it holds and what this store already has, and
//! writes nothing; a file over the import limit is refused before it is read.

use std::path::Path;

use expediente_core::case_file::{check_import, check_import_file, ImportPreview, ImportSource};
use expediente_core::exchange::MAX_IMPORT_BYTES;
use expediente_core::Store;
use expediente_dossier::case_file;

use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};

/// A case file opened for import: a dossier PDF read whole (its export and evidence taken
/// out), or a JSON export left on disk to be read as a stream.
enum Opened {
    Dossier(case_file::CaseFile),
    Export,
}

/// Opens a case file, refusing one over the import limit before reading it.
fn open(file: &Path) -> CliResult<Opened> {
    let size = std::fs::metadata(file)
        .map_err(|e| CliError::file(file, e))?
        .len();
    if size > MAX_IMPORT_BYTES as u64 {
        return Err(CliError::invalid(
            "file",
            "too_large",
            format!(
                "{} is {} MiB, over the import limit of {} MiB",
                file.display(),
                size >> 20,
                MAX_IMPORT_BYTES >> 20
            ),
        ));
    }
    if !case_file::file_is_pdf(file).map_err(|e| CliError::file(file, e))? {
        return Ok(Opened::Export);
    }
    let bytes = std::fs::read(file).map_err(|e| CliError::file(file, e))?;
    case_file::read(&bytes)
        .map(Opened::Dossier)
        .map_err(|e| CliError::invalid("file", "not_a_case_file", e.to_string()))
}

fn describe(p: &ImportPreview) -> Vec<String> {
    let mut out = vec![
        format!("case {}: {} ({})", p.case_id, p.title, p.company),
        format!(
            "{} attempts, {} evidence files: {} in the file, {} already here, {} missing",
            p.attempts, p.evidence, p.files_included, p.files_already_here, p.files_missing
        ),
        format!("exported at {}", p.exported_at),
    ];
    if p.case_already_here {
        out.push("this case is already in this store: importing it would be refused".into());
    }
    out
}

pub fn run(store: &mut Store, file: &Path, dry_run: bool, json: bool) -> CliResult<u8> {
    if !dry_run {
        store.ensure_writable()?;
    }
    let opened = open(file)?;
    if dry_run {
        let checked = match opened {
            Opened::Dossier(f) => check_import(&f.export_json, f.files)?,
            Opened::Export => check_import_file(file, Vec::new())?,
        };
        let preview = store.preview_import(&checked);
        if json {
            output::json(&preview)?;
        } else {
            describe(&preview).iter().for_each(|l| line(l));
        }
        return Ok(if preview.case_already_here {
            exit::INVALID
        } else {
            exit::OK
        });
    }
    // Checked and written in one reading of the file.
    let outcome = match opened {
        Opened::Dossier(f) => store.import_source(ImportSource::Bytes(f.export_json), f.files)?,
        Opened::Export => {
            store.import_source(ImportSource::File(file.to_path_buf()), Vec::new())?
        }
    };
    if json {
        output::json(&outcome)?;
    } else {
        line(&outcome.case_id.to_string());
        if outcome.files_missing > 0 {
            eprintln!(
                "note: {} evidence file(s) were not in {} and are listed without their file",
                outcome.files_missing,
                file.display()
            );
        }
    }
    Ok(exit::OK)
}
