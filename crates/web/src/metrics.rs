//! Prometheus metrics at `/metrics`: requests by route and status, latency histogram,
//! resident memory and uptime.

use axum::extract::State;
use axum::http::Method;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use crate::app::AppState;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

pub struct Metrics {
    started: Instant,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// (method, status) → route pattern → count; looked up without allocating.
    requests: HashMap<(Method, u16), HashMap<String, u64>>,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            inner: Mutex::new(Inner::default()),
        }
    }
}

impl Metrics {
    /// Count a request (the request context layer calls it once per request).
    pub(crate) fn record(&self, method: &Method, route: &str, status: u16, secs: f64) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let routes = m.requests.entry((method.clone(), status)).or_default();
        match routes.get_mut(route) {
            Some(n) => *n += 1,
            None => {
                routes.insert(route.to_string(), 1);
            }
        }
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                m.buckets[i] += 1;
            }
        }
        m.count += 1;
        m.sum += secs;
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        out.push_str("# HELP prongsai_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE prongsai_http_requests_total counter\n");
        let sorted: BTreeMap<(&str, &str, u16), u64> = m
            .requests
            .iter()
            .flat_map(|((method, status), routes)| {
                routes
                    .iter()
                    .map(move |(route, n)| ((method.as_str(), route.as_str(), *status), *n))
            })
            .collect();
        for ((method, route, status), n) in sorted {
            let _ = writeln!(
                out,
                "prongsai_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                route.replace('\\', "\\\\").replace('"', "\\\"")
            );
        }
        out.push_str("# HELP prongsai_http_request_duration_seconds Request latency.\n");
        out.push_str("# TYPE prongsai_http_request_duration_seconds histogram\n");
        for (i, b) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "prongsai_http_request_duration_seconds_bucket{{le=\"{b}\"}} {}",
                m.buckets[i]
            );
        }
        let _ = writeln!(
            out,
            "prongsai_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\nprongsai_http_request_duration_seconds_sum {}\nprongsai_http_request_duration_seconds_count {}",
            m.count, m.sum, m.count
        );
        out.push_str("# HELP prongsai_uptime_seconds Seconds since the server started.\n");
        out.push_str("# TYPE prongsai_uptime_seconds gauge\n");
        let _ = writeln!(
            out,
            "prongsai_uptime_seconds {}",
            self.started.elapsed().as_secs()
        );
        if let Some(rss) = resident_bytes() {
            out.push_str("# HELP process_resident_memory_bytes Resident memory size.\n");
            out.push_str("# TYPE process_resident_memory_bytes gauge\n");
            let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        }
        out
    }
}

/// Resident set size from /proc (Linux); None elsewhere.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Middleware: count and time every request by its route pattern (never by raw path, so
/// the label set stays bounded).
pub async fn metrics_handler(State(state): State<AppState>) -> Response {
    let mut res = state.metrics.render().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}
