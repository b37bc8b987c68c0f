//! Evidence files on disk: copied into `<data_dir>/evidence/<aa>/<sha256>`, hashed while
//! streaming (never read whole into memory), written to a temporary file first and renamed
//! into place so a crash never leaves a half file under a valid name.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Default largest evidence file: 100 MiB.
pub const DEFAULT_LIMIT: u64 = 100 * 1024 * 1024;

/// The content-addressed folder of evidence files.
#[derive(Debug, Clone)]
pub struct Blobs {
    root: PathBuf,
}

/// A file stored by [`Blobs::put`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size: u64,
}

impl Blobs {
    pub fn new(root: PathBuf) -> Self {
        Blobs { root }
    }

    /// Where the file named `sha256` lives. Only a real evidence name (exactly 64
    /// lower-case hex digits) has a path: anything else, such as `../../etc/hostname` in a
    /// crafted backup or export, is refused before it can name a file outside the folder.
    pub fn path(&self, sha256: &str) -> Result<PathBuf> {
        if !crate::integrity::is_sha256(sha256) {
            return Err(Error::Integrity(format!(
                "{sha256:?} is not an evidence file name (64 hex digits)"
            )));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }

    /// Streams `r` into the store, refusing more than `limit` bytes.
    pub fn put(&self, r: &mut dyn Read, limit: u64) -> Result<Stored> {
        let tmp_dir = self.root.join("tmp");
        fs::create_dir_all(&tmp_dir)?;
        let tmp_path = tmp_dir.join(format!("incoming-{}", uuid::Uuid::new_v4()));
        let result = self.copy_hashed(r, &tmp_path, limit);
        let stored = match result {
            Ok(s) => s,
            Err(e) => {
                let _ = fs::remove_file(&tmp_path);
                return Err(e);
            }
        };
        let dest = self.path(&stored.sha256)?;
        if dest.exists() {
            fs::remove_file(&tmp_path)?;
        } else {
            fs::create_dir_all(dest.parent().unwrap_or(&self.root))?;
            fs::rename(&tmp_path, &dest)?;
        }
        Ok(stored)
    }

    /// Stores many files at once (an import bringing thousands): each written beside its
    /// final name and renamed into place, then all made durable together — one `syncfs` on
    /// Linux instead of one sync per file, each file synced elsewhere. Returns the SHA-256
    /// of every file whose bytes were not already stored (so a failed import can remove
    /// them again).
    pub fn put_all(&self, files: &[&[u8]]) -> Result<Vec<String>> {
        let tmp_dir = self.root.join("tmp");
        fs::create_dir_all(&tmp_dir)?;
        let mut seen = std::collections::HashSet::new();
        let mut todo: Vec<(String, PathBuf, &[u8])> = Vec::new();
        for bytes in files {
            let sha = sha256_hex(bytes);
            let dest = self.path(&sha)?;
            if seen.insert(sha.clone()) && !dest.exists() {
                todo.push((sha, dest, bytes));
            }
        }
        // Creating a file costs the file system about a millisecond: a few at a time.
        let chunk = todo.len().div_ceil(PUT_THREADS).max(1);
        let results: Vec<(Vec<usize>, Option<Error>)> = std::thread::scope(|sc| {
            let workers: Vec<_> = todo
                .chunks(chunk)
                .enumerate()
                .map(|(n, part)| {
                    let tmp_dir = &tmp_dir;
                    let root = &self.root;
                    sc.spawn(move || {
                        let mut done = Vec::new();
                        for (i, (_, dest, bytes)) in part.iter().enumerate() {
                            let tmp = tmp_dir.join(format!("incoming-{}", uuid::Uuid::new_v4()));
                            let write = (|| -> Result<()> {
                                fs::write(&tmp, bytes)?;
                                fs::create_dir_all(dest.parent().unwrap_or(root))?;
                                fs::rename(&tmp, dest)?;
                                Ok(())
                            })();
                            if let Err(e) = write {
                                let _ = fs::remove_file(&tmp);
                                return (done, Some(e));
                            }
                            done.push(n * chunk + i);
                        }
                        (done, None)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join().unwrap_or_else(|_| {
                        (
                            Vec::new(),
                            Some(Error::Integrity("a file writer panicked".into())),
                        )
                    })
                })
                .collect()
        });
        let mut written: Vec<usize> = Vec::new();
        let mut failure = None;
        for (done, err) in results {
            written.extend(done);
            failure = failure.or(err);
        }
        let result = match failure {
            Some(e) => Err(e),
            None => sync_batch(&self.root, written.iter().map(|&i| todo[i].1.as_path())),
        };
        match result {
            Ok(()) => Ok(written.into_iter().map(|i| todo[i].0.clone()).collect()),
            Err(e) => {
                for i in written {
                    let _ = fs::remove_file(&todo[i].1);
                }
                Err(e)
            }
        }
    }

    fn copy_hashed(&self, r: &mut dyn Read, tmp: &Path, limit: u64) -> Result<Stored> {
        let file = File::create(tmp)?;
        let mut out = BufWriter::new(file);
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut size: u64 = 0;
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            size += n as u64;
            if size > limit {
                // Count the rest so the message can say how big the file is.
                let rest = io::copy(r, &mut io::sink()).unwrap_or(0);
                return Err(Error::TooLarge {
                    size: size + rest,
                    limit,
                });
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(Stored {
            sha256: hex::encode(hasher.finalize()),
            size,
        })
    }

    /// Reads a stored file back, checking that its bytes still hash to its name.
    pub fn read(&self, sha256: &str) -> Result<Vec<u8>> {
        let bytes = fs::read(self.path(sha256)?)?;
        let actual = hex::encode(Sha256::digest(&bytes));
        if actual != sha256 {
            return Err(Error::Integrity(format!(
                "evidence file {sha256} has changed on disk (its bytes now hash to {actual})"
            )));
        }
        Ok(bytes)
    }
}

/// A file's name as text, faithfully: a name that is UTF-8 without control characters is
/// kept as it is, except that `\` is written `\\`; each byte that is not UTF-8, and each
/// byte of a control character, is written `\xNN` (two lower-case hex digits). Decoding
/// the escapes gives the name's exact bytes back, so two different names never read alike.
/// On Windows an unpaired UTF-16 surrogate is written `\u{xxxx}`.
pub fn file_name_text(name: &std::ffi::OsStr) -> String {
    fn push_char(out: &mut String, c: char) {
        if c == '\\' {
            out.push_str("\\\\");
        } else if c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            out.push(c);
        }
    }
    let mut out = String::new();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        for chunk in name.as_bytes().utf8_chunks() {
            chunk.valid().chars().for_each(|c| push_char(&mut out, c));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
    }
    #[cfg(windows)]
    {
        use std::os::windows::ffi::OsStrExt;
        for r in char::decode_utf16(name.encode_wide()) {
            match r {
                Ok(c) => push_char(&mut out, c),
                Err(e) => out.push_str(&format!("\\u{{{:04x}}}", e.unpaired_surrogate())),
            }
        }
    }
    #[cfg(not(any(unix, windows)))]
    name.to_string_lossy()
        .chars()
        .for_each(|c| push_char(&mut out, c));
    out
}

/// A MIME type from a file name's extension; `application/octet-stream` when unknown.
pub fn media_type_for(name: &str) -> String {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "tif" | "tiff" => "image/tiff",
        "pdf" => "application/pdf",
        "eml" => "message/rfc822",
        "msg" => "application/vnd.ms-outlook",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "json" => "application/json",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
    .to_string()
}

/// How many threads write a batch of evidence files.
const PUT_THREADS: usize = 8;

/// Makes `files` (all under `root`) durable: the whole file system at once on Linux.
#[cfg(target_os = "linux")]
fn sync_batch<'a>(root: &Path, _files: impl Iterator<Item = &'a Path>) -> Result<()> {
    use std::os::fd::AsRawFd;
    let dir = File::open(root)?;
    // SAFETY: `syncfs` only reads the descriptor, which `dir` keeps open for the call.
    if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
        return Err(io::Error::last_os_error().into());
    }
    Ok(())
}

/// Makes `files` durable, one by one.
#[cfg(not(target_os = "linux"))]
fn sync_batch<'a>(_root: &Path, files: impl Iterator<Item = &'a Path>) -> Result<()> {
    for f in files {
        File::open(f)?.sync_all()?;
    }
    Ok(())
}

/// Lower-case hex SHA-256 of `bytes`: an evidence file's name.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_names_that_are_not_utf8_keep_every_byte() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let text = |b: &[u8]| file_name_text(OsStr::from_bytes(b));
        assert_eq!(text("recibo ñ.pdf".as_bytes()), "recibo ñ.pdf");
        // Latin-1 "recibo ñ.pdf", as an old disk or zip would name it.
        assert_eq!(text(b"recibo \xf1.pdf"), "recibo \\xf1.pdf");
        assert_eq!(text(b"\xff\xfe"), "\\xff\\xfe");
        assert_eq!(text(b"a\nb\x7f"), "a\\x0ab\\x7f");
        // A literal backslash is doubled, so it cannot pass for an escape.
        assert_eq!(text(br"a\xf1"), r"a\\xf1");
        assert_ne!(text(br"\xf1"), text(b"\xf1"));
    }

    #[test]
    fn stores_by_hash_and_refuses_oversize() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::new(dir.path().join("evidence"));
        let s = blobs.put(&mut &b"hola"[..], 10).unwrap();
        assert_eq!(
            s.sha256,
            "b221d9dbb083a7f33428d7c2a3c3198ae925614d70210e28716ccaa7cd4ddb79"
        );
        assert_eq!(blobs.read(&s.sha256).unwrap(), b"hola");
        let err = blobs.put(&mut &[0u8; 11][..], 10).unwrap_err();
        assert!(matches!(
            err,
            Error::TooLarge {
                size: 11,
                limit: 10
            }
        ));
        // nothing half-written is left behind
        assert_eq!(
            fs::read_dir(dir.path().join("evidence/tmp"))
                .unwrap()
                .count(),
            0
        );
    }
}
