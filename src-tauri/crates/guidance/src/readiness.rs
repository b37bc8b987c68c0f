//! The readiness checklist: for an agency, what its filing needs (the profile's `needs`)
//! and whether the case has it. Each item names, by a stable `target`, the field or
//! dialog that fills it, so the app can open it.

use chrono::NaiveDate;
use expediente_core::agency::{Agency, ClockStart, Need, Text};
use expediente_core::model::{CaseBundle, Direction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One thing a filing needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReadinessItem {
    pub need: Need,
    /// Whether the case has it.
    pub ok: bool,
    /// What fills it: a record field (`claimant.address`, `company.tax_id`,
    /// `case.purchase_date`) or a dialog (`evidence.add`, `attempt.formal_demand`,
    /// `attempt.log`).
    pub target: String,
    /// What it is, in plain words.
    pub label: Text,
}

/// An agency's checklist for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Readiness {
    pub agency: String,
    pub agency_name: String,
    /// The legal basis of the list ("LFPC art. 99").
    pub basis: String,
    pub items: Vec<ReadinessItem>,
    /// Every item is there.
    pub ready: bool,
}

/// The field or dialog that fills `need`, and its label.
pub fn describe(need: Need) -> (&'static str, Text) {
    let (target, es, en) = match need {
        Need::ClaimantName => ("claimant.full_name", "tu nombre completo", "your full name"),
        Need::ClaimantId => (
            "claimant.id_document",
            "tu identificación oficial",
            "your official ID",
        ),
        Need::ClaimantAddress => ("claimant.address", "tu domicilio", "your address"),
        Need::ClaimantContact => (
            "claimant.email",
            "tu correo o teléfono",
            "your email or phone",
        ),
        Need::CompanyLegalName => (
            "company.legal_name",
            "la razón social de la empresa",
            "the company's legal name",
        ),
        Need::CompanyTaxId => (
            "company.tax_id",
            "el RFC o identificación fiscal de la empresa",
            "the company's tax id",
        ),
        Need::CompanyAddress => (
            "company.address",
            "el domicilio de la empresa",
            "the company's address",
        ),
        Need::Product => (
            "case.product",
            "qué compraste o contrataste",
            "what you bought or signed up for",
        ),
        Need::PurchaseDate => (
            "case.purchase_date",
            "la fecha de compra",
            "the purchase date",
        ),
        Need::Amount => (
            "case.amount",
            "el monto en disputa",
            "the amount in dispute",
        ),
        Need::Facts => (
            "case.facts",
            "el relato de los hechos",
            "the account of the facts",
        ),
        Need::Requests => ("case.requests", "lo que reclamas", "what you claim"),
        Need::ProofOfRelationship => ("evidence.add", "comprobante de compra", "proof of purchase"),
        Need::CompanyContacted => (
            "attempt.log",
            "un contacto con la empresa",
            "a contact with the company",
        ),
        Need::FormalDemandFirst => (
            "attempt.formal_demand",
            "una reclamación formal previa a la empresa",
            "a formal demand to the company first",
        ),
        Need::FinalResponseOrTimeout => (
            "attempt.log",
            "la respuesta final de la empresa o que pase su plazo",
            "the company's final response, or its time run out",
        ),
    };
    (target, Text::new(es, en))
}

/// Words in an evidence file's name or note that mark it as proof of the purchase or
/// contract (a receipt, ticket, invoice, CFDI, contract, statement). Evidence has no
/// "kind" field yet; the note is where users say what a file is.
const PROOF_WORDS: &[&str] = &[
    "ticket",
    "recibo",
    "factura",
    "cfdi",
    "comprobante",
    "contrato",
    "boleta",
    "póliza",
    "poliza",
    "estado de cuenta",
    "pedido",
    "orden de compra",
    "receipt",
    "invoice",
    "contract",
    "order confirmation",
    "statement",
    "albarán",
    "albaran",
];

fn is_proof(name: &str, note: &str, media_type: &str) -> bool {
    let text = format!("{name} {note}").to_lowercase();
    PROOF_WORDS.iter().any(|w| text.contains(w)) || media_type.ends_with("/xml")
}

/// Whether `bundle` has `need`, as of `today` for the clock-based items.
pub fn has(bundle: &CaseBundle, agency: &Agency, need: Need, today: NaiveDate) -> bool {
    let cl = &bundle.claimant.data;
    let co = &bundle.company.data;
    let case = &bundle.case.data;
    let filled = |s: &str| !s.trim().is_empty();
    match need {
        Need::ClaimantName => filled(&cl.full_name),
        Need::ClaimantId => cl.id_document.as_ref().is_some_and(|d| filled(&d.number)),
        Need::ClaimantAddress => filled(&cl.address),
        Need::ClaimantContact => filled(&cl.email) || filled(&cl.phone),
        Need::CompanyLegalName => filled(&co.legal_name),
        Need::CompanyTaxId => filled(&co.tax_id),
        Need::CompanyAddress => filled(&co.address),
        Need::Product => filled(&case.product),
        Need::PurchaseDate => case.purchase_date.is_some(),
        Need::Amount => case.amount.is_some(),
        Need::Facts => filled(&case.facts),
        Need::Requests => filled(&case.requests),
        Need::ProofOfRelationship => bundle.evidence.iter().any(|e| {
            !e.data.withdrawn && is_proof(&e.data.original_name, &e.data.note, &e.data.media_type)
        }),
        Need::CompanyContacted => bundle
            .attempts
            .iter()
            .any(|a| a.data.direction == Direction::ToCompany),
        Need::FormalDemandFirst => bundle.attempts.iter().any(|a| a.data.formal_demand),
        Need::FinalResponseOrTimeout => {
            let refs: Vec<_> = bundle.attempts.iter().collect();
            if expediente_core::stats::final_response(&refs).is_some() {
                return true;
            }
            let clock = agency
                .company_answer
                .as_ref()
                .filter(|c| c.from == ClockStart::FormalDemand);
            match (clock, crate::clocks::last_formal_demand(&bundle.attempts)) {
                (Some(c), Some((_, d))) => c
                    .due(&agency.country, d.data.happened_at.date_naive())
                    .is_ok_and(|due| today > due),
                _ => false,
            }
        }
    }
}

/// The checklist of `agency` for `bundle`.
pub fn readiness(bundle: &CaseBundle, agency: &Agency, today: NaiveDate) -> Readiness {
    let items: Vec<ReadinessItem> = agency
        .needs
        .iter()
        .map(|&need| {
            let (target, label) = describe(need);
            ReadinessItem {
                need,
                ok: has(bundle, agency, need, today),
                target: target.to_string(),
                label,
            }
        })
        .collect();
    Readiness {
        agency: agency.code.clone(),
        agency_name: agency.name.clone(),
        basis: agency.needs_basis.clone(),
        ready: items.iter().all(|i| i.ok),
        items,
    }
}
