//! Archiving a case: out of the case list, kept whole in its chain. Archive and unarchive
//! are revisions with a reason, shown in history; a correction keeps the case archived.

use expediente_core::Store;

#[test]
fn an_archived_case_leaves_the_list_and_stays_in_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let kept = store.load_demo().unwrap();
    let gone = store.load_demo().unwrap();
    let fingerprint_before = store.fingerprint(gone).unwrap();
    let len_before = store.links(&format!("case:{gone}")).unwrap().len();

    let archived = store
        .archive_case(gone, "  Resuelto fuera de la app  ")
        .unwrap();
    assert!(archived.data.is_archived());
    assert_eq!(archived.meta.revision, 2);
    assert_eq!(archived.meta.reason, "Resuelto fuera de la app");

    let listed: Vec<_> = store
        .case_summaries()
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, vec![kept], "the archived case is out of the list");
    let shelf = store.case_summaries_in(true).unwrap();
    assert_eq!(shelf.len(), 1);
    assert_eq!(shelf[0].id, gone);
    assert!(shelf[0].archived);
    assert_eq!(store.archived_count().unwrap(), 1);
    let (listed_again, archived) = store.case_summaries_and_others(false).unwrap();
    assert_eq!((listed_again.len(), archived), (1, 1));

    // Kept in the chain: one more link, everything verifies, the case still reads whole.
    let links = store.links(&format!("case:{gone}")).unwrap();
    assert_eq!(links.len(), len_before + 1);
    assert!(store.verify_case(gone).unwrap().ok);
    assert!(store.check_store(false).unwrap().ok);
    assert_ne!(store.fingerprint(gone).unwrap(), fingerprint_before);
    assert!(!store.attempts(gone).unwrap().is_empty());
    assert!(store.export_case(gone).is_ok());

    // History shows the archive with its reason, the earlier revision without the mark.
    let history = store.history(gone).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].body.get("archived").is_none());
    assert_eq!(history[1].body["archived"], true);
    assert_eq!(history[1].meta.reason, "Resuelto fuera de la app");

    // A correction through the form keeps it archived.
    let mut d = store.case(gone).unwrap().data;
    d.title = "Reembolso (cerrado)".into();
    d.archived = None;
    let revised = store.revise_case(gone, d, "título").unwrap();
    assert!(revised.data.is_archived());
    assert!(store.case(gone).unwrap().data.is_archived());
    assert_eq!(store.case_summaries().unwrap().len(), 1);

    // Twice is refused by field; a reason is required.
    let e = store.archive_case(gone, "otra vez").unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().contains("case.archived"), "{e}");
    let e = store.unarchive_case(gone, "   ").unwrap_err();
    assert_eq!(e.code(), "invalid");
    let e = store.unarchive_case(kept, "no estaba").unwrap_err();
    assert!(e.to_string().contains("not archived"), "{e}");

    // Unarchive: back in the list, one more revision, still verifying.
    let back = store
        .unarchive_case(gone, "La empresa volvió a fallar")
        .unwrap();
    assert!(!back.data.is_archived());
    assert_eq!(store.case_summaries().unwrap().len(), 2);
    assert!(store.case_summaries_in(true).unwrap().is_empty());
    let history = store.history(gone).unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history[3].meta.reason, "La empresa volvió a fallar");
    assert!(history[3].body.get("archived").is_none());
    assert!(store.verify_all().unwrap().iter().all(|r| r.ok));

    // And it survives a reopen.
    store.archive_case(gone, "otra vez archivado").unwrap();
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.case_summaries().unwrap().len(), 1);
    assert_eq!(store.case_summaries_in(true).unwrap()[0].id, gone);
}

#[test]
fn an_archived_case_leaves_search_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let kept = store.load_demo().unwrap();
    let gone = store.load_demo().unwrap();
    let cases_of = |store: &Store, word: &str| {
        let mut ids: Vec<_> = store
            .search(word)
            .unwrap()
            .iter()
            .filter_map(|h| h.case_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let both = {
        let mut v = vec![kept, gone];
        v.sort();
        v
    };
    // Both sample cases are about a refund.
    let word = "reembolso";
    assert_eq!(cases_of(&store, word), both);
    store.archive_case(gone, "Resuelto").unwrap();
    assert_eq!(cases_of(&store, word), vec![kept]);
    store.unarchive_case(gone, "Volvió a fallar").unwrap();
    assert_eq!(cases_of(&store, word), both);
}
