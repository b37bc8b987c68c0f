//! Signature checks with RustCrypto: RSA PKCS #1 v1.5 and ECDSA on P-256/P-384, over a
//! SHA-256/384/512 digest; used for the token's CMS signature and for certificates.

use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_SHA_256,
    ID_SHA_384, ID_SHA_512, RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};
use der::asn1::ObjectIdentifier;
use der::Encode;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
use signature::hazmat::PrehashVerifier;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

use crate::error::StampError;

/// A digest algorithm we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        match *oid {
            ID_SHA_256 => Some(Hash::Sha256),
            ID_SHA_384 => Some(Hash::Sha384),
            ID_SHA_512 => Some(Hash::Sha512),
            _ => None,
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

fn bad(detail: impl Into<String>) -> StampError {
    StampError::BadSignature {
        detail: detail.into(),
    }
}

/// Verifies `signature` over `data` by `key`. `sig_alg` is the signature algorithm's OID;
/// `digest` is the digest to use when the algorithm OID alone does not say (CMS's plain
/// `rsaEncryption`/`id-ecPublicKey`).
pub(crate) fn verify(
    key: &SubjectPublicKeyInfoOwned,
    sig_alg: &ObjectIdentifier,
    digest: Option<Hash>,
    data: &[u8],
    signature: &[u8],
) -> Result<(), StampError> {
    let hash = match *sig_alg {
        SHA_256_WITH_RSA_ENCRYPTION | ECDSA_WITH_SHA_256 => Hash::Sha256,
        SHA_384_WITH_RSA_ENCRYPTION | ECDSA_WITH_SHA_384 => Hash::Sha384,
        SHA_512_WITH_RSA_ENCRYPTION | ECDSA_WITH_SHA_512 => Hash::Sha512,
        RSA_ENCRYPTION | ID_EC_PUBLIC_KEY => {
            digest.ok_or_else(|| bad(format!("no digest algorithm for {sig_alg}")))?
        }
        other => return Err(bad(format!("unsupported signature algorithm {other}"))),
    };
    let hashed = hash.digest(data);
    let key_bytes = key.subject_public_key.raw_bytes();
    match key.algorithm.oid {
        RSA_ENCRYPTION => {
            let rsa = RsaPublicKey::from_pkcs1_der(key_bytes)
                .map_err(|e| bad(format!("RSA public key: {e}")))?;
            let scheme = match hash {
                Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
                Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
                Hash::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
            };
            rsa.verify(scheme, &hashed, signature)
                .map_err(|_| bad("the RSA signature does not match"))
        }
        ID_EC_PUBLIC_KEY => {
            let curve = key
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                .ok_or_else(|| bad("EC key without a named curve"))?;
            let ok = match curve {
                SECP_256_R_1 => {
                    let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
                        .map_err(|_| bad("P-256 public key"))?;
                    let sig = p256::ecdsa::Signature::from_der(signature)
                        .map_err(|_| bad("ECDSA signature encoding"))?;
                    vk.verify_prehash(&hashed, &sig).is_ok()
                }
                SECP_384_R_1 => {
                    let vk = p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
                        .map_err(|_| bad("P-384 public key"))?;
                    let sig = p384::ecdsa::Signature::from_der(signature)
                        .map_err(|_| bad("ECDSA signature encoding"))?;
                    vk.verify_prehash(&hashed, &sig).is_ok()
                }
                other => return Err(bad(format!("unsupported curve {other}"))),
            };
            if ok {
                Ok(())
            } else {
                Err(bad("the ECDSA signature does not match"))
            }
        }
        other => Err(bad(format!("unsupported key algorithm {other}"))),
    }
}

/// Whether `issuer` signed `cert` (the signature over its TBS part verifies).
pub(crate) fn cert_signed_by(cert: &Certificate, issuer: &Certificate) -> Result<(), StampError> {
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|e| bad(format!("certificate encoding: {e}")))?;
    let sig = cert
        .signature
        .as_bytes()
        .ok_or_else(|| bad("certificate signature is not whole bytes"))?;
    verify(
        &issuer.tbs_certificate.subject_public_key_info,
        &cert.signature_algorithm.oid,
        None,
        &tbs,
        sig,
    )
}
