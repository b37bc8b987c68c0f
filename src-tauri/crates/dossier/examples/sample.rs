//! Writes the sample dossiers: `cargo run -p expediente-dossier --example sample -- OUT_DIR [ATTEMPTS]`.
//! Produces `es.pdf`, `en.pdf`, `es-letter.pdf`, the archival `es-archival.pdf` (PDF/A-3b
//! with the evidence attached; the "export" attached is the bundle's JSON, a stand-in),
//! its PDF/A-1b twin `es-pdfa1b.pdf`, `es-archival-limit.pdf` (an 8 KB limit leaves the
//! JPEG out), the samples as imported from a file (`es-imported.pdf`, `en-imported.pdf`)
//! and, with ATTEMPTS, `many.pdf`.

use expediente_core::{stats, Lang};
use expediente_dossier::archive::{render_archival_as, Conformance};
use expediente_dossier::{render, sample, Embed, NoFiles, Paper, RenderOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let many: Option<usize> = args.next().map(|n| n.parse()).transpose()?;
    let at = sample::generated_at();
    let opts = |paper| RenderOptions {
        paper,
        generated_at: at,
    };
    let es = sample::spanish_case();
    let s = stats::compute(&es.attempts, at);
    std::fs::write(
        out.join("es.pdf"),
        render(&es, &s, &opts(Paper::A4), &sample::SampleFiles)?,
    )?;
    std::fs::write(
        out.join("es-letter.pdf"),
        render(&es, &s, &opts(Paper::Letter), &sample::SampleFiles)?,
    )?;
    let export_json = serde_json::to_vec_pretty(&es)?;
    for (name, level, evidence_limit) in [
        ("es-archival.pdf", Conformance::PdfA3b, None),
        ("es-pdfa1b.pdf", Conformance::PdfA1b, None),
        ("es-archival-limit.pdf", Conformance::PdfA3b, Some(8 * 1024)),
    ] {
        let embed = Embed {
            export_json: export_json.clone(),
            evidence_limit,
            cover_stamp: Default::default(),
        };
        let pdf = render_archival_as(
            &es,
            &s,
            &opts(Paper::A4),
            &sample::SampleFiles,
            &embed,
            level,
        )?;
        std::fs::write(out.join(name), pdf)?;
    }
    let en = sample::english_case();
    let s = stats::compute(&en.attempts, at);
    std::fs::write(
        out.join("en.pdf"),
        render(&en, &s, &opts(Paper::Letter), &NoFiles)?,
    )?;
    for (name, lang, paper) in [
        ("es-imported.pdf", Lang::Es, Paper::A4),
        ("en-imported.pdf", Lang::En, Paper::Letter),
    ] {
        let b = sample::imported_case(lang);
        let s = stats::compute(&b.attempts, at);
        std::fs::write(
            out.join(name),
            render(&b, &s, &opts(paper), &sample::SampleFiles)?,
        )?;
    }
    if let Some(n) = many {
        let b = sample::with_attempts(n);
        let s = stats::compute(&b.attempts, at);
        std::fs::write(
            out.join("many.pdf"),
            render(&b, &s, &opts(Paper::A4), &sample::SampleFiles)?,
        )?;
    }
    Ok(())
}
