//! What can go wrong with a time-stamping authority or one of its tokens: one typed error
//! per cause, each with a stable code and a message in Spanish and in English.

use thiserror::Error;

/// Why a TSA gave no usable stamp, or why a stored token does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StampError {
    /// No TSA was given: nothing is sent anywhere unless the user names one.
    #[error("no time-stamping authority given")]
    NoTsa,
    /// The TSA could not be reached (refused connection, unknown host, broken stream).
    #[error("{tsa}: not reachable ({detail})")]
    Down { tsa: String, detail: String },
    /// The TSA did not answer within the timeout.
    #[error("{tsa}: no answer within {seconds} s")]
    Timeout { tsa: String, seconds: u64 },
    /// The TSA answered with an HTTP error.
    #[error("{tsa}: HTTP status {status}")]
    HttpStatus { tsa: String, status: u16 },
    /// The TSA answered, but refused to stamp (PKIStatus rejection/waiting/revocation).
    #[error("{tsa}: refused to stamp ({detail})")]
    Refused { tsa: String, detail: String },
    /// The answer's nonce is not the one we sent: a replayed or mixed-up answer.
    #[error("the answer's nonce is not the one sent")]
    WrongNonce,
    /// The token stamps another hash (or the same bytes with another algorithm).
    #[error("the token stamps another hash: {detail}")]
    WrongImprint { detail: String },
    /// The token's CMS signature (or a certificate's) does not verify.
    #[error("bad signature: {detail}")]
    BadSignature { detail: String },
    /// The signer's certificate does not chain to any of the trusted certificates given,
    /// or lacks the critical time-stamping extended key usage.
    #[error("untrusted signer: {detail}")]
    Untrusted { detail: String },
    /// The signer's certificate was not valid at the stamp's time.
    #[error("the signer's certificate was not valid at {gen_time}: {detail}")]
    Expired { gen_time: String, detail: String },
    /// The answer or token is not well-formed DER of the expected structures.
    #[error("unreadable answer or token: {detail}")]
    Unparseable { detail: String },
}

impl StampError {
    /// Stable code for front ends and JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            StampError::NoTsa => "tsa_none",
            StampError::Down { .. } => "tsa_down",
            StampError::Timeout { .. } => "tsa_timeout",
            StampError::HttpStatus { .. } => "tsa_http_status",
            StampError::Refused { .. } => "tsa_refused",
            StampError::WrongNonce => "stamp_wrong_nonce",
            StampError::WrongImprint { .. } => "stamp_wrong_imprint",
            StampError::BadSignature { .. } => "stamp_bad_signature",
            StampError::Untrusted { .. } => "stamp_untrusted",
            StampError::Expired { .. } => "stamp_expired",
            StampError::Unparseable { .. } => "stamp_unparseable",
        }
    }

    /// The message in English (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Spanish.
    pub fn message_es(&self) -> String {
        match self {
            StampError::NoTsa => "no se indicó ninguna autoridad de sellado de tiempo".into(),
            StampError::Down { tsa, detail } => format!("{tsa}: no se pudo conectar ({detail})"),
            StampError::Timeout { tsa, seconds } => {
                format!("{tsa}: no respondió en {seconds} s")
            }
            StampError::HttpStatus { tsa, status } => {
                format!("{tsa}: respondió con el estado HTTP {status}")
            }
            StampError::Refused { tsa, detail } => {
                format!("{tsa}: se negó a sellar ({detail})")
            }
            StampError::WrongNonce => "el nonce de la respuesta no es el que se envió".into(),
            StampError::WrongImprint { detail } => {
                format!("el sello corresponde a otro hash: {detail}")
            }
            StampError::BadSignature { detail } => format!("firma no válida: {detail}"),
            StampError::Untrusted { detail } => format!("firmante no confiable: {detail}"),
            StampError::Expired { gen_time, detail } => {
                format!("el certificado del firmante no era válido en {gen_time}: {detail}")
            }
            StampError::Unparseable { detail } => {
                format!("respuesta o sello ilegible: {detail}")
            }
        }
    }

    /// The message in the language asked for (`true`: Spanish).
    pub fn message(&self, spanish: bool) -> String {
        if spanish {
            self.message_es()
        } else {
            self.message_en()
        }
    }
}

pub(crate) fn unparseable(what: &str, e: impl std::fmt::Display) -> StampError {
    StampError::Unparseable {
        detail: format!("{what}: {e}"),
    }
}
