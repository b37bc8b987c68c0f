//! Cases and the case list's summaries; archiving a case (a revision with a reason that
//! takes it out of the list, kept in its chain) and bringing it back.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

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

    pub fn create_case(&mut self, mut d: CaseDraft) -> Result<Case> {
        d.archived = None;
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
        mut d: CaseDraft,
    ) -> Result<(Company, Case)> {
        d.archived = None;
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
        mut d: CaseDraft,
        reason: &str,
    ) -> Result<(Company, Case)> {
        // Whether it is archived stays as it was (see `revise_case`).
        d.archived = self.case(id)?.data.archived;
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

    /// A correction of the case's fields. Whether it is archived stays as it was: only
    /// [`Store::archive_case`] and [`Store::unarchive_case`] change that.
    pub fn revise_case(&mut self, id: Id, mut d: CaseDraft, reason: &str) -> Result<Case> {
        d.archived = self.case(id)?.data.archived;
        let mut e = self.case_errors(&d, false)?;
        e.absorb(validate::reason(reason));
        e.into_result()?;
        let (meta, _) = self.revise(RecordKind::Case, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    /// Archives a case: a new revision, same fields, marked archived, with `reason`. The
    /// case leaves [`Store::case_summaries`]; its chain and history keep everything.
    pub fn archive_case(&mut self, id: Id, reason: &str) -> Result<Case> {
        self.set_archived(id, true, reason)
    }

    /// Brings an archived case back into the list (a revision with `reason`).
    pub fn unarchive_case(&mut self, id: Id, reason: &str) -> Result<Case> {
        self.set_archived(id, false, reason)
    }

    fn set_archived(&mut self, id: Id, archived: bool, reason: &str) -> Result<Case> {
        self.ensure_writable()?;
        let mut d = self.case(id)?.data;
        if d.is_archived() == archived {
            let mut e = ValidationErrors::default();
            if archived {
                e.push(
                    "case.archived",
                    "already_archived",
                    "the case is already archived",
                );
            } else {
                e.push("case.archived", "not_archived", "the case is not archived");
            }
            return Err(e.into());
        }
        // The fields are not validated again: an old case is archived as it stands.
        d.archived = archived.then_some(true);
        let (meta, _) = self.revise(RecordKind::Case, id, &d, reason)?;
        Ok(Stored { meta, data: d })
    }

    pub fn case(&self, id: Id) -> Result<Case> {
        self.latest(RecordKind::Case, id)
    }

    pub fn cases(&self) -> Result<Vec<Case>> {
        self.all(RecordKind::Case)
    }

    /// The case list: every case not archived, with its company, claimant and attempt
    /// figures, most recent contact first (cases never contacted by their opening date).
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>> {
        self.case_summaries_in(false)
    }

    /// How many cases are archived.
    pub fn archived_count(&self) -> Result<u32> {
        let n = self
            .cases()?
            .iter()
            .filter(|c| c.data.is_archived())
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// [`Store::case_summaries`] of the archived cases (`true`) or of the others (`false`).
    pub fn case_summaries_in(&self, archived: bool) -> Result<Vec<CaseSummary>> {
        Ok(self.case_summaries_and_others(archived)?.0)
    }

    /// [`Store::case_summaries_in`], and how many cases are on the other side (the
    /// archived ones, for `false`), from one read of the cases.
    pub fn case_summaries_and_others(&self, archived: bool) -> Result<(Vec<CaseSummary>, u32)> {
        let (cases, others): (Vec<Case>, Vec<Case>) = self
            .cases()?
            .into_iter()
            .partition(|c| c.data.is_archived() == archived);
        let others = u32::try_from(others.len()).unwrap_or(u32::MAX);
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
        for case in cases {
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
                first_contact: attempts.first().map(|a| a.data.happened_at),
                last_contact: attempts.last().map(|a| a.data.happened_at),
                overdue_promises: overdue,
                next_due: crate::agency::next_due(d, &attempts, today),
                archived: d.is_archived(),
            });
        }
        // Most urgent first (the nearest due date, overdue ones first), then the rest by
        // their last contact, newest first.
        out.sort_by_key(|s| {
            let due = s.next_due.unwrap_or(NaiveDate::MAX);
            let recent = std::cmp::Reverse(
                s.last_contact
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or_else(|| {
                        s.opened_on
                            .and_hms_opt(0, 0, 0)
                            .unwrap_or_default()
                            .and_utc()
                    }),
            );
            (due, recent)
        });
        Ok((out, others))
    }
}
