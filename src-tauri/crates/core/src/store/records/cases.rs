//! Cases and the case list's summaries.

use std::collections::HashMap;

use chrono::Utc;

use super::attempts::{attempt_of, sort_attempts};
use super::*;
use crate::error::{Error, Result};
use crate::model::*;
use crate::stats::{self, PromiseState};
use crate::store::{case_chain, Store, DIRECTORY_CHAIN};
use crate::validate::{self, ValidationErrors};

impl Store {
    // ---- cases ----

    /// Every wrong field of a case draft at once: its own fields and the claimant and
    /// company it names (the company only when it already exists).
    fn case_errors(&self, d: &CaseDraft, new_company: bool) -> Result<ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.absorb(validate::case(d, local_now().date_naive()));
        match self.claimant(d.claimant_id) {
            Err(Error::NotFound { .. }) => {
                e.push("case.claimant_id", "not_found", "no such claimant")
            }
            Err(other) => return Err(other),
            Ok(_) => {}
        }
        if !new_company {
            match self.company(d.company_id) {
                Err(Error::NotFound { .. }) => {
                    e.push("case.company_id", "not_found", "no such company")
                }
                Err(other) => return Err(other),
                Ok(_) => {}
            }
        }
        Ok(e)
    }

    pub fn create_case(&mut self, d: CaseDraft) -> Result<Case> {
        self.case_errors(&d, false)?.into_result()?;
        let id = new_id();
        let (meta, _) = self.append(
            &case_chain(id),
            NewRecord {
                kind: RecordKind::Case,
                id,
                revision: 1,
                case_id: Some(id),
                reason: "",
                body: body_of(&d)?,
            },
        )?;
        Ok(Stored { meta, data: d })
    }

    /// Creates a new company and a case against it: every wrong field of both drafts is
    /// reported together, and both are written in one transaction or neither is (a failed
    /// case never leaves its company behind). The case draft's `company_id` is replaced
    /// by the new company's id.
    pub fn create_case_with_company(
        &mut self,
        company: CompanyDraft,
        d: CaseDraft,
    ) -> Result<(Company, Case)> {
        let mut e = self.case_errors(&d, true)?;
        e.absorb(validate::company(&company));
        e.into_result()?;
        self.write_with_company(company, d, new_id(), 1, "")
    }

    /// Corrects a case to name a company created with it: like
    /// [`Self::create_case_with_company`], every wrong field (and a missing reason) comes
    /// back together, and the company and the case's revision are written together or not
    /// at all.
    pub fn revise_case_with_company(
        &mut self,
        id: Id,
        company: CompanyDraft,
        d: CaseDraft,
        reason: &str,
    ) -> Result<(Company, Case)> {
        let mut e = self.case_errors(&d, true)?;
        e.absorb(validate::company(&company));
        e.absorb(validate::reason(reason));
        e.into_result()?;
        let revision = self.latest_row(RecordKind::Case, id)?.revision + 1;
        self.write_with_company(company, d, id, revision, reason.trim())
    }

    /// Appends a new company and revision `revision` of case `id` naming it, in one
    /// transaction (validated by the caller).
    fn write_with_company(
        &mut self,
        company: CompanyDraft,
        mut d: CaseDraft,
        id: Id,
        revision: u32,
        reason: &str,
    ) -> Result<(Company, Case)> {
        let company_id = new_id();
        d.company_id = company_id;
        let company_body = body_of(&company)?;
        let case_body = body_of(&d)?;
        let chain = case_chain(id);
        let mut metas = self
            .append_all(vec![
                (
                    DIRECTORY_CHAIN,
                    NewRecord {
                        kind: RecordKind::Company,
                        id: company_id,
                        revision: 1,
                        case_id: None,
                        reason: "",
                        body: company_body,
                    },
                ),
                (
                    chain.as_str(),
                    NewRecord {
                        kind: RecordKind::Case,
                        id,
                        revision,
                        case_id: Some(id),
                        reason,
                        body: case_body,
                    },
                ),
            ])?
            .into_iter();
        let (Some(company_meta), Some(case_meta)) = (metas.next(), metas.next()) else {
            return Err(Error::Integrity(
                "two records written, fewer returned".into(),
            ));
        };
        Ok((
            Stored {
                meta: company_meta,
                data: company,
            },
            Stored {
                meta: case_meta,
                data: d,
            },
        ))
    }

    pub fn revise_case(&mut self, id: Id, d: CaseDraft, reason: &str) -> Result<Case> {
        let mut e = self.case_errors(&d, false)?;
        e.absorb(validate::reason(reason));
        e.into_result()?;
        let (meta, _) = self.revise(RecordKind::Case, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn case(&self, id: Id) -> Result<Case> {
        self.latest(RecordKind::Case, id)
    }

    pub fn cases(&self) -> Result<Vec<Case>> {
        self.all(RecordKind::Case)
    }

    /// The case list: every case with its company, claimant and attempt figures, most
    /// recent contact first (cases never contacted by their opening date).
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>> {
        let companies: HashMap<Id, Company> = self
            .companies()?
            .into_iter()
            .map(|c| (c.meta.id, c))
            .collect();
        let claimants: HashMap<Id, Claimant> = self
            .claimants()?
            .into_iter()
            .map(|c| (c.meta.id, c))
            .collect();
        let mut by_case: HashMap<Id, Vec<Attempt>> = HashMap::new();
        // The list's figures never read an attempt's texts: leave them in the database.
        for row in self.rows_of(ROW_COLUMNS_NO_TEXTS, "kind = 'attempt'", &[])? {
            let list = by_case.entry(row.case_id()?).or_default();
            list.push(attempt_of(&row, list.len() as u32 + 1)?);
        }
        let today = local_now().date_naive();
        let mut out = Vec::new();
        for case in self.cases()? {
            let mut attempts = by_case.remove(&case.meta.id).unwrap_or_default();
            sort_attempts(&mut attempts);
            let overdue = stats::promise_states(&attempts, today)
                .into_iter()
                .filter(|s| *s == Some(PromiseState::Broken))
                .count() as u32;
            let d = &case.data;
            out.push(CaseSummary {
                id: case.meta.id,
                title: d.title.clone(),
                status: d.status,
                company_id: d.company_id,
                company_name: companies
                    .get(&d.company_id)
                    .map(|c| c.data.trade_name.clone())
                    .unwrap_or_default(),
                claimant_id: d.claimant_id,
                claimant_name: claimants
                    .get(&d.claimant_id)
                    .map(|c| c.data.full_name.clone())
                    .unwrap_or_default(),
                agency: d.agency.clone(),
                opened_on: d.opened_on,
                attempts: attempts.len() as u32,
                last_contact: attempts.last().map(|a| a.data.happened_at),
                overdue_promises: overdue,
            });
        }
        out.sort_by_key(|s| {
            std::cmp::Reverse(
                s.last_contact
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|| {
                        s.opened_on
                            .and_hms_opt(0, 0, 0)
                            .unwrap_or_default()
                            .and_utc()
                    }),
            )
        });
        Ok(out)
    }
}
