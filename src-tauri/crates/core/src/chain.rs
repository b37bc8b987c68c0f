//! The integrity chain: a canonical, versioned encoding of each stored revision and the
//! SHA-256 link that binds it to the previous one in its chain (one chain per case, one
//! for the directory of claimants and companies). Changing any stored field of any link
//! changes its hash and breaks every link after it.
//!
//! Two encodings verify: `expediente-chain-v1` (the first release's links) and
//! `expediente-chain-v2`, which every new link uses: it also hashes the case the link
//! belongs to, the store that wrote it and that store's own link counter, so a link's
//! identity (`store_id`, `store_seq`) can never be minted twice by two stores.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// Version tag hashed into every new link; bump it (and keep the old code) if the encoding changes.
pub const ENCODING: &str = "expediente-chain-v2";
/// The first release's encoding: still verified, never written.
pub const ENCODING_V1: &str = "expediente-chain-v1";
/// Tag of the dossier fingerprint (see [`dossier_fingerprint`]).
pub const DOSSIER_FINGERPRINT: &str = "expediente-dossier-fingerprint-v1";
/// The `prev` of a chain's first link.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One link as stored: everything the hash covers, plus the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Link {
    /// [`ENCODING`] or [`ENCODING_V1`]: which fields the hash covers.
    #[serde(default = "v1")]
    pub encoding: String,
    /// `case:<uuid>` or `directory`.
    pub chain: String,
    /// Position in the chain, from 0.
    pub index: u32,
    /// `claimant`, `company`, `case`, `attempt`, `evidence` or `import`.
    pub kind: String,
    pub id: String,
    pub revision: u32,
    /// The case the record belongs to (v2; `None` in the directory chain and in v1 links).
    #[serde(default)]
    pub case_id: Option<String>,
    /// The store that wrote this link (v2): with `store_seq`, the link's global identity.
    #[serde(default)]
    pub store_id: Option<String>,
    /// The writing store's own count of links it wrote, from 1 (v2).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub store_seq: Option<u64>,
    pub reason: String,
    /// RFC 3339 UTC with microseconds, exactly as stored.
    pub recorded_at: String,
    /// The record's canonical JSON, exactly as stored.
    pub body: String,
    pub prev: String,
    pub hash: String,
}

fn v1() -> String {
    ENCODING_V1.to_string()
}

impl Link {
    /// Recomputes this link's hash from its fields (ignoring the stored `hash`); `None`
    /// for an encoding this program does not know.
    pub fn compute_hash(&self) -> Option<String> {
        match self.encoding.as_str() {
            ENCODING_V1 => Some(link_hash_v1(
                &self.chain,
                self.index,
                &self.kind,
                &self.id,
                self.revision,
                &self.reason,
                &self.recorded_at,
                &self.body,
                &self.prev,
            )),
            ENCODING => {
                let header = serde_json::json!({
                    "chain": self.chain,
                    "index": self.index,
                    "kind": self.kind,
                    "id": self.id,
                    "revision": self.revision,
                    "case_id": self.case_id,
                    "store_id": self.store_id,
                    "store_seq": self.store_seq,
                    "reason": self.reason,
                    "recorded_at": self.recorded_at,
                    "prev": self.prev,
                });
                Some(hash_parts(ENCODING, &header, &self.body))
            }
            _ => None,
        }
    }

    /// The case a link says it belongs to: its hashed `case_id` (v2), else its chain's name.
    pub fn case_of(&self) -> Option<&str> {
        self.case_id
            .as_deref()
            .or_else(|| self.chain.strip_prefix("case:"))
    }
}

fn hash_parts(encoding: &str, header: &Value, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(encoding.as_bytes());
    h.update(b"\n");
    h.update(canonical_json(header).as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    hex::encode(h.finalize())
}

/// The fingerprint a dossier prints: it commits to the case chain's head and to the
/// directory links holding the claimant and company revisions the dossier shows, so a
/// later change to either is as visible as a change to the case.
pub fn dossier_fingerprint(chain_head: &str, claimant_link: &str, company_link: &str) -> String {
    let mut h = Sha256::new();
    for part in [DOSSIER_FINGERPRINT, chain_head, claimant_link, company_link] {
        h.update(part.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

/// SHA-256 over the first release's encoding of a link's fields.
#[allow(clippy::too_many_arguments)]
pub fn link_hash_v1(
    chain: &str,
    index: u32,
    kind: &str,
    id: &str,
    revision: u32,
    reason: &str,
    recorded_at: &str,
    body: &str,
    prev: &str,
) -> String {
    let header = serde_json::json!({
        "chain": chain,
        "index": index,
        "kind": kind,
        "id": id,
        "revision": revision,
        "reason": reason,
        "recorded_at": recorded_at,
        "prev": prev,
    });
    hash_parts(ENCODING_V1, &header, body)
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes at every level, no whitespace,
/// serde_json's number and string escaping. Independent of serde_json's map feature flags.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_json_string(text, out),
        other => out.push_str(&other.to_string()),
    }
}

/// A string as serde_json writes it (same escaping), appended without a temporary `Value`.
fn write_json_string(text: &str, out: &mut String) {
    // Writing JSON into a Vec never fails, and what it writes is UTF-8.
    let mut buf = std::mem::take(out).into_bytes();
    let _ = serde_json::to_writer(&mut buf, text);
    *out = String::from_utf8(buf).unwrap_or_default();
}

/// Where a chain first stops adding up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BrokenLink {
    pub index: u32,
    pub kind: String,
    pub id: String,
    pub revision: u32,
    /// What is wrong, in English (`problem_code` is stable).
    pub problem: String,
    /// `hash_mismatch`, `prev_mismatch`, `gap`, `bad_body`, `wrong_case`, `head_mismatch`.
    pub problem_code: String,
}

/// The result of recomputing one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub chain: String,
    pub ok: bool,
    pub links: u32,
    /// The last link's hash as recomputed (the fingerprint), or GENESIS for an empty chain.
    pub head: String,
    pub first_broken: Option<BrokenLink>,
}

/// Recomputes `links` (in index order) and reports the first link that does not add up.
/// `expected_head`/`expected_len`, when known (the store keeps them), also catch links
/// removed from the end.
pub fn verify_links(chain: &str, links: &[Link], expected: Option<(&str, u32)>) -> VerifyReport {
    let mut v = LinkVerifier::new(chain);
    for l in links {
        v.push(l);
    }
    v.finish(expected)
}

/// [`verify_links`] one link at a time, for links read as a stream (an import): the
/// same checks in the same order, stopping at the first link that does not add up.
pub struct LinkVerifier {
    chain: String,
    prev: String,
    seen: u32,
    last: Option<(String, String, u32)>,
    broken: Option<BrokenLink>,
}

impl LinkVerifier {
    pub fn new(chain: &str) -> Self {
        LinkVerifier {
            chain: chain.to_string(),
            prev: GENESIS.to_string(),
            seen: 0,
            last: None,
            broken: None,
        }
    }

    /// Checks the next link. Returns its body, parsed, when the link adds up (so a caller
    /// that also reads the body parses it once); `None` once the chain is broken.
    pub fn push(&mut self, l: &Link) -> Option<Value> {
        let i = self.seen;
        self.seen += 1;
        self.last = Some((l.kind.clone(), l.id.clone(), l.revision));
        if self.broken.is_some() {
            return None;
        }
        let chain = self.chain.as_str();
        let fail = |code: &str, problem: String| BrokenLink {
            index: i,
            kind: l.kind.clone(),
            id: l.id.clone(),
            revision: l.revision,
            problem,
            problem_code: code.to_string(),
        };
        if l.index != i || l.chain != chain {
            self.broken = Some(fail(
                "gap",
                format!(
                    "expected link {i} of {chain}, found link {} of {}",
                    l.index, l.chain
                ),
            ));
            return None;
        }
        if l.prev != self.prev {
            self.broken = Some(fail(
                "prev_mismatch",
                "does not point to the previous link's hash".to_string(),
            ));
            return None;
        }
        let Some(recomputed) = l.compute_hash() else {
            self.broken = Some(fail(
                "bad_body",
                format!("it is written in an unknown format {:?}", l.encoding),
            ));
            return None;
        };
        if l.case_of() != chain.strip_prefix("case:") {
            self.broken = Some(fail(
                "wrong_case",
                format!(
                    "it says it belongs to case {:?}, not to the case of chain {chain}",
                    l.case_of()
                ),
            ));
            return None;
        }
        if recomputed != l.hash {
            self.broken = Some(fail(
                "hash_mismatch",
                "its content no longer matches the hash recorded when it was written".to_string(),
            ));
            return None;
        }
        match serde_json::from_str::<Value>(&l.body) {
            Ok(v) if canonical_json(&v) == l.body => {
                self.prev = recomputed;
                Some(v)
            }
            _ => {
                self.broken = Some(fail(
                    "bad_body",
                    "its stored content is not canonical JSON".to_string(),
                ));
                None
            }
        }
    }

    /// Whether a link has failed so far.
    pub fn is_broken(&self) -> bool {
        self.broken.is_some()
    }

    /// The report on every link pushed, and on the chain as a whole against `expected`.
    pub fn finish(self, expected: Option<(&str, u32)>) -> VerifyReport {
        let mut broken = self.broken;
        let prev = self.prev;
        let n = self.seen;
        if broken.is_none() {
            if let Some((head, len)) = expected {
                if head != prev || len != n {
                    let (kind, id, revision) = self.last.unwrap_or_default();
                    broken = Some(BrokenLink {
                        index: n,
                        kind,
                        id,
                        revision,
                        problem: format!(
                            "the chain has {n} links ending in {prev}, but {len} links ending in {head} were recorded"
                        ),
                        problem_code: "head_mismatch".to_string(),
                    });
                }
            }
        }
        VerifyReport {
            chain: self.chain,
            ok: broken.is_none(),
            links: n,
            head: prev,
            first_broken: broken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain_of(n: usize) -> Vec<Link> {
        let mut prev = GENESIS.to_string();
        (0..n)
            .map(|i| {
                let mut l = Link {
                    encoding: ENCODING.into(),
                    chain: "case:x".into(),
                    index: i as u32,
                    kind: "attempt".into(),
                    id: format!("id{i}"),
                    revision: 1,
                    case_id: Some("x".into()),
                    store_id: Some("s".into()),
                    store_seq: Some(i as u64 + 1),
                    reason: String::new(),
                    recorded_at: "2026-11-22T18:00:00.000000Z".into(),
                    body: canonical_json(&serde_json::json!({"n": i, "text": "¿Quién?"})),
                    prev: prev.clone(),
                    hash: String::new(),
                };
                l.hash = l.compute_hash().unwrap();
                prev = l.hash.clone();
                l
            })
            .collect()
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v = serde_json::json!({"b": 1, "a": {"z": [3, {"y": 1, "x": 2}], "c": "ñ"}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":"ñ","z":[3,{"x":2,"y":1}]},"b":1}"#
        );
    }

    #[test]
    fn intact_chain_verifies_and_reports_head() {
        let links = chain_of(5);
        let r = verify_links("case:x", &links, Some((&links[4].hash, 5)));
        assert!(r.ok, "{r:?}");
        assert_eq!(r.head, links[4].hash);
    }

    #[test]
    fn truncated_chain_is_caught_by_recorded_head() {
        let links = chain_of(5);
        let r = verify_links("case:x", &links[..4], Some((&links[4].hash, 5)));
        assert_eq!(r.first_broken.unwrap().problem_code, "head_mismatch");
    }

    proptest! {
        /// The encoding depends on content only: key order in, whitespace, and a parse
        /// round-trip leave it unchanged.
        #[test]
        fn canonical_json_is_order_independent_and_stable(pairs in proptest::collection::btree_map("\\PC{0,8}", "\\PC{0,12}", 0..8)) {
            let forward: Vec<(String, String)> = pairs.clone().into_iter().collect();
            let mut a = String::from("{");
            let mut b = String::from("{ ");
            for (i, (k, v)) in forward.iter().enumerate() {
                if i > 0 { a.push(','); }
                a.push_str(&format!("{}:{}", Value::String(k.clone()), Value::String(v.clone())));
            }
            for (i, (k, v)) in forward.iter().rev().enumerate() {
                if i > 0 { b.push_str(" , "); }
                b.push_str(&format!("{} : {}", Value::String(k.clone()), Value::String(v.clone())));
            }
            a.push('}');
            b.push_str(" }");
            let ca = canonical_json(&serde_json::from_str(&a).unwrap());
            let cb = canonical_json(&serde_json::from_str(&b).unwrap());
            prop_assert_eq!(&ca, &cb);
            prop_assert_eq!(canonical_json(&serde_json::from_str(&ca).unwrap()), ca);
        }

        /// Flipping any byte of any hashed field of any link is reported at that link.
        #[test]
        fn any_changed_byte_is_detected(n in 1usize..6, which in 0usize..6, field in 0usize..5, pos in 0usize..200, byte in 32u8..127) {
            let mut links = chain_of(n);
            let which = which % n;
            let l = &mut links[which];
            let target: &mut String = match field {
                0 => &mut l.body,
                1 => &mut l.recorded_at,
                2 => &mut l.id,
                3 => &mut l.prev,
                _ => &mut l.kind,
            };
            let mut bytes = target.clone().into_bytes();
            let p = pos % bytes.len();
            prop_assume!(bytes[p] != byte);
            bytes[p] = byte;
            let changed = String::from_utf8(bytes);
            prop_assume!(changed.is_ok());
            *target = changed.unwrap();
            let r = verify_links("case:x", &links, None);
            prop_assert!(!r.ok);
            prop_assert_eq!(r.first_broken.unwrap().index as usize, which);
        }
    }
}
