//! Trusted time in the CLI: `export --pdf … --tsa URL` stamps the new dossier (a TSA that
//! fails leaves it exported, unstamped, with a warning and a cover that says so),
//! `stamp FILE.pdf --tsa URL` stamps an existing dossier, and `verify --dossier` reads the
//! stamp back. Only a SHA-256 hash and a nonce are sent to a TSA, and only with `--tsa`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use expediente_dossier::from_store::Prepared;
use expediente_dossier::stamp::{
    check_doc_timestamp, stamp_pdf, DocTimestamp, DocTimestampState, StampPdfError,
};
use expediente_dossier::{CoverStamp, Paper};
use expediente_timestamp::{parse_certificates, Certificate, Client, Stamp};

use crate::args::{StampArgs, TsaArgs};
use crate::error::{exit, CliError, CliResult};
use crate::output::{self, line};

/// The trust anchors in `--tsa-ca` files.
pub fn anchors(files: &[PathBuf]) -> CliResult<Vec<Certificate>> {
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| CliError::file(f, e))?;
        let certs = parse_certificates(&bytes).map_err(|e| {
            CliError::invalid(
                "tsa_ca",
                "invalid",
                format!("{}: not a certificate: {e}", f.display()),
            )
        })?;
        out.extend(certs);
    }
    Ok(out)
}

fn client(t: &TsaArgs) -> CliResult<Client> {
    for url in &t.tsa {
        if !url.starts_with("http://") {
            return Err(CliError::invalid(
                "tsa",
                "invalid",
                format!("{url}: a TSA URL must start with http:// (its answer is signed, so no TLS is needed)"),
            ));
        }
    }
    if !(t.tsa_timeout.is_finite() && t.tsa_timeout > 0.0 && t.tsa_timeout <= 600.0) {
        return Err(CliError::invalid(
            "tsa_timeout",
            "invalid",
            format!("{}: must be between 0 and 600 seconds", t.tsa_timeout),
        ));
    }
    Ok(Client {
        urls: t.tsa.clone(),
        timeout: Duration::from_secs_f64(t.tsa_timeout),
        anchors: anchors(&t.tsa_ca)?,
    })
}

fn stamped_line(s: &Stamp) -> String {
    format!(
        "timestamped by {} (serial {}) at {}",
        s.tsa_name,
        s.serial,
        s.gen_time.to_rfc3339()
    )
}

fn warn(e: &StampPdfError) {
    eprintln!(
        "warning: the dossier was exported WITHOUT a third-party timestamp: {}",
        e.message(false)
    );
    eprintln!(
        "aviso: el expediente se exportó SIN sello de tiempo de un tercero: {}",
        e.message(true)
    );
}

/// Renders the dossier; with `--tsa`, stamps it, and on failure renders it again with a
/// cover that says it has no third-party timestamp (exported all the same).
pub fn render_pdf(
    prepared: &Prepared,
    paper: Paper,
    generated_at: DateTime<FixedOffset>,
    limit: Option<u64>,
    t: &TsaArgs,
    json: bool,
) -> CliResult<Vec<u8>> {
    let render = |cover| {
        prepared
            .render_as(paper, generated_at, limit, cover)
            .map_err(crate::run::dossier_error)
    };
    if t.tsa.is_empty() {
        return render(CoverStamp::NotRequested);
    }
    let client = client(t)?;
    let bytes = render(CoverStamp::Stamped)?;
    match stamp_pdf(&bytes, &client) {
        Ok((stamped, stamp)) => {
            if !json {
                line(&stamped_line(&stamp));
            }
            Ok(stamped)
        }
        Err(e) => {
            warn(&e);
            render(CoverStamp::Unstamped)
        }
    }
}

/// `stamp FILE.pdf --tsa URL [--out FILE]`: adds a document timestamp to an existing
/// dossier (an incremental update: the bytes before it stay as they are).
pub fn stamp_file(a: &StampArgs, json: bool) -> CliResult<u8> {
    let client = client(&a.tsa)?;
    let bytes = std::fs::read(&a.file).map_err(|e| CliError::file(&a.file, e))?;
    let out = a.out.clone().unwrap_or_else(|| a.file.clone());
    match stamp_pdf(&bytes, &client) {
        Ok((stamped, stamp)) => {
            crate::run::write_file(&out, &stamped)?;
            if json {
                output::json(&serde_json::json!({
                    "file": out,
                    "tsa": stamp.tsa_url,
                    "tsa_name": stamp.tsa_name,
                    "serial": stamp.serial,
                    "gen_time": stamp.gen_time,
                }))?;
            } else {
                line(&format!("{}: {}", out.display(), stamped_line(&stamp)));
            }
            Ok(exit::OK)
        }
        Err(StampPdfError::Pdf(e)) => Err(CliError::invalid(
            "file",
            "invalid",
            format!("{}: {e}", a.file.display()),
        )),
        Err(e) => Err(CliError {
            code: "tsa".into(),
            field: "tsa".into(),
            message: format!(
                "{}: not stamped, the file is unchanged: {}",
                a.file.display(),
                e
            ),
            errors: Vec::new(),
            exit: exit::FAILURE,
        }),
    }
}

/// The document timestamp of a dossier, for `verify --dossier`; `cover` is what the
/// dossier's cover claims. Returns the report and, when it does not hold, why.
pub fn check_pdf(
    pdf: &Path,
    bytes: &[u8],
    cover: CoverStamp,
    ca: &[PathBuf],
) -> CliResult<(DocTimestamp, Option<String>)> {
    let ts = check_doc_timestamp(bytes, &anchors(ca)?).map_err(|e| {
        CliError::invalid(
            "dossier",
            "not_a_dossier",
            format!("{}: {e}", pdf.display()),
        )
    })?;
    let problem = match ts.state {
        DocTimestampState::Valid => None,
        DocTimestampState::None if cover == CoverStamp::Stamped => Some(
            "timestamp_missing: the cover says the PDF carries a document timestamp, and it has none (removed?)"
                .to_string(),
        ),
        DocTimestampState::None => None,
        DocTimestampState::Broken | DocTimestampState::ModifiedAfter => Some(format!(
            "{}: {}",
            ts.code.as_deref().unwrap_or("timestamp"),
            ts.problem.as_deref().unwrap_or("the timestamp does not hold")
        )),
    };
    Ok((ts, problem))
}

/// One line for `verify --dossier`'s text output; `anchored`: whether the TSA was checked
/// against `--tsa-ca` (without it, anyone's home-made TSA would verify too).
pub fn print_timestamp(ts: &DocTimestamp, anchored: bool) {
    let who = || {
        format!(
            "TSA {}, serial {}, time {}",
            ts.tsa_name.as_deref().unwrap_or("unknown"),
            ts.serial.as_deref().unwrap_or("unknown"),
            ts.gen_time
                .map(|t| t.to_rfc3339())
                .unwrap_or_else(|| "unknown".into())
        )
    };
    match ts.state {
        DocTimestampState::None => line("--      timestamp: no timestamp (no third-party time)"),
        DocTimestampState::Valid => line(&format!(
            "ok      timestamp: RFC 3161 document timestamp valid, document not modified since ({}){}",
            who(),
            if anchored {
                "; the TSA chains to a trusted CA"
            } else {
                "; the TSA was not checked against a trusted CA (--tsa-ca FILE.pem)"
            }
        )),
        DocTimestampState::ModifiedAfter | DocTimestampState::Broken => line(&format!(
            "BROKEN  timestamp: {} ({})",
            ts.problem.as_deref().unwrap_or("does not hold"),
            who()
        )),
    }
}
