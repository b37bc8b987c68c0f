//! Fuzzing the import: a valid case export, mutated (bytes flipped, inserted or cut; a
//! record's field, a link's field or the file's header replaced by a hostile value;
//! links swapped, copied or dropped; each, half of the time, re-hashed the way a forger
//! would so the chain verifies), goes through `exchange::parse`, `check_export`,
//! `bundle_from_export` and `Store::import_case` on a fresh store. Nothing panics; an
//! import either yields a case that passes the full integrity check or is refused and
//! leaves the store empty.

mod fuzz_common;

use std::sync::OnceLock;

use expediente_core::chain::{canonical_json, GENESIS};
use expediente_core::exchange::{self, CaseExport};
use expediente_core::Store;
use expediente_tests::{attempt, cdmx, new_case};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

/// A real export: a case, four attempts (one a promise), a correction and an evidence file.
fn base() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = fuzz_common::tempdir();
        let mut store = Store::open(dir.path()).unwrap();
        let case = new_case(&mut store, "Caso a mutar").unwrap();
        let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(3);
        let mut last = None;
        for i in 1..=4 {
            last = Some(store.log_attempt(case, attempt(i, at)).unwrap().meta.id);
        }
        let mut d = attempt(4, at);
        d.response = "Corrijo".into();
        let last = last.unwrap();
        store.revise_attempt(last, d, "Dato mal anotado").unwrap();
        store
            .add_evidence_reader(
                case,
                "captura.png",
                &mut &b"\x89PNG fake"[..],
                Some(last),
                "",
            )
            .unwrap();
        serde_json::to_value(store.export_case(case).unwrap()).unwrap()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    /// (where, 0 replace / 1 insert / 2 delete, byte) on the file's bytes.
    Bytes(Vec<(Index, u8, u8)>),
    Truncate(Index),
    /// A field of one record's body (or a new field), in the case chain or the directory.
    Body(Index, Index, Value),
    /// A field of one link (kind, id, revision, index, prev, recorded_at...).
    Link(Index, Index, Value),
    /// A field of the file itself (format, version, case_id, chain_head...).
    Top(Index, Value),
    /// Two links: 0 swapped, 1 the first copied over the second, 2 the first dropped.
    Links(Index, Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let v = fuzz_common::value;
    prop_oneof![
        1 => prop::collection::vec((any::<Index>(), 0u8..3, any::<u8>()), 1..6).prop_map(Mutation::Bytes),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        4 => (any::<Index>(), any::<Index>(), v()).prop_map(|(a, b, x)| Mutation::Body(a, b, x)),
        2 => (any::<Index>(), any::<Index>(), v()).prop_map(|(a, b, x)| Mutation::Link(a, b, x)),
        1 => (any::<Index>(), v()).prop_map(|(a, x)| Mutation::Top(a, x)),
        1 => (any::<Index>(), any::<Index>(), 0u8..3).prop_map(|(a, b, op)| Mutation::Links(a, b, op)),
    ]
}

/// The link at `i` among the case chain's and the directory's links.
fn link_mut(x: &mut Value, i: Index) -> Option<&mut Value> {
    let n_links = x["links"].as_array()?.len();
    let n = n_links + x["directory"].as_array()?.len();
    let k = i.index(n);
    if k < n_links {
        x["links"].get_mut(k)
    } else {
        x["directory"].get_mut(k - n_links)
    }
}

/// Sets field `key` (an existing one, or `extra` when the index falls past the last).
fn set_field(obj: &mut Value, key: Index, value: Value) {
    if let Value::Object(m) = obj {
        let keys: Vec<String> = m.keys().cloned().collect();
        let k = key.index(keys.len() + 1);
        let name = keys.get(k).cloned().unwrap_or_else(|| "extra".into());
        m.insert(name, value);
    }
}

/// Re-hashes every link so the chain verifies again, as a forger would.
fn rehash(x: &mut CaseExport) {
    let mut prev = GENESIS.to_string();
    for l in &mut x.links {
        l.prev = prev.clone();
        if let Some(h) = l.compute_hash() {
            l.hash = h;
        }
        prev = l.hash.clone();
    }
    x.chain_head = prev;
    for d in &mut x.directory {
        if let Some(h) = d.compute_hash() {
            d.hash = h;
        }
    }
}

fn apply(m: &Mutation, forge: bool) -> Vec<u8> {
    let mut x = base().clone();
    match m {
        Mutation::Bytes(edits) => {
            let mut b = serde_json::to_vec(&x).unwrap();
            for (at, op, byte) in edits {
                let i = at.index(b.len());
                match op {
                    0 => b[i] = *byte,
                    1 => b.insert(i, *byte),
                    _ => {
                        b.remove(i);
                    }
                }
            }
            return b;
        }
        Mutation::Truncate(at) => {
            let b = serde_json::to_vec(&x).unwrap();
            return b[..at.index(b.len())].to_vec();
        }
        Mutation::Body(link, key, value) => {
            if let Some(l) = link_mut(&mut x, *link) {
                let mut body: Value = serde_json::from_str(l["body"].as_str().unwrap()).unwrap();
                set_field(&mut body, *key, value.clone());
                l["body"] = canonical_json(&body).into();
            }
        }
        Mutation::Link(link, key, value) => {
            if let Some(l) = link_mut(&mut x, *link) {
                set_field(l, *key, value.clone());
            }
        }
        Mutation::Top(key, value) => set_field(&mut x, *key, value.clone()),
        Mutation::Links(a, b, op) => {
            let links = x["links"].as_array_mut().unwrap();
            let (i, j) = (a.index(links.len()), b.index(links.len()));
            match op {
                0 => links.swap(i, j),
                1 => links[j] = links[i].clone(),
                _ => {
                    links.remove(i);
                }
            }
        }
    }
    match serde_json::from_value::<CaseExport>(x.clone()) {
        Ok(mut e) if forge => {
            rehash(&mut e);
            serde_json::to_vec(&e).unwrap()
        }
        _ => serde_json::to_vec(&x).unwrap(),
    }
}

/// Imports `bytes` into a fresh store: a valid case, or a refusal that wrote nothing.
fn import_holds(bytes: &[u8]) -> Result<bool, TestCaseError> {
    if let Ok(x) = exchange::parse(bytes) {
        let report = exchange::check_export(&x);
        let bundle = exchange::bundle_from_export(&x);
        prop_assert!(
            report.ok || bundle.is_err(),
            "a bundle from an export that does not check"
        );
    }
    let dir = fuzz_common::tempdir();
    let mut store = Store::open(dir.path()).unwrap();
    match store.import_case(bytes) {
        Ok(id) => {
            // Evidence travels as hashes: the files themselves are not in an export.
            let report = store.check_store(false).unwrap();
            let wrong: Vec<_> = report
                .problems
                .iter()
                .filter(|p| p.code != "evidence_missing")
                .collect();
            prop_assert!(
                wrong.is_empty(),
                "an accepted import does not verify: {:?}",
                wrong
            );
            prop_assert_eq!(store.cases().unwrap().len(), 1);
            store.bundle(id).unwrap();
            store.attempts(id).unwrap();
            Ok(true)
        }
        Err(e) => {
            prop_assert!(
                store.cases().unwrap().is_empty(),
                "refused ({e}) but a case was written"
            );
            prop_assert!(
                store.claimants().unwrap().is_empty(),
                "refused ({e}) but a claimant was written"
            );
            prop_assert!(
                store.companies().unwrap().is_empty(),
                "refused ({e}) but a company was written"
            );
            prop_assert_eq!(
                store.check_store(true).unwrap().links,
                0,
                "refused ({}) but links were written",
                e
            );
            Ok(false)
        }
    }
}

#[test]
fn the_unmutated_export_imports() {
    assert!(import_holds(&serde_json::to_vec(base()).unwrap()).unwrap());
}

proptest! {
    #![proptest_config(fuzz_common::config(128, "fuzz/regressions/fuzz_import.txt"))]

    #[test]
    fn a_mutated_export_is_imported_whole_or_refused_whole(m in mutation(), forge in any::<bool>()) {
        import_holds(&apply(&m, forge))?;
    }
}
