//! Full-text search (SQLite FTS5) over the latest revision of cases, companies and
//! attempts. The index is derived data: each write replaces its record's entry.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;
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

fn field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn join(v: &Value, keys: &[&str]) -> String {
    keys.iter()
        .map(|k| field(v, k))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces the index entry of the record `link` wrote (same texts as migration 002).
pub(crate) fn index(tx: &Transaction, link: &Link, case_id: Option<Id>) -> Result<()> {
    let body: Value = serde_json::from_str(&link.body)?;
    let (title, text) = match link.kind.as_str() {
        "case" => (
            field(&body, "title").to_string(),
            join(
                &body,
                &[
                    "product",
                    "account_ref",
                    "facts",
                    "requests",
                    "agency_folio",
                ],
            ),
        ),
        "company" => (
            field(&body, "trade_name").to_string(),
            join(&body, &["legal_name", "tax_id", "website"]),
        ),
        "attempt" => (
            field(&body, "reference").to_string(),
            join(&body, &["agent", "channel_detail", "asked", "response"]),
        ),
        _ => return Ok(()),
    };
    if link.revision > 1 {
        tx.prepare_cached("DELETE FROM search_index WHERE id = ?1")?
            .execute([&link.id])?;
    }
    tx.prepare_cached(
        "INSERT INTO search_index (id, kind, case_id, title, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        link.id,
        link.kind,
        case_id.map(|c| c.to_string()),
        title,
        text
    ])?;
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
    /// best matches first, at most 200.
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
