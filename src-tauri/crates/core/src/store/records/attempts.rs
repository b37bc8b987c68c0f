//! Contact attempts: logging, correcting, reading them whole, by page or as keys.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, Utc};

use super::*;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{case_chain, Store};
use crate::validate;

impl Store {
    // ---- attempts ----

    pub fn log_attempt(&mut self, case_id: Id, d: AttemptDraft) -> Result<Attempt> {
        validate::attempt(&d, Utc::now())?;
        self.case(case_id)?;
        let id = new_id();
        let (meta, _) = self.append(
            &case_chain(case_id),
            NewRecord {
                kind: RecordKind::Attempt,
                id,
                revision: 1,
                case_id: Some(case_id),
                reason: "",
                body: body_of(&d)?,
            },
        )?;
        let number = self.attempt_number(case_id, id)?;
        Ok(Attempt {
            case_id,
            number,
            meta,
            data: d,
        })
    }

    /// The citation number of an attempt: how many attempts were first recorded in its
    /// case's chain up to and including it.
    pub(crate) fn attempt_number(&self, case_id: Id, id: Id) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM records a
             WHERE a.chain = ?1 AND a.kind = 'attempt' AND a.revision = 1
               AND a.chain_index <= (SELECT MIN(chain_index) FROM records
                                     WHERE chain = ?1 AND id = ?2)",
            rusqlite::params![case_chain(case_id), id.to_string()],
            |r| r.get(0),
        )?)
    }

    pub fn revise_attempt(
        &mut self,
        attempt_id: Id,
        d: AttemptDraft,
        reason: &str,
    ) -> Result<Attempt> {
        validate::all([validate::attempt(&d, Utc::now()), validate::reason(reason)])?;
        let (meta, case_id) = self.revise(RecordKind::Attempt, attempt_id, &d, reason)?;
        let case_id = case_id.ok_or_else(|| Error::Integrity("attempt without a case".into()))?;
        Ok(Attempt {
            case_id,
            number: self.attempt_number(case_id, attempt_id)?,
            meta,
            data: d,
        })
    }

    pub fn attempt(&self, id: Id) -> Result<Attempt> {
        let row = self.latest_row(RecordKind::Attempt, id)?;
        attempt_of(&row, self.attempt_number(row.case_id()?, id)?)
    }

    /// The latest revision of every attempt of a case, oldest `happened_at` first.
    pub fn attempts(&self, case_id: Id) -> Result<Vec<Attempt>> {
        self.case(case_id)?;
        let mut out = self
            .rows("chain = ?1 AND kind = 'attempt'", &[&case_chain(case_id)])?
            .iter()
            .enumerate()
            .map(|(i, row)| attempt_of(row, i as u32 + 1))
            .collect::<Result<Vec<_>>>()?;
        sort_attempts(&mut out);
        Ok(out)
    }

    /// When each attempt of a case happened (its latest revision), read from the stored
    /// bodies without parsing whole attempts: cheap even for 10,000 of them.
    pub fn attempt_times(&self, case_id: Id) -> Result<HashMap<Id, DateTime<FixedOffset>>> {
        self.case(case_id)?;
        Ok(self
            .attempt_keys("chain = ?1", &[&case_chain(case_id)])?
            .into_iter()
            .map(|k| (k.id, k.happened_at))
            .collect())
    }

    /// Id, case, time and channel of the latest revision of every attempt matching
    /// `sql_where`: [`Self::rows_of`] with the body cut down by SQLite to those two fields.
    fn attempt_keys(
        &self,
        sql_where: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<AttemptKey>> {
        #[derive(serde::Deserialize)]
        struct Fields {
            happened_at: DateTime<FixedOffset>,
            channel: Channel,
        }
        self.rows_of(
            ATTEMPT_KEY_COLUMNS,
            &format!("kind = 'attempt' AND {sql_where}"),
            args,
        )?
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let f: Fields = row.data()?;
            Ok(AttemptKey {
                id: parse_id(&row.id)?,
                case_id: row.case_id()?,
                happened_at: f.happened_at,
                channel: f.channel,
                number: i as u32 + 1,
            })
        })
        .collect()
    }

    /// `limit` attempts of a case from position `offset`, newest first or oldest first,
    /// with the case's total: the window's timeline reads a big case page by page. Only
    /// the page's attempts are read whole.
    pub fn attempt_page(
        &self,
        case_id: Id,
        newest_first: bool,
        offset: u32,
        limit: u32,
    ) -> Result<AttemptPage> {
        self.case(case_id)?;
        let mut keys = self.attempt_keys("chain = ?1", &[&case_chain(case_id)])?;
        keys.sort_by_key(AttemptKey::order);
        if newest_first {
            keys.reverse();
        }
        let total = keys.len() as u32;
        let start = (offset as usize).min(keys.len());
        let end = start.saturating_add(limit as usize).min(keys.len());
        let wanted: Vec<String> = keys[start..end].iter().map(|k| k.id.to_string()).collect();
        let numbers: HashMap<String, u32> = keys[start..end]
            .iter()
            .map(|k| (k.id.to_string(), k.number))
            .collect();
        let chain = case_chain(case_id);
        let mut attempts = Vec::with_capacity(wanted.len());
        // SQLite allows 32,766 parameters; pages are far smaller, but read in chunks anyway.
        for chunk in wanted.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(", ");
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&chain];
            args.extend(chunk.iter().map(|s| s as &dyn rusqlite::ToSql));
            let sql = format!("chain = ?1 AND kind = 'attempt' AND id IN ({marks})");
            for row in self.rows(&sql, &args)? {
                let number = numbers.get(&row.id).copied().unwrap_or(0);
                attempts.push(attempt_of(&row, number)?);
            }
        }
        sort_attempts(&mut attempts);
        if newest_first {
            attempts.reverse();
        }
        Ok(AttemptPage {
            total,
            offset: start as u32,
            attempts,
        })
    }

    /// The channel of the most recent attempt with `company_id` in any case: the attempt
    /// form's default ("the last channel used with this company").
    pub fn last_channel_with_company(&self, company_id: Id) -> Result<Option<Channel>> {
        let cases: HashSet<Id> = self
            .cases()?
            .into_iter()
            .filter(|c| c.data.company_id == company_id)
            .map(|c| c.meta.id)
            .collect();
        if cases.is_empty() {
            return Ok(None);
        }
        // SQL narrows to cases that ever named the company; the set above keeps only those
        // whose latest revision still does.
        Ok(self
            .attempt_keys(
                "chain IN (SELECT 'case:' || id FROM records WHERE kind = 'case' \
                 AND json_extract(body, '$.company_id') = ?1)",
                &[&company_id.to_string()],
            )?
            .into_iter()
            .filter(|k| cases.contains(&k.case_id))
            .max_by_key(AttemptKey::order)
            .map(|k| k.channel))
    }
}

/// An attempt from its row; `number` is its citation number (see [`Attempt::number`]).
pub(super) fn attempt_of(row: &Row, number: u32) -> Result<Attempt> {
    Ok(Attempt {
        case_id: row.case_id()?,
        number,
        meta: row.meta()?,
        data: row.data()?,
    })
}

/// What ordering and defaults need of an attempt, without its texts.
struct AttemptKey {
    id: Id,
    case_id: Id,
    happened_at: DateTime<FixedOffset>,
    channel: Channel,
    /// Citation number: order of first recording in the case chain.
    number: u32,
}

impl AttemptKey {
    /// The timeline's order, the same as [`sort_attempts`].
    fn order(&self) -> (DateTime<Utc>, Id) {
        (self.happened_at.with_timezone(&Utc), self.id)
    }
}

pub(super) fn sort_attempts(a: &mut [Attempt]) {
    a.sort_by_key(|x| (x.data.happened_at.with_timezone(&Utc), x.meta.id));
}
