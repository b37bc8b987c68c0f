//! CFDI 4.0 and 3.3 invoices fill the case's empty facts and the company's RFC; the XML is
//! kept as proof of purchase; a foreign namespace, a malformed file or another company's
//! RFC is refused with the reason.

mod common;

use common::*;
use expediente_core::model::*;

#[test]
fn a_cfdi_40_fills_the_facts_and_the_company() {
    let p = preview(&["cfdi40.xml"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let f = p.facts.as_ref().unwrap();
    assert_eq!(f.case.product, "Plan Ilimitado 5G enero 2026");
    assert_eq!(
        f.case.purchase_date,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 10)
    );
    assert_eq!(
        f.case.amount,
        Some(Money {
            minor: 129_900,
            currency: "MXN".into()
        })
    );
    assert_eq!(f.case.account_ref, "5E2D6AA3-8F1B-4C4E-9D36-1B2F7E6C8A90");
    let co = f.company.as_ref().unwrap();
    assert_eq!(co.tax_id, "TEJ010101AB1");
    assert_eq!(co.legal_name, "TELCO EJEMPLO");
    assert_eq!(p.case_files.len(), 1);
    assert!(p.case_files[0]
        .note
        .starts_with("comprobante de compra: CFDI 4.0"));
    assert!(p.attempts.is_empty());
}

#[test]
fn a_cfdi_33_with_other_prefixes_reads_by_namespace() {
    let p = preview(&["cfdi33.xml"], &ctx());
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let f = p.facts.as_ref().unwrap();
    assert_eq!(f.case.product, "2 × Boleto de avión MEX-CUN");
    assert_eq!(f.case.amount.as_ref().unwrap().minor, 850_000);
    assert_eq!(
        f.company.as_ref().unwrap().legal_name,
        "Aerolínea Ejemplo, S.A. de C.V."
    );
}

#[test]
fn the_right_names_in_the_wrong_namespace_are_not_a_cfdi() {
    let p = preview(&["ns_equivocado.xml"], &ctx());
    assert!(p.facts.is_none() && p.case_files.is_empty());
    assert!(
        p.problems[0].message_en.contains("not a CFDI"),
        "{:?}",
        p.problems
    );
}

#[test]
fn malformed_xml_names_its_line() {
    let p = preview(&["malformado.xml"], &ctx());
    assert!(p.facts.is_none() && p.case_files.is_empty());
    assert_eq!(p.problems.len(), 1);
    assert!(
        p.problems[0].message_en.starts_with("malformed XML"),
        "{:?}",
        p.problems
    );
    assert_eq!(p.problems[0].line, Some(4));
}

#[test]
fn another_companys_invoice_is_refused() {
    let mut c = ctx();
    c.company.as_mut().unwrap().tax_id = "OTR990101ZZ9".into();
    let p = preview(&["cfdi40.xml"], &c);
    assert!(p.facts.is_none() && p.case_files.is_empty());
    assert!(p.problems[0].message_es.contains("OTR990101ZZ9"));
}
