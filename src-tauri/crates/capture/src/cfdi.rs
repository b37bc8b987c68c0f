//! CFDI invoices (Mexico's XML e-invoice, versions 3.3 and 4.0), read with `quick-xml` by
//! namespace (an element counts only in the SAT's namespace, whatever its prefix): the
//! issuer's RFC and legal name, date, total and currency, the folio fiscal (UUID) and the
//! items fill the case's facts; the XML is kept as evidence, marked as proof of purchase.

use std::collections::HashSet;

use chrono::NaiveDate;
use expediente_core::model::{CompanyDraft, Money};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::text;
use crate::{CaseContext, Duplicate, Facts, Preview, PreviewFile, Problem};

/// Largest invoice read (real ones are a few kB; addenda can add some).
pub const MAX_CFDI_BYTES: usize = 5 * 1024 * 1024;

const NS_CFD3: &[u8] = b"http://www.sat.gob.mx/cfd/3";
const NS_CFD4: &[u8] = b"http://www.sat.gob.mx/cfd/4";
const NS_TFD: &[u8] = b"http://www.sat.gob.mx/TimbreFiscalDigital";

/// What an invoice says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Invoice {
    /// "3.3" or "4.0".
    pub version: String,
    pub date: Option<NaiveDate>,
    pub total: String,
    pub currency: String,
    pub issuer_rfc: String,
    pub issuer_name: String,
    pub uuid: String,
    pub items: Vec<String>,
}

fn line_of(bytes: &[u8], pos: u64) -> u32 {
    let end = (pos as usize).min(bytes.len());
    bytes[..end].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// Reads an invoice, or says where and why it cannot be read.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Invoice, Problem> {
    if bytes.len() > MAX_CFDI_BYTES {
        return Err(Problem::too_large(
            name,
            None,
            bytes.len() as u64,
            MAX_CFDI_BYTES as u64,
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Problem::new(
            name,
            Some(line_of(bytes, e.valid_up_to() as u64)),
            "the invoice is not UTF-8",
            "la factura no está en UTF-8",
        )
    })?;
    let mut r = NsReader::from_str(text);
    let mut inv = Invoice::default();
    let mut depth = 0usize;
    let mut root_seen = false;
    loop {
        let ev = r.read_resolved_event();
        let (ns, ev) = match ev {
            Ok((ns, ev)) => (ns_of(&ns).map(<[u8]>::to_vec), ev),
            Err(e) => {
                let line = line_of(bytes, r.error_position());
                return Err(Problem::new(
                    name,
                    Some(line),
                    format!("malformed XML: {e}"),
                    format!("XML mal formado: {e}"),
                ));
            }
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                }
                let local = e.local_name();
                let local = local.as_ref();
                let ns = ns.as_deref();
                let sat = ns == Some(NS_CFD3) || ns == Some(NS_CFD4);
                if !root_seen {
                    root_seen = true;
                    if !(sat && local == b"Comprobante") {
                        return Err(not_cfdi(name));
                    }
                    inv.version = attr(&r, e, "Version").unwrap_or_default();
                    inv.date = attr(&r, e, "Fecha")
                        .and_then(|f| f.get(..10).map(str::to_string))
                        .and_then(|f| NaiveDate::parse_from_str(&f, "%Y-%m-%d").ok());
                    inv.total = attr(&r, e, "Total").unwrap_or_default();
                    inv.currency = attr(&r, e, "Moneda").unwrap_or_else(|| "MXN".into());
                } else if sat && local == b"Emisor" {
                    inv.issuer_rfc = attr(&r, e, "Rfc").unwrap_or_default();
                    inv.issuer_name = attr(&r, e, "Nombre").unwrap_or_default();
                } else if sat && local == b"Concepto" {
                    if let Some(d) = attr(&r, e, "Descripcion") {
                        let qty = attr(&r, e, "Cantidad").unwrap_or_default();
                        let qty = qty.trim_end_matches('0').trim_end_matches('.');
                        inv.items.push(if qty.is_empty() || qty == "1" {
                            d
                        } else {
                            format!("{qty} × {d}")
                        });
                    }
                } else if ns == Some(NS_TFD) && local == b"TimbreFiscalDigital" {
                    inv.uuid = attr(&r, e, "UUID").unwrap_or_default().to_uppercase();
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err(not_cfdi(name));
    }
    if depth > 0 {
        return Err(Problem::new(
            name,
            Some(line_of(bytes, bytes.len() as u64)),
            "malformed XML: the invoice ends before its elements are closed (cut short?)",
            "XML mal formado: la factura termina antes de cerrar sus elementos (¿cortada?)",
        ));
    }
    let mut missing = Vec::new();
    if inv.issuer_rfc.is_empty() {
        missing.push("Emisor/@Rfc");
    }
    if inv.date.is_none() {
        missing.push("@Fecha");
    }
    if minor_units(&inv.total).is_none() {
        missing.push("@Total");
    }
    if !missing.is_empty() {
        return Err(Problem::new(
            name,
            None,
            format!(
                "the invoice lacks or has unreadable: {}",
                missing.join(", ")
            ),
            format!("a la factura le falta o no se lee: {}", missing.join(", ")),
        ));
    }
    Ok(inv)
}

fn ns_of<'a>(r: &'a ResolveResult) -> Option<&'a [u8]> {
    match r {
        ResolveResult::Bound(ns) => Some(ns.as_ref()),
        _ => None,
    }
}

fn not_cfdi(name: &str) -> Problem {
    Problem::new(
        name,
        Some(1),
        "is not a CFDI invoice: its root is not cfdi:Comprobante in the SAT's namespace (cfd/3 or cfd/4)",
        "no es una factura CFDI: su raíz no es cfdi:Comprobante en el espacio de nombres del SAT (cfd/3 o cfd/4)",
    )
}

/// An attribute's value by local name, only when it has no namespace (CFDI attributes).
fn attr(r: &NsReader<&[u8]>, e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let (ns, local) = r.resolve_attribute(a.key);
        (matches!(ns, ResolveResult::Unbound) && local.as_ref() == key.as_bytes())
            .then(|| a.unescape_value().ok().map(|v| v.trim().to_string()))
            .flatten()
    })
}

/// "1299.5" → 129950: a decimal amount in hundredths, exactly (no floating point).
pub fn minor_units(s: &str) -> Option<i64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    int.parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

/// One invoice into the preview: its XML as evidence and, for the first invoice, the
/// case's facts it fills (only fields still empty; a different RFC is a problem).
pub fn preview(
    p: &mut Preview,
    name: &str,
    bytes: &[u8],
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) -> u32 {
    let inv = match parse(name, bytes) {
        Ok(i) => i,
        Err(e) => {
            p.problems.push(e);
            return 0;
        }
    };
    let item = if inv.uuid.is_empty() {
        crate::sha256_hex(bytes)
    } else {
        inv.uuid.clone()
    };
    let file = PreviewFile::new(
        name.to_string(),
        bytes.to_vec(),
        text::line(&format!(
            "comprobante de compra: CFDI {} folio fiscal {} de {} ({})",
            inv.version, inv.uuid, inv.issuer_name, inv.issuer_rfc
        )),
    );
    if ctx.evidence_hashes.contains(&file.sha256) {
        p.duplicates.push(Duplicate {
            file: name.into(),
            item,
            why: "already_in_case",
        });
        return 1;
    }
    if !seen.insert(format!("cfdi:{item}")) {
        p.duplicates.push(Duplicate {
            file: name.into(),
            item,
            why: "repeated_in_files",
        });
        return 1;
    }
    if let Some(company) = &ctx.company {
        let known = company.tax_id.trim();
        if !known.is_empty() && !known.eq_ignore_ascii_case(&inv.issuer_rfc) {
            p.problems.push(Problem::new(
                name,
                None,
                format!(
                    "the invoice was issued by RFC {}, but the case's company has RFC {known}",
                    inv.issuer_rfc
                ),
                format!(
                    "la factura la emitió el RFC {}, pero la empresa del caso tiene el RFC {known}",
                    inv.issuer_rfc
                ),
            ));
            return 1;
        }
    }
    p.case_files.push(file);
    if p.facts.is_none() {
        if let Some(f) = facts(name, &inv, ctx) {
            p.facts = Some(f);
        }
    }
    1
}

fn facts(name: &str, inv: &Invoice, ctx: &CaseContext) -> Option<Facts> {
    let mut case = ctx.case.clone()?;
    let mut changes = Vec::new();
    if case.product.trim().is_empty() && !inv.items.is_empty() {
        case.product = text::line(&inv.items.join("; "));
        changes.push(format!("product: {}", case.product));
    }
    if case.purchase_date.is_none() {
        case.purchase_date = inv.date;
        changes.push(format!("purchase date: {}", inv.date?));
    }
    if case.amount.is_none() {
        if let Some(minor) = minor_units(&inv.total) {
            case.amount = Some(Money {
                minor,
                currency: inv.currency.trim().to_uppercase(),
            });
            changes.push(format!("amount: {} {}", inv.total, inv.currency));
        }
    }
    if case.account_ref.trim().is_empty() && !inv.uuid.is_empty() {
        case.account_ref = inv.uuid.clone();
        changes.push(format!(
            "account/order reference: folio fiscal {}",
            inv.uuid
        ));
    }
    let company = ctx.company.as_ref().and_then(|c| {
        let mut c: CompanyDraft = c.clone();
        let mut changed = false;
        if c.tax_id.trim().is_empty() {
            c.tax_id = text::line(&inv.issuer_rfc);
            changes.push(format!("company RFC: {}", c.tax_id));
            changed = true;
        }
        if c.legal_name.trim().is_empty() && !inv.issuer_name.is_empty() {
            c.legal_name = text::line(&inv.issuer_name);
            changes.push(format!("company legal name: {}", c.legal_name));
            changed = true;
        }
        changed.then_some(c)
    });
    if changes.is_empty() {
        return None;
    }
    Some(Facts {
        file: name.to_string(),
        case,
        company,
        reason: text::line(&format!("Datos de la factura CFDI {} ({name})", inv.uuid)),
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_hundredths() {
        assert_eq!(minor_units("1299.5"), Some(129_950));
        assert_eq!(minor_units("1299.500000"), Some(129_950));
        assert_eq!(minor_units("17"), Some(1_700));
        assert_eq!(minor_units("1.005"), None);
        assert_eq!(minor_units("-5"), None);
        assert_eq!(minor_units("1e3"), None);
        assert_eq!(minor_units("99999999999999999999"), None);
    }
}
