//! Greedy word wrap measured with the embedded font.

/// Greedy word wrap of `text` (with `\n` as hard breaks) to `max_w`; words wider than a
/// line (hashes, URLs) are broken between characters. Returns lines with their widths.
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
            // A word longer than a whole line: fill the current line, then break by character.
            if !line.is_empty() {
                if max_w - line_w - space_w > max_w * 0.25 {
                    line.push(' ');
                    line_w += space_w;
                } else {
                    out.push((std::mem::take(&mut line), line_w));
                    line_w = 0.0;
                }
            }
            for c in word.chars() {
                let cw = char_w(c);
                if line_w + cw > max_w && !line.is_empty() {
                    out.push((std::mem::take(&mut line), line_w));
                    line_w = 0.0;
                }
                line.push(c);
                line_w += cw;
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
        assert_eq!(
            mono("ab 0123456789abcdef", 8.0),
            ["ab 01234", "56789abc", "def"]
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
}
