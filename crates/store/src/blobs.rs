//! The blob store: uploaded files kept once each, named by the SHA-256 of their bytes, under
//! `<data dir>/blobs/ab/cd/abcd…`. A file is written to `tmp/` first, flushed to disk, then
//! renamed into place, so a reader never sees half a file and an upload cut off mid-way leaves
//! nothing behind but a temporary file (removed on the next start). Writing the same bytes twice
//! stores them once. The database rows (`document`) point at blobs by hash; a blob without a row
//! is harmless (it is what a failed transaction after the write leaves).
//!
//! This is the local-disk store of the single-machine setup. An S3-compatible store (the scale
//! path) is a second implementation of the same four calls, not yet written.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Blobs on local disk.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

/// Whether `s` is a SHA-256 in lower-case hex (the only names the store serves).
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The SHA-256 of some bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl BlobStore {
    /// Open (and create) the store under `root`; leftovers of interrupted writes are removed.
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(root.join("tmp"))?;
        for e in fs::read_dir(root.join("tmp"))?.flatten() {
            let _ = fs::remove_file(e.path());
        }
        Ok(Self { root })
    }

    fn path_of(&self, sha: &str) -> Option<PathBuf> {
        is_sha256_hex(sha).then(|| self.root.join(&sha[..2]).join(&sha[2..4]).join(sha))
    }

    /// Store bytes; returns their SHA-256. Idempotent.
    pub fn put(&self, bytes: &[u8]) -> io::Result<String> {
        let sha = sha256_hex(bytes);
        let Some(path) = self.path_of(&sha) else {
            return Err(io::Error::other("hash"));
        };
        if path.exists() {
            return Ok(sha);
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = self.root.join("tmp").join(format!(
            "{sha}.{}.{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let result = (|| {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map(|_| sha)
    }

    /// The bytes of a blob, or `NotFound`.
    pub fn get(&self, sha: &str) -> io::Result<Vec<u8>> {
        match self.path_of(sha) {
            Some(p) => fs::read(p),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }

    /// Whether a blob is there.
    pub fn contains(&self, sha: &str) -> bool {
        self.path_of(sha).is_some_and(|p| p.is_file())
    }

    /// Where the blobs live.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("prongsai-blobs-{}", rand::random::<u64>()));
        fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
        d
    }

    #[test]
    fn stores_once_by_hash_and_reads_back() {
        let dir = tempdir();
        let s = BlobStore::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        let a = s.put(b"hello").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            a,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        let b = s.put(b"hello").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b);
        assert_eq!(s.get(&a).unwrap_or_default(), b"hello");
        assert!(s.contains(&a));
        // one file, and nothing left in tmp
        let files: Vec<_> = walk(&dir);
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(
            fs::read_dir(dir.join("tmp"))
                .map(|d| d.count())
                .unwrap_or(1)
                == 0
        );
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn names_that_are_not_hashes_are_not_found() {
        let dir = tempdir();
        let s = BlobStore::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        for bad in [
            "../../etc/passwd",
            "",
            "ABC",
            &"g".repeat(64),
            &"A".repeat(64),
        ] {
            assert!(s.get(bad).is_err(), "{bad}");
            assert!(!s.contains(bad));
        }
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn leftovers_of_interrupted_writes_are_removed_on_open() {
        let dir = tempdir();
        fs::create_dir_all(dir.join("tmp")).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.join("tmp").join("half"), b"cut off").unwrap_or_else(|e| panic!("{e}"));
        let _s = BlobStore::open(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read_dir(dir.join("tmp"))
                .map(|d| d.count())
                .unwrap_or(1),
            0
        );
        let _ = fs::remove_dir_all(dir);
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
        out
    }
}
