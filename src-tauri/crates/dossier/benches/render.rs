//! Render benchmark: `cargo bench -p expediente-dossier --bench render [-- SIZES...]`.
//! Renders the sample case with 100, 1,000 and 10,000 attempts (long fields that wrap over
//! several lines), each size in a fresh child process so peak memory (VmHWM) is its own,
//! first as the plain dossier, then as the archival one (PDF/A-3b with the case JSON and
//! the evidence attached). `big` (run by default) adds one 100 MB evidence file to the
//! 100-attempt archival dossier, to show what embedding a large file costs.
//! Targets (release): archival 1,000 attempts ≤ 150 ms, 10,000 ≤ 1.0 s and ≤ 80 MB peak.

use std::process::Command;
use std::time::Instant;

use expediente_core::stats;
use expediente_dossier::archive::render_archival;
use expediente_dossier::{render, sample, Embed, EvidenceSource, Paper, RenderOptions};

fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time (user + system) this process has used, in milliseconds: steadier than wall
/// time on a shared machine.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (f.get(11)?.parse().ok()?, f.get(12)?.parse().ok()?);
    // Clock ticks are 100 per second on Linux.
    Some((utime + stime) * 10.0)
}

/// A 100 MB evidence file (incompressible bytes, as a video or photo would be).
const BIG: usize = 100 * 1024 * 1024;

fn big_file() -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..BIG)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn child(n: usize, mode: &str) -> Result<(), Box<dyn std::error::Error>> {
    let mut bundle = sample::with_attempts(n);
    let opts = RenderOptions {
        paper: Paper::A4,
        generated_at: sample::generated_at(),
    };
    let st = stats::compute(&bundle.attempts, opts.generated_at);
    let big = if mode == "big" {
        let bytes = big_file();
        let mut e = bundle.evidence[0].clone();
        e.data.sha256 = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&bytes))
        };
        e.data.size = bytes.len() as u64;
        e.data.original_name = "video-llamada.mp4".into();
        e.data.media_type = "video/mp4".into();
        bundle.evidence.push(e);
        Some(bytes)
    } else {
        None
    };
    let files = |h: &str| match &big {
        Some(b) if bundle.evidence.last().is_some_and(|e| e.data.sha256 == h) => Some(b.clone()),
        _ => sample::SampleFiles.read(h),
    };
    let hwm_before = vm_hwm_kb().unwrap_or(0) as f64 / 1024.0;
    let (start, cpu0) = (Instant::now(), cpu_ms().unwrap_or(0.0));
    let pdf = if mode == "plain" {
        render(&bundle, &st, &opts, &files)?
    } else {
        let embed = Embed {
            export_json: serde_json::to_vec_pretty(&bundle)?,
            evidence_limit: None,
            cover_stamp: Default::default(),
        };
        render_archival(&bundle, &st, &opts, &files, &embed)?
    };
    let elapsed = start.elapsed();
    let cpu = cpu_ms().unwrap_or(0.0) - cpu0;
    let page_count = lopdf_page_count(&pdf);
    let (wall, peak) = (
        elapsed.as_secs_f64() * 1000.0,
        vm_hwm_kb().unwrap_or(0) as f64 / 1024.0,
    );
    println!(
        "{mode:>8} {n:>6} attempts  {wall:>8.1} ms wall  {cpu:>7.0} ms cpu  {:>5} pages  {:>8} KB  peak {peak:>6.1} MB (before render {hwm_before:>6.1} MB){}",
        page_count,
        pdf.len() / 1024,
        verdict(mode, n, wall, peak),
    );
    Ok(())
}

/// The targets for this run (release build), met or missed; empty when it has none.
fn verdict(mode: &str, n: usize, wall_ms: f64, peak_mb: f64) -> String {
    let (max_ms, max_mb) = match (mode, n) {
        ("archival", 1_000) => (150.0, None),
        ("archival", 10_000) => (1_000.0, Some(80.0)),
        _ => return String::new(),
    };
    let ok = wall_ms <= max_ms && max_mb.is_none_or(|m| peak_mb <= m);
    let peak = max_mb.map_or(String::new(), |m| format!(", ≤ {m:.0} MB peak"));
    format!(
        "  (target ≤ {max_ms:.0} ms{peak}) {}",
        if ok { "ok" } else { "MISSED" }
    )
}

/// Number of page objects (`/Type/Page`, not `/Pages`) in the written file.
fn lopdf_page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        let n = args.get(pos + 1).ok_or("--child needs a size")?.parse()?;
        let mode = args.get(pos + 2).ok_or("--child needs a mode")?;
        return child(n, mode);
    }
    // `cargo test --all-targets` runs a bench's `main` too, without `--bench`: measuring
    // belongs to `cargo bench` (which passes it), never to the test run.
    if !args.iter().any(|a| a == "--bench") {
        eprintln!("render bench: not run (run it with `cargo bench -p expediente-dossier --bench render`)");
        return Ok(());
    }
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let big = args.iter().any(|a| a == "big") || sizes.is_empty();
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000];
    }
    let mut runs: Vec<(usize, &str)> = Vec::new();
    for mode in ["plain", "archival"] {
        runs.extend(sizes.iter().map(|&n| (n, mode)));
    }
    if big {
        runs.push((100, "archival"));
        runs.push((100, "big"));
    }
    let exe = std::env::current_exe()?;
    for (n, mode) in runs {
        let status = Command::new(&exe)
            .args(["--child", &n.to_string(), mode])
            .status()?;
        if !status.success() {
            return Err(
                format!("the child rendering {n} attempts ({mode}) failed: {status}").into(),
            );
        }
    }
    Ok(())
}
