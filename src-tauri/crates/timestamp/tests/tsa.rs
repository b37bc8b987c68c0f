//! The client against a local test TSA: a good stamp, then each way a TSA can fail or
//! lie, each answered with its own error; and stored tokens re-checked offline.

use std::time::Duration;

use expediente_timestamp::test_tsa::{closed_port_url, Mode, TestCa, TestTsa};
use expediente_timestamp::{check_token, Client, StampError};
use sha2::{Digest, Sha256};

fn imprint(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

fn client(url: &str) -> Client {
    let mut c = Client::new(vec![url.to_string()]);
    c.timeout = Duration::from_millis(1500);
    c
}

fn only_error(c: &Client, hash: &[u8; 32]) -> StampError {
    let failure = c.stamp(hash).expect_err("no stamp");
    assert_eq!(failure.attempts.len(), 1);
    failure.attempts[0].1.clone()
}

fn setup() -> (TestCa, TestTsa) {
    let ca = TestCa::new("Expediente Test CA");
    let tsa = ca.tsa("Expediente Test TSA");
    (ca, tsa)
}

#[test]
fn a_good_tsa_stamps_and_the_token_rechecks_offline() {
    let (ca, tsa) = setup();
    let server = tsa.serve(Mode::Good);
    let hash = imprint("the dossier");
    let mut c = client(&server.url);
    c.anchors = vec![ca.cert.clone()];
    let stamp = c.stamp(&hash).expect("stamped");
    assert!(
        stamp.tsa_name.contains("Expediente Test TSA"),
        "{}",
        stamp.tsa_name
    );
    assert_eq!(stamp.tsa_url, server.url);
    assert_eq!(stamp.imprint, hash);
    assert!(!stamp.serial.is_empty());
    let age = chrono::Utc::now() - stamp.gen_time;
    assert!(age.num_seconds().abs() < 120, "genTime {}", stamp.gen_time);

    // Offline, later: the same token holds for the same hash, with or without anchors.
    let again =
        check_token(&stamp.token_der, &hash, std::slice::from_ref(&ca.cert)).expect("rechecks");
    assert_eq!(again.serial, stamp.serial);
    assert_eq!(again.gen_time, stamp.gen_time);
    check_token(&stamp.token_der, &hash, &[]).expect("rechecks without anchors");

    // ... and not for another hash.
    let other = check_token(&stamp.token_der, &imprint("another"), &[]).unwrap_err();
    assert_eq!(other.code(), "stamp_wrong_imprint");
}

#[test]
fn a_signer_that_does_not_chain_to_the_given_anchors_is_untrusted() {
    let (_ca, tsa) = setup();
    let stranger = TestCa::new("Someone else's CA");
    let server = tsa.serve(Mode::Good);
    let mut c = client(&server.url);
    c.anchors = vec![stranger.cert.clone()];
    let e = only_error(&c, &imprint("x"));
    assert_eq!(e.code(), "stamp_untrusted", "{e}");
    assert!(
        e.message_es().contains("no confiable"),
        "{}",
        e.message_es()
    );
}

#[test]
fn a_wrong_nonce_is_refused() {
    let (_ca, tsa) = setup();
    let server = tsa.serve(Mode::WrongNonce);
    assert_eq!(
        only_error(&client(&server.url), &imprint("x")),
        StampError::WrongNonce
    );
}

#[test]
fn a_token_over_another_hash_is_refused() {
    let (_ca, tsa) = setup();
    let server = tsa.serve(Mode::WrongImprint);
    let e = only_error(&client(&server.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_wrong_imprint", "{e}");
}

#[test]
fn an_expired_tsa_certificate_is_refused() {
    let ca = TestCa::new("CA");
    let server = ca.expired_tsa("Old TSA").serve(Mode::Good);
    let e = only_error(&client(&server.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_expired", "{e}");
    assert!(e.to_string().contains("Old TSA"), "{e}");
}

#[test]
fn a_signer_without_the_critical_timestamping_usage_is_refused() {
    let ca = TestCa::new("CA");
    let server = ca.tsa_without_critical_eku("Any-use TSA").serve(Mode::Good);
    let e = only_error(&client(&server.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_untrusted", "{e}");
    assert!(e.to_string().contains("timeStamping"), "{e}");
}

#[test]
fn a_damaged_signature_is_refused() {
    let (_ca, tsa) = setup();
    let server = tsa.serve(Mode::BadSignature);
    let e = only_error(&client(&server.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_bad_signature", "{e}");
}

#[test]
fn a_token_naming_another_signer_certificate_is_refused() {
    let (_ca, tsa) = setup();
    let server = tsa.serve(Mode::WrongEssHash);
    let e = only_error(&client(&server.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_bad_signature", "{e}");
    assert!(e.to_string().contains("signingCertificateV2"), "{e}");
}

#[test]
fn garbage_a_refusal_and_http_500_each_say_what_happened() {
    let (_ca, tsa) = setup();
    let garbage = tsa.serve(Mode::Garbage);
    let e = only_error(&client(&garbage.url), &imprint("x"));
    assert_eq!(e.code(), "stamp_unparseable", "{e}");

    let refuse = tsa.serve(Mode::Refuse);
    let e = only_error(&client(&refuse.url), &imprint("x"));
    assert_eq!(e.code(), "tsa_refused", "{e}");
    assert!(e.to_string().contains("Rejection"), "{e}");

    let http = tsa.serve(Mode::Http500);
    let e = only_error(&client(&http.url), &imprint("x"));
    assert_eq!(
        e,
        StampError::HttpStatus {
            tsa: http.url.clone(),
            status: 500
        }
    );
    assert!(e.message_es().contains("HTTP 500"));
}

#[test]
fn a_slow_tsa_times_out_and_a_closed_port_is_down() {
    let (_ca, tsa) = setup();
    let slow = tsa.serve(Mode::Slow(Duration::from_secs(3)));
    let mut c = client(&slow.url);
    c.timeout = Duration::from_millis(300);
    let started = std::time::Instant::now();
    let e = only_error(&c, &imprint("x"));
    assert_eq!(e.code(), "tsa_timeout", "{e}");
    // Not a timing test: only that the client did not wait for the answer.
    assert!(started.elapsed() < Duration::from_secs(3));

    let url = closed_port_url();
    let e = only_error(&client(&url), &imprint("x"));
    assert_eq!(e.code(), "tsa_down", "{e}");
    assert!(e.to_string().starts_with(&url), "{e}");
}

#[test]
fn the_first_tsa_that_answers_well_wins_and_every_failure_is_listed() {
    let (_ca, tsa) = setup();
    let bad = tsa.serve(Mode::WrongNonce);
    let good = tsa.serve(Mode::Good);
    let down = closed_port_url();
    let mut c = client(&down);
    c.urls = vec![down.clone(), bad.url.clone(), good.url.clone()];
    let stamp = c.stamp(&imprint("x")).expect("the third answers");
    assert_eq!(stamp.tsa_url, good.url);

    c.urls = vec![down.clone(), bad.url.clone()];
    let failure = c.stamp(&imprint("x")).unwrap_err();
    let codes: Vec<_> = failure
        .attempts
        .iter()
        .map(|(u, e)| (u.clone(), e.code()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (down.clone(), "tsa_down"),
            (bad.url.clone(), "stamp_wrong_nonce")
        ]
    );
    let es = failure.message(true);
    assert!(es.contains(&down) && es.contains("nonce"), "{es}");

    // No URL: nothing is contacted, and the failure says so.
    c.urls.clear();
    let none = c.stamp(&imprint("x")).unwrap_err();
    assert!(none.attempts.is_empty());
    assert!(none.message(false).contains("no time-stamping authority"));
}

#[test]
fn a_stored_token_edited_or_cut_no_longer_checks() {
    let (_ca, tsa) = setup();
    let hash = imprint("stored");
    let token = tsa.token(&hash, None);
    check_token(&token, &hash, &[]).expect("fresh token");

    // Each single-byte edit in the token must be refused (or, in a few unsigned places of
    // the encoding, leave a token that still says the same) - never a different stamp.
    let good = check_token(&token, &hash, &[]).unwrap();
    let mut refused = 0;
    for i in (0..token.len()).step_by(7) {
        let mut bad = token.clone();
        bad[i] ^= 0x20;
        match check_token(&bad, &hash, &[]) {
            Err(_) => refused += 1,
            Ok(s) => {
                assert_eq!(
                    (s.gen_time, s.serial.clone()),
                    (good.gen_time, good.serial.clone())
                )
            }
        }
    }
    assert!(
        refused > token.len() / 7 / 2,
        "only {refused} edits refused"
    );

    for cut in [0, 1, token.len() / 2, token.len() - 1] {
        let e = check_token(&token[..cut], &hash, &[]).unwrap_err();
        assert_eq!(e.code(), "stamp_unparseable", "cut at {cut}: {e}");
    }
}

#[test]
fn openssl_verifies_a_token_against_the_test_ca() {
    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_err()
    {
        panic!("the openssl command is missing: run .ci/setup --test");
    }
    let (ca, tsa) = setup();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.bin");
    std::fs::write(&data, b"the dossier's bytes").unwrap();
    let hash: [u8; 32] = Sha256::digest(b"the dossier's bytes").into();
    let token = dir.path().join("token.der");
    std::fs::write(&token, tsa.token(&hash, None)).unwrap();
    let ca_pem = dir.path().join("ca.pem");
    std::fs::write(&ca_pem, ca.pem()).unwrap();
    let verify = |data_path: &std::path::Path| {
        std::process::Command::new("openssl")
            .args(["ts", "-verify", "-token_in", "-in"])
            .arg(&token)
            .arg("-data")
            .arg(data_path)
            .arg("-CAfile")
            .arg(&ca_pem)
            .output()
            .unwrap()
    };
    let out = verify(&data);
    assert!(
        out.status.success(),
        "openssl ts -verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let other = dir.path().join("other.bin");
    std::fs::write(&other, b"other bytes").unwrap();
    assert!(
        !verify(&other).status.success(),
        "openssl accepted other data"
    );
}
