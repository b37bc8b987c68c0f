//! The sample case ("Cargar caso de ejemplo"): a realistic Spanish refund run-around with a
//! telecom, built only through the public [`Store`] API so it is chained, validated and
//! exported like any real case. Dates are relative to today so no attempt is in the future.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::model::*;
use crate::store::Store;
use crate::{Error, Result};

/// Mexico City's UTC offset (no daylight saving time since 2022).
const CDMX_OFFSET_SECS: i32 = -6 * 3600;

/// Days between the first contact and today. The last attempt is two days before today.
const SPAN_DAYS: i64 = 34;

const CLAIMANT_NAME: &str = "María Fernanda López Ruiz";
const COMPANY_NAME: &str = "ConectaMóvil";

/// One attempt of the script: day after the first contact, local time, and content.
struct Step {
    day: i64,
    time: (u32, u32),
    direction: Direction,
    channel: Channel,
    detail: &'static str,
    agent: &'static str,
    reference: &'static str,
    duration_secs: Option<u32>,
    asked: &'static str,
    outcome: Outcome,
    response: &'static str,
    /// Promised date, as days after the first contact.
    promised_day: Option<i64>,
    formal_demand: bool,
}

/// Loads the sample case into `store` and returns the new case's id.
///
/// Reuses a claimant or company of the same name if the store already has one (loading
/// the demo twice gives two cases, not two María Fernandas), and makes the claimant the
/// default profile only when there is none yet.
pub fn demo_case(store: &mut Store) -> Result<Id> {
    let offset = FixedOffset::east_opt(CDMX_OFFSET_SECS)
        .ok_or_else(|| Error::Integrity("invalid demo offset".into()))?;
    let today = Utc::now().with_timezone(&offset).date_naive();
    let start = today - Duration::days(SPAN_DAYS);

    let claimant_id = match store
        .claimants()?
        .into_iter()
        .find(|c| c.data.full_name == CLAIMANT_NAME)
    {
        Some(c) => c.meta.id,
        None => store.create_claimant(claimant())?.meta.id,
    };
    if store.default_claimant()?.is_none() {
        store.set_default_claimant(claimant_id)?;
    }
    let company_id = match store
        .companies()?
        .into_iter()
        .find(|c| c.data.trade_name == COMPANY_NAME)
    {
        Some(c) => c.meta.id,
        None => store.create_company(company())?.meta.id,
    };

    let case = store.create_case(case(claimant_id, company_id, start))?;
    let case_id = case.meta.id;

    store.add_evidence_reader(
        case_id,
        "confirmacion_pedido_CM-2026-884213.txt",
        &mut ORDER_CONFIRMATION.as_bytes(),
        None,
        "Correo de confirmación de la compra en línea",
    )?;

    let mut ids = Vec::new();
    for step in steps() {
        let draft = draft(&step, start, offset)?;
        ids.push(store.log_attempt(case_id, draft)?.meta.id);
    }

    // A correction, so the sample shows how a revision keeps the original and its reason.
    let first_call = ids[2];
    let mut fixed = draft(&steps()[2], start, offset)?;
    fixed.duration_secs = Some(38 * 60);
    store.revise_attempt(
        first_call,
        fixed,
        "Corrijo la duración: había anotado sólo los 25 minutos en espera, la llamada completa fue de 38 minutos.",
    )?;

    store.add_evidence_reader(
        case_id,
        "acuse_escrito_reclamacion.txt",
        &mut DEMAND_LETTER.as_bytes(),
        Some(ids[9]),
        "Escrito de reclamación con sello de recibido",
    )?;

    Ok(case_id)
}

fn claimant() -> ClaimantDraft {
    ClaimantDraft {
        full_name: CLAIMANT_NAME.into(),
        id_document: Some(IdDocument {
            kind: "INE".into(),
            number: "LPRZMR85031209M700".into(),
        }),
        address: "Calle Jalapa 142, int. 5, Col. Roma Norte, Alcaldía Cuauhtémoc, C.P. 06700, Ciudad de México".into(),
        phone: "+52 55 1234 5678".into(),
        email: "mafer.lopez@example.com".into(),
    }
}

fn company() -> CompanyDraft {
    let ch = |channel, value: &str, label: &str| KnownChannel {
        channel,
        value: value.into(),
        label: label.into(),
    };
    CompanyDraft {
        trade_name: COMPANY_NAME.into(),
        legal_name: "Conecta Móvil de México, S.A. de C.V.".into(),
        tax_id: "CMM0912157K3".into(),
        address: "Av. Paseo de la Reforma 250, piso 12, Col. Juárez, Alcaldía Cuauhtémoc, C.P. 06600, Ciudad de México".into(),
        website: "https://www.conectamovil.example".into(),
        channels: vec![
            ch(Channel::Phone, "800 123 4567", "Atención a clientes (opción 3: aclaraciones)"),
            ch(Channel::Email, "atencion@conectamovil.example", "Atención a clientes"),
            ch(Channel::WebChat, "https://www.conectamovil.example/ayuda", "Chat en vivo y asistente virtual"),
            ch(Channel::SocialMedia, "@ConectaMovilMX", "X (Twitter)"),
            ch(Channel::Whatsapp, "+52 55 9876 5432", "WhatsApp de soporte"),
        ],
    }
}

fn case(claimant_id: Id, company_id: Id, start: NaiveDate) -> CaseDraft {
    CaseDraft {
        claimant_id,
        company_id,
        title: "Reembolso de celular no entregado (pedido CM-2026-884213)".into(),
        product: "Smartphone Galaxy A55 128 GB, compra en la tienda en línea".into(),
        account_ref: "Pedido CM-2026-884213; línea 55 1234 5678".into(),
        purchase_date: Some(start - Duration::days(9)),
        amount: Some(Money {
            minor: 849_900,
            currency: "MXN".into(),
        }),
        facts: "Compré un celular en la tienda en línea de ConectaMóvil y lo pagué con mi tarjeta \
de crédito. El equipo nunca llegó: la guía de paquetería lo marca como «entregado» a una persona \
que no conozco, en una fecha en la que nadie estaba en mi domicilio.\n\n\
Desde entonces he intentado que me devuelvan mi dinero por el chat, el asistente virtual, el \
teléfono, la tienda, el correo, redes sociales y WhatsApp. En cada canal me envían a otro; en \
tienda me pidieron mandar un escrito y esperar 15 días hábiles. Una asesora me prometió por \
teléfono el reembolso en 5 días hábiles y no se cumplió; después me dijeron por WhatsApp que \
«no procede» porque el sistema dice que se entregó. El cargo sigue en mi estado de cuenta."
            .into(),
        requests: "1. El reembolso íntegro de $8,499.00 MXN cargados a mi tarjeta.\n\
2. Una bonificación no menor al 20% del precio, conforme al artículo 92 TER de la Ley Federal \
de Protección al Consumidor.\n\
3. Una respuesta por escrito que explique a quién se entregó el equipo."
            .into(),
        agency: "profeco".into(),
        agency_folio: String::new(),
        status: CaseStatus::Waiting,
        opened_on: start,
        lang: Lang::Es,
        archived: None,
    }
}

fn draft(step: &Step, start: NaiveDate, offset: FixedOffset) -> Result<AttemptDraft> {
    let day = start + Duration::days(step.day);
    let time = NaiveTime::from_hms_opt(step.time.0, step.time.1, 0)
        .ok_or_else(|| Error::Integrity(format!("invalid demo time {:?}", step.time)))?;
    let happened_at: DateTime<FixedOffset> = offset
        .from_local_datetime(&day.and_time(time))
        .single()
        .ok_or_else(|| Error::Integrity(format!("invalid demo date {day} {time}")))?;
    Ok(AttemptDraft {
        happened_at,
        direction: step.direction,
        channel: step.channel,
        channel_detail: step.detail.into(),
        agent: step.agent.into(),
        reference: step.reference.into(),
        duration_secs: step.duration_secs,
        asked: step.asked.into(),
        outcome: step.outcome,
        response: step.response.into(),
        promised_by: step.promised_day.map(|d| start + Duration::days(d)),
        formal_demand: step.formal_demand,
        imported_from: None,
    })
}

fn steps() -> Vec<Step> {
    use Channel::*;
    use Direction::*;
    use Outcome::*;
    vec![
        Step {
            day: 0,
            time: (10, 15),
            direction: ToCompany,
            channel: Chatbot,
            detail: "Asistente virtual en conectamovil.example",
            agent: "Asistente virtual «Conny»",
            reference: "",
            duration_secs: None,
            asked: "Pregunté por qué mi pedido CM-2026-884213 aparece como entregado si nunca llegó.",
            outcome: Redirected,
            response: "Lamentamos el inconveniente. Para temas relacionados con entregas, por favor comunícate con uno de nuestros asesores en el chat en vivo.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 0,
            time: (10, 32),
            direction: ToCompany,
            channel: WebChat,
            detail: "Chat en vivo de conectamovil.example",
            agent: "Asesor Jorge R.",
            reference: "CHAT-7719302",
            duration_secs: None,
            asked: "Expliqué que el paquete nunca llegó y que la guía dice «entregado» a una persona que no conozco. Pedí el reembolso de $8,499.00.",
            outcome: Redirected,
            response: "Lamentamos el inconveniente que esto le ocasiona. Por este medio no podemos gestionar reembolsos; le pedimos comunicarse al 800 123 4567, opción 3.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 1,
            time: (9, 5),
            direction: ToCompany,
            channel: Phone,
            detail: "800 123 4567, opción 3",
            agent: "Karla (ID 40512)",
            reference: "REP-2026-551870",
            duration_secs: Some(25 * 60),
            asked: "Solicité el reembolso del equipo no entregado y la aclaración del cargo en mi tarjeta.",
            outcome: Redirected,
            response: "Después de 25 minutos en espera me atendió Karla. Me dijo que el reembolso sólo se puede iniciar en un Centro de Atención a Clientes, presentando identificación y el comprobante de compra. Levantó el reporte REP-2026-551870.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 3,
            time: (17, 40),
            direction: ToCompany,
            channel: InPerson,
            detail: "Centro de Atención a Clientes, Plaza Insurgentes",
            agent: "Luis Ángel M., gerente de tienda",
            reference: "REP-2026-551870",
            duration_secs: Some(50 * 60),
            asked: "Presenté mi INE, la confirmación del pedido y el estado de cuenta con el cargo, y pedí que iniciaran el reembolso.",
            outcome: Redirected,
            response: "En tienda no se pueden hacer devoluciones de compras en línea. Tiene que enviar un escrito a atencion@conectamovil.example con sus documentos y esperar 15 días hábiles a que le respondan.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 3,
            time: (21, 10),
            direction: ToCompany,
            channel: Email,
            detail: "atencion@conectamovil.example",
            agent: "",
            reference: "Caso 00481277",
            duration_secs: None,
            asked: "Envié el escrito pidiendo el reembolso, con copia de mi INE, la confirmación del pedido, el estado de cuenta y la captura del rastreo de la paquetería.",
            outcome: CannedReply,
            response: "Respuesta automática: «Hemos recibido tu correo. Un asesor te responderá en un plazo de 15 días hábiles. Tu número de caso es 00481277.»",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 11,
            time: (12, 0),
            direction: ToCompany,
            channel: Phone,
            detail: "800 123 4567, opción 3",
            agent: "",
            reference: "Caso 00481277",
            duration_secs: Some(25 * 60),
            asked: "Llamé para conocer el avance del caso 00481277.",
            outcome: NoResponse,
            response: "Después de 25 minutos en espera la llamada se cortó sin que nadie contestara.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 12,
            time: (16, 20),
            direction: FromCompany,
            channel: Phone,
            detail: "Llamada recibida del 55 5000 1200",
            agent: "Mariana, área de Aclaraciones",
            reference: "Caso 00481277",
            duration_secs: Some(7 * 60),
            asked: "",
            outcome: Promise,
            response: "Me confirmó que el reembolso sí procede y que se verá reflejado en mi tarjeta en un máximo de 5 días hábiles. No quiso enviarlo por escrito: «ya quedó registrado en el sistema».",
            promised_day: Some(19),
            formal_demand: false,
        },
        Step {
            day: 21,
            time: (10, 45),
            direction: ToCompany,
            channel: SocialMedia,
            detail: "X, mensaje directo a @ConectaMovilMX",
            agent: "Equipo @ConectaMovilMX",
            reference: "Caso 00481277",
            duration_secs: None,
            asked: "Pregunté por el reembolso que me prometieron por teléfono y que no ha llegado a mi tarjeta.",
            outcome: CannedReply,
            response: "¡Hola, María Fernanda! Lamentamos el inconveniente. Por tu seguridad, te pedimos dar seguimiento a tu solicitud por nuestros canales oficiales de atención. ¡Que tengas un excelente día!",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 22,
            time: (13, 30),
            direction: ToCompany,
            channel: Whatsapp,
            detail: "+52 55 9876 5432",
            agent: "Asesora Daniela",
            reference: "Caso 00481277",
            duration_secs: None,
            asked: "Pedí que me confirmaran la fecha del reembolso prometido el día que me llamó Mariana.",
            outcome: Refused,
            response: "El sistema indica que la entrega se realizó correctamente, por lo que no procede el reembolso. Si no está conforme, puede solicitar una aclaración con su banco.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 24,
            time: (11, 0),
            direction: ToCompany,
            channel: Letter,
            detail: "Entregada en Av. Paseo de la Reforma 250, oficialía de partes",
            agent: "Recepción, oficialía de partes",
            reference: "Acuse con sello, folio de recepción 2026-11873",
            duration_secs: None,
            asked: "Requerí formalmente el reembolso de $8,499.00 MXN en un plazo de 5 días hábiles, con copia de todos los reportes anteriores, y advertí que acudiría a PROFECO.",
            outcome: Promise,
            response: "Recibieron el escrito y sellaron mi copia. Me dijeron que el área jurídica respondería por escrito en un plazo de 15 días hábiles.",
            promised_day: Some(45),
            formal_demand: true,
        },
        Step {
            day: 29,
            time: (18, 5),
            direction: FromCompany,
            channel: Email,
            detail: "De no-responder@conectamovil.example",
            agent: "Atención a Clientes ConectaMóvil",
            reference: "Caso 00481277",
            duration_secs: None,
            asked: "",
            outcome: CannedReply,
            response: "Estimada clienta: lamentamos el inconveniente. Le informamos que su solicitud se encuentra en revisión por el área correspondiente. Agradecemos su paciencia y preferencia.",
            promised_day: None,
            formal_demand: false,
        },
        Step {
            day: 32,
            time: (9, 40),
            direction: ToCompany,
            channel: Phone,
            detail: "800 123 4567, opción 3",
            agent: "Rodrigo (ID 38877)",
            reference: "REP-2026-601144",
            duration_secs: Some(19 * 60),
            asked: "Pregunté si ya había respuesta a mi escrito y por qué me dijeron que el reembolso no procede si antes me lo habían confirmado.",
            outcome: Redirected,
            response: "Me dijo que el caso ya está en el área jurídica y que él no puede darme información; que espere la respuesta por escrito. Levantó un nuevo reporte, REP-2026-601144.",
            promised_day: None,
            formal_demand: false,
        },
    ]
}

const ORDER_CONFIRMATION: &str = "De: ConectaMóvil Tienda en Línea <pedidos@conectamovil.example>
Para: mafer.lopez@example.com
Asunto: ¡Gracias por tu compra! Pedido CM-2026-884213

Hola, María Fernanda:

Recibimos tu pago y tu pedido ya está en proceso.

Pedido: CM-2026-884213
Artículo: Smartphone Galaxy A55 128 GB, color azul
Cantidad: 1
Total pagado: $8,499.00 MXN (tarjeta de crédito terminación 4821)
Envío a: Calle Jalapa 142, int. 5, Col. Roma Norte, C.P. 06700, Ciudad de México
Entrega estimada: de 3 a 5 días hábiles

Gracias por tu preferencia.
";

const DEMAND_LETTER: &str = "Ciudad de México, a la fecha del sello de recibido.

Conecta Móvil de México, S.A. de C.V.
Av. Paseo de la Reforma 250, piso 12, Col. Juárez, C.P. 06600, Ciudad de México
P r e s e n t e

Asunto: Reclamación por equipo no entregado, pedido CM-2026-884213.

Por medio del presente requiero formalmente el reembolso de $8,499.00 MXN que pagué por un
equipo que nunca me fue entregado. He reportado el problema por chat, teléfono, tienda, correo,
redes sociales y WhatsApp (reportes REP-2026-551870, caso 00481277), sin solución. El día en que
me llamó su área de Aclaraciones se me prometió el reembolso en 5 días hábiles, lo cual no se
cumplió.

Solicito el reembolso en un plazo de 5 días hábiles. De no recibir respuesta, presentaré queja
ante la Procuraduría Federal del Consumidor conforme a los artículos 99 y 105 de la Ley Federal
de Protección al Consumidor.

Atentamente,
María Fernanda López Ruiz
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_case_is_complete_chained_and_in_the_past() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let case_id = demo_case(&mut store).unwrap();

        let attempts = store.attempts(case_id).unwrap();
        assert_eq!(attempts.len(), 12);
        let now = Utc::now();
        assert!(attempts
            .iter()
            .all(|a| a.data.happened_at.with_timezone(&Utc) < now));
        assert!(attempts
            .iter()
            .all(|a| a.data.happened_at.offset().local_minus_utc() == CDMX_OFFSET_SECS));
        let channels: std::collections::BTreeSet<_> =
            attempts.iter().map(|a| a.data.channel).collect();
        assert!(channels.len() >= 7, "only {channels:?}");

        let offset = FixedOffset::east_opt(CDMX_OFFSET_SECS).unwrap();
        let stats = store.stats(case_id, now.with_timezone(&offset)).unwrap();
        assert_eq!(stats.promises_made, 2);
        assert_eq!(stats.promises_broken, 1);
        assert_eq!(stats.promises_pending, 1);
        assert_eq!(stats.formal_demands, 1);
        assert!(stats.redirected >= 4);

        let bundle = store.bundle(case_id).unwrap();
        assert_eq!(bundle.evidence.len(), 2);
        assert_eq!(bundle.corrections.len(), 1);
        assert!(store.verify_case(case_id).unwrap().ok);

        // Loading it again reuses the claimant and the company.
        demo_case(&mut store).unwrap();
        assert_eq!(store.claimants().unwrap().len(), 1);
        assert_eq!(store.companies().unwrap().len(), 1);
        assert_eq!(store.case_summaries().unwrap().len(), 2);
    }
}
