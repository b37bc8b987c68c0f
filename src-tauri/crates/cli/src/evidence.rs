//! The evidence commands: `attach` (refusing, unless `--allow-duplicate`, bytes the case
//! already has) and `withdraw` (a revision with a reason; the file leaves the dossier).

use expediente_core::store::Added;
use expediente_core::{Evidence, Id};

use crate::args::{AttachArgs, WithdrawArgs};
use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};
use crate::run::{print_id, Ctx};

impl Ctx<'_> {
    pub(crate) fn attach(&mut self, a: AttachArgs) -> CliResult<u8> {
        let case_id = self.case_id(&a.case)?;
        let attempt = a
            .attempt
            .as_deref()
            .map(|s| self.attempt_id(s))
            .transpose()?;
        if !a.file.is_file() {
            return Err(CliError::invalid(
                "evidence.file",
                "not_found",
                format!("{} is not a readable file", a.file.display()),
            ));
        }
        let e = if a.allow_duplicate {
            self.store
                .add_evidence(case_id, &a.file, attempt, &a.note)?
        } else {
            match self
                .store
                .add_evidence_file_once(case_id, &a.file, attempt, &a.note)?
            {
                Added::New(e) => e,
                Added::AlreadyAttached { existing, .. } => {
                    return Err(CliError::invalid(
                        "evidence.file",
                        "duplicate",
                        format!(
                            "{} is already attached to this case as {:?} (recorded {}, evidence {}); nothing was written. Use --allow-duplicate to attach it again",
                            a.file.display(),
                            existing.data.original_name,
                            existing.meta.recorded_at.format("%Y-%m-%d %H:%M UTC"),
                            existing.meta.id
                        ),
                    ))
                }
            }
        };
        if self.json {
            output::json(&e)?;
        } else {
            line(&format!("{}  {}", e.data.sha256, e.data.original_name));
        }
        Ok(exit::OK)
    }

    pub(crate) fn withdraw(&mut self, a: WithdrawArgs) -> CliResult<u8> {
        let case_id = self.case_id(&a.case)?;
        let list = self.store.evidence(case_id)?;
        let id = evidence_id(&list, &a.evidence)?;
        let e = self.store.withdraw_evidence(id, &a.reason)?;
        if self.json {
            output::json(&e)?;
            Ok(exit::OK)
        } else {
            print_id(false, e.meta.id)
        }
    }
}

/// The evidence of `list` that `s` names: its id or its file's SHA-256, whole or by a
/// unique prefix of at least 4 characters. Withdrawn files still count, so withdrawing
/// one twice says so rather than "not found".
fn evidence_id(list: &[Evidence], s: &str) -> CliResult<Id> {
    let needle = s.trim().to_ascii_lowercase();
    if needle.len() < 4 {
        return Err(CliError::not_found("evidence", s));
    }
    let mut found: Vec<Id> = list
        .iter()
        .filter(|e| {
            e.meta.id.to_string().starts_with(&needle) || e.data.sha256.starts_with(&needle)
        })
        .map(|e| e.meta.id)
        .collect();
    found.dedup();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(CliError::not_found("evidence", s)),
        many => Err(CliError::invalid(
            "evidence",
            "ambiguous",
            format!(
                "{s} matches {} evidence records of this case (the same file attached twice?); give the evidence id",
                many.len()
            ),
        )),
    }
}

/// Under `case show`: the withdrawn files, each with the reason it was withdrawn.
pub(crate) fn print_withdrawn(list: &[Evidence]) {
    let withdrawn: Vec<&Evidence> = list.iter().filter(|e| e.data.withdrawn).collect();
    if withdrawn.is_empty() {
        return;
    }
    line("");
    line(&format!("withdrawn evidence ({}):", withdrawn.len()));
    for e in withdrawn {
        line(&format!(
            "  {}  {}  withdrawn {}: {}",
            e.data.sha256,
            e.data.original_name,
            e.meta.recorded_at.format("%Y-%m-%d %H:%M UTC"),
            e.meta.reason
        ));
    }
}
