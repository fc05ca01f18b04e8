//! A small cache of rendered public pages. A page is stored with the validator (ETag) it was
//! rendered for; a request whose freshly computed validator matches gets the stored bytes
//! without reading the data or rendering again. The validator comes from the database (the
//! agency's audit position), so several servers behind a load balancer stay correct. Within
//! [`FRESH`] of its last validation a page is sent without asking the database at all (a
//! "microcache": a change shows on the public page at most a second later). Each page is kept
//! gzip-compressed too, made once when it is stored, so browsers (which all ask for gzip) get
//! the small copy without the server compressing the same bytes on every request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// Most pages kept; when full, the cache starts again empty (simple and bounded).
const MAX_PAGES: usize = 2000;

/// Most bytes kept (pages and their gzip copies: generated PDFs are far larger than pages);
/// past it the cache starts again empty too.
const MAX_BYTES: usize = 128 * 1024 * 1024;

/// How long a validated page is served without validating it again.
pub const FRESH: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct PageCache {
    /// key → (validator, page, when last validated)
    pages: Mutex<HashMap<String, (String, Cached, Instant)>>,
    /// Bytes of the pages kept, changed only while `pages` is locked.
    bytes: std::sync::atomic::AtomicUsize,
}

/// A stored page: its bytes, and the same gzip-compressed.
#[derive(Clone)]
pub struct Cached {
    pub body: Bytes,
    pub gzip: Bytes,
}

impl Cached {
    fn new(body: Bytes) -> Self {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 4),
            flate2::Compression::default(),
        );
        let gzip = match z.write_all(&body).and_then(|_| z.finish()) {
            Ok(v) if v.len() < body.len() => Bytes::from(v),
            _ => Bytes::new(), // not smaller: send as it is
        };
        Self { body, gzip }
    }

    /// The bytes to send and whether they are gzip-compressed, for a request that does or does
    /// not accept gzip.
    pub fn for_client(&self, accepts_gzip: bool) -> (Bytes, bool) {
        if accepts_gzip && !self.gzip.is_empty() {
            (self.gzip.clone(), true)
        } else {
            (self.body.clone(), false)
        }
    }
}

/// Whether the request's `Accept-Encoding` allows gzip (`gzip` or `*`, not with `q=0`).
pub fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

impl PageCache {
    /// The stored page for `key` if it was rendered for `etag`.
    /// The page is validated again now.
    pub fn get(&self, key: &str, etag: &str) -> Option<Cached> {
        let mut pages = self.pages.lock().ok()?;
        let entry = pages.get_mut(key).filter(|(e, _, _)| e == etag)?;
        entry.2 = Instant::now();
        Some(entry.1.clone())
    }

    /// The page and its validator if it was validated within [`FRESH`].
    pub fn fresh(&self, key: &str) -> Option<(String, Cached)> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(key)
            .filter(|(_, _, at)| at.elapsed() < FRESH)
            .map(|(e, b, _)| (e.clone(), b.clone()))
    }

    /// Keep a page for its validator (compressing it once, outside the lock).
    pub fn put(&self, key: String, etag: String, body: Bytes) -> Cached {
        use std::sync::atomic::Ordering::Relaxed;
        let page = Cached::new(body);
        let size = page.body.len() + page.gzip.len();
        if let Ok(mut pages) = self.pages.lock() {
            let mut bytes = self.bytes.load(Relaxed);
            if let Some((_, old, _)) = pages.remove(&key) {
                bytes = bytes.saturating_sub(old.body.len() + old.gzip.len());
            }
            if pages.len() >= MAX_PAGES || bytes + size > MAX_BYTES {
                pages.clear();
                bytes = 0;
            }
            pages.insert(key, (etag, page.clone(), Instant::now()));
            self.bytes.store(bytes + size, Relaxed);
        }
        page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_only_for_its_validator() {
        let c = PageCache::default();
        c.put("a".into(), "1".into(), Bytes::from_static(b"one"));
        assert_eq!(
            c.get("a", "1").map(|p| p.body).as_deref(),
            Some(&b"one"[..])
        );
        assert!(c.get("a", "2").is_none());
        assert!(c.get("b", "1").is_none());
        c.put("a".into(), "2".into(), Bytes::from_static(b"two"));
        assert!(c.get("a", "1").is_none());
        assert_eq!(c.fresh("a").map(|(e, _)| e).as_deref(), Some("2"));
        if let Ok(mut p) = c.pages.lock() {
            if let Some(e) = p.get_mut("a") {
                e.2 -= FRESH;
            }
        }
        assert!(c.fresh("a").is_none(), "stale after FRESH");
        assert!(c.get("a", "2").is_some());
        assert!(c.fresh("a").is_some(), "validated again");
        for i in 0..MAX_PAGES + 1 {
            c.put(format!("k{i}"), "1".into(), Bytes::new());
        }
        assert!(c.pages.lock().map(|p| p.len()).unwrap_or(0) <= MAX_PAGES);
    }

    #[test]
    fn large_files_are_kept_within_the_byte_budget() {
        use std::sync::atomic::Ordering::Relaxed;
        let c = PageCache::default();
        let big = Bytes::from(vec![7u8; MAX_BYTES / 3]);
        c.put("a".into(), "1".into(), big.clone());
        c.put("b".into(), "1".into(), big.clone());
        assert!(c.get("a", "1").is_some() && c.get("b", "1").is_some());
        // replacing a page counts its new size only
        c.put("b".into(), "2".into(), big.clone());
        assert!(c.get("a", "1").is_some() && c.get("b", "2").is_some());
        // a third would pass the budget: the cache starts again with it alone
        c.put("c".into(), "1".into(), big);
        assert!(c.get("a", "1").is_none() && c.get("b", "2").is_none());
        assert!(c.get("c", "1").is_some());
        assert!(c.bytes.load(Relaxed) <= MAX_BYTES);
    }

    #[test]
    fn pages_are_kept_gzipped_for_clients_that_ask() {
        use std::io::Read;
        let page = Bytes::from("<p>ข้อมูลสาธารณะ</p>".repeat(200));
        let c = PageCache::default().put("k".into(), "1".into(), page.clone());
        let (sent, gz) = c.for_client(true);
        assert!(gz && sent.len() < page.len() / 4);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&sent[..])
            .read_to_end(&mut back)
            .unwrap_or_default();
        assert_eq!(back, page);
        assert_eq!(c.for_client(false), (page, false));
        // too small to gain: sent as it is
        let tiny = PageCache::default().put("t".into(), "1".into(), Bytes::from_static(b"x"));
        assert!(!tiny.for_client(true).1);
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        use axum::http::{header::ACCEPT_ENCODING, HeaderMap, HeaderValue};
        let h = |v: &'static str| {
            let mut m = HeaderMap::new();
            m.insert(ACCEPT_ENCODING, HeaderValue::from_static(v));
            m
        };
        assert!(accepts_gzip(&h("gzip, deflate, br")));
        assert!(accepts_gzip(&h("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&h("*")));
        assert!(!accepts_gzip(&h("gzip;q=0")));
        assert!(!accepts_gzip(&h("br, identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}

/// An agency-year's measures with their lines, as last read from the database.
pub type MeasuresData = Vec<(
    prongsai_store::measures::entities::measure::Model,
    Vec<prongsai_store::measures::MeasureLine>,
)>;

/// The measures of each agency-year, kept until the agency's next write: every write moves the
/// agency's audit position, so one cheap read of that position tells whether the copy is still
/// right (correct behind a load balancer too). The dashboard and the year page read the
/// measures on every visit; this spares them decoding every line again.
#[derive(Default)]
pub struct MeasuresCache {
    /// (agency, fiscal year) → (audit position when read, the measures)
    map: Mutex<HashMap<(i64, i32), Versioned>>,
}

/// The measures with the audit position they were read at.
type Versioned = (i64, std::sync::Arc<MeasuresData>);

/// Most agency-years kept; when full, the cache starts again empty.
const MAX_MEASURE_YEARS: usize = 4096;

impl MeasuresCache {
    /// The measures of `fy`, from the cache when the agency has not written since.
    pub async fn get(
        &self,
        store: &prongsai_store::Store,
        scope: &prongsai_store::AgencyScope,
        fy: prongsai_domain::calendar::FiscalYear,
    ) -> prongsai_store::Result<std::sync::Arc<MeasuresData>> {
        // the position is read before the data: the copy is never older than its position
        let seq = store.audit_position(scope).await?;
        let key = (scope.agency_id(), fy.be());
        if let Some((s, data)) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            if s == seq {
                return Ok(data);
            }
        }
        let data = std::sync::Arc::new(store.measures_with_lines(scope, fy).await?);
        if let Ok(mut m) = self.map.lock() {
            if m.len() >= MAX_MEASURE_YEARS {
                m.clear();
            }
            m.insert(key, (seq, data.clone()));
        }
        Ok(data)
    }
}
