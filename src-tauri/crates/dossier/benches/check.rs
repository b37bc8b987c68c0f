//! Check benchmark: `cargo bench -p expediente-dossier --bench check [-- SIZES...]`.
//! Builds a temporary store with the demo case plus N attempts (the render bench's long
//! attempts), exports an archival dossier of it, then times `check_dossier` on it: reading
//! the embedded data, verifying its chain, re-rendering and comparing page by page.
//! Target (release): 1,000 attempts ≤ 400 ms.

use std::time::Instant;

use expediente_core::store::Store;
use expediente_dossier::archive::{render_archival, Embed};
use expediente_dossier::check::check_dossier;
use expediente_dossier::{sample, Paper, RenderOptions};

fn dossier(n: usize) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("data"))?;
    let id = store.load_demo()?;
    for a in sample::with_attempts(n).attempts {
        store.log_attempt(id, a.data)?;
    }
    let export = serde_json::to_vec_pretty(&store.export_case(id)?)?;
    let bundle = store.bundle(id)?;
    let generated_at = sample::generated_at();
    let stats = expediente_core::stats::for_case(&bundle.case.data, &bundle.attempts, generated_at);
    let opts = RenderOptions {
        paper: Paper::A4,
        generated_at,
    };
    let files = |sha: &str| store.read_evidence(sha).ok();
    let embed = Embed {
        export_json: export,
        evidence_limit: None,
        cover_stamp: Default::default(),
    };
    Ok(render_archival(&bundle, &stats, &opts, &files, &embed)?)
}

/// The target for `n` attempts (release build), if there is one.
fn target_ms(n: usize) -> Option<f64> {
    (n == 1_000).then_some(400.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo test --all-targets` runs a bench's `main` too, without `--bench`: measuring
    // belongs to `cargo bench` (which passes it), never to the test run.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!(
            "check bench: not run (run it with `cargo bench -p expediente-dossier --bench check`)"
        );
        return Ok(());
    }
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![1_000];
    }
    for n in sizes {
        let pdf = dossier(n)?;
        let mut best = f64::MAX;
        let mut pages = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let c = check_dossier(&pdf)?;
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            if !c.ok {
                return Err(format!("the fresh dossier failed its check: {:?}", c.problems).into());
            }
            pages = c.pages.pages_in_file;
        }
        let target = match target_ms(n) {
            Some(t) => format!(
                "  (target ≤ {t:.0} ms) {}",
                if best <= t { "ok" } else { "MISSED" }
            ),
            None => String::new(),
        };
        println!(
            "{n:>6} attempts  check {best:>7.1} ms (best of 5)  {pages:>4} pages  {:>6} KB{target}",
            pdf.len() / 1024
        );
    }
    Ok(())
}
