//! A small cache of rendered public pages. A page is stored with the validator (ETag) it was
//! rendered for; a request whose freshly computed validator matches gets the stored bytes
//! without reading the data or rendering again. The validator comes from the database (the
//! agency's audit position), so several servers behind a load balancer stay correct.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

/// Most pages kept; when full, the cache starts again empty (simple and bounded).
const MAX_PAGES: usize = 2000;

#[derive(Default)]
pub struct PageCache {
    pages: Mutex<HashMap<String, (String, Bytes)>>,
}

impl PageCache {
    /// The stored page for `key` if it was rendered for `etag`.
    pub fn get(&self, key: &str, etag: &str) -> Option<Bytes> {
        let pages = self.pages.lock().ok()?;
        pages
            .get(key)
            .filter(|(e, _)| e == etag)
            .map(|(_, b)| b.clone())
    }

    pub fn put(&self, key: String, etag: String, body: Bytes) {
        if let Ok(mut pages) = self.pages.lock() {
            if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
                pages.clear();
            }
            pages.insert(key, (etag, body));
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
        for i in 0..MAX_PAGES + 1 {
            c.put(format!("k{i}"), "1".into(), Bytes::new());
        }
        assert!(c.pages.lock().map(|p| p.len()).unwrap_or(0) <= MAX_PAGES);
    }
}
