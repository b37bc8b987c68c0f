//! What an imported case must satisfy, checked one link at a time as the export is read:
//! its chain adds up, each record has the shape of its kind and passes the same validation
//! as one typed in now; then, at the end, the chain's head and the directory entries.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{own_hash_holds, parse_id};
use crate::chain::Link;
use crate::error::{Error, Result};
use crate::integrity::{CaseLinks, IntegrityReport};
use crate::model::*;

/// A record body in the shape of its kind, or why not.
pub(super) fn shape<T: serde::de::DeserializeOwned>(body: Value) -> Result<T> {
    serde_json::from_value(body).map_err(|e| Error::BadImport(format!("malformed: {e}")))
}

fn bad<T>(m: String) -> Result<T> {
    Err(Error::BadImport(m))
}

/// What the checks learnt of a case while reading it.
#[derive(Debug, Clone, Default)]
pub(crate) struct CaseFacts {
    /// The case's latest revision.
    pub case: Option<CaseDraft>,
    /// Contact attempts (distinct records).
    pub attempts: u32,
    /// Evidence records (distinct).
    pub evidence: u32,
    /// The latest revision of each evidence record: its file's SHA-256 and whether it
    /// was withdrawn.
    pub evidence_files: BTreeMap<String, (String, bool)>,
    /// Links read.
    pub links: u32,
}

impl CaseFacts {
    /// The files the case still names (withdrawn evidence needs none).
    pub fn wanted(&self) -> std::collections::BTreeSet<String> {
        self.evidence_files
            .values()
            .filter(|(_, withdrawn)| !withdrawn)
            .map(|(sha, _)| sha.clone())
            .collect()
    }
}

/// The import checks of one case chain, fed link by link.
pub(crate) struct RecordChecks {
    links: Option<CaseLinks>,
    now: chrono::DateTime<chrono::Utc>,
    today: chrono::NaiveDate,
    pub facts: CaseFacts,
}

impl RecordChecks {
    pub fn new(case_id: Id) -> Self {
        RecordChecks {
            links: Some(CaseLinks::new(case_id)),
            now: chrono::Utc::now(),
            today: crate::store::local_now().date_naive(),
            facts: CaseFacts::default(),
        }
    }

    /// The chain's problems as one import error.
    fn chain_error(&mut self, expected: Option<(&str, u32)>) -> Error {
        let n = self.facts.links;
        let problems = self
            .links
            .take()
            .map(|c| c.finish(expected))
            .unwrap_or_default();
        let report = IntegrityReport::new(n, problems);
        Error::BadImport(format!(
            "the case's integrity chain does not verify: {}",
            report.summary()
        ))
    }

    /// Checks the next link of the case chain; the first problem stops the import.
    pub fn push(&mut self, l: &Link) -> Result<()> {
        let Some(links) = self.links.as_mut() else {
            return Err(self.chain_error(None));
        };
        self.facts.links += 1;
        let body = links.push(l);
        if links.has_problems() {
            return Err(self.chain_error(None));
        }
        let Some(body) = body else {
            return Err(self.chain_error(None));
        };
        parse_id(&l.id)?;
        let first = l.revision == 1;
        let valid = match RecordKind::parse(&l.kind) {
            Some(RecordKind::Case) => shape::<CaseDraft>(body).and_then(|c| {
                crate::validate::case(&c, self.today)?;
                self.facts.case = Some(c);
                Ok(())
            }),
            Some(RecordKind::Attempt) => shape::<AttemptDraft>(body).and_then(|a| {
                crate::validate::attempt(&a, self.now)?;
                self.facts.attempts += u32::from(first);
                Ok(())
            }),
            Some(RecordKind::Evidence) => shape::<EvidenceMeta>(body).and_then(|e| {
                crate::validate::evidence(&e)?;
                self.facts.evidence += u32::from(first);
                self.facts
                    .evidence_files
                    .insert(l.id.clone(), (e.sha256.clone(), e.withdrawn));
                Ok(())
            }),
            Some(RecordKind::Import) => shape::<ImportBody>(body).map(drop),
            _ => Err(Error::BadImport(format!("unknown kind {:?}", l.kind))),
        };
        if let Err(e) = valid {
            return bad(format!(
                "record {} ({} {}, revision {}) is not valid: {e}",
                l.index, l.kind, l.id, l.revision
            ));
        }
        if crate::store::parse_instant(&l.recorded_at).is_err() {
            return bad(format!("record {} has a bad time", l.index));
        }
        Ok(())
    }

    /// The chain as a whole (it ends where the export says) and the directory: exactly the
    /// case's claimant and company, each revision's own hash intact and valid.
    pub fn finish(
        mut self,
        version: u32,
        chain_head: &str,
        directory: &[Link],
    ) -> Result<CaseFacts> {
        let n = self.facts.links;
        let problems = self
            .links
            .take()
            .map(|c| c.finish(Some((chain_head, n))))
            .unwrap_or_default();
        if !problems.is_empty() {
            let report = IntegrityReport::new(n, problems);
            return bad(format!(
                "the case's integrity chain does not verify: {}",
                report.summary()
            ));
        }
        let Some(case) = self.facts.case.clone() else {
            return bad("the export holds no case record".into());
        };
        check_directory(version, directory, &case)?;
        Ok(self.facts)
    }
}

/// The directory holds exactly the case's claimant and company, every revision numbered,
/// timed, intact and valid.
fn check_directory(version: u32, directory: &[Link], case: &CaseDraft) -> Result<()> {
    let wanted = [
        (case.claimant_id.to_string(), RecordKind::Claimant),
        (case.company_id.to_string(), RecordKind::Company),
    ];
    for d in directory {
        if !wanted
            .iter()
            .any(|(id, kind)| *id == d.id && kind.as_str() == d.kind)
        {
            return bad(format!(
                "the directory entry {} ({}) is not the case's claimant or company",
                d.id, d.kind
            ));
        }
        if !own_hash_holds(version, d) {
            return bad(format!(
                "{} {} revision {} no longer matches its hash",
                d.kind, d.id, d.revision
            ));
        }
    }
    for (want, kind) in &wanted {
        let revs: Vec<&Link> = directory.iter().filter(|d| d.id == *want).collect();
        if revs.is_empty() {
            return bad(format!(
                "the {} {want} the case refers to is missing",
                kind.as_str()
            ));
        }
        for (i, r) in revs.iter().enumerate() {
            let body: Value = serde_json::from_str(&r.body)?;
            let valid = match kind {
                RecordKind::Claimant => {
                    shape::<ClaimantDraft>(body).and_then(|c| Ok(crate::validate::claimant(&c)?))
                }
                _ => shape::<CompanyDraft>(body).and_then(|c| Ok(crate::validate::company(&c)?)),
            };
            let numbered =
                r.revision == i as u32 + 1 && crate::store::parse_instant(&r.recorded_at).is_ok();
            let valid = valid.and_then(|()| match numbered {
                true => Ok(()),
                false => Err(Error::BadImport(
                    "its revision number or time is wrong".into(),
                )),
            });
            if let Err(e) = valid {
                return bad(format!(
                    "{} {want} revision {} is not valid: {e}",
                    kind.as_str(),
                    r.revision
                ));
            }
        }
    }
    Ok(())
}
