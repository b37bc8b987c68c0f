//! Importing a case as its export is read: every link is checked and inserted as it
//! arrives, inside one write transaction that is committed only when the whole file has
//! passed (the chain's head, the directory, the evidence files), so an import is all or
//! nothing, reads the file once and never holds the whole case in memory.

use std::collections::BTreeMap;
use std::io::Read;

use rusqlite::params;

use super::{clash, read_export, CaseFacts, RecordChecks};
use crate::chain::Link;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::{case_chain, NewRecord, Store, DIRECTORY_CHAIN};

/// What a streamed import wrote, and what it read.
#[derive(Debug, Clone)]
pub(crate) struct Imported {
    pub case_id: Id,
    pub facts: CaseFacts,
    /// Evidence files written into this store.
    pub files_stored: Vec<String>,
}

impl Store {
    /// Imports a case exported by [`Store::export_case`]; returns its id. The case chain
    /// comes in verbatim, followed by an import link naming the file's SHA-256; directory
    /// revisions this store lacks are appended to its own directory chain.
    pub fn import_case(&mut self, json: &[u8]) -> Result<Id> {
        Ok(self.import_stream(json, &BTreeMap::new(), None)?.case_id)
    }

    /// Reads the export in `reader` and imports its case, with the evidence `files` (by
    /// SHA-256) the case names and this store lacks. When `expect_sha256` is given, the
    /// file must be the one previewed (same SHA-256), or nothing is written.
    pub(crate) fn import_stream<R: Read + Send>(
        &mut self,
        reader: R,
        files: &BTreeMap<String, Vec<u8>>,
        expect_sha256: Option<&str>,
    ) -> Result<Imported> {
        self.ensure_writable()?;
        let store_id = self.store_id().to_string();
        let (conn, blobs) = self.conn_and_blobs();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // The file is read and checked on a thread of its own while this one inserts what
        // passed: the two halves of an import take about as long as each other.
        let (send, links) = std::sync::mpsc::sync_channel::<Link>(512);
        let (read, inserted) = std::thread::scope(|scope| {
            let reading = scope.spawn(move || {
                let mut checks: Option<RecordChecks> = None;
                let read = read_export(reader, |case_id, link| {
                    checks
                        .get_or_insert_with(|| RecordChecks::new(case_id))
                        .push(&link)?;
                    // A closed channel: the inserting side failed and says why.
                    send.send(link)
                        .map_err(|_| Error::BadImport("the import stopped".into()))
                });
                read.map(|(header, sha)| (header, sha, checks))
            });
            let inserted = (|| -> Result<()> {
                let mut first = true;
                for link in links.iter() {
                    if std::mem::take(&mut first) {
                        let here: bool = tx.query_row(
                            "SELECT EXISTS(SELECT 1 FROM chains WHERE chain = ?1)",
                            [&link.chain],
                            |r| r.get(0),
                        )?;
                        if here {
                            let case = link.chain.trim_start_matches("case:");
                            return Err(Error::BadImport(format!(
                                "case {case} is already in this store"
                            )));
                        }
                    }
                    Store::insert_link_unindexed(&tx, &link).map_err(clash(&link))?;
                }
                Ok(())
            })();
            drop(links);
            let read = reading
                .join()
                .unwrap_or_else(|_| Err(Error::BadImport("reading the file failed".into())));
            (read, inserted)
        });
        inserted?;
        let (header, file_sha256, checks) = read?;
        let checks = checks.unwrap_or_else(|| RecordChecks::new(header.case_id));
        let facts = checks.finish(header.version, &header.chain_head, &header.directory)?;
        if let Some(want) = expect_sha256 {
            if want != file_sha256 {
                return Err(Error::BadImport(
                    "the file changed after it was previewed; preview it again".into(),
                ));
            }
        }
        for rev in &header.directory {
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM records WHERE id = ?1 AND revision = ?2)",
                params![rev.id, rev.revision],
                |r| r.get(0),
            )?;
            if exists {
                continue;
            }
            let kind = RecordKind::parse(&rev.kind).ok_or_else(|| {
                Error::BadImport(format!("unknown directory record kind {:?}", rev.kind))
            })?;
            Store::append_in(
                &tx,
                &store_id,
                DIRECTORY_CHAIN,
                NewRecord {
                    kind,
                    id: super::parse_id(&rev.id)?,
                    revision: rev.revision,
                    case_id: None,
                    reason: &rev.reason,
                    body: serde_json::from_str(&rev.body)?,
                },
            )
            .map_err(clash(rev))?;
        }
        let case_id = header.case_id;
        let body = ImportBody {
            file_sha256,
            records: facts.links,
            source_head: header.chain_head.clone(),
            exported_at: header.exported_at.clone(),
        };
        Store::append_in(
            &tx,
            &store_id,
            &case_chain(case_id),
            NewRecord {
                kind: RecordKind::Import,
                id: new_id(),
                revision: 1,
                case_id: Some(case_id),
                reason: "",
                body: serde_json::to_value(&body)?,
            },
        )?;
        crate::store::search::index_chain(&tx, &case_chain(case_id))?;
        // The evidence files last, each under the SHA-256 of its bytes; removed again if
        // the commit fails.
        let mut written = Vec::new();
        let stored = (|| -> Result<()> {
            for sha in facts.wanted() {
                let Some(bytes) = files.get(&sha) else {
                    continue;
                };
                if blobs.path(&sha).is_ok_and(|p| p.is_file()) {
                    continue;
                }
                written.push(blobs.put(&mut &bytes[..], u64::MAX)?.sha256);
            }
            Ok(tx.commit()?)
        })();
        if let Err(e) = stored {
            for sha in &written {
                if let Ok(p) = blobs.path(sha) {
                    let _ = std::fs::remove_file(p);
                }
            }
            return Err(e);
        }
        Ok(Imported {
            case_id,
            facts,
            files_stored: written,
        })
    }
}
