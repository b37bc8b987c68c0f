//! The HTTP side: a request POSTed (`application/timestamp-query`) to each TSA URL in
//! turn, with a timeout; the first answer that passes every check wins.

use std::io::Read;
use std::time::Duration;

use der::Decode;
use x509_cert::Certificate;

use crate::check::{check_response, Stamp};
use crate::error::StampError;
use crate::request::build_request;

/// The most a TSA answer may weigh (real ones are a few KiB).
const MAX_ANSWER: u64 = 1 << 20;

/// Which TSAs to ask, how long to wait for each, and whom to trust.
#[derive(Debug, Clone)]
pub struct Client {
    /// TSA URLs (`http://…`), tried in order.
    pub urls: Vec<String>,
    /// How long one TSA may take to answer, connection included.
    pub timeout: Duration,
    /// Certificates a signer must chain to; empty: any signer whose token verifies.
    pub anchors: Vec<Certificate>,
}

/// Every TSA failed: what each one did wrong, in the order they were asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub attempts: Vec<(String, StampError)>,
}

impl Failure {
    /// One line per TSA, in Spanish or English.
    pub fn message(&self, spanish: bool) -> String {
        if self.attempts.is_empty() {
            return StampError::NoTsa.message(spanish);
        }
        self.attempts
            .iter()
            .map(|(url, e)| {
                let text = e.message(spanish);
                if text.starts_with(url.as_str()) {
                    text
                } else {
                    format!("{url}: {text}")
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for Failure {}

impl Client {
    /// A client for `urls` with the default 10 s timeout and no trust anchors.
    pub fn new(urls: Vec<String>) -> Client {
        Client {
            urls,
            timeout: Duration::from_secs(10),
            anchors: Vec::new(),
        }
    }

    /// Asks each TSA in turn for a stamp over `imprint` (a SHA-256 hash).
    pub fn stamp(&self, imprint: &[u8; 32]) -> Result<Stamp, Failure> {
        let mut attempts = Vec::new();
        for url in &self.urls {
            match self.ask(url, imprint) {
                Ok(stamp) => return Ok(stamp),
                Err(e) => attempts.push((url.clone(), e)),
            }
        }
        Err(Failure { attempts })
    }

    fn ask(&self, url: &str, imprint: &[u8; 32]) -> Result<Stamp, StampError> {
        let req = build_request(imprint)?;
        let agent = ureq::AgentBuilder::new().timeout(self.timeout).build();
        let answer = agent
            .post(url)
            .set("Content-Type", "application/timestamp-query")
            .set("Accept", "application/timestamp-reply")
            .send_bytes(&req.der);
        let resp = match answer {
            Ok(resp) => resp,
            Err(ureq::Error::Status(status, _)) => {
                return Err(StampError::HttpStatus {
                    tsa: url.to_string(),
                    status,
                })
            }
            Err(ureq::Error::Transport(t)) => return Err(self.transport(url, &t)),
        };
        let mut body = Vec::new();
        resp.into_reader()
            .take(MAX_ANSWER)
            .read_to_end(&mut body)
            .map_err(|e| self.io(url, &e))?;
        check_response(&body, &req, &self.anchors, url)
    }

    fn transport(&self, url: &str, t: &ureq::Transport) -> StampError {
        let io = std::error::Error::source(t).and_then(|s| s.downcast_ref::<std::io::Error>());
        match io {
            Some(e) => self.io(url, e),
            None => StampError::Down {
                tsa: url.to_string(),
                detail: t.to_string(),
            },
        }
    }

    fn io(&self, url: &str, e: &std::io::Error) -> StampError {
        match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => StampError::Timeout {
                tsa: url.to_string(),
                seconds: self.timeout.as_secs_f64().ceil() as u64,
            },
            _ => StampError::Down {
                tsa: url.to_string(),
                detail: e.to_string(),
            },
        }
    }
}

/// Reads trust anchors from a PEM file's contents (one or more certificates) or from one
/// DER certificate.
pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, StampError> {
    let unparseable = |e: der::Error| StampError::Unparseable {
        detail: format!("certificate: {e}"),
    };
    if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        let certs = Certificate::load_pem_chain(bytes).map_err(unparseable)?;
        if certs.is_empty() {
            return Err(StampError::Unparseable {
                detail: "no certificate in the PEM text".into(),
            });
        }
        Ok(certs)
    } else {
        Ok(vec![Certificate::from_der(bytes).map_err(unparseable)?])
    }
}
