//! A throwaway time-stamping authority for tests (feature `test-tsa`): a CA and a TSA
//! certificate made at run time (ECDSA P-256), tokens signed with `cms`'s builder, and a
//! tiny HTTP server on 127.0.0.1 whose misbehaviour is chosen per test (`Mode`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use cmpv2::status::{PkiStatus, PkiStatusInfo};
use cms::builder::{create_signing_time_attribute, SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use const_oid::db::rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2;
use const_oid::db::rfc5912::{ANY_EXTENDED_KEY_USAGE, ID_KP_TIME_STAMPING, ID_SHA_256};
use der::asn1::{GeneralizedTime, Int, ObjectIdentifier, OctetString, SetOfVec, Uint};
use der::{Any, Decode, Encode, EncodePem, Tag};
use p256::ecdsa::{DerSignature, SigningKey};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::attr::Attribute;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;
use x509_tsp::{TimeStampReq, TimeStampResp, TspVersion, TstInfo};

use crate::check::{EssCertIdV2, SigningCertificateV2, ID_CT_TST_INFO};

/// The policy OID the test TSA stamps under (a private-use arc, never a real policy).
pub const TEST_POLICY: &str = "1.3.6.1.4.1.55555.1.1";

/// How the test TSA behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A correct answer.
    Good,
    /// A well-signed token whose nonce is not the request's.
    WrongNonce,
    /// A well-signed token over another hash.
    WrongImprint,
    /// Status "rejection", no token.
    Refuse,
    /// Bytes that are not DER.
    Garbage,
    /// HTTP 500.
    Http500,
    /// Waits this long before answering.
    Slow(Duration),
    /// A correct answer whose signature bytes are then damaged.
    BadSignature,
    /// A well-signed token whose signingCertificateV2 names another certificate.
    WrongEssHash,
}

/// A CA (self-signed) that can issue TSA certificates.
pub struct TestCa {
    key: SigningKey,
    pub cert: Certificate,
}

impl TestCa {
    /// A new CA valid from a day ago for ten years.
    pub fn new(name: &str) -> TestCa {
        let key = SigningKey::random(&mut OsRng);
        let subject = Name::from_str(&format!("CN={name},O=Expediente tests")).expect("name");
        let cert = build_cert(
            Profile::Root,
            &key,
            &key,
            subject,
            validity(-86_400, 10 * 365 * 86_400),
            None,
        );
        TestCa { key, cert }
    }

    /// The CA certificate in PEM (for `openssl ts -verify -CAfile`, pyHanko's trust roots).
    pub fn pem(&self) -> String {
        self.cert
            .to_pem(der::pem::LineEnding::LF)
            .expect("CA certificate in PEM")
    }

    /// A TSA certificate issued by this CA: valid now, with the critical timeStamping EKU.
    pub fn tsa(&self, name: &str) -> TestTsa {
        self.tsa_with(name, validity(-3_600, 365 * 86_400), true)
    }

    /// A TSA whose certificate expired yesterday.
    pub fn expired_tsa(&self, name: &str) -> TestTsa {
        self.tsa_with(name, validity(-10 * 86_400, -86_400), true)
    }

    /// A TSA whose certificate's EKU is not the critical timeStamping-only kind.
    pub fn tsa_without_critical_eku(&self, name: &str) -> TestTsa {
        self.tsa_with(name, validity(-3_600, 365 * 86_400), false)
    }

    fn tsa_with(&self, name: &str, validity: Validity, critical_eku: bool) -> TestTsa {
        let key = SigningKey::random(&mut OsRng);
        let subject = Name::from_str(&format!("CN={name},O=Expediente tests")).expect("name");
        let eku = if critical_eku {
            ExtendedKeyUsage(vec![ID_KP_TIME_STAMPING])
        } else {
            // With anyExtendedKeyUsage the builder marks the extension non-critical.
            ExtendedKeyUsage(vec![ID_KP_TIME_STAMPING, ANY_EXTENDED_KEY_USAGE])
        };
        let cert = build_cert(
            Profile::Leaf {
                issuer: self.cert.tbs_certificate.subject.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            &self.key,
            &key,
            subject,
            validity,
            Some(eku),
        );
        TestTsa {
            key,
            cert,
            serial: Arc::new(AtomicU64::new(1)),
        }
    }
}

fn validity(from_secs: i64, to_secs: i64) -> Validity {
    let at = |secs: i64| {
        let t = if secs >= 0 {
            SystemTime::now() + Duration::from_secs(secs as u64)
        } else {
            SystemTime::now() - Duration::from_secs(secs.unsigned_abs())
        };
        Time::GeneralTime(GeneralizedTime::from_system_time(t).expect("time"))
    };
    Validity {
        not_before: at(from_secs),
        not_after: at(to_secs),
    }
}

fn build_cert(
    profile: Profile,
    issuer_key: &SigningKey,
    subject_key: &SigningKey,
    subject: Name,
    validity: Validity,
    eku: Option<ExtendedKeyUsage>,
) -> Certificate {
    let spki_der = subject_key
        .verifying_key()
        .to_public_key_der()
        .expect("public key");
    let spki = SubjectPublicKeyInfoOwned::from_der(spki_der.as_bytes()).expect("spki");
    let mut serial = [0u8; 8];
    rand_core::RngCore::fill_bytes(&mut OsRng, &mut serial);
    serial[0] &= 0x7f;
    let mut builder = CertificateBuilder::new(
        profile,
        SerialNumber::new(&serial).expect("serial"),
        validity,
        subject,
        spki,
        issuer_key,
    )
    .expect("certificate builder");
    if let Some(eku) = eku {
        builder.add_extension(&eku).expect("EKU");
    }
    builder.build::<DerSignature>().expect("certificate")
}

/// A TSA: its key and certificate, and a serial counter.
#[derive(Clone)]
pub struct TestTsa {
    key: SigningKey,
    pub cert: Certificate,
    serial: Arc<AtomicU64>,
}

impl TestTsa {
    /// A signed TimeStampToken (DER) over `hashed` (SHA-256) with `nonce`.
    pub fn token(&self, hashed: &[u8; 32], nonce: Option<Int>) -> Vec<u8> {
        self.token_with(hashed, nonce, false)
    }

    fn token_with(&self, hashed: &[u8; 32], nonce: Option<Int>, wrong_ess: bool) -> Vec<u8> {
        let serial = self.serial.fetch_add(1, Ordering::SeqCst);
        let tst = TstInfo {
            version: TspVersion::V1,
            policy: ObjectIdentifier::new_unwrap(TEST_POLICY),
            message_imprint: crate::request::sha256_imprint(hashed).expect("imprint"),
            serial_number: Int::from(Uint::new(&serial.to_be_bytes()).expect("serial")),
            gen_time: GeneralizedTime::from_system_time(SystemTime::now()).expect("now"),
            accuracy: None,
            ordering: false,
            nonce,
            tsa: Some(GeneralName::DirectoryName(
                self.cert.tbs_certificate.subject.clone(),
            )),
            extensions: None,
        };
        let tst_der = tst.to_der().expect("TSTInfo");
        let econtent = EncapsulatedContentInfo {
            econtent_type: ID_CT_TST_INFO,
            econtent: Some(Any::new(Tag::OctetString, tst_der).expect("eContent")),
        };
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: self.cert.tbs_certificate.issuer.clone(),
            serial_number: self.cert.tbs_certificate.serial_number.clone(),
        });
        let sha256 = AlgorithmIdentifierOwned {
            oid: ID_SHA_256,
            parameters: None,
        };
        let mut signer = SignerInfoBuilder::new(&self.key, sid, sha256.clone(), &econtent, None)
            .expect("signer");
        let mut cert_hash = Sha256::digest(self.cert.to_der().expect("cert"));
        if wrong_ess {
            cert_hash[0] ^= 0xff;
        }
        let ess = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                hash_algorithm: None,
                cert_hash: OctetString::new(cert_hash.to_vec()).expect("hash"),
                issuer_serial: None,
            }],
            policies: None,
        };
        let ess_any = Any::from_der(&ess.to_der().expect("ESS")).expect("ESS");
        signer
            .add_signed_attribute(Attribute {
                oid: ID_AA_SIGNING_CERTIFICATE_V_2,
                values: SetOfVec::try_from(vec![ess_any]).expect("set"),
            })
            .expect("ESS attribute");
        signer
            .add_signed_attribute(create_signing_time_attribute().expect("signing time"))
            .expect("signing time");
        let token = SignedDataBuilder::new(&econtent)
            .add_digest_algorithm(sha256)
            .expect("digest")
            .add_certificate(CertificateChoices::Certificate(self.cert.clone()))
            .expect("certificate")
            .add_signer_info::<SigningKey, DerSignature>(signer)
            .expect("signer info")
            .build()
            .expect("SignedData");
        token.to_der().expect("token")
    }

    /// The DER answer to a DER request, as `mode` says.
    pub fn respond(&self, req_der: &[u8], mode: Mode) -> Vec<u8> {
        if mode == Mode::Garbage {
            return b"this is not a timestamp response".to_vec();
        }
        let req = TimeStampReq::from_der(req_der).expect("a TimeStampReq");
        let mut hashed: [u8; 32] = req
            .message_imprint
            .hashed_message
            .as_bytes()
            .try_into()
            .expect("SHA-256");
        let mut nonce = req.nonce.clone();
        match mode {
            Mode::WrongImprint => hashed[0] ^= 0xff,
            Mode::WrongNonce => nonce = Some(Int::new(&[0x12, 0x34]).expect("nonce")),
            _ => {}
        }
        if mode == Mode::Refuse {
            let resp = TimeStampResp {
                status: PkiStatusInfo {
                    status: PkiStatus::Rejection,
                    status_string: None,
                    fail_info: None,
                },
                time_stamp_token: None,
            };
            return resp.to_der().expect("response");
        }
        let mut token = self.token_with(&hashed, nonce, mode == Mode::WrongEssHash);
        if mode == Mode::BadSignature {
            // The signature value is the token's last bytes: flip one.
            let n = token.len();
            token[n - 5] ^= 0x01;
        }
        let resp = TimeStampResp {
            status: PkiStatusInfo {
                status: PkiStatus::Accepted,
                status_string: None,
                fail_info: None,
            },
            time_stamp_token: Some(
                cms::content_info::ContentInfo::from_der(&token).expect("token"),
            ),
        };
        resp.to_der().expect("response")
    }

    /// Serves this TSA over HTTP on 127.0.0.1 (a free port) until the server is dropped.
    pub fn serve(&self, mode: Mode) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("address");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicU64::new(0));
        let (tsa, stop2, count) = (self.clone(), stop.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let tsa = tsa.clone();
                std::thread::spawn(move || {
                    let _ = answer(&tsa, conn, mode);
                });
            }
        });
        Server {
            url: format!("http://{addr}/tsa"),
            stop,
            requests,
            thread: Some(thread),
        }
    }
}

fn answer(tsa: &TestTsa, conn: TcpStream, mode: Mode) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let mut conn = conn;
    if let Mode::Slow(wait) = mode {
        std::thread::sleep(wait);
    }
    if mode == Mode::Http500 {
        conn.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )?;
        return Ok(());
    }
    let reply = tsa.respond(&body, mode);
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.len()
    )?;
    conn.write_all(&reply)?;
    conn.flush()
}

/// A running test TSA; stops when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT/tsa`
    pub url: String,
    stop: Arc<AtomicBool>,
    requests: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// How many connections it has taken.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(addr) = self
            .url
            .strip_prefix("http://")
            .and_then(|r| r.split('/').next())
        {
            let _ = TcpStream::connect(addr);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A URL on 127.0.0.1 where nothing listens (a TSA that is down).
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}/tsa")
}
