//! Claimants and companies: the directory chain's records.

use rusqlite::OptionalExtension;

use super::*;
use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use crate::validate;

impl Store {
    // ---- claimants ----

    pub fn create_claimant(&mut self, d: ClaimantDraft) -> Result<Claimant> {
        validate::claimant(&d)?;
        let meta = self.create_in_directory(RecordKind::Claimant, &d)?;
        if self.default_claimant()?.is_none() {
            self.set_default_claimant(meta.id)?;
        }
        Ok(Stored { meta, data: d })
    }

    pub fn revise_claimant(&mut self, id: Id, d: ClaimantDraft, reason: &str) -> Result<Claimant> {
        validate::all([validate::claimant(&d), validate::reason(reason)])?;
        let (meta, _) = self.revise(RecordKind::Claimant, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn claimants(&self) -> Result<Vec<Claimant>> {
        self.all(RecordKind::Claimant)
    }

    pub fn claimant(&self, id: Id) -> Result<Claimant> {
        self.latest(RecordKind::Claimant, id)
    }

    /// The profile new cases use unless told otherwise.
    pub fn default_claimant(&self) -> Result<Option<Id>> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'default_claimant'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        v.as_deref().map(parse_id).transpose()
    }

    pub fn set_default_claimant(&mut self, id: Id) -> Result<()> {
        self.ensure_writable()?;
        self.claimant(id)?;
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('default_claimant', ?1)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [id.to_string()],
        )?;
        Ok(())
    }

    // ---- companies ----

    pub fn create_company(&mut self, d: CompanyDraft) -> Result<Company> {
        validate::company(&d)?;
        let meta = self.create_in_directory(RecordKind::Company, &d)?;
        Ok(Stored { meta, data: d })
    }

    pub fn revise_company(&mut self, id: Id, d: CompanyDraft, reason: &str) -> Result<Company> {
        validate::all([validate::company(&d), validate::reason(reason)])?;
        let (meta, _) = self.revise(RecordKind::Company, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn companies(&self) -> Result<Vec<Company>> {
        self.all(RecordKind::Company)
    }

    pub fn company(&self, id: Id) -> Result<Company> {
        self.latest(RecordKind::Company, id)
    }
}
