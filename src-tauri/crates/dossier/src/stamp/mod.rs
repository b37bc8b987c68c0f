//! The dossier's RFC 3161 document timestamp (ISO 32000-2 `/DocTimeStamp`, SubFilter
//! `/ETSI.RFC3161`), added as an incremental update: the finished bytes stay as they are,
//! a signature field with a `/Contents` placeholder is appended, and the TSA's token over
//! the SHA-256 of the signed byte range is patched in. `read` checks it back.

mod read;

use expediente_timestamp::{Client, Failure, Stamp};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::DossierError;

pub use read::{check_doc_timestamp, DocTimestamp, DocTimestampState};

/// Room reserved for the token in `/Contents` (bytes; written as twice as many hex digits).
/// Real tokens with an RSA chain are 3-8 KiB.
pub const CONTENTS_BYTES: usize = 16 * 1024;

/// The `/ByteRange` as first written: the same width as any real range, patched in place.
const RANGE_PLACEHOLDER: &[u8] = b"[0 9999999991 9999999992 9999999993]";

/// The name of the invisible signature field.
pub const FIELD_NAME: &str = "DocTimeStamp";

fn pdf_error(what: impl Into<String>) -> DossierError {
    DossierError::Pdf { what: what.into() }
}

/// A PDF with its document-timestamp field appended and `/Contents` still empty.
#[derive(Debug, Clone)]
pub struct Placeholder {
    bytes: Vec<u8>,
    /// Offset of `<` of `/Contents` and the offset just past its `>`.
    gap: (usize, usize),
}

/// Why a dossier was left unstamped.
#[derive(Debug)]
pub enum StampPdfError {
    /// The PDF could not take the update (unreadable, already stamped, ...).
    Pdf(DossierError),
    /// No TSA gave a good token: what each did.
    Tsa(Failure),
    /// The token does not fit the reserved room.
    TooLarge { token_len: usize },
}

impl StampPdfError {
    /// The message in Spanish (`true`) or English.
    pub fn message(&self, spanish: bool) -> String {
        match (self, spanish) {
            (StampPdfError::Pdf(e), _) => e.to_string(),
            (StampPdfError::Tsa(f), s) => f.message(s),
            (StampPdfError::TooLarge { token_len }, true) => format!(
                "el sello de la autoridad ocupa {token_len} bytes, más de los {CONTENTS_BYTES} reservados"
            ),
            (StampPdfError::TooLarge { token_len }, false) => format!(
                "the TSA's token is {token_len} bytes, more than the {CONTENTS_BYTES} reserved"
            ),
        }
    }
}

impl std::fmt::Display for StampPdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for StampPdfError {}

/// Appends the document-timestamp field to `pdf` (an incremental update: `pdf` is kept
/// byte for byte as the start of the result).
pub fn prepare(pdf: &[u8]) -> Result<Placeholder, DossierError> {
    let doc = Document::load_mem(pdf).map_err(|e| pdf_error(format!("unreadable PDF: {e}")))?;
    if read::find_doc_timestamps(&doc).next().is_some() {
        return Err(pdf_error("the PDF already carries a document timestamp"));
    }
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| pdf_error("the trailer names no catalog"))?;
    let first_page = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| pdf_error("the PDF has no page"))?;

    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), doc);
    let new = &mut inc.new_document;
    let sig_id = new.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"DocTimeStamp".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.RFC3161".to_vec())),
        (
            "ByteRange",
            Object::Array(
                [0, 9_999_999_991, 9_999_999_992, 9_999_999_993]
                    .into_iter()
                    .map(Object::Integer)
                    .collect(),
            ),
        ),
        (
            "Contents",
            Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        ),
    ]));
    // Invisible (zero-size rectangle) but printable and with an (empty) appearance, as
    // PDF/A wants of every widget annotation.
    let appearance = new.add_object(Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
            ),
        ]),
        Vec::new(),
    ));
    let widget_id = new.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Widget".to_vec())),
        ("FT", Object::Name(b"Sig".to_vec())),
        (
            "T",
            Object::String(FIELD_NAME.as_bytes().to_vec(), StringFormat::Literal),
        ),
        ("V", Object::Reference(sig_id)),
        ("F", Object::Integer(132)),
        (
            "Rect",
            Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
        ),
        ("P", Object::Reference(first_page)),
        (
            "AP",
            Object::Dictionary(Dictionary::from_iter([(
                "N",
                Object::Reference(appearance),
            )])),
        ),
    ]));
    add_to_array(&mut inc, first_page, b"Annots", widget_id)?;
    add_field(&mut inc, root, widget_id)?;

    let mut bytes = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 4096);
    inc.save_to(&mut bytes)
        .map_err(|e| pdf_error(format!("writing the update: {e}")))?;
    if !bytes.starts_with(pdf) {
        return Err(pdf_error("the update did not keep the original bytes"));
    }
    let tail = pdf.len();
    let mut zeros = vec![b'<'];
    zeros.extend(std::iter::repeat_n(b'0', 2 * CONTENTS_BYTES));
    zeros.push(b'>');
    let start =
        tail + find(&bytes[tail..], &zeros).ok_or_else(|| pdf_error("no /Contents placeholder"))?;
    let end = start + zeros.len();
    let at = tail
        + find(&bytes[tail..], RANGE_PLACEHOLDER)
            .ok_or_else(|| pdf_error("no /ByteRange placeholder"))?;
    let range = format!("[0 {start} {end} {}", bytes.len() - end);
    let mut patched = range.into_bytes();
    patched.resize(RANGE_PLACEHOLDER.len() - 1, b' ');
    patched.push(b']');
    bytes[at..at + RANGE_PLACEHOLDER.len()].copy_from_slice(&patched);
    Ok(Placeholder {
        bytes,
        gap: (start, end),
    })
}

impl Placeholder {
    /// The SHA-256 of the signed byte range: everything but `/Contents`' hex string.
    pub fn imprint(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(&self.bytes[..self.gap.0]);
        h.update(&self.bytes[self.gap.1..]);
        h.finalize().into()
    }

    /// Patches `token_der` into `/Contents` and returns the stamped PDF.
    pub fn finish(mut self, token_der: &[u8]) -> Result<Vec<u8>, StampPdfError> {
        if token_der.len() > CONTENTS_BYTES {
            return Err(StampPdfError::TooLarge {
                token_len: token_der.len(),
            });
        }
        let hex = hex::encode_upper(token_der);
        let from = self.gap.0 + 1;
        self.bytes[from..from + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// Stamps `pdf` with the first good token from `client`'s TSAs.
pub fn stamp_pdf(pdf: &[u8], client: &Client) -> Result<(Vec<u8>, Stamp), StampPdfError> {
    let placeholder = prepare(pdf).map_err(StampPdfError::Pdf)?;
    let stamp = client
        .stamp(&placeholder.imprint())
        .map_err(StampPdfError::Tsa)?;
    let out = placeholder.finish(&stamp.token_der)?;
    Ok((out, stamp))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Adds `item` to the array under `key` of object `owner` (inline or by reference),
/// copying what changes into the update.
fn add_to_array(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    item: ObjectId,
) -> Result<(), DossierError> {
    inc.opt_clone_object_to_new_document(owner)
        .map_err(|e| pdf_error(format!("object {owner:?}: {e}")))?;
    let current = inc
        .new_document
        .get_object(owner)
        .and_then(Object::as_dict)
        .map_err(|e| pdf_error(format!("object {owner:?}: {e}")))?
        .get(key)
        .ok()
        .cloned();
    match current {
        Some(Object::Reference(array_id)) => {
            inc.opt_clone_object_to_new_document(array_id)
                .map_err(|e| pdf_error(format!("object {array_id:?}: {e}")))?;
            inc.new_document
                .get_object_mut(array_id)
                .and_then(Object::as_array_mut)
                .map_err(|e| pdf_error(format!("object {array_id:?}: {e}")))?
                .push(Object::Reference(item));
        }
        other => {
            let mut items = match other {
                Some(Object::Array(items)) => items,
                _ => Vec::new(),
            };
            items.push(Object::Reference(item));
            inc.new_document
                .get_object_mut(owner)
                .and_then(Object::as_dict_mut)
                .map_err(|e| pdf_error(format!("object {owner:?}: {e}")))?
                .set(key, Object::Array(items));
        }
    }
    Ok(())
}

/// Puts the field in the catalog's `/AcroForm` (made if missing) with `/SigFlags 3`.
fn add_field(
    inc: &mut IncrementalDocument,
    root: ObjectId,
    field: ObjectId,
) -> Result<(), DossierError> {
    inc.opt_clone_object_to_new_document(root)
        .map_err(|e| pdf_error(format!("catalog: {e}")))?;
    let acroform = inc
        .new_document
        .get_object(root)
        .and_then(Object::as_dict)
        .map_err(|e| pdf_error(format!("catalog: {e}")))?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let form_id = match acroform {
        Some(Object::Reference(id)) => id,
        Some(Object::Dictionary(dict)) => {
            let id = inc.new_document.add_object(dict);
            set_in(inc, root, b"AcroForm", Object::Reference(id))?;
            id
        }
        _ => {
            let id = inc.new_document.add_object(Dictionary::new());
            set_in(inc, root, b"AcroForm", Object::Reference(id))?;
            id
        }
    };
    add_to_array(inc, form_id, b"Fields", field)?;
    set_in(inc, form_id, b"SigFlags", Object::Integer(3))
}

fn set_in(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    value: Object,
) -> Result<(), DossierError> {
    inc.opt_clone_object_to_new_document(owner)
        .map_err(|e| pdf_error(format!("object {owner:?}: {e}")))?;
    inc.new_document
        .get_object_mut(owner)
        .and_then(Object::as_dict_mut)
        .map_err(|e| pdf_error(format!("object {owner:?}: {e}")))?
        .set(key, value);
    Ok(())
}
