//! A small cache of rendered public pages. A page is stored with the validator (ETag) it was
//! rendered for; a request whose freshly computed validator matches gets the stored bytes
//! without reading the data or rendering again. The validator comes from the database (the
//! agency's audit position), so several servers behind a load balancer stay correct. Within
//! [`FRESH`] of its last validation a page is sent without asking the database at all (a
//! "microcache": a change shows on the public page at most a second later).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// Most pages kept; when full, the cache starts again empty (simple and bounded).
const MAX_PAGES: usize = 2000;

/// How long a validated page is served without validating it again.
pub const FRESH: Duration = Duration::from_secs(1);

#[derive(Default)]
pub struct PageCache {
    /// key → (validator, body, when last validated)
    pages: Mutex<HashMap<String, (String, Bytes, Instant)>>,
}

impl PageCache {
    /// The stored page for `key` if it was rendered for `etag`.
    /// The page is validated again now.
    pub fn get(&self, key: &str, etag: &str) -> Option<Bytes> {
        let mut pages = self.pages.lock().ok()?;
        let entry = pages.get_mut(key).filter(|(e, _, _)| e == etag)?;
        entry.2 = Instant::now();
        Some(entry.1.clone())
    }

    /// The page and its validator if it was validated within [`FRESH`].
    pub fn fresh(&self, key: &str) -> Option<(String, Bytes)> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(key)
            .filter(|(_, _, at)| at.elapsed() < FRESH)
            .map(|(e, b, _)| (e.clone(), b.clone()))
    }

    pub fn put(&self, key: String, etag: String, body: Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
                pages.clear();
            }
            pages.insert(key, (etag, body, Instant::now()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_only_for_its_validator() {
        let c = PageCache::default();
        c.put("a".into(), "1".into(), Bytes::from_static(b"one"));
        assert_eq!(c.get("a", "1").as_deref(), Some(&b"one"[..]));
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
}
