//! Cases and the case list's summaries.

use std::collections::HashMap;

use chrono::Utc;

use super::attempts::{attempt_of, sort_attempts};
use super::*;
use crate::error::{Error, Result};
use crate::model::*;
use crate::stats::{self, PromiseState};
use crate::store::{case_chain, Store};
use crate::validate::{self, ValidationErrors};

impl Store {
    // ---- cases ----

    fn check_case_refs(&self, d: &CaseDraft) -> Result<()> {
        let mut e = ValidationErrors::default();
        if let Err(Error::NotFound { .. }) = self.claimant(d.claimant_id) {
            e.push("case.claimant_id", "not_found", "no such claimant");
        }
        if let Err(Error::NotFound { .. }) = self.company(d.company_id) {
            e.push("case.company_id", "not_found", "no such company");
        }
        Ok(e.into_result()?)
    }

    pub fn create_case(&mut self, d: CaseDraft) -> Result<Case> {
        validate::case(&d, local_now().date_naive())?;
        self.check_case_refs(&d)?;
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

    pub fn revise_case(&mut self, id: Id, d: CaseDraft, reason: &str) -> Result<Case> {
        validate::case(&d, local_now().date_naive())?;
        self.check_case_refs(&d)?;
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
