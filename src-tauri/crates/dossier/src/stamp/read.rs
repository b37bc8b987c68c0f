//! Reads a dossier's document timestamp back and checks it from the file alone: the byte
//! range, the token over its SHA-256 (signature, signer), and whether anything was
//! appended after the signed bytes.

use chrono::{DateTime, Utc};
use expediente_timestamp::{
    check_token, read_tst_info, token_from_padded, Certificate, StampError,
};
use lopdf::{Dictionary, Document, Object};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::DossierError;

/// What a dossier's document timestamp says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocTimestampState {
    /// The file carries no document timestamp.
    None,
    /// The token verifies and covers the whole file.
    Valid,
    /// The token verifies, but bytes were appended after the stamped ones.
    ModifiedAfter,
    /// The token does not hold for these bytes (edited file, damaged or forged token).
    Broken,
}

/// The check of a dossier's document timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTimestamp {
    pub state: DocTimestampState,
    /// The TSA's name, the token's serial (hex) and time, as the token states them (also
    /// when it is broken, when it can still be read).
    pub tsa_name: Option<String>,
    pub serial: Option<String>,
    pub gen_time: Option<DateTime<Utc>>,
    /// Bytes after the stamped range.
    pub appended_bytes: u64,
    /// Why it is not valid: a stable code and the text in English and Spanish.
    pub code: Option<String>,
    pub problem: Option<String>,
    pub problem_es: Option<String>,
}

impl DocTimestamp {
    fn none() -> DocTimestamp {
        DocTimestamp {
            state: DocTimestampState::None,
            tsa_name: None,
            serial: None,
            gen_time: None,
            appended_bytes: 0,
            code: None,
            problem: None,
            problem_es: None,
        }
    }

    fn broken(mut self, code: &str, en: String, es: String) -> DocTimestamp {
        self.state = DocTimestampState::Broken;
        self.code = Some(code.into());
        self.problem = Some(en);
        self.problem_es = Some(es);
        self
    }
}

pub(super) fn find_doc_timestamps(doc: &Document) -> impl Iterator<Item = &Dictionary> {
    doc.objects.values().filter_map(|o| {
        let d = o.as_dict().ok()?;
        (d.get(b"Type").and_then(Object::as_name).ok() == Some(b"DocTimeStamp".as_slice()))
            .then_some(d)
    })
}

fn byte_range(sig: &Dictionary, len: usize) -> Option<[usize; 4]> {
    let arr = sig.get(b"ByteRange").and_then(Object::as_array).ok()?;
    let nums: Vec<usize> = arr
        .iter()
        .map(|o| o.as_i64().ok().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<_>>()?;
    let [a, la, b, lb] = <[usize; 4]>::try_from(nums).ok()?;
    let ok = a == 0 && la < b && b.checked_add(lb)? <= len && b - la >= 2;
    ok.then_some([a, la, b, lb])
}

/// Checks the document timestamp of `pdf`. `anchors`: certificates the TSA must chain to
/// (empty: any TSA whose token verifies). An `Err` means the bytes are not a readable PDF.
pub fn check_doc_timestamp(
    pdf: &[u8],
    anchors: &[Certificate],
) -> Result<DocTimestamp, DossierError> {
    let doc = Document::load_mem(pdf).map_err(|e| DossierError::Pdf {
        what: format!("unreadable PDF: {e}"),
    })?;
    let mut out = DocTimestamp::none();
    // The latest stamp: the one whose signed range reaches furthest.
    let Some((sig, range)) = find_doc_timestamps(&doc)
        .map(|d| (d, byte_range(d, pdf.len())))
        .max_by_key(|(_, r)| r.map(|r| r[2] + r[3]))
    else {
        return Ok(out);
    };
    out.state = DocTimestampState::Valid;
    let Some([_, la, b, lb]) = range else {
        return Ok(out.broken(
            "timestamp_byte_range",
            "the timestamp's /ByteRange is missing or does not fit the file".into(),
            "el /ByteRange del sello falta o no corresponde al archivo".into(),
        ));
    };
    // The gap must be exactly the /Contents hex string of this signature.
    let contents = sig
        .get(b"Contents")
        .and_then(Object::as_str)
        .unwrap_or_default();
    let gap = &pdf[la..b];
    let gap_ok = gap.first() == Some(&b'<')
        && gap.last() == Some(&b'>')
        && hex::decode(&gap[1..gap.len() - 1]).ok().as_deref() == Some(contents);
    if !gap_ok {
        return Ok(out.broken(
            "timestamp_byte_range",
            "the bytes left out of the stamp are not the timestamp's /Contents".into(),
            "los bytes excluidos del sello no son el /Contents del sello".into(),
        ));
    }
    let token = match token_from_padded(contents) {
        Ok(t) => t,
        Err(e) => {
            return Ok(out.broken(e.code(), e.message_en(), e.message_es()));
        }
    };
    if let Ok(tst) = read_tst_info(token) {
        out.serial = Some(hex::encode(tst.serial_number.as_bytes()));
        out.gen_time =
            DateTime::from_timestamp(tst.gen_time.to_unix_duration().as_secs() as i64, 0);
    }
    let mut h = Sha256::new();
    h.update(&pdf[..la]);
    h.update(&pdf[b..b + lb]);
    let imprint: [u8; 32] = h.finalize().into();
    match check_token(token, &imprint, anchors) {
        Ok(stamp) => {
            out.tsa_name = Some(stamp.tsa_name);
            out.serial = Some(stamp.serial);
            out.gen_time = Some(stamp.gen_time);
        }
        Err(StampError::WrongImprint { .. }) => {
            return Ok(out.broken(
                "timestamp_document_changed",
                "the stamped bytes changed since the timestamp: the document was modified".into(),
                "los bytes sellados cambiaron después del sello: el documento fue modificado"
                    .into(),
            ));
        }
        Err(e) => return Ok(out.broken(e.code(), e.message_en(), e.message_es())),
    }
    out.appended_bytes = (pdf.len() - (b + lb)) as u64;
    if out.appended_bytes > 0 {
        let n = out.appended_bytes;
        out.state = DocTimestampState::ModifiedAfter;
        out.code = Some("timestamp_appended_after".into());
        out.problem = Some(format!(
            "{n} bytes were added after the timestamp: what they change is not stamped"
        ));
        out.problem_es = Some(format!(
            "se añadieron {n} bytes después del sello: lo que cambian no está sellado"
        ));
    }
    Ok(out)
}
