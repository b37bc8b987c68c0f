//! Writes the sample dossiers: `cargo run -p expediente-dossier --example sample -- OUT_DIR [ATTEMPTS]`.
//! Produces `es.pdf`, `en.pdf`, `es-letter.pdf`, the samples as imported from a file
//! (`es-imported.pdf`, `en-imported.pdf`) and, with ATTEMPTS, `many.pdf`.

use expediente_core::{stats, Lang};
use expediente_dossier::{render, sample, NoFiles, Paper, RenderOptions};

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
