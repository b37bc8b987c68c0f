//! The checks on a TSA's answer and on a stored token: status granted, nonce and imprint
//! echoed, the CMS SignedData signature by the certificate inside it, the signed message
//! digest over the TSTInfo, the signer's critical time-stamping EKU, its validity at
//! genTime and, when trust anchors are given, its chain to one of them.

use chrono::{DateTime, Utc};
use cmpv2::status::PkiStatus;
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use const_oid::db::rfc5911::{
    ID_AA_SIGNING_CERTIFICATE_V_2, ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA,
};
use const_oid::db::rfc5912::{
    ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_SUBJECT_KEY_IDENTIFIER,
    ID_KP_TIME_STAMPING, ID_SHA_256,
};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, SubjectKeyIdentifier};
use x509_cert::Certificate;
use x509_tsp::{TimeStampResp, TstInfo};

use crate::error::{unparseable, StampError};
use crate::request::Request;
use crate::sig::{cert_signed_by, verify, Hash};

/// id-ct-TSTInfo (RFC 3161 §2.4.2): the content type of a timestamp token.
pub const ID_CT_TST_INFO: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// RFC 5035 ESSCertIDv2 (`hashAlgorithm` DEFAULT SHA-256).
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<spki::AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<der::Any>,
}

/// RFC 5035 SigningCertificateV2 (policies ignored).
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
pub(crate) struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    pub policies: Option<der::Any>,
}

/// A checked RFC 3161 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The TimeStampToken (CMS ContentInfo) in DER, as the TSA signed it.
    pub token_der: Vec<u8>,
    /// The TSA's name: the TSTInfo's `tsa` field, else the signer certificate's subject.
    pub tsa_name: String,
    /// The token's serial number, in hex.
    pub serial: String,
    /// The time the TSA vouches for.
    pub gen_time: DateTime<Utc>,
    /// The TSA policy the token was issued under (dotted OID).
    pub policy: String,
    /// The signer certificate's subject.
    pub signer: String,
    /// The stamped SHA-256 hash.
    pub imprint: [u8; 32],
    /// The URL that answered (empty when the token was read back from storage).
    pub tsa_url: String,
}

/// Checks a TSA's DER answer to `req` and returns the stamp it carries.
pub fn check_response(
    resp_der: &[u8],
    req: &Request,
    anchors: &[Certificate],
    tsa_url: &str,
) -> Result<Stamp, StampError> {
    let resp = TimeStampResp::from_der(resp_der).map_err(|e| unparseable("TimeStampResp", e))?;
    match resp.status.status {
        PkiStatus::Accepted | PkiStatus::GrantedWithMods => {}
        other => {
            let text = resp
                .status
                .status_string
                .as_ref()
                .map(|s| {
                    s.iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            return Err(StampError::Refused {
                tsa: tsa_url.to_string(),
                detail: format!("{other:?} {text}").trim().to_string(),
            });
        }
    }
    let token = resp
        .time_stamp_token
        .ok_or_else(|| StampError::Unparseable {
            detail: "the answer is granted but carries no token".into(),
        })?;
    let token_der = token.to_der().map_err(|e| unparseable("token", e))?;
    let (mut stamp, tst) = check(&token_der, &req.imprint, anchors)?;
    let nonce = tst.nonce.as_ref().map(|n| n.as_bytes().to_vec());
    if nonce.as_deref() != Some(req.nonce.as_slice()) {
        return Err(StampError::WrongNonce);
    }
    stamp.tsa_url = tsa_url.to_string();
    Ok(stamp)
}

/// Re-checks a stored token offline against the SHA-256 hash it must stamp.
pub fn check_token(
    token_der: &[u8],
    imprint: &[u8; 32],
    anchors: &[Certificate],
) -> Result<Stamp, StampError> {
    check(token_der, imprint, anchors).map(|(s, _)| s)
}

/// The token at the start of `padded` (a PDF `/Contents` is zero-padded to its reserved
/// size): its DER bytes, refusing anything but zeros after it.
pub fn token_from_padded(padded: &[u8]) -> Result<&[u8], StampError> {
    let mut reader = der::SliceReader::new(padded).map_err(|e| unparseable("token", e))?;
    let header = der::Header::decode(&mut reader).map_err(|e| unparseable("token", e))?;
    let total = (header.encoded_len().map_err(|e| unparseable("token", e))? + header.length)
        .map_err(|e| unparseable("token", e))?;
    let total = usize::try_from(total).map_err(|e| unparseable("token", e))?;
    if total > padded.len() {
        return Err(StampError::Unparseable {
            detail: format!("the token claims {total} bytes, {} are there", padded.len()),
        });
    }
    if padded[total..].iter().any(|&b| b != 0) {
        return Err(StampError::Unparseable {
            detail: "bytes other than padding after the token".into(),
        });
    }
    Ok(&padded[..total])
}

/// Reads a token's TSTInfo without checking anything (to show what a broken token claims).
pub fn read_tst_info(token_der: &[u8]) -> Result<TstInfo, StampError> {
    parse(token_der).map(|(_, tst, _)| tst)
}

fn parse(token_der: &[u8]) -> Result<(SignedData, TstInfo, Vec<u8>), StampError> {
    let ci = ContentInfo::from_der(token_der).map_err(|e| unparseable("token", e))?;
    if ci.content_type != ID_SIGNED_DATA {
        return Err(StampError::Unparseable {
            detail: format!("token is {} rather than CMS SignedData", ci.content_type),
        });
    }
    let sd: SignedData = ci
        .content
        .decode_as()
        .map_err(|e| unparseable("SignedData", e))?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(StampError::Unparseable {
            detail: "the signed content is not a TSTInfo".into(),
        });
    }
    let econtent =
        sd.encap_content_info
            .econtent
            .as_ref()
            .ok_or_else(|| StampError::Unparseable {
                detail: "the token carries no TSTInfo".into(),
            })?;
    let tst_der = econtent
        .decode_as::<OctetString>()
        .map_err(|e| unparseable("eContent", e))?
        .as_bytes()
        .to_vec();
    let tst = TstInfo::from_der(&tst_der).map_err(|e| unparseable("TSTInfo", e))?;
    Ok((sd, tst, tst_der))
}

fn attr_value(attrs: &x509_cert::attr::Attributes, oid: ObjectIdentifier) -> Option<&der::Any> {
    attrs.iter().find(|a| a.oid == oid)?.values.iter().next()
}

fn check(
    token_der: &[u8],
    imprint: &[u8; 32],
    anchors: &[Certificate],
) -> Result<(Stamp, TstInfo), StampError> {
    let (sd, tst, tst_der) = parse(token_der)?;

    // What is stamped: SHA-256 and exactly our hash.
    let mi = &tst.message_imprint;
    if mi.hash_algorithm.oid != ID_SHA_256 {
        return Err(StampError::WrongImprint {
            detail: format!(
                "hash algorithm {} instead of SHA-256",
                mi.hash_algorithm.oid
            ),
        });
    }
    if mi.hashed_message.as_bytes() != imprint {
        return Err(StampError::WrongImprint {
            detail: format!(
                "stamps {} instead of {}",
                hex::encode(mi.hashed_message.as_bytes()),
                hex::encode(imprint)
            ),
        });
    }

    // Who signed, and that the signature holds.
    let signer_info = match sd.signer_infos.0.as_slice() {
        [one] => one,
        other => {
            return Err(StampError::BadSignature {
                detail: format!("{} signers instead of one", other.len()),
            })
        }
    };
    let pool: Vec<Certificate> = sd
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(c) => Some(c.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let signer = pool
        .iter()
        .find(|c| is_signer(c, &signer_info.sid))
        .ok_or_else(|| StampError::Untrusted {
            detail: "the token does not carry its signer's certificate".into(),
        })?;
    let hash =
        Hash::from_oid(&signer_info.digest_alg.oid).ok_or_else(|| StampError::BadSignature {
            detail: format!("unsupported digest {}", signer_info.digest_alg.oid),
        })?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| StampError::BadSignature {
            detail: "no signed attributes".into(),
        })?;
    let digest: OctetString = attr_value(attrs, ID_MESSAGE_DIGEST)
        .ok_or_else(|| StampError::BadSignature {
            detail: "no message-digest attribute".into(),
        })?
        .decode_as()
        .map_err(|e| unparseable("message-digest attribute", e))?;
    if digest.as_bytes() != hash.digest(&tst_der).as_slice() {
        return Err(StampError::BadSignature {
            detail: "the signed message digest does not match the TSTInfo".into(),
        });
    }
    let content_type: ObjectIdentifier = attr_value(attrs, ID_CONTENT_TYPE)
        .ok_or_else(|| StampError::BadSignature {
            detail: "no content-type attribute".into(),
        })?
        .decode_as()
        .map_err(|e| unparseable("content-type attribute", e))?;
    if content_type != ID_CT_TST_INFO {
        return Err(StampError::BadSignature {
            detail: "the signed content type is not TSTInfo".into(),
        });
    }
    let signed = attrs
        .to_der()
        .map_err(|e| unparseable("signed attributes", e))?;
    verify(
        &signer.tbs_certificate.subject_public_key_info,
        &signer_info.signature_algorithm.oid,
        Some(hash),
        &signed,
        signer_info.signature.as_bytes(),
    )?;

    // RFC 5035's signingCertificateV2, when present, must name this very certificate.
    if let Some(ess) = attr_value(attrs, ID_AA_SIGNING_CERTIFICATE_V_2) {
        let ess: SigningCertificateV2 = ess
            .decode_as()
            .map_err(|e| unparseable("signingCertificateV2 attribute", e))?;
        let first = ess.certs.first().ok_or_else(|| StampError::BadSignature {
            detail: "signingCertificateV2 names no certificate".into(),
        })?;
        let hash = match &first.hash_algorithm {
            None => Hash::Sha256,
            Some(alg) => Hash::from_oid(&alg.oid).ok_or_else(|| StampError::BadSignature {
                detail: format!("unsupported signingCertificateV2 hash {}", alg.oid),
            })?,
        };
        let cert_der = signer.to_der().map_err(|e| unparseable("certificate", e))?;
        if first.cert_hash.as_bytes() != hash.digest(&cert_der).as_slice() {
            return Err(StampError::BadSignature {
                detail: "signingCertificateV2 names another certificate than the signer's".into(),
            });
        }
    }

    // The signer is a TSA, valid then, and (when asked) trusted.
    if !has_critical_timestamping(signer) {
        return Err(StampError::Untrusted {
            detail: "the signer's certificate lacks the critical timeStamping key usage".into(),
        });
    }
    let gen_secs = tst.gen_time.to_unix_duration().as_secs();
    let gen_time = DateTime::<Utc>::from_timestamp(gen_secs as i64, 0).ok_or_else(|| {
        StampError::Unparseable {
            detail: "genTime out of range".into(),
        }
    })?;
    valid_at(signer, gen_secs, &gen_time)?;
    if !anchors.is_empty() {
        chains_to_anchor(signer, &pool, anchors, gen_secs, &gen_time)?;
    }

    let tsa_name = match &tst.tsa {
        Some(GeneralName::DirectoryName(name)) => name.to_string(),
        _ => signer.tbs_certificate.subject.to_string(),
    };
    let stamp = Stamp {
        token_der: token_der.to_vec(),
        tsa_name,
        serial: hex::encode(tst.serial_number.as_bytes()),
        gen_time,
        policy: tst.policy.to_string(),
        signer: signer.tbs_certificate.subject.to_string(),
        imprint: *imprint,
        tsa_url: String::new(),
    };
    Ok((stamp, tst))
}

fn is_signer(cert: &Certificate, sid: &SignerIdentifier) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            cert.tbs_certificate.issuer == ias.issuer
                && cert.tbs_certificate.serial_number == ias.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ID_CE_SUBJECT_KEY_IDENTIFIER)
            .any(|e| {
                SubjectKeyIdentifier::from_der(e.extn_value.as_bytes())
                    .ok()
                    .as_ref()
                    == Some(ski)
            }),
    }
}

fn has_critical_timestamping(cert: &Certificate) -> bool {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == ID_CE_EXT_KEY_USAGE && e.critical)
        .any(|e| {
            ExtendedKeyUsage::from_der(e.extn_value.as_bytes())
                .map(|eku| eku.0.contains(&ID_KP_TIME_STAMPING))
                .unwrap_or(false)
        })
}

fn is_ca(cert: &Certificate) -> bool {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == ID_CE_BASIC_CONSTRAINTS)
        .any(|e| {
            BasicConstraints::from_der(e.extn_value.as_bytes())
                .map(|bc| bc.ca)
                .unwrap_or(false)
        })
}

fn valid_at(cert: &Certificate, secs: u64, gen_time: &DateTime<Utc>) -> Result<(), StampError> {
    let v = &cert.tbs_certificate.validity;
    let from = v.not_before.to_unix_duration().as_secs();
    let to = v.not_after.to_unix_duration().as_secs();
    if secs < from || secs > to {
        return Err(StampError::Expired {
            gen_time: gen_time.to_rfc3339(),
            detail: format!(
                "{} is valid from {} to {}",
                cert.tbs_certificate.subject, v.not_before, v.not_after
            ),
        });
    }
    Ok(())
}

fn chains_to_anchor(
    signer: &Certificate,
    pool: &[Certificate],
    anchors: &[Certificate],
    secs: u64,
    gen_time: &DateTime<Utc>,
) -> Result<(), StampError> {
    let mut current = signer.clone();
    for _ in 0..8 {
        for anchor in anchors {
            if *anchor == current
                || (anchor.tbs_certificate.subject == current.tbs_certificate.issuer
                    && cert_signed_by(&current, anchor).is_ok())
            {
                return Ok(());
            }
        }
        let next = pool.iter().find(|c| {
            **c != current
                && c.tbs_certificate.subject == current.tbs_certificate.issuer
                && is_ca(c)
                && cert_signed_by(&current, c).is_ok()
        });
        match next {
            Some(issuer) => {
                valid_at(issuer, secs, gen_time)?;
                current = issuer.clone();
            }
            None => break,
        }
    }
    Err(StampError::Untrusted {
        detail: format!(
            "{} does not chain to a trusted certificate",
            signer.tbs_certificate.subject
        ),
    })
}
