//! What could not be read, and why: the file, the line (or message) and a sentence in
//! Spanish and English. A preview with problems is not written unless the caller chooses
//! to skip what could not be read.

use serde::Serialize;

/// One thing in one file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file's name.
    pub file: String,
    /// The line it starts on (1-based), when known.
    pub line: Option<u32>,
    pub message_en: String,
    pub message_es: String,
}

impl Problem {
    pub fn new(
        file: &str,
        line: Option<u32>,
        en: impl Into<String>,
        es: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            line,
            message_en: en.into(),
            message_es: es.into(),
        }
    }

    pub fn io(file: &str, e: &std::io::Error) -> Self {
        Problem::new(
            file,
            None,
            format!("cannot be read: {e}"),
            format!("no se puede leer: {e}"),
        )
    }

    pub fn too_large(file: &str, line: Option<u32>, size: u64, limit: u64) -> Self {
        let mb = |b: u64| format!("{:.1} MB", b as f64 / 1_048_576.0);
        Problem::new(
            file,
            line,
            format!("is {}, over the limit of {}: not read", mb(size), mb(limit)),
            format!(
                "mide {}, más que el límite de {}: no se lee",
                mb(size),
                mb(limit)
            ),
        )
    }

    /// `file, line N: message` in the language asked for (`es` or `en`).
    pub fn render(&self, lang: &str) -> String {
        let msg = if lang == "en" {
            &self.message_en
        } else {
            &self.message_es
        };
        match self.line {
            Some(l) if lang == "en" => format!("{}, line {l}: {msg}", self.file),
            Some(l) => format!("{}, línea {l}: {msg}", self.file),
            None => format!("{}: {msg}", self.file),
        }
    }
}
