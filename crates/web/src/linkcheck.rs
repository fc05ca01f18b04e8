//! The link checker: every external link that agencies give as evidence of a disclosure is
//! opened now and then (`prongsai check links`, and a scheduled job of the server), and the dead
//! ones are flagged on the readiness page.
//!
//! One URL is checked with `HEAD`, and with `GET` (the first 64 KiB of the body at most) when
//! the server refuses `HEAD`. Redirects are followed here, not by the HTTP client, so that every
//! hop is checked again as a public link (`domain::links::parse_public_url`); names are resolved
//! by our own resolver, which drops addresses of local and private networks, so a public name
//! that points inward (DNS rebinding) cannot make the server call into its own network.
//!
//! What counts: a 2xx answer is alive; 4xx/5xx, too many redirects, a host that does not exist
//! or a connection that fails is dead; 429 and 503 (busy, come back later) and a resolver that
//! is itself failing are *unknown*, and leave the last result as it was. A timeout is dead only
//! when the second try times out too. When no link at all could be reached, the fault is most
//! likely the server's own network, and nothing is marked dead.

use prongsai_domain::links::{is_private_ip, parse_public_url};
use prongsai_store::disclosure::LinkToCheck;
use prongsai_store::{Store, StoreError};
use reqwest::header::LOCATION;
use reqwest::{Method, Url};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How much of a `GET` body is read before the connection is dropped.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// When the scheduled job first runs after the server starts.
const FIRST_RUN_DELAY: Duration = Duration::from_secs(60);

/// How many links must have failed at the network level, with none answering, before the
/// checker blames its own network instead of marking them all dead.
const OUTAGE_MIN_LINKS: usize = 3;

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Longest wait for one request (connecting, the answer and the part of the body read).
    pub timeout: Duration,
    /// How many URLs are checked at the same time.
    pub parallel: usize,
    /// Redirects followed before a link counts as dead.
    pub max_redirects: usize,
    /// Allow links to local and private networks (tests against a local server only).
    pub allow_private: bool,
    /// The `User-Agent` sent, so that site owners can tell who is calling.
    pub user_agent: String,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            parallel: 8,
            max_redirects: 5,
            allow_private: false,
            user_agent: format!(
                "Prongsai-LinkCheck/{} (+ITA transparency portal)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// What the check of one URL found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The page answers (the final status, after redirects).
    Alive { status: u16 },
    /// The page is gone or cannot be reached, with the reason in Thai and English.
    Dead {
        reason_th: String,
        reason_en: String,
    },
    /// No verdict (the site is busy, or our resolver failed): the last result stays.
    Unknown { reason: String },
}

impl Outcome {
    fn dead(th: impl Into<String>, en: impl Into<String>) -> Self {
        Outcome::Dead {
            reason_th: th.into(),
            reason_en: en.into(),
        }
    }

    /// The note stored with the link: Thai first, then English (once when they are the same,
    /// as in "HTTP 404"). None for a live link.
    pub fn note(&self) -> Option<String> {
        match self {
            Outcome::Alive { .. } => None,
            Outcome::Dead {
                reason_th,
                reason_en,
            } if reason_th == reason_en => Some(reason_th.clone()),
            Outcome::Dead {
                reason_th,
                reason_en,
            } => Some(format!("{reason_th} / {reason_en}")),
            Outcome::Unknown { reason } => Some(reason.clone()),
        }
    }

    /// The verdict as the store keeps it: alive, dead, or nothing to write.
    pub fn verdict(&self) -> Option<bool> {
        match self {
            Outcome::Alive { .. } => Some(true),
            Outcome::Dead { .. } => Some(false),
            Outcome::Unknown { .. } => None,
        }
    }
}

/// What a final HTTP status means for a link (redirects are handled before this).
fn classify_status(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Alive { status },
        429 | 503 => Outcome::Unknown {
            reason: format!("HTTP {status}"),
        },
        _ => Outcome::dead(format!("HTTP {status}"), format!("HTTP {status}")),
    }
}

/// Whether the server refused `HEAD` in a way that a `GET` may still succeed.
fn head_refused(status: u16) -> bool {
    matches!(status, 400 | 403 | 405 | 501)
}

/// A duration as a person reads it: "15", or "0.3" below a second.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        d.as_secs().to_string()
    } else {
        format!("{:.1}", d.as_secs_f64())
    }
}

fn timed_out(timeout: Duration) -> Outcome {
    let s = seconds(timeout);
    Outcome::dead(format!("หมดเวลา ({s} วินาที)"), format!("timed out ({s} s)"))
}

/// Why a name could not be turned into addresses that we may call.
#[derive(Debug, thiserror::Error)]
enum ResolveError {
    #[error("host not found")]
    NotFound,
    #[error("name resolution failed for now: {0}")]
    Temporary(String),
    #[error("host resolves only to local or private addresses")]
    Private,
}

/// Resolves names with the system resolver and, unless private networks are allowed, drops
/// every local or private address (and fails when none is left).
struct GuardedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = match tokio::net::lookup_host((host.as_str(), 0)).await {
                Ok(addrs) => addrs.collect(),
                // glibc: EAI_AGAIN "Temporary failure in name resolution"; the resolver itself
                // is in trouble, which says nothing about the link.
                Err(e) if e.to_string().contains("Temporary failure") => {
                    return Err(Box::new(ResolveError::Temporary(e.to_string())) as _)
                }
                Err(_) => return Err(Box::new(ResolveError::NotFound) as _),
            };
            if found.is_empty() {
                return Err(Box::new(ResolveError::NotFound) as _);
            }
            let usable: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allow_private || !is_private_ip(a.ip()))
                .collect();
            if usable.is_empty() {
                return Err(Box::new(ResolveError::Private) as _);
            }
            Ok(Box::new(usable.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The first error of a type in an error's chain of causes.
fn find_cause<'a, E: std::error::Error + 'static>(
    e: &'a (dyn std::error::Error + 'static),
) -> Option<&'a E> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(found) = err.downcast_ref::<E>() {
            return Some(found);
        }
        cur = err.source();
    }
    None
}

/// Whether any cause in the chain mentions TLS certificates (rustls' errors carry no type we
/// can name without depending on rustls ourselves).
fn mentions_certificate(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if err.to_string().to_lowercase().contains("certificate") {
            return true;
        }
        cur = err.source();
    }
    false
}

/// One try at a URL.
enum Attempt {
    /// A verdict; `network` when the request never got an HTTP answer.
    Done { outcome: Outcome, network: bool },
    /// The request timed out (tried again once before it counts).
    TimedOut,
}

impl Attempt {
    fn answered(outcome: Outcome) -> Self {
        Attempt::Done {
            outcome,
            network: false,
        }
    }
}

/// What a failed request means.
fn classify_error(e: &reqwest::Error) -> Attempt {
    if e.is_timeout() {
        return Attempt::TimedOut;
    }
    let outcome = match find_cause::<ResolveError>(e) {
        Some(ResolveError::NotFound) => Outcome::dead("ไม่พบชื่อโดเมน", "host not found"),
        Some(ResolveError::Private) => Outcome::dead(
            "ชื่อโดเมนชี้ไปยังเครือข่ายภายใน ไม่ได้เปิด",
            "the host points to a private network; not opened",
        ),
        Some(ResolveError::Temporary(reason)) => Outcome::Unknown {
            reason: reason.clone(),
        },
        None if mentions_certificate(e) => Outcome::dead(
            "ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ใช้ไม่ได้",
            "the site's HTTPS certificate is not valid",
        ),
        None if e.is_connect() => Outcome::dead("เชื่อมต่อเว็บไซต์ไม่ได้", "connection failed"),
        None => Outcome::dead("เปิดลิงก์ไม่ได้", "the request failed"),
    };
    // A refusal by our own rules is a verdict on the link, not a network failure.
    let network = !matches!(find_cause::<ResolveError>(e), Some(ResolveError::Private));
    Attempt::Done { outcome, network }
}

/// Checks URLs; one client (and its connection pool) for a whole run.
pub struct LinkChecker {
    client: reqwest::Client,
    opts: CheckOptions,
}

impl LinkChecker {
    /// A checker with these settings; fails only when the HTTP client cannot be built (TLS).
    pub fn new(opts: CheckOptions) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(opts.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout)
            // A proxy would resolve names itself, past our resolver's guard.
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: opts.allow_private,
            }))
            .build()?;
        Ok(Self { client, opts })
    }

    /// Check one URL: alive, dead (with the reason), or unknown.
    pub async fn check(&self, url: &str) -> Outcome {
        self.check_inner(url).await.0
    }

    /// The outcome, and whether the link failed at the network level (no HTTP answer).
    async fn check_inner(&self, url: &str) -> (Outcome, bool) {
        for _ in 0..2 {
            if let Attempt::Done { outcome, network } = self.attempt(url).await {
                return (outcome, network);
            }
        }
        (timed_out(self.opts.timeout), true)
    }

    /// Whether a URL may be opened: a public http(s) link, or any http(s) link in tests.
    fn allowed(&self, url: &str) -> Result<Url, Outcome> {
        let checked = if self.opts.allow_private {
            Ok(url.to_owned())
        } else {
            parse_public_url("url", url).map_err(|e| Outcome::dead(e.th, e.en))
        }?;
        match Url::parse(&checked) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(u),
            _ => Err(Outcome::dead(
                "ลิงก์ไม่ถูกต้อง: ต้องขึ้นต้นด้วย https:// หรือ http://",
                "Not a valid link: it must start with https:// or http://",
            )),
        }
    }

    /// Follow one URL through its redirects, every hop checked again.
    async fn attempt(&self, start: &str) -> Attempt {
        let mut url = match self.allowed(start) {
            Ok(u) => u,
            Err(outcome) => return Attempt::answered(outcome),
        };
        // Once a server refuses HEAD, the following hops go straight to GET.
        let mut method = Method::HEAD;
        for hop in 0..=self.opts.max_redirects {
            if hop > 0 {
                url = match self.allowed(url.as_str()) {
                    Ok(u) => u,
                    Err(Outcome::Dead {
                        reason_th,
                        reason_en,
                    }) => {
                        return Attempt::answered(Outcome::dead(
                            format!("เปลี่ยนเส้นทางไปยังที่อยู่ที่ไม่อนุญาต: {reason_th}"),
                            format!("redirected to a refused address: {reason_en}"),
                        ))
                    }
                    Err(other) => return Attempt::answered(other),
                };
            }
            let mut sent = self.send(method.clone(), &url).await;
            if method == Method::HEAD {
                let retry = match &sent {
                    Ok(r) => head_refused(r.status().as_u16()),
                    Err(e) => !e.is_timeout() && find_cause::<ResolveError>(e).is_none(),
                };
                if retry {
                    method = Method::GET;
                    sent = self.send(Method::GET, &url).await;
                }
            }
            let response = match sent {
                Ok(r) => r,
                Err(e) => return classify_error(&e),
            };
            let status = response.status();
            if !status.is_redirection() {
                if method == Method::GET {
                    read_some(response).await;
                }
                return Attempt::answered(classify_status(status.as_u16()));
            }
            url = match next_hop(&url, &response) {
                Some(next) => next,
                None => {
                    return Attempt::answered(Outcome::dead(
                        format!("HTTP {} เปลี่ยนเส้นทางโดยไม่บอกที่อยู่ใหม่", status.as_u16()),
                        format!("HTTP {} redirect without a valid Location", status.as_u16()),
                    ))
                }
            };
        }
        Attempt::answered(Outcome::dead(
            format!("เปลี่ยนเส้นทางเกิน {} ครั้ง", self.opts.max_redirects),
            format!("too many redirects (more than {})", self.opts.max_redirects),
        ))
    }

    async fn send(&self, method: Method, url: &Url) -> reqwest::Result<reqwest::Response> {
        self.client.request(method, url.clone()).send().await
    }
}

/// Where a redirect points, relative addresses taken from the current URL.
fn next_hop(current: &Url, response: &reqwest::Response) -> Option<Url> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    current.join(location).ok()
}

/// Read the start of a body and drop the rest (closing the connection); errors do not matter,
/// the status has been seen.
async fn read_some(mut response: reqwest::Response) {
    let mut read = 0;
    while read < MAX_BODY_BYTES {
        match response.chunk().await {
            Ok(Some(c)) => read += c.len(),
            _ => break,
        }
    }
}

/// A link found dead in a run.
#[derive(Debug, Clone)]
pub struct DeadLink {
    pub agency_id: i64,
    pub evidence_id: i64,
    pub url: String,
    pub note: String,
    /// Whether it was alive (or never checked) before this run.
    pub newly: bool,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Distinct URLs checked (a URL given as evidence several times is checked once).
    pub checked: usize,
    /// Of those: alive, dead, unknown.
    pub alive: usize,
    pub dead: usize,
    pub unknown: usize,
    /// Every piece of evidence whose link is dead, in the order of the evidence.
    pub dead_links: Vec<DeadLink>,
    /// Nothing was marked dead because no link at all could be reached.
    pub network_down: bool,
    pub elapsed: Duration,
}

impl Summary {
    /// The links that turned dead in this run.
    pub fn newly_dead(&self) -> impl Iterator<Item = &DeadLink> {
        self.dead_links.iter().filter(|d| d.newly)
    }
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Check every external link of every agency once and record the results.
pub async fn check_all(store: &Store, opts: &CheckOptions) -> Result<Summary, CheckError> {
    let started = Instant::now();
    let checker = Arc::new(LinkChecker::new(opts.clone())?);
    // The same URL given as evidence several times is checked once.
    let mut by_url: BTreeMap<String, Vec<LinkToCheck>> = BTreeMap::new();
    for link in store.external_links().await? {
        by_url.entry(link.url.clone()).or_default().push(link);
    }
    let permits = Arc::new(tokio::sync::Semaphore::new(opts.parallel.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for url in by_url.keys().cloned() {
        let checker = checker.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let (outcome, network) = checker.check_inner(&url).await;
            (url, outcome, network)
        });
    }
    let mut results = Vec::with_capacity(by_url.len());
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(r) => results.push(r),
            Err(e) => tracing::error!(error = %e, "a link check task failed"),
        }
    }

    let mut summary = Summary {
        checked: results.len(),
        ..Default::default()
    };
    // No answer from anywhere: our network is down, not every site at once.
    summary.network_down =
        results.len() >= OUTAGE_MIN_LINKS && results.iter().all(|(_, _, network)| *network);
    let mut written: Vec<(&LinkToCheck, bool, Option<String>)> = Vec::new();
    for (url, outcome, _) in &results {
        let outcome = match outcome {
            Outcome::Dead { .. } if summary.network_down => Outcome::Unknown {
                reason: "no link could be reached".into(),
            },
            other => other.clone(),
        };
        match outcome.verdict() {
            Some(true) => summary.alive += 1,
            Some(false) => summary.dead += 1,
            None => summary.unknown += 1,
        }
        if let Some(ok) = outcome.verdict() {
            for link in &by_url[url] {
                written.push((link, ok, outcome.note()));
            }
        }
    }
    written.sort_by_key(|(link, _, _)| link.evidence_id);
    for (link, ok, note) in written {
        store.set_link_status(link, ok, note.clone()).await?;
        if !ok {
            summary.dead_links.push(DeadLink {
                agency_id: link.agency_id,
                evidence_id: link.evidence_id,
                url: link.url.clone(),
                note: note.unwrap_or_default(),
                newly: link.ok_before != Some(false),
            });
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Run [`check_all`] a minute after start and then every `every` (an hour at least), logging
/// what it found. Failures are logged; the job never stops the server.
pub fn spawn_schedule(
    store: Store,
    opts: CheckOptions,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    let every = every.max(Duration::from_secs(3600));
    tokio::spawn(async move {
        tokio::time::sleep(FIRST_RUN_DELAY).await;
        loop {
            match check_all(&store, &opts).await {
                Ok(s) => {
                    tracing::info!(
                        checked = s.checked,
                        alive = s.alive,
                        dead = s.dead,
                        unknown = s.unknown,
                        elapsed_ms = s.elapsed.as_millis() as u64,
                        "link check done"
                    );
                    if s.network_down {
                        tracing::warn!(
                            "link check: no link could be reached; is the network down?"
                        );
                    }
                    for d in s.newly_dead() {
                        tracing::warn!(
                            agency_id = d.agency_id,
                            evidence_id = d.evidence_id,
                            url = %d.url,
                            note = %d.note,
                            "link turned dead"
                        );
                    }
                }
                Err(e) => tracing::error!(error = %e, "link check failed"),
            }
            tokio::time::sleep(every).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;

    #[test]
    fn statuses_and_notes() {
        assert_eq!(classify_status(200), Outcome::Alive { status: 200 });
        assert_eq!(classify_status(204), Outcome::Alive { status: 204 });
        assert_eq!(classify_status(404).note().as_deref(), Some("HTTP 404"));
        assert_eq!(classify_status(500).verdict(), Some(false));
        assert_eq!(classify_status(429).verdict(), None);
        assert_eq!(classify_status(503).verdict(), None);
        assert!(head_refused(405) && head_refused(501) && head_refused(403));
        assert!(!head_refused(404));
        assert_eq!(
            timed_out(Duration::from_secs(15)).note().as_deref(),
            Some("หมดเวลา (15 วินาที) / timed out (15 s)")
        );
        assert_eq!(
            timed_out(Duration::from_millis(300)).note().as_deref(),
            Some("หมดเวลา (0.3 วินาที) / timed out (0.3 s)")
        );
        assert_eq!(Outcome::Alive { status: 200 }.note(), None);
    }

    #[tokio::test]
    async fn the_resolver_drops_private_addresses() {
        // "localhost" comes from /etc/hosts: no query leaves the machine.
        let guarded = GuardedResolver {
            allow_private: false,
        };
        let err = match guarded.resolve("localhost".parse().unwrap()).await {
            Ok(_) => panic!("localhost resolved"),
            Err(e) => e,
        };
        assert!(matches!(
            err.downcast_ref::<ResolveError>(),
            Some(ResolveError::Private)
        ));
        let open = GuardedResolver {
            allow_private: true,
        };
        let addrs: Vec<_> = open
            .resolve("localhost".parse().unwrap())
            .await
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && !addrs.is_empty());
    }

    /// A public-looking name that resolves inward is refused before any connection, and the
    /// refusal is read from reqwest's chain of causes.
    #[tokio::test]
    async fn a_name_resolving_inward_is_never_called() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let checker = LinkChecker::new(CheckOptions {
            timeout: Duration::from_secs(2),
            ..Default::default()
        })
        .unwrap();
        // Past the URL rules (this is what a rebinding name looks like to the client).
        let url = Url::parse(&format!("http://localhost:{port}/")).unwrap();
        let err = checker.send(Method::HEAD, &url).await.unwrap_err();
        let Attempt::Done { outcome, network } = classify_error(&err) else {
            panic!("not a verdict")
        };
        assert!(!network);
        assert_eq!(
            outcome.note().as_deref(),
            Some(
                "ชื่อโดเมนชี้ไปยังเครือข่ายภายใน ไม่ได้เปิด / the host points to a private network; not opened"
            )
        );
        let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
        assert!(accepted.is_err(), "no connection was made");
    }
}
