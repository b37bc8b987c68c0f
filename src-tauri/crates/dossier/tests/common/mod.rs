//! Helpers shared by the dossier's integration tests: rendering a bundle to a temporary
//! file and running the poppler / qpdf tools on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use expediente_core::{stats, CaseBundle};
use expediente_dossier::{render, EvidenceSource, Paper, RenderOptions};

pub fn opts(paper: Paper) -> RenderOptions {
    RenderOptions {
        paper,
        generated_at: expediente_dossier::sample::generated_at(),
    }
}

pub fn render_bytes(b: &CaseBundle, paper: Paper, files: &dyn EvidenceSource) -> Vec<u8> {
    let o = opts(paper);
    let s = stats::compute(&b.attempts, o.generated_at);
    render(b, &s, &o, files).expect("render")
}

pub struct Rendered {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub fn render_file(b: &CaseBundle, paper: Paper, files: &dyn EvidenceSource) -> Rendered {
    let bytes = render_bytes(b, paper, files);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dossier.pdf");
    std::fs::write(&path, &bytes).expect("write pdf");
    Rendered { dir, path, bytes }
}

/// Runs a tool, failing the test with its output if it fails.
pub fn run(cmd: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(pdf)
        .args(if cmd == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{cmd} could not run (install poppler-utils / qpdf): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Text in content-stream order (`pdftotext -raw`), pages separated by form feeds.
pub fn text(pdf: &Path) -> String {
    run("pdftotext", &["-raw", "-enc", "UTF-8"], pdf)
}

/// Asserts each needle occurs in `hay`, in order, ignoring whitespace (lines wrap anywhere).
pub fn assert_in_order(hay: &str, needles: &[String]) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let hay = squeeze(hay);
    let mut from = 0;
    for n in needles {
        let n2 = squeeze(n);
        if n2.is_empty() {
            continue;
        }
        match hay[from..].find(&n2) {
            Some(pos) => from += pos + n2.len(),
            None => panic!(
                "{n:?} not found in order after byte {from}; following text: {:?}",
                &hay[from..hay.len().min(from + 400)]
            ),
        }
    }
}

/// Whitespace runs (line wraps included) collapsed to one space: words stay exact.
pub fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
