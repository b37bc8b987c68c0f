//! `expediente-timestamp`: trusted time from a third party. An RFC 3161 client (a SHA-256
//! hash and a nonce go out, never content), the checks on its answers and on stored tokens,
//! and (feature `test-tsa`) a throwaway TSA on 127.0.0.1 for tests. No Tauri.

mod check;
mod client;
mod error;
mod request;
mod sig;
#[cfg(feature = "test-tsa")]
pub mod test_tsa;

pub use check::{
    check_response, check_token, read_tst_info, token_from_padded, Stamp, ID_CT_TST_INFO,
};
pub use client::{parse_certificates, Client, Failure};
pub use error::StampError;
pub use request::{build_request, Request};
pub use x509_cert::Certificate;
