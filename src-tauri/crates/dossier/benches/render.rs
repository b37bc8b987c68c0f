//! Render benchmark: `cargo bench -p expediente-dossier --bench render [-- SIZES...]`.
//! Renders the sample case with 100, 1,000 and 10,000 attempts (long fields that wrap over
//! several lines), each size in a fresh child process so peak memory (VmHWM) is its own.
//! Targets (release): 1,000 attempts < 250 ms, 10,000 < 2.5 s, peak < 150 MB.

use std::process::Command;
use std::time::Instant;

use expediente_core::stats;
use expediente_dossier::{render, sample, Paper, RenderOptions};

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

fn child(n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let bundle = sample::with_attempts(n);
    let opts = RenderOptions {
        paper: Paper::A4,
        generated_at: sample::generated_at(),
    };
    let st = stats::compute(&bundle.attempts, opts.generated_at);
    let (start, cpu0) = (Instant::now(), cpu_ms().unwrap_or(0.0));
    let pdf = render(&bundle, &st, &opts, &sample::SampleFiles)?;
    let elapsed = start.elapsed();
    let cpu = cpu_ms().unwrap_or(0.0) - cpu0;
    let page_count = lopdf_page_count(&pdf);
    println!(
        "{n:>6} attempts  {:>8.1} ms wall  {:>7.0} ms cpu  {:>5} pages  {:>8} KB  peak {:>6.1} MB",
        elapsed.as_secs_f64() * 1000.0,
        cpu,
        page_count,
        pdf.len() / 1024,
        vm_hwm_kb().unwrap_or(0) as f64 / 1024.0
    );
    Ok(())
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
        return child(n);
    }
    let mut sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000];
    }
    let exe = std::env::current_exe()?;
    for n in sizes {
        let status = Command::new(&exe)
            .args(["--child", &n.to_string()])
            .status()?;
        if !status.success() {
            return Err(format!("the child rendering {n} attempts failed: {status}").into());
        }
    }
    Ok(())
}
