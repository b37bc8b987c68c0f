//! Stamp benchmark: `cargo bench -p expediente-dossier --bench stamp [-- SIZES...]`.
//! The time an RFC 3161 document timestamp adds to an export, against the local test TSA
//! (127.0.0.1, ECDSA P-256): the incremental update with its placeholder, the SHA-256 of
//! the signed range, the HTTP round trip, the token's checks and the patch. Compared with
//! the render of the same archival dossier (the demo case plus N attempts). Median of 5.

use std::time::Instant;

use expediente_dossier::archive::{render_archival, Embed};
use expediente_dossier::stamp::stamp_pdf;
use expediente_dossier::{sample, CoverStamp, Paper, RenderOptions};
use expediente_timestamp::test_tsa::{Mode, TestCa};
use expediente_timestamp::Client;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!(
            "stamp bench: not run (run it with `cargo bench -p expediente-dossier --bench stamp`)"
        );
        return Ok(());
    }
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![100, 1_000];
    }
    let ca = TestCa::new("Bench CA");
    let server = ca.tsa("Bench TSA").serve(Mode::Good);
    let client = Client::new(vec![server.url.clone()]);
    for n in sizes {
        let b = sample::with_attempts(n);
        let opts = RenderOptions {
            paper: Paper::A4,
            generated_at: sample::generated_at(),
        };
        let stats = expediente_core::stats::compute(&b.attempts, opts.generated_at);
        let embed = Embed {
            export_json: serde_json::to_vec_pretty(&b)?,
            evidence_limit: None,
            cover_stamp: CoverStamp::Stamped,
        };
        let (mut render_ms, mut stamp_ms) = (Vec::new(), Vec::new());
        let mut sizes_kb = (0, 0);
        for _ in 0..5 {
            let t = Instant::now();
            let pdf = render_archival(&b, &stats, &opts, &sample::SampleFiles, &embed)?;
            render_ms.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let (stamped, _) = stamp_pdf(&pdf, &client)?;
            stamp_ms.push(t.elapsed().as_secs_f64() * 1e3);
            sizes_kb = (pdf.len() / 1024, stamped.len() / 1024);
        }
        let (r, s) = (median(render_ms), median(stamp_ms));
        println!(
            "{n:>6} attempts: render {r:.1} ms, stamp +{s:.1} ms ({:.0}% of the render), {} KB -> {} KB",
            100.0 * s / r,
            sizes_kb.0,
            sizes_kb.1
        );
    }
    Ok(())
}
