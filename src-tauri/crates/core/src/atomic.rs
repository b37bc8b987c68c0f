//! Whole files written for the user (exports, dossiers): into a temporary file beside the
//! target, synced, then renamed over it, so a reader never finds half a file under the
//! name. The temporary file is removed on every failure (write, sync or rename).

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` atomically. The temporary file is `.<name>.<random>.tmp` in
/// the target's folder (a rename cannot cross file systems); it is deleted when anything
/// fails, since `tempfile` removes it on drop unless it was persisted.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The mode `fs::write` would give (0666 less the umask), not the temporary file's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // On failure the error hands the temporary file back; dropping it deletes it.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_and_replaces_leaving_only_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.pdf");
        write(&out, b"first").unwrap();
        write(&out, b"second").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second");
        assert_eq!(names(dir.path()), vec!["out.pdf"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o600, 0o600, "{mode:o}");
        }
    }

    /// The rename fails (the target is a folder): the error comes back and no hidden
    /// `.out.pdf.*.tmp` is left beside it.
    #[test]
    fn a_failed_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.pdf");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("inside"), b"x").unwrap();
        assert!(write(&out, b"pdf bytes").is_err());
        assert_eq!(names(dir.path()), vec!["out.pdf"]);
        assert_eq!(names(&out), vec!["inside"]);
    }

    /// The folder cannot be written: nothing is created and the error says so.
    #[cfg(unix)]
    #[test]
    fn a_missing_folder_is_an_error_not_a_stray_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no-such-folder").join("out.pdf");
        let e = write(&out, b"x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert!(names(dir.path()).is_empty());
    }
}
