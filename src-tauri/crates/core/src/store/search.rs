//! Full-text search (SQLite FTS5) over the latest revision of cases, companies and
//! attempts. The index is derived data: each write replaces its record's entry.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Store;
use crate::chain::Link;
use crate::error::Result;
use crate::model::Id;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    /// `case`, `company` or `attempt`.
    pub kind: String,
    pub id: Id,
    /// The case the hit belongs to (for cases and attempts).
    pub case_id: Option<Id>,
    /// The case title, company name, or attempt reference.
    pub title: String,
    /// The matching text with the match between `[` and `]`.
    pub snippet: String,
}

/// The index entry of each record row selected, computed by SQLite from its body (the same
/// texts as migration 002): a case's title and facts, a company's names, an attempt's
/// reference and what was said.
const ENTRY: &str = "INSERT INTO search_index (id, kind, case_id, title, text)
    SELECT id, kind, case_id,
       CASE kind
           WHEN 'case' THEN coalesce(json_extract(body, '$.title'), '')
           WHEN 'company' THEN coalesce(json_extract(body, '$.trade_name'), '')
           ELSE coalesce(json_extract(body, '$.reference'), '')
       END,
       CASE kind
           WHEN 'case' THEN concat_ws(' ', NULLIF(json_extract(body, '$.product'), ''), NULLIF(json_extract(body, '$.account_ref'), ''),
                                      NULLIF(json_extract(body, '$.facts'), ''), NULLIF(json_extract(body, '$.requests'), ''),
                                      NULLIF(json_extract(body, '$.agency_folio'), ''))
           WHEN 'company' THEN concat_ws(' ', NULLIF(json_extract(body, '$.legal_name'), ''), NULLIF(json_extract(body, '$.tax_id'), ''),
                                         NULLIF(json_extract(body, '$.website'), ''))
           ELSE concat_ws(' ', NULLIF(json_extract(body, '$.agent'), ''), NULLIF(json_extract(body, '$.channel_detail'), ''),
                          NULLIF(json_extract(body, '$.asked'), ''), NULLIF(json_extract(body, '$.response'), ''))
       END
    FROM records r
    WHERE kind IN ('case', 'company', 'attempt') AND chain = ?1";

/// Replaces the index entry of the record `link` wrote.
pub(crate) fn index(tx: &Transaction, link: &Link, _case_id: Option<Id>) -> Result<()> {
    if !matches!(link.kind.as_str(), "case" | "company" | "attempt") {
        return Ok(());
    }
    if link.revision > 1 {
        tx.prepare_cached("DELETE FROM search_index WHERE id = ?1")?
            .execute([&link.id])?;
    }
    tx.prepare_cached(&format!("{ENTRY} AND chain_index = ?2"))?
        .execute(params![link.chain, link.index])?;
    Ok(())
}

/// Indexes the latest revision of every record of a chain no entry exists for yet (a
/// chain just imported), in one statement.
pub(crate) fn index_chain(tx: &Transaction, chain: &str) -> Result<()> {
    tx.prepare_cached(&format!(
        "{ENTRY} AND revision = (SELECT MAX(r2.revision) FROM records r2
                                 WHERE r2.chain = r.chain AND r2.id = r.id)"
    ))?
    .execute([chain])?;
    Ok(())
}

/// Turns what a person types into an FTS5 query: every word must appear (as a prefix),
/// quotes and operators are taken literally.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Cases, companies and attempts matching every word of `query` (accents ignored),
    /// best matches first, at most 200. An archived case and its attempts are left out, as
    /// they are out of the case list.
    pub fn search(&self, query: &str) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.kind, s.id, s.case_id,
                    CASE WHEN s.kind = 'attempt' THEN coalesce(json_extract(c.body, '$.title'), '') ELSE s.title END,
                    snippet(search_index, -1, '[', ']', '…', 12)
             FROM search_index s
             LEFT JOIN latest c ON c.kind = 'case' AND c.id = s.case_id
             WHERE search_index MATCH ?1
               AND coalesce(json_extract(c.body, '$.archived'), 0) = 0
             ORDER BY rank LIMIT 200",
        )?;
        let rows = stmt.query_map([q], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (kind, id, case_id, title, snippet) = row?;
            hits.push(SearchHit {
                kind,
                id: super::records::parse_id(&id)?,
                case_id: case_id
                    .as_deref()
                    .map(super::records::parse_id)
                    .transpose()?,
                title,
                snippet,
            });
        }
        Ok(hits)
    }
}
