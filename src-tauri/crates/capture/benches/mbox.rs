//! The capture benchmark (`cargo bench -p expediente-capture`): an mbox of 10,000
//! generated messages (each with its original kept as evidence) read into a preview and
//! written into a case in one transaction — against the target of 5 s. Temp dirs only.
//! `EXPEDIENTE_BENCH_SMALL=1` runs 1,000 messages.

use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use expediente_capture::{commit, preview_paths, CaseContext};
use expediente_core::model::*;
use expediente_core::Store;

const TARGET_SECS: f64 = 5.0;

fn mbox(n: usize) -> String {
    let mut s = String::with_capacity(n * 900);
    for i in 0..n {
        let (day, hour, min) = (1 + (i / 600) % 28, 8 + (i / 60) % 10, i % 60);
        let from_company = i % 2 == 1;
        let (from, to) = if from_company {
            (
                "\"Atención a Clientes\" <soporte@telco-ejemplo.mx>",
                "ana.perez@correo-ejemplo.mx",
            )
        } else {
            (
                "Ana Pérez <ana.perez@correo-ejemplo.mx>",
                "soporte@telco-ejemplo.mx",
            )
        };
        s.push_str(&format!(
            "From MAILER-DAEMON Mon Mar  2 10:00:00 2026\n\
Message-ID: <bench-{i}@telco-ejemplo.mx>\n\
Date: Mon, {day} Mar 2026 {hour:02}:{min:02}:00 -0600\n\
From: {from}\nTo: {to}\n\
Subject: =?UTF-8?Q?Re:_Caso_{case}_-_aclaraci=C3=B3n?=\n\
MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\
Content-Transfer-Encoding: quoted-printable\n\n\
Estimada Ana: lamentamos el inconveniente. Su aclaraci=C3=B3n n=C3=BAmero {i} est=C3=A1 =\n\
en revisi=C3=B3n y recibir=C3=A1 respuesta en 5 d=C3=ADas h=C3=A1biles.\n\n\
--\nAtenci=C3=B3n a Clientes\n\n\
El vie, 27 feb 2026 a las 18:40, Ana escribi=C3=B3:\n\
> =C2=BFY mi reembolso?\n\n",
            case = 481_000 + i
        ));
    }
    s
}

fn main() -> ExitCode {
    let n = if std::env::var_os("EXPEDIENTE_BENCH_SMALL").is_some() {
        1_000
    } else {
        10_000
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("soporte.mbox");
    std::fs::write(&path, mbox(n)).expect("mbox written");
    let mut store = Store::open(&dir.path().join("data")).expect("store");
    let cl = store
        .create_claimant(ClaimantDraft {
            full_name: "Ana Pérez".into(),
            email: "ana.perez@correo-ejemplo.mx".into(),
            ..Default::default()
        })
        .expect("claimant");
    let co = store
        .create_company(CompanyDraft {
            trade_name: "Telco Ejemplo".into(),
            website: "telco-ejemplo.mx".into(),
            ..Default::default()
        })
        .expect("company");
    let case = store
        .create_case(CaseDraft {
            claimant_id: cl.meta.id,
            company_id: co.meta.id,
            title: "Cobro indebido".into(),
            product: String::new(),
            account_ref: String::new(),
            purchase_date: None,
            amount: None,
            facts: String::new(),
            requests: String::new(),
            agency: "profeco".into(),
            agency_folio: String::new(),
            status: CaseStatus::Open,
            opened_on: NaiveDate::from_ymd_opt(2026, 2, 1).expect("date"),
            lang: Lang::Es,
            archived: None,
        })
        .expect("case")
        .meta
        .id;

    let t0 = Instant::now();
    let ctx = CaseContext::from_store(&store, case).expect("context");
    let preview = preview_paths(&[path.as_path()], &ctx);
    let read = t0.elapsed().as_secs_f64();
    assert_eq!(preview.attempts.len(), n, "{:?}", preview.problems.first());
    let t1 = Instant::now();
    let out = commit(&mut store, case, preview, false).expect("written");
    let write = t1.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    assert_eq!(out.attempts.len(), n);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "mbox import: {n} messages ({:.1} MB): read + preview {read:.2} s, write {write:.2} s, total {total:.2} s (target {TARGET_SECS:.0} s) {}",
        size as f64 / 1_048_576.0,
        if total <= TARGET_SECS { "met" } else { "MISSED" }
    );
    if std::env::var_os("EXPEDIENTE_BENCH_STRICT").is_some() && total > TARGET_SECS {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
