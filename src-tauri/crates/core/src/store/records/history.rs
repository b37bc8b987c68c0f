//! Revisions and corrections, the bundle a dossier is made from, and the case's numbers.

use chrono::{DateTime, FixedOffset};
use serde::de::DeserializeOwned;

use super::attempts::attempt_of;
use super::*;
use crate::error::{Error, Result};
use crate::model::*;
use crate::stats::{self, CaseStats};
use crate::store::{case_chain, Store};

impl Store {
    // ---- history, bundle, stats ----

    /// Revisions matching `sql_where` (over `records r`), each with the time of the one it replaced.
    fn revisions(&self, sql_where: &str, arg: String) -> Result<Vec<Revision>> {
        let sql = format!(
            "SELECT r.id, r.kind, r.revision, r.reason, r.recorded_at, r.body, r.hash, p.recorded_at,
                    r.chain, r.chain_index
             FROM records r
             LEFT JOIN records p ON p.id = r.id AND p.revision = r.revision - 1 AND p.chain = r.chain
             WHERE {sql_where}"
        );
        let imports = self.import_marks()?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([arg], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                (r.get::<_, String>(8)?, r.get::<_, u32>(9)?),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, revision, reason, recorded_at, body, link_hash, previous, (chain, at)) =
                row?;
            let mut meta = meta_of(parse_id(&id)?, revision, reason, &recorded_at)?;
            meta.imported_at = imports
                .iter()
                .find(|(c, i, _)| *c == chain && *i > at)
                .map(|(_, _, t)| crate::store::parse_instant(t))
                .transpose()?;
            out.push(Revision {
                kind: RecordKind::parse(&kind)
                    .ok_or_else(|| Error::Integrity(format!("unknown record kind {kind:?}")))?,
                meta,
                body: serde_json::from_str(&body)?,
                link_hash,
                previous_recorded_at: previous
                    .as_deref()
                    .map(crate::store::parse_instant)
                    .transpose()?,
            });
        }
        Ok(out)
    }

    /// Every revision of one record, oldest first.
    pub fn history(&self, id: Id) -> Result<Vec<Revision>> {
        let out = self.revisions("r.id = ?1 ORDER BY r.revision", id.to_string())?;
        if out.is_empty() {
            return Err(Error::NotFound {
                kind: "record",
                id: id.to_string(),
            });
        }
        Ok(out)
    }

    /// Every correction (revision > 1) of a case's records, oldest first.
    pub fn corrections(&self, case_id: Id) -> Result<Vec<Revision>> {
        self.revisions(
            "r.chain = ?1 AND r.revision > 1 ORDER BY r.chain_index",
            case_chain(case_id),
        )
    }

    /// Everything the dossier needs about one case.
    pub fn bundle(&self, case_id: Id) -> Result<CaseBundle> {
        let case = self.case(case_id)?;
        let (claimant, claimant_link) =
            self.directory_entry(RecordKind::Claimant, case.data.claimant_id)?;
        let (company, company_link) =
            self.directory_entry(RecordKind::Company, case.data.company_id)?;
        self.bundle_with(case, (claimant, claimant_link), (company, company_link))
    }

    /// The dossier fingerprint of a case as it is now: what [`Self::bundle`] would carry,
    /// without reading the case's attempts, evidence and corrections.
    pub fn fingerprint(&self, case_id: Id) -> Result<String> {
        let case = self.case(case_id)?;
        let (_, claimant_link): (Claimant, _) =
            self.directory_entry(RecordKind::Claimant, case.data.claimant_id)?;
        let (_, company_link): (Company, _) =
            self.directory_entry(RecordKind::Company, case.data.company_id)?;
        let (head, _) = self.chain_head(&case_chain(case_id))?;
        Ok(crate::chain::dossier_fingerprint(
            &head,
            &claimant_link,
            &company_link,
        ))
    }

    /// The latest revision of a claimant or company and the hash of the link holding it.
    fn directory_entry<T: DeserializeOwned>(
        &self,
        kind: RecordKind,
        id: Id,
    ) -> Result<(Stored<T>, String)> {
        let record = self.latest(kind, id)?;
        let link: String = self.conn.query_row(
            "SELECT hash FROM records WHERE chain = ?1 AND id = ?2 AND revision = ?3",
            rusqlite::params![super::DIRECTORY_CHAIN, id.to_string(), record.meta.revision],
            |r| r.get(0),
        )?;
        Ok((record, link))
    }

    /// [`Self::bundle`] with the claimant and company (and their link hashes) given: an
    /// export carries its own.
    pub(crate) fn bundle_with(
        &self,
        case: Case,
        claimant: (Claimant, String),
        company: (Company, String),
    ) -> Result<CaseBundle> {
        let case_id = case.meta.id;
        let chain = case_chain(case_id);
        let (chain_head, chain_len) = self.chain_head(&chain)?;
        let imports = self
            .rows("chain = ?1 AND kind = 'import'", &[&chain])?
            .iter()
            .map(|row| -> Result<ImportMark> {
                let body: ImportBody = row.data()?;
                let index: u32 = self.conn.query_row(
                    "SELECT chain_index FROM records WHERE chain = ?1 AND id = ?2",
                    [&chain, &row.id],
                    |r| r.get(0),
                )?;
                Ok(ImportMark {
                    index,
                    imported_at: crate::store::parse_instant(&row.recorded_at)?,
                    file_sha256: body.file_sha256,
                    records: body.records,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CaseBundle {
            attempts: self.attempts(case_id)?,
            // A withdrawn file is out of the dossier: its withdrawal is among the corrections.
            evidence: self
                .evidence(case_id)?
                .into_iter()
                .filter(|e| !e.data.withdrawn)
                .collect(),
            corrections: self.corrections(case_id)?,
            fingerprint: crate::chain::dossier_fingerprint(&chain_head, &claimant.1, &company.1),
            case,
            claimant: claimant.0,
            claimant_link: claimant.1,
            company: company.0,
            company_link: company.1,
            chain_head,
            chain_len,
            imports,
        })
    }

    /// The case's summary in numbers as of `now`.
    pub fn stats(&self, case_id: Id, now: DateTime<FixedOffset>) -> Result<CaseStats> {
        let case = self.case(case_id)?;
        // The numbers never read the texts: leave them in the database.
        let attempts = self
            .rows_of(
                ROW_COLUMNS_NO_TEXTS,
                "chain = ?1 AND kind = 'attempt'",
                &[&case_chain(case_id)],
            )?
            .iter()
            .enumerate()
            .map(|(i, row)| attempt_of(row, i as u32 + 1))
            .collect::<Result<Vec<_>>>()?;
        Ok(stats::for_case(&case.data, &attempts, now))
    }

    /// Loads the realistic Spanish sample case; returns its id.
    pub fn load_demo(&mut self) -> Result<Id> {
        crate::demo::demo_case(self)
    }
}
