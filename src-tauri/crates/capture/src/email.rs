//! E-mail: one `.eml` message or an `.mbox` archive (Thunderbird, Gmail's Takeout), each
//! message one attempt. MIME by `mailparse` (quoted-printable, base64, ISO-8859-1 and
//! Windows-1252 bodies); HTML-only bodies to text by `html2text`; the original message and
//! its attachments kept as evidence of the attempt; a Message-ID seen before is skipped.

use std::collections::HashSet;

use chrono::DateTime;
use expediente_core::model::{AttemptDraft, Channel, Direction, ImportedFrom, Outcome};
use mailparse::{DispositionType, MailAddr, ParsedMail};

use crate::text::{self, find_folio, outcome_hint, strip_quotes_and_signature};
use crate::{CaseContext, Duplicate, Preview, PreviewAttempt, PreviewFile, Problem};

/// Largest message read (what mail servers commonly accept, with room).
pub const MAX_MESSAGE_BYTES: u64 = 25 * 1024 * 1024;

/// One `.eml` file.
pub fn preview_eml(
    p: &mut Preview,
    name: &str,
    sha: &str,
    bytes: &[u8],
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) -> u32 {
    if bytes.len() as u64 > MAX_MESSAGE_BYTES {
        p.problems.push(Problem::too_large(
            name,
            None,
            bytes.len() as u64,
            MAX_MESSAGE_BYTES,
        ));
        return 0;
    }
    message(p, name, sha, bytes, None, ctx, seen);
    1
}

/// One mbox archive: messages start at a line beginning `From ` (after a blank line or at
/// the top); `>From ` lines are unescaped (mboxrd).
pub fn preview_mbox(
    p: &mut Preview,
    name: &str,
    sha: &str,
    bytes: &[u8],
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) -> u32 {
    if !bytes.starts_with(b"From ") {
        p.problems.push(Problem::new(
            name,
            Some(1),
            "is not an mbox archive: the first line does not start with \"From \"",
            "no es un archivo mbox: la primera línea no empieza con \"From \"",
        ));
        return 0;
    }
    let mut count = 0;
    for (line_no, msg) in split_mbox(bytes) {
        count += 1;
        if msg.len() as u64 > MAX_MESSAGE_BYTES {
            p.problems.push(Problem::too_large(
                name,
                Some(line_no),
                msg.len() as u64,
                MAX_MESSAGE_BYTES,
            ));
            continue;
        }
        let raw = unescape_from(msg);
        message(p, name, sha, &raw, Some(line_no), ctx, seen);
    }
    count
}

/// Each message of an mbox with the line its `From ` separator is on; the separator line
/// itself is not part of the message.
fn split_mbox(bytes: &[u8]) -> Vec<(u32, &[u8])> {
    let mut out = Vec::new();
    let mut start: Option<(u32, usize)> = None;
    let mut pos = 0;
    let mut line_no = 0u32;
    let mut prev_blank = true;
    while pos < bytes.len() {
        line_no += 1;
        let end = memchr_nl(&bytes[pos..]).map_or(bytes.len(), |i| pos + i + 1);
        let line = &bytes[pos..end];
        if prev_blank && line.starts_with(b"From ") {
            if let Some((l, s)) = start {
                out.push((l, trim_sep(&bytes[s..pos])));
            }
            start = Some((line_no, end));
        }
        prev_blank = line == b"\n" || line == b"\r\n";
        pos = end;
    }
    if let Some((l, s)) = start {
        out.push((l, &bytes[s..]));
    }
    out
}

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

/// The blank line before the next `From ` belongs to the archive, not the message.
fn trim_sep(m: &[u8]) -> &[u8] {
    m.strip_suffix(b"\r\n")
        .or_else(|| m.strip_suffix(b"\n"))
        .unwrap_or(m)
}

/// `>From ` (and `>>From `...) at the start of a line lose one `>`.
fn unescape_from(m: &[u8]) -> Vec<u8> {
    if !m.windows(6).any(|w| w == b"\n>From" || w == b"\n>>Fro") && !m.starts_with(b">From") {
        return m.to_vec();
    }
    let mut out = Vec::with_capacity(m.len());
    for line in m.split_inclusive(|&c| c == b'\n') {
        let gt = line.iter().take_while(|&&c| c == b'>').count();
        if gt > 0 && line[gt..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

/// Where a message's headers end, if they do.
fn header_end(raw: &[u8]) -> Option<usize> {
    raw.windows(2)
        .position(|w| w == b"\n\n")
        .or_else(|| raw.windows(4).position(|w| w == b"\r\n\r\n"))
}

/// One message into the preview (or a problem naming it).
fn message(
    p: &mut Preview,
    file: &str,
    file_sha: &str,
    raw: &[u8],
    line: Option<u32>,
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) {
    let problem = |en: String, es: String| Problem::new(file, line, en, es);
    if header_end(raw).is_none() {
        p.problems.push(problem(
            "the message is cut short: its headers never end".into(),
            "el mensaje está cortado: sus encabezados no terminan".into(),
        ));
        return;
    }
    let mail = match mailparse::parse_mail(raw) {
        Ok(m) => m,
        Err(e) => {
            p.problems.push(problem(
                format!("the message cannot be read: {e}"),
                format!("el mensaje no se puede leer: {e}"),
            ));
            return;
        }
    };
    if let Some(b) = unclosed_boundary(&mail, raw) {
        p.problems.push(problem(
            format!("the message is cut short: its part boundary \"{b}\" is never closed"),
            format!("el mensaje está cortado: su separador de partes \"{b}\" nunca se cierra"),
        ));
        return;
    }
    let h = &mail.headers;
    let get = |k: &str| {
        h.iter()
            .find(|x| x.get_key_ref().eq_ignore_ascii_case(k))
            .map(|x| x.get_value())
    };
    let msg_id = get("Message-ID")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("sha256:{}", crate::sha256_hex(raw)));
    if ctx.imported_items.contains(&msg_id) {
        p.duplicates.push(dup(file, &msg_id, "already_in_case"));
        return;
    }
    if !seen.insert(msg_id.clone()) {
        p.duplicates.push(dup(file, &msg_id, "repeated_in_files"));
        return;
    }
    let Some(date) = get("Date") else {
        p.problems.push(problem(
            format!("message {msg_id} has no Date header"),
            format!("el mensaje {msg_id} no tiene encabezado Date"),
        ));
        return;
    };
    let Some((happened_at, exact)) = parse_date(&date) else {
        p.problems.push(problem(
            format!("message {msg_id}: the date {date:?} cannot be read"),
            format!("mensaje {msg_id}: la fecha {date:?} no se puede leer"),
        ));
        return;
    };
    let from = first_address(&mail, "From");
    let to = all_addresses(&mail, "To");
    let mut notes = Vec::new();
    if !exact {
        notes.push(format!(
            "the date {date:?} is not in the standard form: read as UTC, check it"
        ));
    }
    let from_addr = from.as_ref().map(|f| f.1.clone()).unwrap_or_default();
    let direction = if ctx.is_claimant_address(&from_addr) {
        Direction::ToCompany
    } else if ctx.is_company_address(&from_addr) {
        Direction::FromCompany
    } else if to.iter().any(|(_, a)| ctx.is_company_address(a)) {
        notes.push("direction guessed from the recipient (a company address)".into());
        Direction::ToCompany
    } else if to.iter().any(|(_, a)| ctx.is_claimant_address(a)) {
        notes.push("direction guessed from the recipient (your address)".into());
        Direction::FromCompany
    } else {
        notes.push(format!(
            "neither {from_addr} nor the recipients are known addresses: taken as the company's"
        ));
        Direction::FromCompany
    };
    let subject = get("Subject").unwrap_or_default();
    let (body, attachments) = body_and_attachments(&mail);
    let own = strip_quotes_and_signature(&body);
    let mut d = AttemptDraft::new(happened_at, Channel::Email, Outcome::NoResponse);
    d.direction = direction;
    let words = if subject.trim().is_empty() {
        own.clone()
    } else {
        format!("{}\n\n{own}", subject.trim())
    };
    match direction {
        Direction::ToCompany => {
            d.asked = text::text(&words);
            d.channel_detail = text::line(
                &to.iter()
                    .map(|(_, a)| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        Direction::FromCompany => {
            d.response = text::text(&words);
            d.channel_detail = text::line(&from_addr);
            d.agent = text::line(&from.as_ref().map(|f| f.0.clone()).unwrap_or_default());
            d.outcome = outcome_hint(&own).unwrap_or_else(|| {
                notes.push("outcome guessed (canned reply): check it".into());
                Outcome::CannedReply
            });
        }
    }
    d.reference = text::line(&find_folio(&[&subject, &own]).unwrap_or_default());
    d.imported_from = Some(ImportedFrom {
        file_name: text::line(file),
        file_sha256: file_sha.to_string(),
        item: text::line(&msg_id),
    });
    let stamp = happened_at.format("%Y-%m-%d_%H%M");
    let mut files = vec![PreviewFile::new(
        format!("correo_{stamp}.eml"),
        raw.to_vec(),
        format!("correo original {}", text::line(&msg_id)),
    )];
    for (n, bytes) in attachments {
        files.push(PreviewFile::new(
            n,
            bytes,
            format!("adjunto del correo {stamp}"),
        ));
    }
    files.retain(|f| {
        let here = ctx.evidence_hashes.contains(&f.sha256);
        if here {
            p.duplicates.push(dup(file, &f.name, "already_in_case"));
        }
        !here
    });
    p.attempts.push(PreviewAttempt {
        draft: d,
        files,
        grouping: "1 message".into(),
        notes,
    });
}

fn dup(file: &str, item: &str, why: &'static str) -> Duplicate {
    Duplicate {
        file: file.to_string(),
        item: item.to_string(),
        why,
    }
}

/// An RFC 2822 date with its offset; the common sloppy forms too (a trailing "(CST)",
/// a missing weekday, one-digit days).
/// The date with its offset, and whether it was read exactly (`false`: the offset is lost).
fn parse_date(s: &str) -> Option<(DateTime<chrono::FixedOffset>, bool)> {
    let s = s.trim();
    let s = match s.find('(') {
        Some(i) => s[..i].trim(),
        None => s,
    };
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some((d, true));
    }
    // Mailparse's lenient parser as a last resort: it gives an instant, not the offset.
    // It reads almost anything as some instant: one before 2000 was not a date.
    mailparse::dateparse(s)
        .ok()
        .filter(|&t| t >= expediente_core::validate::EARLIEST_ATTEMPT_SECS)
        .and_then(|t| DateTime::from_timestamp(t, 0))
        .map(|d| (d.fixed_offset(), false))
}

/// The first multipart boundary that opens but never closes, if any.
fn unclosed_boundary(mail: &ParsedMail, raw: &[u8]) -> Option<String> {
    if mail.ctype.mimetype.starts_with("multipart/") {
        if let Some(b) = mail.ctype.params.get("boundary") {
            let close = format!("--{b}--");
            if !raw.windows(close.len()).any(|w| w == close.as_bytes()) {
                return Some(b.clone());
            }
        }
    }
    None
}

fn addresses(mail: &ParsedMail, key: &str) -> Vec<(String, String)> {
    let Some(h) = mail
        .headers
        .iter()
        .find(|h| h.get_key_ref().eq_ignore_ascii_case(key))
    else {
        return Vec::new();
    };
    let Ok(list) = mailparse::addrparse_header(h) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in list.iter() {
        match a {
            MailAddr::Single(s) => out.push((
                s.display_name.clone().unwrap_or_default(),
                s.addr.trim().to_lowercase(),
            )),
            MailAddr::Group(g) => out.extend(g.addrs.iter().map(|s| {
                (
                    s.display_name.clone().unwrap_or_default(),
                    s.addr.trim().to_lowercase(),
                )
            })),
        }
    }
    out
}

fn first_address(mail: &ParsedMail, key: &str) -> Option<(String, String)> {
    addresses(mail, key).into_iter().next()
}

fn all_addresses(mail: &ParsedMail, key: &str) -> Vec<(String, String)> {
    let mut v = addresses(mail, key);
    v.extend(addresses(mail, "Cc"));
    v
}

/// The message's text (its plain part, else its HTML part as text) and its attachments
/// (name and decoded bytes).
fn body_and_attachments(mail: &ParsedMail) -> (String, Vec<(String, Vec<u8>)>) {
    let mut plain: Option<String> = None;
    let mut html: Option<String> = None;
    let mut files = Vec::new();
    walk(mail, &mut plain, &mut html, &mut files);
    let body = plain.or_else(|| html.map(|h| html2text::from_read(h.as_bytes(), 100).unwrap_or(h)));
    (body.unwrap_or_default(), files)
}

fn walk(
    part: &ParsedMail,
    plain: &mut Option<String>,
    html: &mut Option<String>,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    if !part.subparts.is_empty() {
        for s in &part.subparts {
            walk(s, plain, html, files);
        }
        return;
    }
    let disp = part.get_content_disposition();
    let name = disp
        .params
        .get("filename")
        .or_else(|| part.ctype.params.get("name"))
        .cloned();
    let mime = part.ctype.mimetype.as_str();
    let attached = disp.disposition == DispositionType::Attachment || name.is_some();
    if !attached && mime == "text/plain" && plain.is_none() {
        *plain = part.get_body().ok();
    } else if !attached && mime == "text/html" && html.is_none() {
        *html = part.get_body().ok();
    } else if attached || !mime.starts_with("text/") {
        if let Ok(bytes) = part.get_body_raw() {
            let n = safe_name(name.as_deref().unwrap_or("adjunto"), files.len());
            files.push((n, bytes));
        }
    }
}

/// An attachment's name kept as a plain file name: no folders, no control characters.
fn safe_name(name: &str, i: usize) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string();
    if clean.is_empty() {
        format!("adjunto-{}", i + 1)
    } else {
        text::cut(&clean, 200)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mbox_splits_on_from_lines_after_a_blank_line_and_unescapes() {
        let m = b"From a@x Mon Mar  2 10:00:00 2026\nSubject: 1\n\nhola\n>From here\n\nFrom b@x Mon Mar  2 11:00:00 2026\nSubject: 2\n\nadios\n";
        let parts = split_mbox(m);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, 1);
        assert_eq!(parts[1].0, 7);
        assert_eq!(
            unescape_from(parts[0].1),
            b"Subject: 1\n\nhola\nFrom here\n"
        );
    }

    #[test]
    fn dates_keep_their_offset_and_say_when_they_cannot() {
        let (d, exact) = parse_date("Mon, 2 Mar 2026 10:05:12 -0600 (CST)").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-03-02T10:05:12-06:00");
        assert!(exact);
        assert!(parse_date("ayer por la tarde").is_none());
        let (d, exact) = parse_date("2 Mar 2026 10:05").unwrap();
        assert_eq!(d.date_naive().to_string(), "2026-03-02");
        assert!(!exact);
    }

    #[test]
    fn attachment_names_lose_their_folders() {
        assert_eq!(safe_name("../../etc/passwd", 0), "passwd");
        assert_eq!(safe_name("C:\\x\\..\\", 2), "adjunto-3");
        assert_eq!(safe_name(".bashrc", 0), "bashrc");
    }
}
