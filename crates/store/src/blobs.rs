//! The blob store: uploaded files kept once each, named by the SHA-256 of their bytes. The
//! database rows (`document`) point at blobs by hash; a blob without a row is harmless (it is
//! what a failed transaction after the write leaves). Writing the same bytes twice stores them
//! once, and a reader never sees half a file. Two backends sit behind the same async calls
//! (`put`, `get`, `contains`):
//!
//! - **local disk** (the default, `<data dir>/blobs`, or `file:///path`): `ab/cd/abcd…` under
//!   the root. A file is written to `tmp/` first, flushed to disk, then renamed into place, so
//!   an upload cut off mid-way leaves nothing behind but a temporary file (removed on the next
//!   start). The file I/O runs on tokio's blocking threads.
//! - **an S3-compatible object store** (`s3://bucket/prefix`, through the `object_store`
//!   crate: AWS S3, MinIO, Ceph, …): objects `<prefix>/blobs/ab/cd/abcd…`. A blob that is
//!   already there (HEAD) is not sent again; otherwise it is one PUT, which S3 makes atomic, so
//!   an upload cut off leaves nothing. Credentials, region and endpoint come from the standard
//!   `AWS_*` environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!   `AWS_DEFAULT_REGION`, and for S3-compatible servers `AWS_ENDPOINT` and
//!   `AWS_ALLOW_HTTP=true` when they speak plain HTTP), never from the URL, so they never reach
//!   a log line.
//!
//! Only names that are a SHA-256 in lower-case hex are served; anything else is `NotFound`
//! without touching the store.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt};
use sha2::{Digest, Sha256};

/// Uploaded files by hash, on local disk or in an object store. Cheap to clone.
#[derive(Clone)]
pub struct BlobStore {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Local {
        root: PathBuf,
    },
    Object {
        store: Arc<dyn ObjectStore>,
        /// `<prefix>/blobs`, the folder every key is under.
        base: Key,
        /// What `describe` says (no secrets: those never are in the URL).
        name: String,
    },
}

impl fmt::Debug for BlobStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BlobStore").field(&self.describe()).finish()
    }
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

fn not_found() -> io::Error {
    io::Error::from(io::ErrorKind::NotFound)
}

fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.into())
}

/// Run file I/O on tokio's blocking threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| io::Error::other(format!("blob task: {e}")))?
}

/// An endpoint URL as it may be logged: without any `user:password@`.
fn without_userinfo(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}{path}")
        }
        None => url.rsplit_once('@').map_or(url, |(_, h)| h).to_string(),
    }
}

impl BlobStore {
    /// Open (and create) a store on local disk under `root`; leftovers of interrupted writes
    /// are removed.
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(root.join("tmp"))?;
        for e in fs::read_dir(root.join("tmp"))?.flatten() {
            let _ = fs::remove_file(e.path());
        }
        Ok(Self {
            backend: Backend::Local { root },
        })
    }

    /// The store a URL names: `s3://bucket/prefix` (an S3-compatible object store; the rest of
    /// its settings from the `AWS_*` environment variables, see the module documentation) or
    /// `file:///absolute/path` (local disk, as [`BlobStore::open`]). Nothing is contacted
    /// yet; [`BlobStore::check`] does that.
    pub fn from_url(url: &str) -> io::Result<Self> {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix("s3://") {
            if rest.contains(['@', '?', '#']) {
                return Err(invalid(
                    "an s3:// URL is only s3://bucket/prefix: credentials and options go in the \
                     AWS_* environment variables",
                ));
            }
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(invalid("an s3:// URL needs a bucket: s3://bucket/prefix"));
            }
            let prefix = prefix.trim_matches('/');
            let prefix_key = if prefix.is_empty() {
                Key::default()
            } else {
                Key::parse(prefix)
                    .map_err(|e| invalid(format!("the prefix {prefix:?} of the s3:// URL: {e}")))?
            };
            let store = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| invalid(format!("S3 settings: {e}")))?;
            let mut name = format!("s3://{bucket}/{prefix}");
            if name.ends_with('/') {
                name.pop();
            }
            let endpoint = std::env::var("AWS_ENDPOINT_URL_S3")
                .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
                .or_else(|_| std::env::var("AWS_ENDPOINT"));
            if let Ok(ep) = endpoint.as_deref().map(str::trim) {
                if !ep.is_empty() {
                    name.push_str(&format!(" at {}", without_userinfo(ep)));
                }
            }
            return Ok(Self::object(Arc::new(store), prefix_key, name));
        }
        if let Some(path) = url.strip_prefix("file://") {
            if !path.starts_with('/') {
                return Err(invalid(
                    "a file:// URL needs an absolute path: file:///var/lib/prongsai/blobs",
                ));
            }
            return Self::open(path);
        }
        Err(invalid(
            "unknown kind of file store: use s3://bucket/prefix or file:///absolute/path",
        ))
    }

    /// A store on any `object_store` backend (tests use `object_store::memory::InMemory`), its
    /// keys under `prefix` (may be empty).
    pub fn with_object_store(store: Arc<dyn ObjectStore>, prefix: &str) -> Self {
        let prefix = prefix.trim_matches('/');
        let name = format!("{store}/{prefix}");
        Self::object(store, Key::from(prefix), name)
    }

    fn object(store: Arc<dyn ObjectStore>, prefix: Key, name: String) -> Self {
        Self {
            backend: Backend::Object {
                store,
                base: prefix.clone().join("blobs"),
                name,
            },
        }
    }

    /// Where the blobs are, for logs: a directory, or `s3://bucket/prefix at <endpoint>`
    /// (never credentials).
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Local { root } => root.display().to_string(),
            Backend::Object { name, .. } => name.clone(),
        }
    }

    /// The directory of a local store (`None` for an object store).
    pub fn root(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Local { root } => Some(root),
            Backend::Object { .. } => None,
        }
    }

    /// Whether the store answers: for an object store, the bucket exists and the credentials
    /// may list it (run once at start-up, so a wrong setting fails then, not at the first
    /// upload). A local store was checked when it was opened.
    pub async fn check(&self) -> io::Result<()> {
        match &self.backend {
            Backend::Local { .. } => Ok(()),
            Backend::Object { store, base, .. } => store
                .list_with_delimiter(Some(base))
                .await
                .map(|_| ())
                .map_err(|e| io::Error::other(e.to_string())),
        }
    }

    /// Store bytes; returns their SHA-256. Idempotent: bytes already there are not written
    /// again.
    pub async fn put(&self, bytes: Vec<u8>) -> io::Result<String> {
        match &self.backend {
            Backend::Local { root } => {
                let root = root.clone();
                blocking(move || local_put(&root, &bytes)).await
            }
            Backend::Object { store, base, .. } => {
                let sha = sha256_hex(&bytes);
                let key = object_key(base, &sha).ok_or_else(|| io::Error::other("hash"))?;
                match store.head(&key).await {
                    Ok(_) => return Ok(sha),
                    Err(object_store::Error::NotFound { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
                store.put(&key, bytes.into()).await?;
                Ok(sha)
            }
        }
    }

    /// The bytes of a blob, or `NotFound` (also for a name that is not a hash).
    pub async fn get(&self, sha: &str) -> io::Result<Vec<u8>> {
        match &self.backend {
            Backend::Local { root } => {
                let path = local_path(root, sha).ok_or_else(not_found)?;
                blocking(move || fs::read(path)).await
            }
            Backend::Object { store, base, .. } => {
                let key = object_key(base, sha).ok_or_else(not_found)?;
                let bytes = store.get(&key).await?.bytes().await?;
                Ok(bytes.into())
            }
        }
    }

    /// Whether a blob is there.
    pub async fn contains(&self, sha: &str) -> bool {
        match &self.backend {
            Backend::Local { root } => match local_path(root, sha) {
                Some(p) => blocking(move || Ok(p.is_file())).await.unwrap_or(false),
                None => false,
            },
            Backend::Object { store, base, .. } => match object_key(base, sha) {
                Some(key) => store.head(&key).await.is_ok(),
                None => false,
            },
        }
    }
}

fn object_key(base: &Key, sha: &str) -> Option<Key> {
    is_sha256_hex(sha).then(|| base.clone().join(&sha[..2]).join(&sha[2..4]).join(sha))
}

fn local_path(root: &Path, sha: &str) -> Option<PathBuf> {
    is_sha256_hex(sha).then(|| root.join(&sha[..2]).join(&sha[2..4]).join(sha))
}

/// The local write: `tmp/`, fsync, rename.
fn local_put(root: &Path, bytes: &[u8]) -> io::Result<String> {
    let sha = sha256_hex(bytes);
    let Some(path) = local_path(root, &sha) else {
        return Err(io::Error::other("hash"));
    };
    if path.exists() {
        return Ok(sha);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = root.join("tmp").join(format!(
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;
    use object_store::memory::InMemory;
    use object_store::{
        CopyOptions, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta,
        PutMultipartOptions, PutOptions, PutPayload, PutResult,
    };
    use std::sync::atomic::{AtomicUsize, Ordering};

    const HELLO: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    fn tempdir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("prongsai-blobs-{}", rand::random::<u64>()));
        fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
        d
    }

    /// An in-memory object store that counts the calls made to it.
    #[derive(Debug, Default)]
    struct Counting {
        inner: InMemory,
        calls: AtomicUsize,
    }

    impl Counting {
        fn hit(&self) {
            self.calls.fetch_add(1, Ordering::SeqCst);
        }
    }

    impl fmt::Display for Counting {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "Counting")
        }
    }

    #[async_trait::async_trait]
    impl ObjectStore for Counting {
        async fn put_opts(
            &self,
            location: &Key,
            payload: PutPayload,
            opts: PutOptions,
        ) -> object_store::Result<PutResult> {
            self.hit();
            self.inner.put_opts(location, payload, opts).await
        }

        async fn put_multipart_opts(
            &self,
            location: &Key,
            opts: PutMultipartOptions,
        ) -> object_store::Result<Box<dyn MultipartUpload>> {
            self.hit();
            self.inner.put_multipart_opts(location, opts).await
        }

        async fn get_opts(
            &self,
            location: &Key,
            options: GetOptions,
        ) -> object_store::Result<GetResult> {
            self.hit();
            self.inner.get_opts(location, options).await
        }

        fn delete_stream(
            &self,
            locations: futures_core::stream::BoxStream<'static, object_store::Result<Key>>,
        ) -> futures_core::stream::BoxStream<'static, object_store::Result<Key>> {
            self.hit();
            self.inner.delete_stream(locations)
        }

        fn list(
            &self,
            prefix: Option<&Key>,
        ) -> futures_core::stream::BoxStream<'static, object_store::Result<ObjectMeta>> {
            self.hit();
            self.inner.list(prefix)
        }

        async fn list_with_delimiter(
            &self,
            prefix: Option<&Key>,
        ) -> object_store::Result<ListResult> {
            self.hit();
            self.inner.list_with_delimiter(prefix).await
        }

        async fn copy_opts(
            &self,
            from: &Key,
            to: &Key,
            options: CopyOptions,
        ) -> object_store::Result<()> {
            self.hit();
            self.inner.copy_opts(from, to, options).await
        }
    }

    /// The stores every check runs on: local disk, and an in-memory object store (with a
    /// prefix) whose calls are counted.
    fn stores() -> Vec<(BlobStore, Option<Arc<Counting>>, Option<PathBuf>)> {
        let dir = tempdir();
        let counting = Arc::new(Counting::default());
        vec![
            (
                BlobStore::open(&dir).unwrap_or_else(|e| panic!("{e}")),
                None,
                Some(dir),
            ),
            (
                BlobStore::with_object_store(counting.clone(), "/tenant-a/"),
                Some(counting),
                None,
            ),
        ]
    }

    /// Every blob the store holds, by where it is.
    async fn stored(s: &BlobStore) -> Vec<String> {
        match &s.backend {
            Backend::Local { root } => walk(root)
                .into_iter()
                .map(|p| p.display().to_string())
                .collect(),
            Backend::Object { store, .. } => store
                .list(None)
                .map_ok(|m| m.location.to_string())
                .try_collect()
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        }
    }

    #[tokio::test]
    async fn stores_once_by_hash_and_reads_back() {
        for (s, _, dir) in stores() {
            let what = s.describe();
            let a = s
                .put(b"hello".to_vec())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(a, HELLO, "{what}");
            let b = s
                .put(b"hello".to_vec())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(a, b, "{what}");
            assert_eq!(s.get(&a).await.unwrap_or_default(), b"hello", "{what}");
            assert!(s.contains(&a).await, "{what}");
            // one blob, where its name says
            let blobs = stored(&s).await;
            assert_eq!(blobs.len(), 1, "{what}: {blobs:?}");
            match &dir {
                Some(dir) => {
                    assert_eq!(
                        blobs[0],
                        dir.join("2c/f2").join(HELLO).display().to_string()
                    );
                    // nothing left in tmp
                    assert_eq!(
                        fs::read_dir(dir.join("tmp")).map(|d| d.count()).ok(),
                        Some(0)
                    );
                }
                None => assert_eq!(blobs[0], format!("tenant-a/blobs/2c/f2/{HELLO}")),
            }
            // another blob beside it
            let c = s.put(Vec::new()).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s.get(&c).await.map(|b| b.len()).ok(), Some(0), "{what}");
            assert_eq!(stored(&s).await.len(), 2, "{what}");
            if let Some(dir) = dir {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }

    #[tokio::test]
    async fn the_same_bytes_are_sent_to_an_object_store_once() {
        let counting = Arc::new(Counting::default());
        let s = BlobStore::with_object_store(counting.clone(), "");
        s.put(b"hello".to_vec())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let first = counting.calls.load(Ordering::SeqCst);
        assert_eq!(first, 2, "HEAD, then PUT");
        s.put(b"hello".to_vec())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            counting.calls.load(Ordering::SeqCst),
            first + 1,
            "HEAD only"
        );
        assert_eq!(stored(&s).await, vec![format!("blobs/2c/f2/{HELLO}")]);
    }

    #[tokio::test]
    async fn unknown_hashes_are_not_found() {
        for (s, _, dir) in stores() {
            let unknown = sha256_hex(b"never stored");
            let e = s.get(&unknown).await.err().map(|e| e.kind());
            assert_eq!(e, Some(io::ErrorKind::NotFound), "{}", s.describe());
            assert!(!s.contains(&unknown).await);
            if let Some(dir) = dir {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }

    #[tokio::test]
    async fn names_that_are_not_hashes_are_not_found_without_asking_the_store() {
        for (s, counting, dir) in stores() {
            for bad in [
                "../../etc/passwd",
                "",
                "ABC",
                &"g".repeat(64),
                &"A".repeat(64),
                &format!("{HELLO}/.."),
                &format!("../{}", &HELLO[3..]),
            ] {
                let e = s.get(bad).await.err().map(|e| e.kind());
                assert_eq!(e, Some(io::ErrorKind::NotFound), "{bad}");
                assert!(!s.contains(bad).await, "{bad}");
            }
            if let Some(c) = counting {
                assert_eq!(c.calls.load(Ordering::SeqCst), 0);
            }
            if let Some(dir) = dir {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }

    #[tokio::test]
    async fn check_answers_for_a_reachable_store() {
        for (s, _, dir) in stores() {
            assert!(s.check().await.is_ok(), "{}", s.describe());
            if let Some(dir) = dir {
                let _ = fs::remove_dir_all(dir);
            }
        }
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

    #[test]
    fn urls_name_a_store() {
        let dir = tempdir();
        let s = BlobStore::from_url(&format!("file://{}", dir.display()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.root(), Some(dir.as_path()));
        assert!(dir.join("tmp").is_dir());
        let _ = fs::remove_dir_all(dir);

        let s =
            BlobStore::from_url("s3://prongsai-files/krathok/").unwrap_or_else(|e| panic!("{e}"));
        assert!(s.root().is_none());
        assert!(
            s.describe().starts_with("s3://prongsai-files/krathok"),
            "{}",
            s.describe()
        );
        let s = BlobStore::from_url("s3://prongsai-files").unwrap_or_else(|e| panic!("{e}"));
        assert!(s.describe().starts_with("s3://prongsai-files"));

        for bad in [
            "s3://",
            "s3:///prefix",
            "s3://key:secret@bucket/p",
            "s3://bucket/a//b",
            "s3://bucket/a/../b",
            "file://relative/dir",
            "/var/lib/prongsai/blobs",
            "gs://bucket",
            "",
        ] {
            let e = BlobStore::from_url(bad).err().map(|e| e.to_string());
            assert!(e.is_some(), "{bad}");
            assert!(!e.unwrap_or_default().contains("secret"), "{bad}");
        }
    }

    #[test]
    fn endpoints_are_logged_without_credentials() {
        assert_eq!(
            without_userinfo("https://user:pw@minio.example:9000/x"),
            "https://minio.example:9000/x"
        );
        assert_eq!(
            without_userinfo("http://127.0.0.1:5055"),
            "http://127.0.0.1:5055"
        );
        assert_eq!(without_userinfo("user:pw@host"), "host");
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
