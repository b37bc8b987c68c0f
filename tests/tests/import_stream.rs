//! An export is imported as it is read (checked and written link by link, in one
//! transaction): fields in any order, the search index built for what came in, a file
//! that changed after its preview refused, an oversized file refused before it is read.

use expediente_core::case_file::{check_import_file, ImportSource};
use expediente_core::{Error, Store};
use expediente_tests::{attempt, cdmx, new_case};

struct Sent {
    _dir: tempfile::TempDir,
    json: Vec<u8>,
    case: expediente_core::Id,
}

/// A case of three attempts, the second corrected, exported as JSON.
fn sent() -> Sent {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let case = new_case(&mut store, "Reembolso que no llega").unwrap();
    let at = chrono::Utc::now().with_timezone(&cdmx()) - chrono::Duration::days(3);
    let mut ids = Vec::new();
    for i in 1..=3 {
        ids.push(store.log_attempt(case, attempt(i, at)).unwrap().meta.id);
    }
    let mut fixed = attempt(2, at);
    fixed.asked = "Pedí hablar con un supervisor de cancelaciones.".into();
    store
        .revise_attempt(ids[1], fixed, "anoté mal lo que pedí")
        .unwrap();
    let json = serde_json::to_vec_pretty(&store.export_case(case).unwrap()).unwrap();
    Sent {
        _dir: dir,
        json,
        case,
    }
}

fn empty(store: &Store) -> bool {
    store.cases().unwrap().is_empty() && store.check_store(false).unwrap().links == 0
}

#[test]
fn sorted_keys_import_and_search_finds_what_came_in() {
    let s = sent();
    // A tool that sorts keys (jq -S, Python's sort_keys) puts "links" before "version".
    let sorted =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&s.json).unwrap()).unwrap();
    assert!(
        String::from_utf8_lossy(&sorted).find("\"links\"")
            < String::from_utf8_lossy(&sorted).find("\"version\"")
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.import_case(&sorted).unwrap(), s.case);
    assert!(store.check_case(s.case, false).unwrap().ok);

    // The corrected text is found, in the imported case; the text it replaced is not.
    let hits = store.search("supervisor").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].case_id, Some(s.case));
    // Only the latest revision is indexed: attempt 2's first text is in 1 and 3 only.
    let asked = store.search("pregunte").unwrap();
    assert_eq!(
        asked.iter().filter(|h| h.kind == "attempt").count(),
        2,
        "{asked:?}"
    );
    let reembolso = store.search("reembolso").unwrap();
    assert!(reembolso.iter().any(|h| h.kind == "case"), "{reembolso:?}");
}

#[test]
fn links_of_another_case_than_declared_are_refused() {
    let s = sent();
    let mut v: serde_json::Value = serde_json::from_slice(&s.json).unwrap();
    let links = v["links"].take();
    let other = expediente_core::Id::now_v7().to_string();
    // "links" first, then a case id that is not the links' case.
    let text = format!(
        "{{\"links\":{links},\"case_id\":\"{other}\",\"format\":\"expediente-case\",\"version\":2,\"exported_at\":{},\"chain_head\":{},\"directory\":{}}}",
        v["exported_at"], v["chain_head"], v["directory"]
    );
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let err = store.import_case(text.as_bytes()).unwrap_err();
    assert!(matches!(err, Error::BadImport(_)), "{err}");
    assert!(err.to_string().contains("another case"), "{err}");
    assert!(empty(&store));
}

#[test]
fn a_file_changed_after_its_preview_is_not_imported() {
    let s = sent();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("caso.json");
    std::fs::write(&file, &s.json).unwrap();
    let checked = check_import_file(&file, Vec::new()).unwrap();
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let preview = store.preview_import(&checked);
    assert_eq!((preview.case_id, preview.attempts), (s.case, 3));

    // Still a valid export, but not the bytes the user saw in the preview.
    let mut changed = s.json.clone();
    changed.extend_from_slice(b"\n\n");
    std::fs::write(&file, &changed).unwrap();
    let err = store.import_case_with_files(&checked).unwrap_err();
    assert!(
        err.to_string().contains("changed after it was previewed"),
        "{err}"
    );
    assert!(empty(&store));

    // The file as previewed imports.
    std::fs::write(&file, &s.json).unwrap();
    assert_eq!(
        store.import_case_with_files(&checked).unwrap().case_id,
        s.case
    );
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("enorme.json");
    // A sparse file just over the limit: refusing it must not read it.
    let f = std::fs::File::create(&file).unwrap();
    f.set_len(expediente_core::exchange::MAX_IMPORT_BYTES as u64 + 1)
        .unwrap();
    let err = check_import_file(&file, Vec::new()).unwrap_err();
    assert!(err.to_string().contains("over the import limit"), "{err}");
    let mut store = Store::open(&dir.path().join("store")).unwrap();
    let err = store
        .import_source(ImportSource::File(file), Vec::new())
        .unwrap_err();
    assert!(err.to_string().contains("over the import limit"), "{err}");
    assert!(empty(&store));
}
