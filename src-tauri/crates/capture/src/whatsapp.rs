//! WhatsApp chat exports, as Android and iOS write them in Spanish and English (`.txt`, or
//! `.zip` with the media): messages grouped into one attempt per exchange (the claimant's
//! messages and the company's replies until the claimant writes again), the media named in
//! an exchange kept as its evidence, the export itself as evidence of the case.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use expediente_core::model::{AttemptDraft, Channel, Direction, ImportedFrom, Outcome};
use regex::Regex;

use crate::text::{self, find_folio, outcome_hint};
use crate::{CaseContext, Duplicate, Preview, PreviewAttempt, PreviewFile, Problem};

/// Largest chat text and largest media file read from an export.
pub const MAX_ENTRY_BYTES: u64 = 100 * 1024 * 1024;
/// Most files read from one `.zip`.
const MAX_ZIP_ENTRIES: usize = 5_000;

/// One chat line's header, before the day/month order is known.
struct RawMsg {
    line: u32,
    a: u32,
    b: u32,
    year: i32,
    time: NaiveTime,
    sender: String,
    text: String,
}

struct Msg {
    at: NaiveDateTime,
    sender: String,
    text: String,
    media: Vec<String>,
}

fn header_re() -> &'static (Regex, Regex) {
    static R: OnceLock<(Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        let date = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?";
        (
            // iOS: [25/03/26, 10:15:32] Name: text
            Regex::new(&format!(r"^\[{date}\]\s+([^:]+?):\s?(.*)$")).expect("pattern"),
            // Android: 25/03/26, 10:15 - Name: text   (or a system line without "Name:")
            Regex::new(&format!(r"^{date}\s+[-–]\s+(.*)$")).expect("pattern"),
        )
    })
}

fn media_re() -> &'static [Regex; 2] {
    static R: OnceLock<[Regex; 2]> = OnceLock::new();
    R.get_or_init(|| {
        [
            Regex::new(r"^(.+?\.[A-Za-z0-9]{2,5})\s+\((?:archivo adjunto|file attached)\)$")
                .expect("pattern"),
            Regex::new(r"<(?:adjunto|attached):\s*([^>]+)>").expect("pattern"),
        ]
    })
}

/// Invisible marks and odd spaces the exports put around dates and names.
fn normalize(line: &str) -> String {
    line.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{feff}'))
        .map(|c| {
            if matches!(c, '\u{202f}' | '\u{a0}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// One export: a `.txt`, or a `.zip` holding one and the media.
pub fn preview(
    p: &mut Preview,
    name: &str,
    sha: &str,
    bytes: Vec<u8>,
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) -> u32 {
    let (chat, media) = if bytes.starts_with(b"PK") {
        match read_zip(name, &bytes) {
            Ok(x) => x,
            Err(e) => {
                p.problems.push(e);
                return 0;
            }
        }
    } else {
        (bytes.clone(), HashMap::new())
    };
    let Ok(chat) = String::from_utf8(chat) else {
        p.problems.push(Problem::new(
            name,
            None,
            "the chat text is not UTF-8: is it a WhatsApp export?",
            "el texto del chat no es UTF-8: ¿es una exportación de WhatsApp?",
        ));
        return 0;
    };
    let msgs = match parse_chat(name, &chat) {
        Ok(m) => m,
        Err(mut e) => {
            p.problems.append(&mut e);
            return 0;
        }
    };
    let n = msgs.len() as u32;
    if msgs.is_empty() {
        p.problems.push(Problem::new(
            name,
            None,
            "no WhatsApp messages found (dates like 25/03/26, 10:15 - Name: text)",
            "no se encontraron mensajes de WhatsApp (fechas como 25/03/26, 10:15 - Nombre: texto)",
        ));
        return 0;
    }
    let Some(me) = who_is_me(&msgs, ctx) else {
        let senders: Vec<&str> = msgs
            .iter()
            .map(|m| m.sender.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        p.problems.push(Problem::new(
            name,
            None,
            format!(
                "cannot tell which participant is you ({}): name yourself (--me)",
                senders.join(", ")
            ),
            format!(
                "no se sabe cuál participante es usted ({}): indíquelo (--me)",
                senders.join(", ")
            ),
        ));
        return n;
    };
    let before = p.attempts.len();
    for group in exchanges(&msgs, &me) {
        add_exchange(p, name, sha, &group, &me, &media, ctx, seen);
    }
    if p.attempts.len() > before {
        let f = PreviewFile::new(
            name.to_string(),
            bytes,
            "exportación del chat de WhatsApp".into(),
        );
        if ctx.evidence_hashes.contains(&f.sha256)
            || p.case_files.iter().any(|c| c.sha256 == f.sha256)
        {
            p.duplicates.push(Duplicate {
                file: name.into(),
                item: name.into(),
                why: "already_in_case",
            });
        } else {
            p.case_files.push(f);
        }
    }
    n
}

/// Media files of an export, by name.
type Media = HashMap<String, Vec<u8>>;

fn read_zip(name: &str, bytes: &[u8]) -> Result<(Vec<u8>, Media), Problem> {
    let bad = |e: String| {
        Problem::new(
            name,
            None,
            format!("the .zip cannot be read: {e}"),
            format!("el .zip no se puede leer: {e}"),
        )
    };
    let mut z =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    if z.len() > MAX_ZIP_ENTRIES {
        return Err(bad(format!("it holds {} files", z.len())));
    }
    let mut chat = None;
    let mut media = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).map_err(|e| bad(e.to_string()))?;
        if f.is_dir() {
            continue;
        }
        let entry = f.name().rsplit('/').next().unwrap_or("").to_string();
        let mut buf = Vec::new();
        // The size a .zip declares can lie: read one byte past the limit to know.
        (&mut f)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| bad(format!("{entry}: {e}")))?;
        if buf.len() as u64 > MAX_ENTRY_BYTES {
            return Err(Problem::too_large(
                &format!("{name}/{entry}"),
                None,
                buf.len() as u64,
                MAX_ENTRY_BYTES,
            ));
        }
        if entry.to_lowercase().ends_with(".txt") && chat.is_none() {
            chat = Some(buf);
        } else {
            media.insert(entry, buf);
        }
    }
    let chat = chat.ok_or_else(|| bad("it holds no chat (.txt)".into()))?;
    Ok((chat, media))
}

/// The chat's messages in order, or every line whose date cannot be.
fn parse_chat(name: &str, chat: &str) -> Result<Vec<Msg>, Vec<Problem>> {
    let (ios, android) = header_re();
    let mut raw: Vec<RawMsg> = Vec::new();
    let mut problems = Vec::new();
    let mut pm_style = false;
    for (i, l) in chat.lines().enumerate() {
        let l = normalize(l);
        let l = l.trim_end_matches('\r');
        let caps = ios
            .captures(l)
            .map(|c| (c, true))
            .or_else(|| android.captures(l).map(|c| (c, false)));
        let Some((c, is_ios)) = caps else {
            if let Some(last) = raw.last_mut() {
                last.text.push('\n');
                last.text.push_str(l);
            }
            continue;
        };
        let num = |k: usize| {
            c.get(k)
                .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(u32::MAX))
        };
        let mut hour = num(4);
        if let Some(ampm) = c.get(7) {
            pm_style = true;
            let pm = ampm.as_str().to_lowercase().starts_with('p');
            if hour == 0 || hour > 12 {
                hour = 99; // impossible, reported below
            } else {
                hour = hour % 12 + if pm { 12 } else { 0 };
            }
        }
        let line = i as u32 + 1;
        let Some(time) = NaiveTime::from_hms_opt(hour, num(5), num(6)) else {
            problems.push(Problem::new(
                name,
                Some(line),
                format!("impossible time in {l:?}"),
                format!("hora imposible en {l:?}"),
            ));
            continue;
        };
        let mut year = num(3) as i32;
        if year < 100 {
            year += 2000;
        }
        let (sender, text) = if is_ios {
            (c[8].trim().to_string(), c[9].to_string())
        } else {
            match c[8].split_once(": ") {
                Some((s, t)) => (s.trim().to_string(), t.to_string()),
                // A system line ("Los mensajes están cifrados...").
                None => continue,
            }
        };
        raw.push(RawMsg {
            line,
            a: num(1),
            b: num(2),
            year,
            time,
            sender,
            text,
        });
    }
    // Day first or month first? A field over 12 settles it; else Spanish exports and
    // 24-hour clocks are day first, an English AM/PM export month first.
    let a_over = raw.iter().any(|m| m.a > 12);
    let b_over = raw.iter().any(|m| m.b > 12);
    let day_first = if a_over {
        true
    } else if b_over {
        false
    } else {
        !pm_style || chat.contains("adjunto") || chat.contains("a. m.") || chat.contains("p. m.")
    };
    let mut out = Vec::new();
    for m in raw {
        let (d, mo) = if day_first { (m.a, m.b) } else { (m.b, m.a) };
        match NaiveDate::from_ymd_opt(m.year, mo, d) {
            Some(date) => out.push(Msg {
                at: date.and_time(m.time),
                media: media_of(&m.text),
                sender: m.sender,
                text: m.text,
            }),
            None => problems.push(Problem::new(
                name,
                Some(m.line),
                format!("impossible date: day {d}, month {mo}, year {}", m.year),
                format!("fecha imposible: día {d}, mes {mo}, año {}", m.year),
            )),
        }
    }
    if a_over && b_over {
        problems.push(Problem::new(
            name,
            None,
            "the dates mix day/month and month/day orders",
            "las fechas mezclan los órdenes día/mes y mes/día",
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn media_of(text: &str) -> Vec<String> {
    let [android, ios] = media_re();
    let t = text.trim();
    let mut out: Vec<String> = ios
        .captures_iter(t)
        .map(|c| c[1].trim().to_string())
        .collect();
    if let Some(c) = android.captures(t) {
        out.push(c[1].trim().to_string());
    }
    out
}

/// A name compared without case or accents ("Ana Pérez" is "ana perez").
fn norm_name(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// Which sender is the claimant: a name of theirs, else the one who is not the company.
fn who_is_me(msgs: &[Msg], ctx: &CaseContext) -> Option<String> {
    let senders: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for m in msgs {
            if !v.contains(&m.sender) {
                v.push(m.sender.clone());
            }
        }
        v
    };
    let is_me = |s: &str| {
        let s = norm_name(s);
        ctx.claimant_names.iter().map(|n| norm_name(n)).any(|n| {
            !n.is_empty() && (n == s || n.starts_with(&format!("{s} ")) || s.starts_with(&n))
        })
    };
    let is_company = |s: &str| {
        let s = norm_name(s);
        ctx.company_names
            .iter()
            .map(|n| norm_name(n))
            .any(|n| !n.is_empty() && (s.contains(&n) || n.contains(&s)))
    };
    if let Some(s) = senders.iter().find(|s| is_me(s)) {
        return Some(s.clone());
    }
    if senders.len() == 2 {
        if is_company(&senders[0]) {
            return Some(senders[1].clone());
        }
        if is_company(&senders[1]) {
            return Some(senders[0].clone());
        }
    }
    None
}

/// Exchanges: the claimant's messages and the replies until the claimant writes again
/// (replies before the claimant's first message are an exchange of their own).
fn exchanges<'a>(msgs: &'a [Msg], me: &str) -> Vec<Vec<&'a Msg>> {
    let mut out: Vec<Vec<&Msg>> = Vec::new();
    let mut replied = true;
    for m in msgs {
        let mine = m.sender == me;
        if out.is_empty() || (mine && replied) {
            out.push(Vec::new());
            replied = false;
        }
        if !mine {
            replied = true;
        }
        if let Some(g) = out.last_mut() {
            g.push(m);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn add_exchange(
    p: &mut Preview,
    file: &str,
    sha: &str,
    group: &[&Msg],
    me: &str,
    media: &HashMap<String, Vec<u8>>,
    ctx: &CaseContext,
    seen: &mut HashSet<String>,
) {
    let first = group[0];
    let item = format!(
        "whatsapp:{}:{}",
        first.at.format("%Y-%m-%dT%H:%M:%S"),
        first.sender
    );
    if ctx.imported_items.contains(&item) {
        p.duplicates.push(Duplicate {
            file: file.into(),
            item,
            why: "already_in_case",
        });
        return;
    }
    if !seen.insert(item.clone()) {
        p.duplicates.push(Duplicate {
            file: file.into(),
            item,
            why: "repeated_in_files",
        });
        return;
    }
    let Some(at) = ctx.localize(first.at) else {
        p.problems.push(Problem::new(
            file,
            None,
            format!("{} does not exist in this time zone", first.at),
            format!("{} no existe en esta zona horaria", first.at),
        ));
        return;
    };
    let fmt = |ms: &[&&Msg]| {
        ms.iter()
            .map(|m| format!("[{}] {}", m.at.format("%d/%m %H:%M"), m.text.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mine: Vec<&&Msg> = group.iter().filter(|m| m.sender == me).collect();
    let theirs: Vec<&&Msg> = group.iter().filter(|m| m.sender != me).collect();
    let mut d = AttemptDraft::new(at, Channel::Whatsapp, Outcome::NoResponse);
    let mut notes = Vec::new();
    d.direction = if first.sender == me {
        Direction::ToCompany
    } else {
        Direction::FromCompany
    };
    d.asked = text::text(&fmt(&mine));
    d.response = text::text(&fmt(&theirs));
    if let Some(agent) = theirs.first() {
        d.agent = text::line(&agent.sender);
        d.channel_detail = text::line(&agent.sender);
        d.outcome = outcome_hint(&d.response).unwrap_or_else(|| {
            notes.push("outcome guessed (canned reply): check it".into());
            Outcome::CannedReply
        });
    }
    let their_text: String = theirs
        .iter()
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let my_text: String = mine
        .iter()
        .map(|m| m.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    d.reference = text::line(&find_folio(&[&their_text, &my_text]).unwrap_or_default());
    d.imported_from = Some(ImportedFrom {
        file_name: text::line(file),
        file_sha256: sha.into(),
        item: text::line(&item),
    });
    let mut files = Vec::new();
    for m in group {
        for name in &m.media {
            match media.get(name) {
                Some(bytes) => {
                    let f = PreviewFile::new(
                        name.clone(),
                        bytes.clone(),
                        format!(
                            "archivo del chat de WhatsApp, {}",
                            m.at.format("%d/%m/%Y %H:%M")
                        ),
                    );
                    if ctx.evidence_hashes.contains(&f.sha256) {
                        p.duplicates.push(Duplicate {
                            file: file.into(),
                            item: name.clone(),
                            why: "already_in_case",
                        });
                    } else {
                        files.push(f);
                    }
                }
                None => notes.push(format!("{name} is named in the chat but not in the export")),
            }
        }
    }
    p.attempts.push(PreviewAttempt {
        draft: d,
        files,
        grouping: format!(
            "exchange: {} message(s) from you, {} reply(ies)",
            mine.len(),
            theirs.len()
        ),
        notes,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn android_spanish_twelve_hour_lines_read() {
        let chat = "25/3/26, 1:15 p. m. - Ana Pérez: Hola\n25/3/26, 1:20 p. m. - Soporte: Folio: REP-1234\nsigue\n";
        let m = parse_chat("c.txt", chat).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].at.to_string(), "2026-03-25 13:15:00");
        assert_eq!(m[1].text, "Folio: REP-1234\nsigue");
    }

    #[test]
    fn exchanges_run_until_the_claimant_writes_again() {
        let chat = "[01/03/26, 09:00:00] Soporte: Bienvenido\n[01/03/26, 09:01:00] Ana: Hola\n[01/03/26, 09:02:00] Ana: ¿Mi reembolso?\n[01/03/26, 09:05:00] Soporte: Lo revisamos\n[01/03/26, 09:06:00] Ana: Gracias\n";
        let m = parse_chat("c.txt", chat).unwrap();
        let g = exchanges(&m, "Ana");
        assert_eq!(g.iter().map(|x| x.len()).collect::<Vec<_>>(), vec![1, 3, 1]);
    }
}
