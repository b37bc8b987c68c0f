//! The integrity page: the case fingerprint, the chain's length, each import in plain
//! words, every correction with its reason, and how to verify the dossier in numbered
//! steps that claim nothing `expediente-cli verify --dossier` does not check.

use std::collections::HashMap;

use expediente_core::{CaseBundle, Id, Lang, RecordKind};

use super::{hash_span, kv, kv_table, kv_value_width, or_empty, BODY, H1, H2, TABLE};
use crate::i18n::{self, Labels};
use crate::layout::{Layout, Span, TableSpec};

pub(super) fn integrity(
    lay: &mut Layout,
    b: &CaseBundle,
    attempt_no: &HashMap<Id, u32>,
    l: &Labels,
    lang: Lang,
) {
    lay.fresh_page();
    lay.section(l.integrity, H1, 40.0);
    let (fonts, hash_w) = (lay.fonts, kv_value_width(lay));
    kv_table(
        lay,
        vec![
            vec![
                vec![Span::muted(l.chain_head)],
                vec![hash_span(fonts, &b.fingerprint, BODY, hash_w)],
            ],
            vec![
                vec![Span::muted(l.chain_last_link)],
                vec![hash_span(fonts, &b.chain_head, BODY, hash_w)],
            ],
            kv(l.chain_len, i18n::count(u64::from(b.chain_len))),
        ],
    );
    imports(lay, b, l, lang);
    lay.space(6.0);
    lay.heading(l.corrections, H2, 30.0);
    if b.corrections.is_empty() {
        lay.paragraph(Span::regular(l.no_corrections), BODY);
    } else {
        let spec = TableSpec {
            headers: vec![
                l.col_record,
                l.col_revision,
                l.col_recorded,
                l.col_previous,
                l.col_reason,
            ],
            widths: vec![17.0, 10.0, 20.0, 20.0, 33.0],
            size: TABLE,
            show_header: true,
            zebra: true,
        };
        let rows = b.corrections.iter().map(|r| {
            let mut record = vec![Span::bold(i18n::record_kind(lang, r.kind))];
            if r.kind == RecordKind::Attempt {
                if let Some(n) = attempt_no.get(&r.meta.id) {
                    record.push(Span::regular(format!("#{n}")));
                }
            }
            record.push(Span::muted(r.meta.id.to_string()));
            // An imported correction's times, and its previous version's (written before
            // it, so imported too), are the ones the file declares.
            let declared = || Span::muted(l.per_imported_file);
            let mut prev = r
                .previous_recorded_at
                .map(|t| vec![Span::regular(i18n::instant_utc(lang, &t))])
                .unwrap_or_else(|| vec![Span::muted(l.unknown_previous)]);
            let mut recorded = vec![Span::regular(i18n::instant_utc(lang, &r.meta.recorded_at))];
            if let Some(at) = r.meta.imported_at {
                recorded.push(declared());
                recorded.push(Span::muted(format!(
                    "{} {}",
                    l.entered_store_on,
                    i18n::instant_utc(lang, &at)
                )));
                if r.previous_recorded_at.is_some() {
                    prev.push(declared());
                }
            }
            vec![
                record,
                vec![Span::regular(r.meta.revision.to_string())],
                recorded,
                prev,
                vec![Span::regular(or_empty(&r.meta.reason))],
            ]
        });
        lay.table(&spec, rows, l.continued);
    }
    how_to_verify(lay, b, l);
    if lay.replaced > 0 {
        lay.space(4.0);
        lay.paragraph(Span::muted(l.replaced_chars_note), BODY);
    }
}

/// Each import of the case's chain in plain words: which records came from a file, when,
/// that their recorded times are the file's, and the file's SHA-256. Nothing without imports.
fn imports(lay: &mut Layout, b: &CaseBundle, l: &Labels, lang: Lang) {
    if b.imports.is_empty() {
        return;
    }
    lay.space(6.0);
    lay.heading(l.imports, H2, 40.0);
    for (i, mark) in b.imports.iter().enumerate() {
        if i > 0 {
            lay.space(4.0);
        }
        let sentence = i18n::import_sentence(lang, mark.records, &mark.imported_at);
        // Keep the sentence with its hash line.
        lay.ensure(4.0 * Layout::line_height(BODY));
        lay.paragraph(Span::regular(sentence), BODY);
        let (fonts, hash_w) = (lay.fonts, kv_value_width(lay));
        kv_table(
            lay,
            vec![vec![
                vec![Span::muted(l.import_file_sha)],
                vec![hash_span(fonts, &mark.file_sha256, BODY, hash_w)],
            ]],
        );
    }
}

/// One piece of a numbered step: running text, a command set apart on its own line, or
/// a command beside the system it is for.
enum Part<'a> {
    Text(&'a str),
    Command(&'a str),
    ForSystem(&'a str, &'a str),
}

/// "How to verify this dossier": what the chain and the fingerprint are, then the steps a
/// clerk can follow: the attachments, an evidence file's SHA-256, `verify --dossier` with the
/// PDF alone and with the person's data, and what no check can show (the clock).
fn how_to_verify(lay: &mut Layout, b: &CaseBundle, l: &Labels) {
    use Part::{Command, ForSystem, Text};
    lay.space(6.0);
    lay.heading(l.how_to_verify, H2, 40.0);
    lay.paragraph(Span::regular(l.verify_intro), BODY);
    let limits = if b.imports.is_empty() {
        l.verify_limits
    } else {
        l.verify_limits_imports
    };
    let steps: [&[Part]; 5] = [
        &[Text(l.verify_attachments)],
        &[
            Text(l.verify_hash),
            ForSystem(l.verify_hash_commands[0].0, l.verify_hash_commands[0].1),
            ForSystem(l.verify_hash_commands[1].0, l.verify_hash_commands[1].1),
            ForSystem(l.verify_hash_commands[2].0, l.verify_hash_commands[2].1),
            Text(l.verify_hash_match),
        ],
        &[
            Text(l.verify_alone),
            Command(l.verify_alone_command),
            Text(l.verify_alone_checks),
        ],
        &[Text(l.verify_data), Command(l.verify_data_command)],
        &[Text(limits)],
    ];
    for (i, parts) in steps.iter().enumerate() {
        lay.space(4.0);
        step(lay, i + 1, parts);
    }
}

/// Hanging indent of a step's text after its number.
const STEP_INDENT: f32 = 14.0;
/// Further indent of a command under a step's text.
const COMMAND_INDENT: f32 = 10.0;
/// Width of the system-name column before a system's command.
const SYSTEM_COLUMN: f32 = 50.0;

/// Step `n`: its number in the margin, its parts beside it; commands indented below.
fn step(lay: &mut Layout, n: usize, parts: &[Part]) {
    let lh = Layout::line_height(BODY);
    // Keep the number with at least two lines of its text.
    lay.ensure(2.0 * lh);
    let (left, width) = (lay.geo.left(), lay.geo.content_width());
    let top = lay.y;
    lay.paragraph_at(Span::bold(format!("{n}.")), BODY, left, STEP_INDENT);
    lay.y = top;
    for part in parts {
        match part {
            Part::Text(t) => lay.paragraph_at(
                Span::regular(*t),
                BODY,
                left + STEP_INDENT,
                width - STEP_INDENT,
            ),
            Part::Command(c) => {
                let indent = STEP_INDENT + COMMAND_INDENT;
                lay.space(2.0);
                lay.paragraph_at(Span::bold(*c), BODY, left + indent, width - indent);
                lay.space(2.0);
            }
            Part::ForSystem(system, c) => {
                // The system name in the margin of the command, on the same line.
                let x = left + STEP_INDENT + COMMAND_INDENT;
                lay.ensure(lh);
                let top = lay.y;
                lay.paragraph_at(Span::muted(*system), BODY, x, SYSTEM_COLUMN);
                lay.y = top;
                let x = x + SYSTEM_COLUMN;
                lay.paragraph_at(Span::bold(*c), BODY, x, lay.geo.right() - x);
            }
        }
    }
}
