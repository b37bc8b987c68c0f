//! Realistic cases built directly as [`CaseBundle`] values, for tests, benchmarks and
//! previews: a Spanish internet-service run-around (with corrections and two evidence
//! images), an English airline refund, either of them as imported from an export file,
//! and a generator of cases with many long attempts.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Offset, TimeZone, Utc};
use expediente_core::{
    AttemptDraft, CaseBundle, CaseDraft, CaseStatus, Channel, ClaimantDraft, CompanyDraft,
    Direction, Evidence, EvidenceMeta, Id, IdDocument, KnownChannel, Lang, Money, Outcome,
    RecordKind, RecordMeta, Revision, Stored,
};
use sha2::{Digest, Sha256};

use crate::EvidenceSource;

/// The receipt image of the Spanish sample (PNG, 360×480).
pub static RECEIPT_PNG: &[u8] = include_bytes!("../tests/fixtures/recibo.png");
/// The chat screenshot of the Spanish sample (JPEG, 640×360).
pub static CHAT_JPG: &[u8] = include_bytes!("../tests/fixtures/captura-chat.jpg");
/// A stand-in for a PDF contract (not an image: listed, not shown).
pub static CONTRACT_PDF: &[u8] = b"%PDF-1.4 contrato de servicio (muestra)";

/// The fixed generation time the samples use: 2026-11-22T12:34:56-06:00.
pub fn generated_at() -> DateTime<FixedOffset> {
    at(2026, 11, 22, 12, 34, 56)
}

fn mx() -> FixedOffset {
    FixedOffset::west_opt(6 * 3600).unwrap_or(Utc.fix())
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<FixedOffset> {
    mx().with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.fixed_offset())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A deterministic UUID v7 whose timestamp is `t` (so "created at" can be read from it).
pub fn id_at(t: DateTime<Utc>, n: u16) -> Id {
    let ms = u64::try_from(t.timestamp_millis()).unwrap_or(0);
    let mut rand = [0u8; 10];
    rand[..2].copy_from_slice(&n.to_be_bytes());
    uuid::Builder::from_unix_timestamp_millis(ms, &rand).into_uuid()
}

fn meta(id: Id, revision: u32, recorded_at: DateTime<Utc>, reason: &str) -> RecordMeta {
    RecordMeta {
        id,
        revision,
        recorded_at,
        reason: reason.to_string(),
        imported_at: None,
    }
}

/// The directory links, fingerprint and imports of a sample (no imports).
struct Links {
    claimant_link: String,
    company_link: String,
    fingerprint: String,
    imports: Vec<expediente_core::ImportMark>,
}

fn links(lang: &[u8]) -> Links {
    let head = sha(&[b"sample chain head ", lang].concat());
    let claimant_link = sha(&[b"sample claimant link ", lang].concat());
    let company_link = sha(&[b"sample company link ", lang].concat());
    Links {
        fingerprint: expediente_core::chain::dossier_fingerprint(
            &head,
            &claimant_link,
            &company_link,
        ),
        claimant_link,
        company_link,
        imports: Vec::new(),
    }
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Serves the Spanish sample's evidence files by SHA-256.
pub struct SampleFiles;

impl EvidenceSource for SampleFiles {
    fn read(&self, sha256: &str) -> Option<Vec<u8>> {
        [RECEIPT_PNG, CHAT_JPG, CONTRACT_PDF]
            .into_iter()
            .find(|b| sha(b) == sha256)
            .map(<[u8]>::to_vec)
    }
}

struct A<'a> {
    when: DateTime<FixedOffset>,
    dir: Direction,
    channel: Channel,
    detail: &'a str,
    agent: &'a str,
    reference: &'a str,
    duration: Option<u32>,
    asked: &'a str,
    outcome: Outcome,
    response: &'a str,
    promised_by: Option<NaiveDate>,
    formal: bool,
}

fn attempts(case_id: Id, list: Vec<A>) -> Vec<expediente_core::Attempt> {
    list.into_iter()
        .enumerate()
        .map(|(i, a)| {
            let recorded = a.when.with_timezone(&Utc) + Duration::minutes(20);
            expediente_core::Attempt {
                case_id,
                number: i as u32 + 1,
                meta: meta(id_at(recorded, i as u16 + 100), 1, recorded, ""),
                data: AttemptDraft {
                    happened_at: a.when,
                    direction: a.dir,
                    channel: a.channel,
                    channel_detail: a.detail.into(),
                    agent: a.agent.into(),
                    reference: a.reference.into(),
                    duration_secs: a.duration,
                    asked: a.asked.into(),
                    outcome: a.outcome,
                    response: a.response.into(),
                    promised_by: a.promised_by,
                    formal_demand: a.formal,
                    imported_from: None,
                },
            }
        })
        .collect()
}

fn party(
    opened: DateTime<Utc>,
    claimant: ClaimantDraft,
    company: CompanyDraft,
) -> (Stored<ClaimantDraft>, Stored<CompanyDraft>) {
    (
        Stored {
            meta: meta(id_at(opened, 1), 1, opened, ""),
            data: claimant,
        },
        Stored {
            meta: meta(id_at(opened, 2), 1, opened, ""),
            data: company,
        },
    )
}

/// A Spanish case: a fibre-internet contract cancelled but still billed, months of
/// run-around by phone, chat, X and a branch, two images and one corrected attempt.
pub fn spanish_case() -> CaseBundle {
    let opened = at(2026, 8, 5, 9, 0, 0).with_timezone(&Utc);
    let (claimant, company) = party(
        opened,
        ClaimantDraft {
            full_name: "María José Núñez Peña".into(),
            id_document: Some(IdDocument {
                kind: "INE".into(),
                number: "NUPM850312MDFXXX07".into(),
            }),
            address: "Calle Begoña 14, int. 3, Col. Del Valle, 03100 Ciudad de México".into(),
            phone: "+52 55 1234 5678".into(),
            email: "mjose.nunez@example.mx".into(),
        },
        CompanyDraft {
            trade_name: "TeleValle".into(),
            legal_name: "Telecomunicaciones del Valle, S.A. de C.V.".into(),
            tax_id: "TVA850101AB1".into(),
            address:
                "Av. Insurgentes Sur 1602, piso 9, Crédito Constructor, 03940 Ciudad de México"
                    .into(),
            website: "https://www.televalle.example.mx".into(),
            channels: vec![
                KnownChannel {
                    channel: Channel::Phone,
                    value: "800 123 4567".into(),
                    label: "atención a clientes".into(),
                },
                KnownChannel {
                    channel: Channel::SocialMedia,
                    value: "@TeleValleAyuda".into(),
                    label: "X".into(),
                },
            ],
        },
    );
    let case_id = id_at(opened, 3);
    let case = Stored {
        meta: meta(case_id, 1, opened, ""),
        data: CaseDraft {
            claimant_id: claimant.meta.id,
            company_id: company.meta.id,
            title: "Cobro de Fibra 200 después de la cancelación — ¿dónde está mi reembolso?".into(),
            product: "Internet Fibra 200 Mbps (paquete hogar), contrato 4471-2290".into(),
            account_ref: "Cuenta 0099-4471-2290".into(),
            purchase_date: Some(date(2025, 3, 14)),
            amount: Some(Money {
                minor: 374_700,
                currency: "MXN".into(),
            }),
            facts: "El 3 de agosto de 2026 cancelé el servicio por teléfono y me dieron el folio CAN-77812. \
Aun así, TeleValle me cargó a la tarjeta las mensualidades de agosto, septiembre y octubre ($1,249.00 cada una).\n\
Desde entonces me han enviado del teléfono al chat, del chat a la sucursal y de la sucursal otra vez al teléfono. \
Me prometieron el reembolso «en 5 a 7 días hábiles» dos veces y no ha llegado. \
La respuesta habitual es «lamentamos el inconveniente»; nadie me da una fecha ni un responsable.".into(),
            requests: "1. Reembolso de $3,747.00 MXN (tres mensualidades cobradas tras la cancelación).\n\
2. Constancia por escrito de la cancelación con folio CAN-77812 y saldo en cero.\n\
3. Bonificación de al menos el 20 % conforme al art. 92 TER de la LFPC.".into(),
            agency: "profeco".into(),
            agency_folio: "".into(),
            status: CaseStatus::Escalated,
            opened_on: date(2026, 8, 5),
            lang: Lang::Es,
            archived: None,
        },
    };
    let list = vec![
        A { when: at(2026, 8, 3, 10, 15, 0), dir: Direction::ToCompany, channel: Channel::Phone, detail: "800 123 4567", agent: "Lupita (ext. 4410)", reference: "CAN-77812", duration: Some(1520), asked: "Cancelar el servicio de Fibra 200 a partir de hoy.", outcome: Outcome::Promise, response: "Cancelación registrada; «ya no se le hará ningún cargo».", promised_by: Some(date(2026, 8, 3)), formal: false },
        A { when: at(2026, 9, 2, 18, 40, 0), dir: Direction::ToCompany, channel: Channel::WebChat, detail: "chat de televalle.example.mx", agent: "Asistente Valeria", reference: "CHT-20260902-118", duration: None, asked: "¿Por qué me cobraron agosto si cancelé el día 3? Pido el reembolso.", outcome: Outcome::Redirected, response: "Lamentamos el inconveniente. Para aclaraciones de cobro comuníquese al 800 123 4567.", promised_by: None, formal: false },
        A { when: at(2026, 9, 3, 9, 5, 0), dir: Direction::ToCompany, channel: Channel::Phone, detail: "800 123 4567", agent: "Jesús Ángel Muñoz", reference: "ACL-55120", duration: Some(2710), asked: "Reembolso del cargo de agosto ($1,249.00) y confirmación de la cancelación.", outcome: Outcome::Promise, response: "Se levanta aclaración; el reembolso se verá reflejado en 5 a 7 días hábiles.", promised_by: Some(date(2026, 9, 14)), formal: false },
        A { when: at(2026, 9, 20, 12, 0, 0), dir: Direction::ToCompany, channel: Channel::SocialMedia, detail: "X (@TeleValleAyuda)", agent: "", reference: "", duration: None, asked: "¡Siguen cobrándome después de cancelar! Folio ACL-55120, ¿cuándo llega el reembolso?", outcome: Outcome::NoResponse, response: "", promised_by: None, formal: false },
        A { when: at(2026, 10, 1, 11, 30, 0), dir: Direction::ToCompany, channel: Channel::InPerson, detail: "Sucursal Coyoacán", agent: "Gerente en turno (no quiso dar su nombre)", reference: "", duration: None, asked: "Entregar copia del folio de cancelación y pedir el reembolso de agosto y septiembre.", outcome: Outcome::Redirected, response: "En sucursal no se hacen aclaraciones de facturación; debe llamar al 800.", promised_by: None, formal: false },
        A { when: at(2026, 10, 2, 16, 45, 0), dir: Direction::FromCompany, channel: Channel::Email, detail: "aclaraciones@televalle.example.mx", agent: "Área de Aclaraciones (Lic. Agüero)", reference: "ACL-55120", duration: None, asked: "", outcome: Outcome::CannedReply, response: "Estimado cliente: lamentamos el inconveniente. Su caso está en revisión y será atendido a la brevedad.", promised_by: None, formal: false },
        A { when: at(2026, 10, 6, 10, 0, 0), dir: Direction::ToCompany, channel: Channel::Letter, detail: "Carta con acuse de recibo, oficialía de partes", agent: "Recepción corporativo", reference: "Acuse 3381", duration: None, asked: "Requerimiento formal: reembolso de $3,747.00 MXN en 10 días naturales, constancia de cancelación y bonificación del 20 % (art. 92 TER LFPC).", outcome: Outcome::Promise, response: "Sello de recibido; «el área jurídica le contestará por escrito».", promised_by: Some(date(2026, 10, 20)), formal: true },
        A { when: at(2026, 11, 4, 13, 20, 0), dir: Direction::ToCompany, channel: Channel::Phone, detail: "800 123 4567", agent: "Sin agente: menú automático", reference: "", duration: Some(3600), asked: "Seguimiento del acuse 3381.", outcome: Outcome::NoResponse, response: "Una hora en espera; la llamada se cortó.", promised_by: None, formal: false },
    ];
    let mut attempts = attempts(case_id, list);
    // The chat attempt was corrected once (the reference had a typo).
    let corrected_at = at(2026, 9, 2, 21, 5, 0).with_timezone(&Utc);
    attempts[1].meta.revision = 2;
    attempts[1].meta.recorded_at = corrected_at;
    attempts[1].meta.reason = "Folio del chat mal copiado (decía CHT-20260902-181).".into();

    let ev =
        |n: u16, name: &str, media: &str, bytes: &[u8], attempt: Option<Id>, note: &str| Evidence {
            case_id,
            meta: meta(
                id_at(opened, 200 + n),
                1,
                opened + Duration::days(i64::from(n)),
                "",
            ),
            data: EvidenceMeta {
                sha256: sha(bytes),
                original_name: name.into(),
                media_type: media.into(),
                size: bytes.len() as u64,
                attempt_id: attempt,
                note: note.into(),
                withdrawn: false,
            },
        };
    let evidence = vec![
        ev(
            1,
            "contrato-fibra-200.pdf",
            "application/pdf",
            CONTRACT_PDF,
            None,
            "Contrato de servicio firmado",
        ),
        ev(
            2,
            "recibo-agosto.png",
            "image/png",
            RECEIPT_PNG,
            Some(attempts[2].meta.id),
            "Cargo de agosto tras la cancelación",
        ),
        ev(
            3,
            "captura-chat-2-sep.jpg",
            "image/jpeg",
            CHAT_JPG,
            Some(attempts[1].meta.id),
            "Respuesta genérica del chat",
        ),
    ];
    let corrections = vec![Revision {
        kind: RecordKind::Attempt,
        meta: attempts[1].meta.clone(),
        body: serde_json::to_value(&attempts[1].data).unwrap_or(serde_json::Value::Null),
        link_hash: sha(b"link-of-the-correction"),
        previous_recorded_at: Some(
            attempts[1].data.happened_at.with_timezone(&Utc) + chrono::Duration::minutes(10),
        ),
    }];
    CaseBundle {
        case,
        claimant,
        company,
        attempts,
        evidence,
        corrections,
        chain_head: sha(b"sample chain head es"),
        chain_len: 14,
        claimant_link: links(b"es").claimant_link,
        company_link: links(b"es").company_link,
        fingerprint: links(b"es").fingerprint,
        imports: links(b"es").imports,
    }
}

/// An English case: an airline that cancelled a flight and keeps offering vouchers
/// instead of the cash refund.
pub fn english_case() -> CaseBundle {
    let off = FixedOffset::west_opt(5 * 3600).unwrap_or(Utc.fix());
    let t = |mo, d, h, mi| {
        off.with_ymd_and_hms(2026, mo, d, h, mi, 0)
            .single()
            .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.fixed_offset())
    };
    let opened = t(6, 2, 9, 0).with_timezone(&Utc);
    let (claimant, company) = party(
        opened,
        ClaimantDraft {
            full_name: "Daniel O'Connor".into(),
            id_document: None,
            address: "221 Maple Street, Apt 4B, Springfield, IL 62704".into(),
            phone: "".into(),
            email: "dan.oconnor@example.com".into(),
        },
        CompanyDraft {
            trade_name: "SkyHop".into(),
            legal_name: "SkyHop Airlines, Inc.".into(),
            tax_id: "EIN 12-3456789".into(),
            address: "1 Terminal Way, Dallas, TX 75261".into(),
            website: "".into(),
            channels: vec![],
        },
    );
    let case_id = id_at(opened, 3);
    let case = Stored {
        meta: meta(case_id, 1, opened, ""),
        data: CaseDraft {
            claimant_id: claimant.meta.id,
            company_id: company.meta.id,
            title: "Cancelled flight SH 2231: cash refund refused".into(),
            product: "Round trip ORD–MEX, booking K7Q2ZP".into(),
            account_ref: "Booking K7Q2ZP".into(),
            purchase_date: Some(date(2026, 4, 10)),
            amount: Some(Money {
                minor: 61_240,
                currency: "USD".into(),
            }),
            facts: "SkyHop cancelled flight SH 2231 on May 30, 2026. I asked for a refund to my card; they keep issuing travel credits instead.".into(),
            requests: "A full refund of $612.40 to the original card.".into(),
            agency: "cfpb".into(),
            agency_folio: "".into(),
            status: CaseStatus::Waiting,
            opened_on: date(2026, 6, 2),
            lang: Lang::En,
            archived: None,
        },
    };
    let list = vec![
        A {
            when: t(6, 1, 14, 5),
            dir: Direction::ToCompany,
            channel: Channel::Chatbot,
            detail: "skyhop app",
            agent: "Skye (bot)",
            reference: "",
            duration: None,
            asked: "Refund my cancelled flight to the original card.",
            outcome: Outcome::CannedReply,
            response: "We've issued a travel credit for your convenience.",
            promised_by: None,
            formal: false,
        },
        A {
            when: t(6, 3, 9, 30),
            dir: Direction::ToCompany,
            channel: Channel::Phone,
            detail: "1-800-555-0199",
            agent: "Agent Karen #2231",
            reference: "RF-99120",
            duration: Some(2400),
            asked: "Cash refund, not a credit (the airline cancelled).",
            outcome: Outcome::Promise,
            response: "Refund request submitted; 7-10 business days.",
            promised_by: Some(date(2026, 6, 17)),
            formal: true,
        },
        A {
            when: t(7, 1, 8, 0),
            dir: Direction::ToCompany,
            channel: Channel::Email,
            detail: "refunds@skyhop.example",
            agent: "",
            reference: "RF-99120",
            duration: None,
            asked: "Where is the refund promised for June 17?",
            outcome: Outcome::NoResponse,
            response: "",
            promised_by: None,
            formal: false,
        },
    ];
    let attempts = attempts(case_id, list);
    CaseBundle {
        case,
        claimant,
        company,
        attempts,
        evidence: vec![],
        corrections: vec![],
        chain_head: sha(b"sample chain head en"),
        chain_len: 6,
        claimant_link: links(b"en").claimant_link,
        company_link: links(b"en").company_link,
        fingerprint: links(b"en").fingerprint,
        imports: links(b"en").imports,
    }
}

/// A sample as it reads after an import into another store: every record of the case chain
/// but the last attempt came from an export file (their times are the ones the file
/// declares), and the last attempt was logged here afterwards. Spanish: 13 links imported on
/// 10 October 2026 at 17:07 UTC; English: 5 links on 20 June 2026 at 15:45 UTC. The file's
/// SHA-256 is that of "sample export file es" / "... en".
pub fn imported_case(lang: Lang) -> CaseBundle {
    let (mut b, imported_at, tag): (_, _, &[u8]) = match lang {
        Lang::Es => (
            spanish_case(),
            Utc.with_ymd_and_hms(2026, 10, 10, 17, 7, 0),
            b"es",
        ),
        Lang::En => (
            english_case(),
            Utc.with_ymd_and_hms(2026, 6, 20, 15, 45, 0),
            b"en",
        ),
    };
    let imported_at = imported_at.single().unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mark = Some(imported_at);
    b.case.meta.imported_at = mark;
    let local = b.attempts.iter().map(|a| a.number).max().unwrap_or(0);
    for a in b.attempts.iter_mut().filter(|a| a.number != local) {
        a.meta.imported_at = mark;
    }
    for e in &mut b.evidence {
        e.meta.imported_at = mark;
    }
    for c in &mut b.corrections {
        c.meta.imported_at = mark;
    }
    // The file brought every link but the last attempt's; the import link follows them.
    let records = b.chain_len - 1;
    b.imports = vec![expediente_core::ImportMark {
        index: records,
        imported_at,
        file_sha256: sha(&[b"sample export file ", tag].concat()),
        records,
    }];
    b.chain_len += 1;
    b.chain_head = sha(&[b"sample chain head imported ", tag].concat());
    b.fingerprint = expediente_core::chain::dossier_fingerprint(
        &b.chain_head,
        &b.claimant_link,
        &b.company_link,
    );
    b
}

const LONG_ASKS: [&str; 4] = [
    "Solicito el reembolso íntegro de los cargos no reconocidos y la constancia de cancelación por escrito, con nombre y firma de la persona responsable del área de aclaraciones.",
    "¿Pueden confirmar la fecha exacta en que se aplicará el reembolso? Me dijeron «de 5 a 7 días hábiles» hace ya tres semanas.",
    "Pido hablar con un supervisor y que quede registrado que es la cuarta vez que llamo por el mismo folio.",
    "Envío de nuevo el comprobante: https://drive.example.com/compartido/expediente/comprobante-de-pago-agosto-2026-version-final.pdf",
];
const LONG_RESPONSES: [&str; 4] = [
    "Lamentamos el inconveniente. Su solicitud fue turnada al área correspondiente y en breve un asesor se comunicará con usted para darle seguimiento a su aclaración.",
    "El sistema no permite consultar aclaraciones de más de 30 días; le sugerimos acudir a sucursal con identificación oficial y su último estado de cuenta.",
    "",
    "Se generó un nuevo folio porque el anterior «ya estaba cerrado». Hash del adjunto: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
];

/// The Spanish sample with `n` attempts cycling through channels and outcomes, with long
/// fields that wrap over several lines (for benchmarks and multi-page layout).
pub fn with_attempts(n: usize) -> CaseBundle {
    let mut b = spanish_case();
    let case_id = b.case.meta.id;
    let start = at(2024, 1, 8, 9, 0, 0);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let when = start + Duration::minutes(97 * i as i64);
        let recorded = when.with_timezone(&Utc) + Duration::minutes(5);
        let outcome = Outcome::ALL[i % Outcome::ALL.len()];
        out.push(expediente_core::Attempt {
            case_id,
            number: i as u32 + 1,
            meta: meta(id_at(recorded, (i % 60_000) as u16), 1, recorded, ""),
            data: AttemptDraft {
                happened_at: when,
                direction: if i % 5 == 4 {
                    Direction::FromCompany
                } else {
                    Direction::ToCompany
                },
                channel: Channel::ALL[i % Channel::ALL.len()],
                channel_detail: if i % 3 == 0 {
                    "800 123 4567 opción 3 → 2 → 9".into()
                } else {
                    String::new()
                },
                agent: format!("Asesor/a núm. {}", 1000 + i % 37),
                reference: if i % 2 == 0 {
                    format!("ACL-{:06}", 550_000 + i)
                } else {
                    String::new()
                },
                duration_secs: if i % 4 == 0 {
                    Some(600 + (i as u32 % 50) * 60)
                } else {
                    None
                },
                asked: LONG_ASKS[i % 4].into(),
                outcome,
                response: LONG_RESPONSES[(i / 2) % 4].into(),
                promised_by: (outcome == Outcome::Promise)
                    .then(|| when.date_naive() + Duration::days(7)),
                formal_demand: i % 11 == 0,
                imported_from: None,
            },
        });
    }
    b.attempts = out;
    b.evidence.retain(|e| e.data.attempt_id.is_none());
    b.corrections.clear();
    b.chain_len = n as u32 + 6;
    b
}
