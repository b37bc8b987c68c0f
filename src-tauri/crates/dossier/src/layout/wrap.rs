//! Greedy word wrap measured with the embedded font, breaking where a reader would: at
//! spaces; inside a token wider than the column, after `/`, `@`, `.`, `?`, `&`, `=` (URLs,
//! e-mail addresses), then after `-` or `_` only if none of those fits, and between any
//! two characters only when nothing else does. A token that fits on a line is never split.

/// How good a place to break inside a token is (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// Between any two characters: the last resort.
    Anywhere,
    /// After a hyphen or underscore (folios like `REP-2026-551870`).
    Hyphen,
    /// After a URL or e-mail separator.
    Separator,
}

/// The kind of break allowed after `c` when `next` follows it; `None` when a line must
/// not end there (never start a line with closing punctuation).
fn break_after(c: char, next: char) -> Option<Break> {
    if matches!(
        next,
        ')' | ']' | '}' | '»' | '”' | '’' | ',' | ';' | ':' | '!' | '?'
    ) {
        return None;
    }
    Some(match c {
        // Not inside "//" (https://).
        '/' if next == '/' => Break::Anywhere,
        '/' | '@' | '?' | '&' | '=' => Break::Separator,
        // A dot between two parts of a name (example.com), not "..." or a dot before "/".
        '.' if next.is_alphanumeric() => Break::Separator,
        '-' | '_' if next.is_alphanumeric() => Break::Hyphen,
        _ => Break::Anywhere,
    })
}

/// The longest prefix (in bytes, with its width) of `token` that fits in `room` and ends at
/// the best kind of break available; `allow_anywhere` permits a mid-token cut. A prefix is
/// at least one character long and shorter than the token.
fn best_prefix(
    token: &str,
    room: f32,
    allow_anywhere: bool,
    char_w: &impl Fn(char) -> f32,
) -> Option<(usize, f32)> {
    let mut best: [Option<(usize, f32)>; 3] = [None; 3];
    let mut width = 0.0f32;
    let mut chars = token.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        width += char_w(c);
        if width > room {
            break;
        }
        let Some(&(j, next)) = chars.peek() else {
            break;
        };
        if let Some(kind) = break_after(c, next) {
            best[kind as usize] = Some((j, width));
        }
    }
    let [anywhere, hyphen, separator] = best;
    separator
        .or(hyphen)
        .or(if allow_anywhere { anywhere } else { None })
}

/// Greedy word wrap of `text` (with `\n` as hard breaks) to `max_w`. Words go whole onto
/// the line they fit on; a word wider than a whole line (a URL, an address, a long folio)
/// is broken at the best places the module doc lists. Returns lines with their widths.
pub fn wrap(
    text: &str,
    max_w: f32,
    measure: impl Fn(&str) -> f32,
    char_w: impl Fn(char) -> f32,
) -> Vec<(String, f32)> {
    let space_w = measure(" ");
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0f32;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let w = measure(word);
            let sep = if line.is_empty() { 0.0 } else { space_w };
            if line_w + sep + w <= max_w {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += sep + w;
                continue;
            }
            if w <= max_w {
                out.push((std::mem::take(&mut line), line_w));
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word wider than a whole line: piece by piece, each ending at a break.
            let mut rest = word;
            while !rest.is_empty() {
                let sep = if line.is_empty() { 0.0 } else { space_w };
                let rest_w = measure(rest);
                if line_w + sep + rest_w <= max_w {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(rest);
                    line_w += sep + rest_w;
                    break;
                }
                let room = max_w - line_w - sep;
                match best_prefix(rest, room, line.is_empty(), &char_w) {
                    Some((end, piece_w)) => {
                        if !line.is_empty() {
                            line.push(' ');
                        }
                        line.push_str(&rest[..end]);
                        line_w += sep + piece_w;
                        rest = &rest[end..];
                    }
                    None if line.is_empty() => {
                        // Not even one character fits: put it on a line of its own.
                        let c = rest.chars().next().map_or(1, char::len_utf8);
                        line.push_str(&rest[..c]);
                        line_w = measure(&line);
                        rest = &rest[c..];
                    }
                    None => {}
                }
                out.push((std::mem::take(&mut line), line_w));
                line_w = 0.0;
            }
        }
        out.push((line, line_w));
    }
    // Drop trailing empty lines (a text ending in newlines), keep at least one line.
    while out.len() > 1 && out.last().is_some_and(|(l, _)| l.is_empty()) {
        out.pop();
    }
    if out.len() == 1 && out[0].0.is_empty() {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mono(text: &str, max: f32) -> Vec<String> {
        wrap(text, max, |s| s.chars().count() as f32, |_| 1.0)
            .into_iter()
            .map(|(l, w)| {
                assert!(w <= max || l.chars().count() == 1, "{l:?} {w}");
                assert_eq!(w, l.chars().count() as f32, "{l:?}");
                l
            })
            .collect()
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(
            mono("uno dos tres cuatro", 8.0),
            ["uno dos", "tres", "cuatro"]
        );
        // No mid-token cut while there is a line to start afresh.
        assert_eq!(
            mono("ab 0123456789abcdef", 8.0),
            ["ab", "01234567", "89abcdef"]
        );
        assert_eq!(mono("x\n\ny", 8.0), ["x", "", "y"]);
        assert!(mono("", 8.0).is_empty());
        assert!(mono("   ", 8.0).is_empty());
        // Words are kept whole and in order: joining the lines restores the text.
        let text = "¿Dónde está mi reembolso? https://example.com/a/very/long/path?with=query";
        let lines = mono(text, 10.0);
        assert!(lines.iter().all(|l| l.chars().count() <= 10));
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn folios_move_whole_to_the_next_line() {
        assert_eq!(
            mono("Folio ante la autoridad REP-2026-551870", 20.0),
            ["Folio ante la", "autoridad", "REP-2026-551870"]
        );
        assert_eq!(
            mono("Ref. CHT-20260902-118", 16.0),
            ["Ref.", "CHT-20260902-118"]
        );
    }

    #[test]
    fn long_tokens_break_after_separators_then_hyphens() {
        // After "/" (never inside "//"), "@" and "."; the line is filled first.
        assert_eq!(
            mono("ver https://drive.example.com/compartido/recibo.pdf", 20.0),
            [
                "ver https://drive.",
                "example.com/",
                "compartido/recibo.",
                "pdf"
            ]
        );
        assert_eq!(
            mono("aclaraciones@televalle.example.mx", 16.0),
            ["aclaraciones@", "televalle.", "example.mx"]
        );
        // A hyphen only when no separator fits on the line.
        assert_eq!(mono("REP-2026-551870", 10.0), ["REP-2026-", "551870"]);
        // A separator wins over a longer hyphenated piece.
        assert_eq!(
            mono("ab.cd-efgh-ijklmn", 11.0),
            ["ab.", "cd-efgh-", "ijklmn"]
        );
        // A line never starts with closing punctuation.
        assert_eq!(
            mono("X (@TeleValleAyuda)", 10.0),
            ["X (@", "TeleValleA", "yuda)"]
        );
        assert_eq!(mono("abcdefghij)", 10.0), ["abcdefghi", "j)"]);
        // Mid-token only for a piece with no break that fits: 64 hex characters.
        let hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let lines = mono(&format!("Hash: {hex}"), 30.0);
        assert_eq!(lines[0], "Hash:");
        assert_eq!(lines[1..].concat(), hex);
        assert!(lines[1..3].iter().all(|l| l.chars().count() == 30));
    }
}
