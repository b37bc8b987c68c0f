//! The findings of a dossier check and how each is worded: the document information's
//! fingerprint entries and the render manifest against the embedded export, the embedded
//! files against the export's evidence records, and the page comparison's result.

use std::collections::{HashMap, HashSet};

use expediente_core::exchange::CaseExport;
use expediente_core::CaseBundle;
use serde::{Deserialize, Serialize};

use super::pages::PageReport;
use super::{sha256_hex, DossierCheck, EXPORT_NAME};
use crate::archive::text;
use crate::{Attachment, RenderManifest, FINGERPRINT_KEYWORD};

/// One thing wrong with a dossier. `code` is stable: `page_differs`, `page_missing`,
/// `page_extra`, `attachment_changed`, `attachment_missing`, `attachment_extra`,
/// `metadata_mismatch`, `other_renderer`, `no_embedded_data`, `export_broken`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierProblem {
    pub code: String,
    /// 1-based page number, for page problems.
    pub page: Option<u32>,
    /// The embedded file concerned, for attachment (and embedded data) problems.
    pub file_name: Option<String>,
    /// What is wrong, in English, for advocates.
    pub detail: String,
}

/// The embedded files against the export's evidence records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentFindings {
    /// Embedded evidence files whose bytes hash to a record's SHA-256.
    pub verified: u32,
    /// Evidence the dossier left out on purpose (over the size limit), by SHA-256.
    pub omitted: Vec<String>,
    /// Evidence records with no embedded file (by original name).
    pub missing: Vec<String>,
    /// Embedded files no evidence record accounts for.
    pub extra: Vec<String>,
    /// Embedded files whose bytes no longer hash to what the record or the file's own
    /// `/ExpedienteSHA256` says.
    pub changed: Vec<String>,
}

/// Where the pages stand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFindings {
    /// Whether the pages were compared with a fresh rendering of the embedded data.
    pub compared: bool,
    pub first_differing_page: Option<u32>,
    pub pages_in_file: u32,
    /// Pages the embedded data renders to, when compared.
    pub pages_expected: Option<u32>,
}

/// The fingerprint entries of the document information and the render manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataFindings {
    /// `/Identifier` in the document information.
    pub identifier: Option<String>,
    /// The `expediente-fingerprint:` keyword.
    pub keyword_fingerprint: Option<String>,
    /// The case and fingerprint `/ExpedienteRender` names.
    pub manifest_case_id: Option<String>,
    pub manifest_fingerprint: Option<String>,
    /// The entries that disagree with the embedded export.
    pub mismatches: Vec<String>,
}

fn info_dict(doc: &lopdf::Document) -> Option<&lopdf::Dictionary> {
    let info = doc.trailer.get(b"Info").ok()?;
    match doc.dereference(info) {
        Ok((_, lopdf::Object::Dictionary(d))) => Some(d),
        _ => None,
    }
}

/// The fingerprint entries as the file has them (not yet compared).
pub(super) fn read_metadata(doc: &lopdf::Document) -> MetadataFindings {
    let mut m = MetadataFindings::default();
    if let Some(info) = info_dict(doc) {
        m.identifier = info.get(b"Identifier").ok().and_then(text);
        m.keyword_fingerprint = info.get(b"Keywords").ok().and_then(text).and_then(|k| {
            k.split(',').find_map(|kw| {
                kw.trim()
                    .strip_prefix(FINGERPRINT_KEYWORD)
                    .map(|f| f.trim().to_string())
            })
        });
    }
    m
}

/// Compares the document information and the manifest with the embedded export.
pub(super) fn metadata(
    c: &mut DossierCheck,
    manifest: &RenderManifest,
    export: &CaseExport,
    bundle: Option<&CaseBundle>,
) {
    c.metadata.manifest_case_id = Some(manifest.case_id.to_string());
    c.metadata.manifest_fingerprint = Some(manifest.fingerprint.clone());
    let case_id = export.case_id.to_string();
    let mut wrong: Vec<(String, String)> = Vec::new();
    if manifest.case_id.to_string() != case_id {
        wrong.push((
            "/ExpedienteRender case_id".into(),
            format!(
                "the render manifest names case {} but the embedded data is case {case_id}",
                manifest.case_id
            ),
        ));
    }
    let Some(b) = bundle else {
        record(c, wrong);
        return;
    };
    let fp = b.fingerprint.as_str();
    let says = |what: &str, value: &Option<String>| -> Option<(String, String)> {
        match value {
            Some(v) if v.trim().eq_ignore_ascii_case(fp) => None,
            Some(v) => Some((
                what.to_string(),
                format!("{what} gives fingerprint {v} but the embedded data of case {case_id} gives {fp}"),
            )),
            None => Some((
                what.to_string(),
                format!("{what} is missing; the embedded data of case {case_id} gives fingerprint {fp}"),
            )),
        }
    };
    wrong.extend(says("/Identifier", &c.metadata.identifier));
    wrong.extend(says(
        "the keyword fingerprint",
        &c.metadata.keyword_fingerprint,
    ));
    wrong.extend(says(
        "/ExpedienteRender fingerprint",
        &Some(manifest.fingerprint.clone()),
    ));
    for (what, got, want) in [
        ("chain_head", &manifest.chain_head, &b.chain_head),
        ("claimant_link", &manifest.claimant_link, &b.claimant_link),
        ("company_link", &manifest.company_link, &b.company_link),
    ] {
        if got != want {
            wrong.push((
                format!("/ExpedienteRender {what}"),
                format!("the render manifest's {what} is {got} but the embedded data gives {want}"),
            ));
        }
    }
    if manifest.chain_len != b.chain_len {
        wrong.push((
            "/ExpedienteRender chain_len".into(),
            format!(
                "the render manifest counts {} records but the embedded data has {}",
                manifest.chain_len, b.chain_len
            ),
        ));
    }
    record(c, wrong);
}

fn record(c: &mut DossierCheck, wrong: Vec<(String, String)>) {
    for (what, detail) in wrong {
        c.metadata.mismatches.push(what);
        c.problem("metadata_mismatch", None, None, detail);
    }
}

/// Compares the embedded files with the export's evidence records: every record not
/// omitted on purpose must have a file whose bytes hash to the record's SHA-256, and each
/// file's bytes must hash to what it declares. Without a rebuilt case (its data is
/// broken) only the files' own declarations are checked.
pub(super) fn attachments(
    c: &mut DossierCheck,
    files: &[Attachment],
    by_sha: &HashMap<String, usize>,
    bundle: Option<&CaseBundle>,
    manifest: &RenderManifest,
) {
    let omitted: HashSet<&str> = manifest
        .omitted_evidence
        .iter()
        .map(String::as_str)
        .collect();
    let actual: Vec<String> = files.iter().map(|f| sha256_hex(&f.bytes)).collect();
    // A file is accounted for once it is the export, matches a record, or was reported.
    let mut accounted: Vec<bool> = files.iter().map(|f| f.name == EXPORT_NAME).collect();
    let mut changed = vec![false; files.len()];
    for (i, f) in files.iter().enumerate() {
        let detail = match &f.sha256_declared {
            Some(d) if d.trim().eq_ignore_ascii_case(&actual[i]) => continue,
            Some(d) => format!(
                "embedded file {:?} declares SHA-256 {} but its bytes hash to {}",
                f.name,
                d.trim(),
                actual[i]
            ),
            None => format!(
                "embedded file {:?} declares no SHA-256 (/ExpedienteSHA256)",
                f.name
            ),
        };
        changed[i] = true;
        accounted[i] = true;
        c.attachments.changed.push(f.name.clone());
        c.problem("attachment_changed", None, Some(&f.name), detail);
    }
    let Some(bundle) = bundle else {
        return;
    };
    let mut seen: HashSet<&str> = HashSet::new();
    for ev in &bundle.evidence {
        let sha = ev.data.sha256.as_str();
        if !seen.insert(sha) {
            continue;
        }
        if omitted.contains(sha) {
            c.attachments.omitted.push(sha.to_string());
            continue;
        }
        if let Some(&i) = by_sha.get(sha).filter(|&&i| files[i].name != EXPORT_NAME) {
            accounted[i] = true;
            if !changed[i] {
                c.attachments.verified += 1;
            }
            continue;
        }
        // No file holds these bytes: a file that claims to be this evidence (by its
        // declared hash or its name) was changed; otherwise the evidence is missing.
        let claims = |i: &usize| {
            let f = &files[*i];
            f.name != EXPORT_NAME
                && !by_sha
                    .get(&actual[*i])
                    .is_some_and(|_| bundle.evidence.iter().any(|e| e.data.sha256 == actual[*i]))
                && (f
                    .sha256_declared
                    .as_deref()
                    .is_some_and(|d| d.trim().eq_ignore_ascii_case(sha))
                    || f.name == ev.data.original_name)
        };
        match (0..files.len()).find(claims) {
            Some(i) => {
                accounted[i] = true;
                if !changed[i] {
                    changed[i] = true;
                    let f = &files[i];
                    c.attachments.changed.push(f.name.clone());
                    c.problem(
                        "attachment_changed",
                        None,
                        Some(&f.name),
                        format!(
                            "embedded file {:?} should be evidence {:?} with SHA-256 {sha}, but its bytes hash to {}",
                            f.name, ev.data.original_name, actual[i]
                        ),
                    );
                }
            }
            None => {
                c.attachments.missing.push(ev.data.original_name.clone());
                c.problem(
                    "attachment_missing",
                    None,
                    Some(&ev.data.original_name),
                    format!(
                        "evidence {:?} (SHA-256 {sha}) is neither embedded nor listed as left out",
                        ev.data.original_name
                    ),
                );
            }
        }
    }
    for (i, f) in files.iter().enumerate() {
        if !accounted[i] {
            c.attachments.extra.push(f.name.clone());
            c.problem(
                "attachment_extra",
                None,
                Some(&f.name),
                format!(
                    "embedded file {:?} (SHA-256 {}) is not evidence of this case",
                    f.name, actual[i]
                ),
            );
        }
    }
}

/// Words the page comparison's result as problems.
pub(super) fn pages(c: &mut DossierCheck, report: &PageReport) {
    let expected = c.pages.pages_expected.unwrap_or(0);
    let in_file = c.pages.pages_in_file;
    let mut first: Option<u32> = None;
    for &p in &report.missing {
        c.problem(
            "page_missing",
            Some(p),
            None,
            format!("page {p} of {expected} is missing: the file has {in_file} pages"),
        );
        first = Some(first.map_or(p, |f| f.min(p)));
    }
    for &p in &report.extra {
        c.problem(
            "page_extra",
            Some(p),
            None,
            format!("page {p} of the file is not part of the dossier ({expected} pages expected, the file has {in_file})"),
        );
        first = Some(first.map_or(p, |f| f.min(p)));
    }
    for (p, diff) in &report.differs {
        c.problem(
            "page_differs",
            Some(*p),
            None,
            format!(
                "page {p} is not what the embedded data renders to: {}",
                diff.describe()
            ),
        );
        first = Some(first.map_or(*p, |f| f.min(*p)));
    }
    c.pages.first_differing_page = first;
    // The first page problem comes first.
    let start = c
        .problems
        .iter()
        .position(|p| p.code.starts_with("page_"))
        .unwrap_or(c.problems.len());
    c.problems[start..].sort_by_key(|p| p.page);
}
