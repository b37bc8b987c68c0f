//! What the importers need to know about the case: whose addresses and names are the
//! claimant's and the company's (to tell who wrote a message), what was imported before,
//! which evidence files it already has, and the time zone for times that carry none.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeZone};
use expediente_core::model::{CaseDraft, Channel, CompanyDraft, Id};
use expediente_core::{Result, Store};

/// The case an import goes into, as the importers see it.
#[derive(Debug, Clone, Default)]
pub struct CaseContext {
    /// The claimant's e-mail addresses, lower case.
    pub claimant_addresses: Vec<String>,
    /// The claimant's name and any name they use in chats, lower case.
    pub claimant_names: Vec<String>,
    /// The company's e-mail addresses, lower case.
    pub company_addresses: Vec<String>,
    /// The company's domains (from its website and addresses), lower case.
    pub company_domains: Vec<String>,
    /// The company's trade and legal names, lower case.
    pub company_names: Vec<String>,
    /// The case as it stands (an invoice's facts revise it).
    pub case: Option<CaseDraft>,
    pub company: Option<CompanyDraft>,
    /// `imported_from.item` of the attempts already in the case.
    pub imported_items: HashSet<String>,
    /// SHA-256 of the evidence files already attached (not withdrawn).
    pub evidence_hashes: HashSet<String>,
    /// The offset for times written without one (chat exports); `None`: this machine's.
    pub offset: Option<FixedOffset>,
}

impl CaseContext {
    /// The context of case `case_id` in `store`.
    pub fn from_store(store: &Store, case_id: Id) -> Result<CaseContext> {
        let case = store.case(case_id)?;
        let claimant = store.claimant(case.data.claimant_id)?;
        let company = store.company(case.data.company_id)?;
        let mut ctx = CaseContext {
            claimant_names: vec![claimant.data.full_name.to_lowercase()],
            ..Default::default()
        };
        if !claimant.data.email.trim().is_empty() {
            ctx.claimant_addresses
                .push(claimant.data.email.trim().to_lowercase());
        }
        ctx.set_company(&company.data);
        ctx.imported_items = store.imported_items(case_id)?;
        ctx.evidence_hashes = store
            .evidence(case_id)?
            .into_iter()
            .filter(|e| !e.data.withdrawn)
            .map(|e| e.data.sha256)
            .collect();
        ctx.case = Some(case.data);
        ctx.company = Some(company.data);
        Ok(ctx)
    }

    /// Learns the company's names, addresses and domains.
    pub fn set_company(&mut self, c: &CompanyDraft) {
        for n in [&c.trade_name, &c.legal_name] {
            if !n.trim().is_empty() {
                self.company_names.push(n.trim().to_lowercase());
            }
        }
        if let Some(d) = domain_of_site(&c.website) {
            self.company_domains.push(d);
        }
        for ch in c.channels.iter().filter(|k| k.channel == Channel::Email) {
            let a = ch.value.trim().to_lowercase();
            if let Some((_, d)) = a.rsplit_once('@') {
                self.company_domains.push(d.to_string());
                self.company_addresses.push(a);
            } else if a.starts_with('@') || a.contains('.') {
                // "@empresa.mx" or "empresa.mx": a whole domain.
                self.company_domains
                    .push(a.trim_start_matches('@').to_string());
            }
        }
    }

    /// Whether `addr` (lower case) is the claimant's.
    pub fn is_claimant_address(&self, addr: &str) -> bool {
        self.claimant_addresses.iter().any(|a| a == addr)
    }

    /// Whether `addr` (lower case) is the company's, by address or domain (a subdomain of
    /// a known domain counts: `soporte.empresa.mx` for `empresa.mx`).
    pub fn is_company_address(&self, addr: &str) -> bool {
        if self.company_addresses.iter().any(|a| a == addr) {
            return true;
        }
        let Some((_, dom)) = addr.rsplit_once('@') else {
            return false;
        };
        self.company_domains
            .iter()
            .any(|d| dom == d || dom.ends_with(&format!(".{d}")))
    }

    /// A local time with its offset: the context's, else this machine's for that date.
    pub fn localize(&self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self.offset {
            Some(o) => o.from_local_datetime(&t).single(),
            None => Local
                .from_local_datetime(&t)
                .earliest()
                .map(|d| d.fixed_offset()),
        }
    }
}

/// `empresa.mx` from `https://www.empresa.mx/contacto`.
fn domain_of_site(site: &str) -> Option<String> {
    let s = site.trim().to_lowercase();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(&s);
    let host = s.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.') && !host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_website_gives_its_domain_and_subdomains_count() {
        let mut c = CaseContext::default();
        c.set_company(&CompanyDraft {
            trade_name: "Telcel".into(),
            website: "https://www.telco-ejemplo.mx/ayuda".into(),
            ..Default::default()
        });
        assert!(c.is_company_address("soporte@telco-ejemplo.mx"));
        assert!(c.is_company_address("no-reply@mail.telco-ejemplo.mx"));
        assert!(!c.is_company_address("ana@telco-ejemplo.mx.evil.com"));
        assert!(!c.is_company_address("ana@gmail.com"));
    }
}
