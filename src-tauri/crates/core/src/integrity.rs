//! Integrity checks that name what is wrong: a case chain (every link, and what the chain
//! as a whole must hold), the raw columns beside it, the directory revisions a dossier
//! prints, and the evidence files on disk. Used on a store ([`Store::check_case`],
//! [`Store::check_store`]) and on an export alone (`exchange::check_export`).

use std::collections::HashMap;
use std::io::Read;

use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::chain::{self, Link};
use crate::error::Result;
use crate::model::{EvidenceMeta, Id};
use crate::store::{case_chain, Store, DIRECTORY_CHAIN};

/// The outcome of an integrity check, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntegrityReport {
    pub ok: bool,
    /// Links checked (case chains and the directory).
    pub links: u32,
    /// Evidence files the checked records name.
    pub evidence_files: u32,
    /// Whether the evidence files were re-hashed from disk (not in a quick check).
    pub evidence_checked: bool,
    /// The dossier fingerprint of the case as it is (empty for a whole-store check).
    pub fingerprint: String,
    pub problems: Vec<IntegrityProblem>,
}

/// One thing that does not hold, with what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IntegrityProblem {
    /// `link_changed`, `link_out_of_order`, `links_removed`, `wrong_case`,
    /// `foreign_revision`, `revision_gap`, `bad_record`, `evidence_missing`,
    /// `evidence_changed`, `directory_changed`.
    pub code: String,
    pub chain: String,
    /// Position of the link concerned in its chain.
    pub index: Option<u32>,
    /// `case`, `attempt`, `evidence`, `claimant`, `company`, `import`.
    pub kind: Option<String>,
    pub record_id: Option<String>,
    pub revision: Option<u32>,
    /// The attempt's citation number, when the record is an attempt.
    pub attempt_number: Option<u32>,
    /// The evidence file's name, for evidence problems.
    pub file_name: Option<String>,
    pub sha256: Option<String>,
    /// What is wrong, in English (front ends translate by `code`).
    pub detail: String,
}

impl IntegrityProblem {
    fn new(code: &str, chain: &str, detail: String) -> Self {
        IntegrityProblem {
            code: code.to_string(),
            chain: chain.to_string(),
            index: None,
            kind: None,
            record_id: None,
            revision: None,
            attempt_number: None,
            file_name: None,
            sha256: None,
            detail,
        }
    }

    fn at(mut self, index: Option<u32>, kind: &str, id: &str, revision: u32) -> Self {
        self.index = index;
        self.kind = Some(kind.to_string()).filter(|k| !k.is_empty());
        self.record_id = Some(id.to_string()).filter(|k| !k.is_empty());
        self.revision = Some(revision).filter(|r| *r > 0);
        self
    }
}

impl IntegrityReport {
    pub(crate) fn new(links: u32, problems: Vec<IntegrityProblem>) -> Self {
        IntegrityReport {
            ok: problems.is_empty(),
            links,
            evidence_files: 0,
            evidence_checked: false,
            fingerprint: String::new(),
            problems,
        }
    }

    /// The first problem as one English sentence, for errors and logs.
    pub fn summary(&self) -> String {
        match self.problems.first() {
            None => "all records and files verify".to_string(),
            Some(p) => {
                let mut what = String::new();
                if let Some(n) = p.attempt_number {
                    what = format!("attempt #{n}: ");
                } else if let Some(f) = &p.file_name {
                    what = format!("evidence file {f:?}: ");
                } else if let (Some(k), Some(id)) = (&p.kind, &p.record_id) {
                    what = format!("{k} {id}: ");
                }
                let more = match self.problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more problems)", n - 1),
                };
                format!("{what}{}{more}", p.detail)
            }
        }
    }
}

/// Checks a case chain's links one by one and as a whole: it starts with its case, holds
/// no other case, every record's revisions are numbered 1, 2, 3... in chain order.
pub(crate) fn check_case_links(
    case_id: Id,
    links: &[Link],
    expected: Option<(&str, u32)>,
    out: &mut Vec<IntegrityProblem>,
) {
    let mut c = CaseLinks::new(case_id);
    for l in links {
        c.push(l);
    }
    out.extend(c.finish(expected));
}

/// [`check_case_links`] one link at a time, for a case chain read as a stream.
pub(crate) struct CaseLinks {
    chain: String,
    case: String,
    verifier: chain::LinkVerifier,
    /// Per record id: its last revision so far and, for attempts, the attempt's number.
    records: HashMap<String, (u32, Option<u32>)>,
    attempts: u32,
    first: bool,
    problems: Vec<IntegrityProblem>,
}

impl CaseLinks {
    pub(crate) fn new(case_id: Id) -> Self {
        let chain = case_chain(case_id);
        CaseLinks {
            verifier: chain::LinkVerifier::new(&chain),
            chain,
            case: case_id.to_string(),
            records: HashMap::new(),
            attempts: 0,
            first: true,
            problems: Vec::new(),
        }
    }

    /// Checks the next link; returns its parsed body while the chain still adds up.
    pub(crate) fn push(&mut self, l: &Link) -> Option<serde_json::Value> {
        let chain = self.chain.as_str();
        let (last, number) = match self.records.get_mut(l.id.as_str()) {
            Some(entry) => entry,
            None => {
                let number = (l.kind == "attempt").then(|| {
                    self.attempts += 1;
                    self.attempts
                });
                self.records.entry(l.id.clone()).or_insert((0, number))
            }
        };
        let number = *number;
        let body = self.verifier.push(l);
        if self.first {
            self.first = false;
            if !(l.kind == "case" && l.id == self.case && l.revision == 1) {
                self.problems.push(
                    IntegrityProblem::new(
                        "wrong_case",
                        chain,
                        "the chain does not start with its case".into(),
                    )
                    .at(Some(l.index), &l.kind, &l.id, l.revision),
                );
            }
        }
        if !matches!(l.kind.as_str(), "case" | "attempt" | "evidence" | "import")
            || (l.kind == "case" && l.id != self.case)
        {
            self.problems.push(
                IntegrityProblem::new(
                    "wrong_case",
                    chain,
                    format!("a {} record does not belong in this case", l.kind),
                )
                .at(Some(l.index), &l.kind, &l.id, l.revision),
            );
        }
        if l.revision != *last + 1 {
            let mut p = IntegrityProblem::new(
                "revision_gap",
                chain,
                format!(
                    "revision {} follows revision {} of the same record",
                    l.revision, last
                ),
            )
            .at(Some(l.index), &l.kind, &l.id, l.revision);
            p.attempt_number = number;
            self.problems.push(p);
        }
        *last = l.revision;
        body
    }

    /// Whether any problem was found so far.
    pub(crate) fn has_problems(&self) -> bool {
        self.verifier.is_broken() || !self.problems.is_empty()
    }

    /// Every problem found, the chain's own first (as [`check_case_links`] lists them).
    pub(crate) fn finish(self, expected: Option<(&str, u32)>) -> Vec<IntegrityProblem> {
        let mut out = Vec::new();
        let report = self.verifier.finish(expected);
        if let Some(b) = &report.first_broken {
            let code = match b.problem_code.as_str() {
                "hash_mismatch" => "link_changed",
                "head_mismatch" => "links_removed",
                "bad_body" => "bad_record",
                "wrong_case" => "wrong_case",
                _ => "link_out_of_order",
            };
            let mut p = IntegrityProblem::new(code, &self.chain, b.problem.clone()).at(
                Some(b.index),
                &b.kind,
                &b.id,
                b.revision,
            );
            if b.kind == "attempt" {
                p.attempt_number = self.records.get(b.id.as_str()).and_then(|r| r.1);
            }
            out.push(p);
        }
        if self.first {
            out.push(IntegrityProblem::new(
                "links_removed",
                &self.chain,
                "the case has no records".into(),
            ));
        }
        out.extend(self.problems);
        out
    }
}

/// The evidence records of a case chain (latest revision of each), with their files; a
/// withdrawn one is left out (its links still verify with the chain, its file is not needed).
pub(crate) fn evidence_of(links: &[Link]) -> Vec<EvidenceMeta> {
    let mut latest: Vec<(&str, &Link)> = Vec::new();
    for l in links.iter().filter(|l| l.kind == "evidence") {
        match latest.iter_mut().find(|(id, _)| *id == l.id) {
            Some(slot) => slot.1 = l,
            None => latest.push((l.id.as_str(), l)),
        }
    }
    latest
        .into_iter()
        .filter_map(|(_, l)| serde_json::from_str::<EvidenceMeta>(&l.body).ok())
        .filter(|e| !e.withdrawn)
        .collect()
}

/// Whether `s` is a SHA-256 as evidence files are named: exactly 64 lower-case hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Store {
    /// Checks one case: its chain, the raw columns beside it, the directory revisions its
    /// dossier prints and (unless `quick`) every evidence file re-hashed from disk.
    /// A case whose own record no longer reads still gets a report (naming that record).
    pub fn check_case(&self, case_id: Id, quick: bool) -> Result<IntegrityReport> {
        let chain = case_chain(case_id);
        let links = self.links(&chain)?;
        let (head, len) = self.chain_head(&chain)?;
        if links.is_empty() && len == 0 {
            return Err(crate::Error::NotFound {
                kind: "case",
                id: case_id.to_string(),
            });
        }
        let mut problems = Vec::new();
        check_case_links(case_id, &links, Some((&head, len)), &mut problems);
        self.check_columns(Some(case_id), &mut problems)?;
        let directory = self.links(DIRECTORY_CHAIN)?;
        check_directory(&directory, self.chain_head(DIRECTORY_CHAIN)?, &mut problems);
        let evidence = evidence_of(&links);
        self.check_files(&chain, &evidence, quick, &mut problems)?;
        let mut report = IntegrityReport::new((links.len() + directory.len()) as u32, problems);
        report.evidence_files = evidence.len() as u32;
        report.evidence_checked = !quick;
        if report.ok {
            report.fingerprint = self.fingerprint(case_id)?;
        }
        Ok(report)
    }

    /// The case's bundle, only if the case verifies in full (evidence files re-hashed): a
    /// dossier is never made of data that does not verify.
    pub fn bundle_for_dossier(&self, case_id: Id) -> Result<crate::CaseBundle> {
        let report = self.check_case(case_id, false)?;
        if !report.ok {
            return Err(crate::Error::Integrity(format!(
                "the case does not verify, so no dossier was made: {}",
                report.summary()
            )));
        }
        self.bundle(case_id)
    }

    /// Checks every chain, every raw column and (unless `quick`) every evidence file.
    pub fn check_store(&self, quick: bool) -> Result<IntegrityReport> {
        let mut problems = Vec::new();
        let mut count = 0u32;
        let mut files = 0u32;
        let directory = self.links(DIRECTORY_CHAIN)?;
        count += directory.len() as u32;
        check_directory(&directory, self.chain_head(DIRECTORY_CHAIN)?, &mut problems);
        let names: Vec<String> = self
            .connection()
            .prepare("SELECT DISTINCT chain FROM records UNION SELECT chain FROM chains")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for name in names.iter().filter(|n| *n != DIRECTORY_CHAIN) {
            let links = self.links(name)?;
            count += links.len() as u32;
            let case = name
                .strip_prefix("case:")
                .and_then(|c| Id::parse_str(c).ok());
            let Some(case_id) = case else {
                problems.push(IntegrityProblem::new(
                    "wrong_case",
                    name,
                    format!("{name:?} is not the chain of a case"),
                ));
                continue;
            };
            let (head, len) = self.chain_head(name)?;
            check_case_links(case_id, &links, Some((&head, len)), &mut problems);
            let evidence = evidence_of(&links);
            files += evidence.len() as u32;
            self.check_files(name, &evidence, quick, &mut problems)?;
        }
        self.check_columns(None, &mut problems)?;
        let mut report = IntegrityReport::new(count, problems);
        report.evidence_files = files;
        report.evidence_checked = !quick;
        Ok(report)
    }

    /// What the hashes cannot see: the `case_id` column (v1 links did not hash it), and
    /// revisions of one record written into a chain other than its own.
    fn check_columns(&self, case: Option<Id>, out: &mut Vec<IntegrityProblem>) -> Result<()> {
        let scope = match case {
            Some(_) => "AND (r.chain = ?1 OR r.case_id = ?2)",
            None => "AND ?1 IS NOT NULL AND ?2 IS NOT NULL",
        };
        let chain = case.map(case_chain).unwrap_or_default();
        let case_text = case.map(|c| c.to_string()).unwrap_or_default();
        let sql = format!(
            "SELECT r.chain, r.chain_index, r.kind, r.id, r.revision,
                    EXISTS (SELECT 1 FROM records o WHERE o.id = r.id AND o.chain != r.chain),
                    r.case_id IS NOT (CASE WHEN r.chain LIKE 'case:%' THEN substr(r.chain, 6) END)
             FROM records r
             WHERE (r.case_id IS NOT (CASE WHEN r.chain LIKE 'case:%' THEN substr(r.chain, 6) END)
                    OR EXISTS (SELECT 1 FROM records o WHERE o.id = r.id AND o.chain != r.chain))
               {scope}
             ORDER BY r.seq"
        );
        let conn = self.connection();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![chain, case_text], |r| {
            Ok((
                r.get::<_, String>(0)?,
                u32::try_from(r.get::<_, i64>(1)?).unwrap_or(u32::MAX),
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                u32::try_from(r.get::<_, i64>(4)?).unwrap_or(u32::MAX),
                r.get::<_, bool>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
        for row in rows {
            let (chain, index, kind, id, revision, foreign, column) = row?;
            let number = match (chain.strip_prefix("case:"), kind.as_str()) {
                (Some(case), "attempt") => match (Id::parse_str(case), Id::parse_str(&id)) {
                    (Ok(c), Ok(a)) => self.attempt_number(c, a).ok().filter(|n| *n > 0),
                    _ => None,
                },
                _ => None,
            };
            let mut found = |code: &str, detail: &str| {
                let mut p = IntegrityProblem::new(code, &chain, detail.into()).at(
                    Some(index),
                    &kind,
                    &id,
                    revision,
                );
                p.attempt_number = number;
                out.push(p);
            };
            if column {
                found(
                    "wrong_case",
                    "the record's case column names another case than its chain",
                );
            }
            if foreign {
                found(
                    "foreign_revision",
                    "revisions of this record were written in more than one chain",
                );
            }
        }
        Ok(())
    }

    /// Re-hashes each evidence file (only checks it exists when `quick`).
    fn check_files(
        &self,
        chain: &str,
        evidence: &[EvidenceMeta],
        quick: bool,
        out: &mut Vec<IntegrityProblem>,
    ) -> Result<()> {
        for e in evidence {
            let mut problem = |code: &str, detail: String| {
                let mut p = IntegrityProblem::new(code, chain, detail);
                p.kind = Some("evidence".into());
                p.file_name = Some(e.original_name.clone());
                p.sha256 = Some(e.sha256.clone());
                out.push(p);
            };
            if !is_sha256(&e.sha256) {
                problem(
                    "bad_record",
                    "the file's recorded hash is not a SHA-256".into(),
                );
                continue;
            }
            let file = match self
                .evidence_path(&e.sha256)
                .and_then(|p| Ok(std::fs::File::open(p)?))
            {
                Ok(f) => f,
                Err(_) => {
                    problem(
                        "evidence_missing",
                        "the file is not in the store's evidence folder".into(),
                    );
                    continue;
                }
            };
            if quick {
                continue;
            }
            match hash_reader(file) {
                Ok(h) if h == e.sha256 => {}
                Ok(h) => problem(
                    "evidence_changed",
                    format!("the file's bytes now hash to {h}, not to the hash recorded"),
                ),
                Err(err) => problem(
                    "evidence_missing",
                    format!("the file cannot be read: {err}"),
                ),
            }
        }
        Ok(())
    }
}

/// The directory chain (claimants and companies) verifies as a whole: every dossier's
/// fingerprint commits to links in it.
fn check_directory(links: &[Link], recorded: (String, u32), out: &mut Vec<IntegrityProblem>) {
    let report = chain::verify_links(DIRECTORY_CHAIN, links, Some((&recorded.0, recorded.1)));
    if let Some(b) = report.first_broken {
        out.push(
            IntegrityProblem::new("directory_changed", DIRECTORY_CHAIN, b.problem).at(
                Some(b.index),
                &b.kind,
                &b.id,
                b.revision,
            ),
        );
    }
    for l in links {
        if !matches!(l.kind.as_str(), "claimant" | "company") {
            out.push(
                IntegrityProblem::new(
                    "directory_changed",
                    DIRECTORY_CHAIN,
                    format!("a {} record does not belong in the directory", l.kind),
                )
                .at(Some(l.index), &l.kind, &l.id, l.revision),
            );
        }
    }
}

/// SHA-256 of everything `r` yields, read in 64 KiB pieces.
pub(crate) fn hash_reader(mut r: impl Read) -> std::io::Result<String> {
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(hex::encode(h.finalize()))
}
