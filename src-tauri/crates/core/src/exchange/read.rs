//! Reading an export as a stream: the header fields are kept, each case-chain link is
//! handed to the caller as soon as it is read (so a 100,000-attempt case is never held in
//! memory), and the file is hashed and size-checked while it is read.

use std::cell::RefCell;
use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{DirectoryRevision, FORMAT, MAX_IMPORT_BYTES, VERSION};
use crate::chain::{self, Link};
use crate::error::{Error, Result};
use crate::model::Id;
use crate::store::DIRECTORY_CHAIN;

/// An export's fields other than its case chain.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub version: u32,
    pub exported_at: String,
    pub case_id: Id,
    pub chain_head: String,
    /// The directory links, version 1 entries already in link form (with no hash).
    pub directory: Vec<Link>,
}

/// What the reader learnt so far, shared by the visitors.
#[derive(Default)]
struct Seen {
    format: bool,
    version: Option<u32>,
    exported_at: Option<String>,
    case_id: Option<Id>,
    chain_head: Option<String>,
    directory: Option<Vec<Value>>,
    links: bool,
    /// The case the links were checked against when they came before `case_id`.
    link_case: Option<Id>,
    /// The first error that was ours, not the parser's (kept whole, as serde only carries text).
    error: Option<Error>,
}

/// A reader that hashes what it hands on and refuses to go past the import size limit.
struct Counted<R> {
    inner: R,
    read: u64,
    hasher: Sha256,
    too_big: bool,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > MAX_IMPORT_BYTES as u64 {
            self.too_big = true;
            return Err(std::io::Error::other("the file is too large"));
        }
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

fn too_big() -> Error {
    Error::BadImport(format!(
        "the file is larger than {} MiB",
        MAX_IMPORT_BYTES >> 20
    ))
}

/// Reads the export in `reader`, calling `on_link` with the case's id and each case-chain
/// link in file order. Returns the header and the SHA-256 of every byte read. Fields may
/// come in any order (a tool that sorts keys puts `links` before `version`); an
/// unsupported version or a wrong format stops the reading when it is met.
pub(crate) fn read_export<R: Read>(
    reader: R,
    mut on_link: impl FnMut(Id, Link) -> Result<()>,
) -> Result<(Header, String)> {
    let mut counted = Counted {
        inner: reader,
        read: 0,
        hasher: Sha256::new(),
        too_big: false,
    };
    let seen = RefCell::new(Seen::default());
    let parsed = {
        let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::with_capacity(
            1 << 16,
            &mut counted,
        ));
        ExportSeed {
            seen: &seen,
            on_link: &mut on_link,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
    };
    let mut seen = seen.into_inner();
    if counted.too_big {
        return Err(too_big());
    }
    if let Some(e) = seen.error.take() {
        return Err(e);
    }
    if let Err(e) = parsed {
        return Err(match e.classify() {
            serde_json::error::Category::Io => {
                Error::BadImport(format!("could not read the file: {e}"))
            }
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                Error::BadImport(format!("not valid JSON: {e}"))
            }
            serde_json::error::Category::Data if !seen.format => not_an_export(),
            serde_json::error::Category::Data => Error::BadImport(format!("malformed export: {e}")),
        });
    }
    let header = header_of(seen)?;
    Ok((header, hex::encode(counted.hasher.finalize())))
}

fn not_an_export() -> Error {
    Error::BadImport(
        "not an Expediente case export (missing \"format\": \"expediente-case\")".into(),
    )
}

fn missing(field: &str) -> Error {
    Error::BadImport(format!("malformed export: missing field `{field}`"))
}

/// The header of a fully read export, directory entries in link form.
fn header_of(seen: Seen) -> Result<Header> {
    let version = seen
        .version
        .ok_or_else(|| Error::BadImport("missing \"version\"".into()))?;
    let directory = seen
        .directory
        .ok_or_else(|| missing("directory"))?
        .into_iter()
        .map(|v| directory_link(version, v))
        .collect::<Result<Vec<Link>>>()?;
    if !seen.links {
        return Err(missing("links"));
    }
    let case_id = seen.case_id.ok_or_else(|| missing("case_id"))?;
    if seen.link_case.is_some_and(|c| c != case_id) {
        return Err(Error::BadImport(format!(
            "the export says it holds case {case_id}, but its links are another case's"
        )));
    }
    Ok(Header {
        version,
        exported_at: seen.exported_at.ok_or_else(|| missing("exported_at"))?,
        case_id,
        chain_head: seen.chain_head.ok_or_else(|| missing("chain_head"))?,
        directory,
    })
}

/// One directory entry: a link (version 2) or a version 1 revision turned into one.
fn directory_link(version: u32, v: Value) -> Result<Link> {
    let malformed = |e: serde_json::Error| Error::BadImport(format!("malformed export: {e}"));
    if version != 1 {
        return serde_json::from_value(v).map_err(malformed);
    }
    let d: DirectoryRevision = serde_json::from_value(v).map_err(malformed)?;
    Ok(Link {
        encoding: chain::ENCODING_V1.into(),
        chain: DIRECTORY_CHAIN.into(),
        index: 0,
        kind: d.kind,
        id: d.id.to_string(),
        revision: d.revision,
        case_id: None,
        store_id: None,
        store_seq: None,
        reason: d.reason,
        recorded_at: d.recorded_at,
        body: chain::canonical_json(&d.body),
        prev: String::new(),
        hash: String::new(),
    })
}

struct ExportSeed<'a, F> {
    seen: &'a RefCell<Seen>,
    on_link: &'a mut F,
}

/// Keeps `e` as the reason and hands serde a short error that stops the parse.
fn stop<E: de::Error>(seen: &RefCell<Seen>, e: Error) -> E {
    let text = e.to_string();
    seen.borrow_mut().error.get_or_insert(e);
    E::custom(text)
}

impl<'de, F: FnMut(Id, Link) -> Result<()>> DeserializeSeed<'de> for ExportSeed<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F: FnMut(Id, Link) -> Result<()>> Visitor<'de> for ExportSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an Expediente case export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let seen = self.seen;
        while let Some(key) = map.next_key::<String>()? {
            let dup = || {
                stop(
                    seen,
                    Error::BadImport(format!("malformed export: duplicate field `{key}`")),
                )
            };
            match key.as_str() {
                "format" => {
                    let v: String = map.next_value()?;
                    if v != FORMAT {
                        return Err(stop(seen, not_an_export()));
                    }
                    if std::mem::replace(&mut seen.borrow_mut().format, true) {
                        return Err(dup());
                    }
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    if !seen.borrow().format {
                        return Err(stop(seen, not_an_export()));
                    }
                    if !matches!(v, 1 | 2) {
                        return Err(stop(seen, Error::BadImport(format!(
                            "export version {v} is not supported by this program (it reads version {VERSION}); update Expediente"
                        ))));
                    }
                    if seen.borrow_mut().version.replace(v as u32).is_some() {
                        return Err(dup());
                    }
                }
                "exported_at" => {
                    let v: String = map.next_value()?;
                    if seen.borrow_mut().exported_at.replace(v).is_some() {
                        return Err(dup());
                    }
                }
                "case_id" => {
                    let v: Id = map.next_value()?;
                    if seen.borrow_mut().case_id.replace(v).is_some() {
                        return Err(dup());
                    }
                }
                "chain_head" => {
                    let v: String = map.next_value()?;
                    if seen.borrow_mut().chain_head.replace(v).is_some() {
                        return Err(dup());
                    }
                }
                "directory" => {
                    let v: Vec<Value> = map.next_value()?;
                    if seen.borrow_mut().directory.replace(v).is_some() {
                        return Err(dup());
                    }
                }
                "links" => {
                    if std::mem::replace(&mut seen.borrow_mut().links, true) {
                        return Err(dup());
                    }
                    let case_id = seen.borrow().case_id;
                    map.next_value_seed(LinksSeed {
                        seen,
                        case_id,
                        on_link: &mut *self.on_link,
                    })?;
                }
                other => {
                    let _: IgnoredAny = map.next_value()?;
                    return Err(stop(
                        seen,
                        Error::BadImport(format!("malformed export: unknown field `{other}`")),
                    ));
                }
            }
        }
        if !seen.borrow().format {
            return Err(stop(seen, not_an_export()));
        }
        Ok(())
    }
}

struct LinksSeed<'a, F> {
    seen: &'a RefCell<Seen>,
    /// The declared case, or (when `links` comes first) the case of the first link's chain.
    case_id: Option<Id>,
    on_link: &'a mut F,
}

impl<'de, F: FnMut(Id, Link) -> Result<()>> DeserializeSeed<'de> for LinksSeed<'_, F> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Id, Link) -> Result<()>> Visitor<'de> for LinksSeed<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of links")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut case_id = self.case_id;
        while let Some(link) = seq.next_element::<Link>()? {
            let case = match case_id {
                Some(c) => c,
                None => {
                    let c = link
                        .chain
                        .strip_prefix("case:")
                        .and_then(|c| Id::parse_str(c).ok())
                        .ok_or_else(|| {
                            stop::<A::Error>(
                                self.seen,
                                Error::BadImport(
                                    "malformed export: its first link is not in a case's chain"
                                        .into(),
                                ),
                            )
                        })?;
                    self.seen.borrow_mut().link_case = Some(c);
                    *case_id.insert(c)
                }
            };
            (self.on_link)(case, link).map_err(|e| stop(self.seen, e))?;
        }
        Ok(())
    }
}
