//! The desktop app's command-line flags (`--data-dir DIR`, `--demo`), parsed in one step
//! and checked in another so a bad flag gets a message naming it, not a panic.

use std::path::PathBuf;

pub const USAGE: &str = "usage: expediente [--data-dir DIR] [--demo]
  --data-dir DIR  keep the database and evidence in DIR (default: $EXPEDIENTE_DATA_DIR, else the OS data folder)
  --demo          start on the sample case, kept in its own folder (DIR/demo), never in your data";

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub data_dir: Option<PathBuf>,
    pub demo: bool,
}

/// Parses the flags. Unknown flags are errors, except the ones WebKit/GTK or a WebDriver
/// may add (anything after `--`).
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--demo" => opts.demo = true,
            "--data-dir" => {
                let v = it
                    .next()
                    .ok_or_else(|| "--data-dir needs a folder path after it".to_string())?;
                opts.data_dir = Some(PathBuf::from(v));
            }
            s if s.starts_with("--data-dir=") => {
                opts.data_dir = Some(PathBuf::from(&s["--data-dir=".len()..]));
            }
            "--" => break,
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    validate(opts)
}

fn validate(opts: Options) -> Result<Options, String> {
    if let Some(d) = &opts.data_dir {
        if d.as_os_str().is_empty() {
            return Err("--data-dir is empty".into());
        }
        if d.is_file() {
            return Err(format!(
                "--data-dir {} is a file, not a folder",
                d.display()
            ));
        }
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_flags() {
        let o = parse(&s(&["--data-dir", "/tmp/x", "--demo"])).unwrap();
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(o.demo);
        let o = parse(&s(&["--data-dir=/tmp/y"])).unwrap();
        assert_eq!(o.data_dir, Some(PathBuf::from("/tmp/y")));
        assert_eq!(parse(&[]).unwrap(), Options::default());
    }

    #[test]
    fn rejects_bad_flags() {
        assert!(parse(&s(&["--data-dir"]))
            .unwrap_err()
            .contains("--data-dir"));
        assert!(parse(&s(&["--nope"])).unwrap_err().contains("--nope"));
        assert!(parse(&s(&["--data-dir="])).unwrap_err().contains("empty"));
    }
}
