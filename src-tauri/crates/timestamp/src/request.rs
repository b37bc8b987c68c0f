//! The RFC 3161 request: a SHA-256 message imprint, a fresh random nonce, and certReq so
//! the answer carries the TSA's certificate. Nothing else leaves the machine.

use const_oid::db::rfc5912::ID_SHA_256;
use der::asn1::{Int, OctetString, Uint};
use der::Encode;
use rand_core::{OsRng, RngCore};
use spki::AlgorithmIdentifierOwned;
use x509_tsp::{MessageImprint, TimeStampReq, TspVersion};

use crate::error::{unparseable, StampError};

/// A request ready to send, with what its answer must echo.
#[derive(Debug, Clone)]
pub struct Request {
    /// The DER bytes sent to the TSA (`application/timestamp-query`).
    pub der: Vec<u8>,
    /// The SHA-256 hash being stamped.
    pub imprint: [u8; 32],
    /// The nonce's content bytes as encoded (the answer must carry the same).
    pub nonce: Vec<u8>,
}

/// The message imprint of a SHA-256 hash.
pub(crate) fn sha256_imprint(imprint: &[u8; 32]) -> Result<MessageImprint, StampError> {
    Ok(MessageImprint {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: ID_SHA_256,
            parameters: None,
        },
        hashed_message: OctetString::new(imprint.to_vec())
            .map_err(|e| unparseable("imprint", e))?,
    })
}

/// Builds a request for `imprint` (a SHA-256 hash) with a random 64-bit nonce.
pub fn build_request(imprint: &[u8; 32]) -> Result<Request, StampError> {
    let mut raw = [0u8; 8];
    OsRng.fill_bytes(&mut raw);
    build_request_with_nonce(imprint, &raw)
}

pub(crate) fn build_request_with_nonce(
    imprint: &[u8; 32],
    nonce: &[u8],
) -> Result<Request, StampError> {
    let nonce = Int::from(Uint::new(nonce).map_err(|e| unparseable("nonce", e))?);
    let req = TimeStampReq {
        version: TspVersion::V1,
        message_imprint: sha256_imprint(imprint)?,
        req_policy: None,
        nonce: Some(nonce.clone()),
        cert_req: true,
        extensions: None,
    };
    Ok(Request {
        der: req.to_der().map_err(|e| unparseable("request", e))?,
        imprint: *imprint,
        nonce: nonce.as_bytes().to_vec(),
    })
}
