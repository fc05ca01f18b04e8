//! Reminders outside the application: steps due within `REMIND_DAYS` or late, sent to the
//! people who own them on a channel behind the [`Notifier`] interface. In the application the
//! dashboard already lists them; this is for e-mail, LINE and the like.
//!
//! Shipped channels: [`Webhook`] (a JSON POST to a URL the installation runs, e.g. a relay to
//! a LINE Official Account or an e-mail gateway: the relay knows the addresses, Prongsai does
//! not keep them) and [`LogNotifier`] (the server log, for trying it out). Each reminder goes
//! out once per person, line and channel before the due date and once more when it is late
//! (`store::measures::reminders`).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::NaiveDate;
use prongsai_store::measures::reminders::{Reminder, ReminderLine};
use prongsai_store::Store;
use serde::Serialize;

/// A channel that can deliver a reminder. An error leaves the reminder pending; it is tried
/// again on the next run.
pub trait Notifier: Send + Sync {
    /// The channel's name in the bookkeeping ("webhook", "log", …); at most 20 characters.
    fn channel(&self) -> &'static str;
    fn send<'a>(
        &'a self,
        agency: &'a Agency,
        r: &'a Reminder,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;
}

/// Who a reminder is from, for its text.
#[derive(Debug, Clone, Serialize)]
pub struct Agency {
    pub slug: String,
    pub name_th: String,
}

/// The staff page where a reminder's step is updated: the programme's page of its year.
pub fn step_path(l: &ReminderLine) -> String {
    let page = match l.plan.as_str() {
        "risk" => "risk",
        "anticorruption" => "anticorruption",
        _ => "measures",
    };
    format!("/staff/{page}/{}", l.fiscal_year)
}

/// The reminder as a message in Thai: one line per step, each with the address of its page
/// when the server's public address (`site`, e.g. `https://prongsai.example.go.th`) is known.
pub fn message_th(agency: &Agency, r: &Reminder, site: Option<&str>) -> String {
    use prongsai_domain::calendar::{format_date_th, DateStyle};
    let mut out = format!(
        "{}: เรียน {} ขั้นตอนตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสที่ท่านรับผิดชอบ\n",
        agency.name_th, r.display_name
    );
    for l in &r.lines {
        out.push_str(&format!(
            "- {} ({} {})\n",
            l.text,
            if l.late {
                "เลยกำหนด"
            } else {
                "กำหนด"
            },
            format_date_th(l.due_on, DateStyle::THAI_FULL)
        ));
        if let Some(site) = site {
            out.push_str(&format!("  {site}{}\n", step_path(l)));
        }
    }
    out
}

/// Reminders written to the server log.
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn channel(&self) -> &'static str {
        "log"
    }
    fn send<'a>(
        &'a self,
        agency: &'a Agency,
        r: &'a Reminder,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            tracing::info!(agency = %agency.slug, user = %r.username, lines = r.lines.len(), "reminder: {}", message_th(agency, r, None));
            Ok(())
        })
    }
}

/// Reminders POSTed as JSON to a URL: `{"agency": {...}, "reminder": {...}, "links": [...],
/// "text_th": "..."}`, `links` holding the page of each of the reminder's lines, in order (an
/// absolute URL when the server's public address is set with [`Webhook::with_site`], else the
/// path). Anything but a 2xx answer is a failure (tried again next run).
pub struct Webhook {
    url: String,
    site: Option<String>,
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(url: &str) -> Result<Self, String> {
        let u = reqwest::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
        if !matches!(u.scheme(), "http" | "https") {
            return Err(format!("{url}: not an http(s) URL"));
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            url: url.to_owned(),
            site: None,
            client,
        })
    }
}

impl Webhook {
    /// The server's public address (`https://host`), for absolute links in the reminders.
    pub fn with_site(mut self, site: &str) -> Result<Self, String> {
        let u = reqwest::Url::parse(site).map_err(|e| format!("{site}: {e}"))?;
        if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
            return Err(format!("{site}: not an http(s) URL"));
        }
        self.site = Some(site.trim_end_matches('/').to_owned());
        Ok(self)
    }
}

#[derive(Serialize)]
struct WebhookBody<'a> {
    agency: &'a Agency,
    reminder: &'a Reminder,
    links: Vec<String>,
    text_th: String,
}

impl Notifier for Webhook {
    fn channel(&self) -> &'static str {
        "webhook"
    }
    fn send<'a>(
        &'a self,
        agency: &'a Agency,
        r: &'a Reminder,
    ) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>> {
        Box::pin(async move {
            let body = serde_json::to_vec(&WebhookBody {
                agency,
                reminder: r,
                links: r
                    .lines
                    .iter()
                    .map(|l| format!("{}{}", self.site.as_deref().unwrap_or(""), step_path(l)))
                    .collect(),
                text_th: message_th(agency, r, self.site.as_deref()),
            })
            .map_err(|e| e.to_string())?;
            let res = self
                .client
                .post(&self.url)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("{} answered {}", self.url, res.status()))
            }
        })
    }
}

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// Reminders delivered (one per person and run).
    pub sent: usize,
    /// Lines in them.
    pub lines: usize,
    pub failed: usize,
}

/// Send every pending reminder of every agency on every channel, as of `today`.
pub async fn run_once(
    store: &Store,
    notifiers: &[Box<dyn Notifier>],
    today: NaiveDate,
) -> prongsai_store::Result<RunSummary> {
    let mut sum = RunSummary::default();
    for a in store.list_agencies().await? {
        let Some((scope, _)) = store.agency_by_id(a.id).await? else {
            continue;
        };
        let agency = Agency {
            slug: a.slug.clone(),
            name_th: a.name_th.clone(),
        };
        for n in notifiers {
            for r in store.pending_reminders(&scope, n.channel(), today).await? {
                match n.send(&agency, &r).await {
                    Ok(()) => {
                        store.mark_reminded(&scope, n.channel(), &r).await?;
                        sum.sent += 1;
                        sum.lines += r.lines.len();
                    }
                    Err(e) => {
                        sum.failed += 1;
                        tracing::warn!(agency = %a.slug, user = %r.username, channel = n.channel(), error = %e, "reminder not delivered");
                    }
                }
            }
        }
    }
    Ok(sum)
}

/// Run [`run_once`] a minute after start and then every hour (each reminder still goes out
/// once; the hour only bounds how late after midnight a new day's reminders leave).
pub fn spawn_schedule(
    store: Store,
    notifiers: Vec<Box<dyn Notifier>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(60)).await;
        loop {
            match run_once(&store, &notifiers, crate::view::today()).await {
                Ok(s) if s.sent + s.failed > 0 => {
                    tracing::info!(
                        sent = s.sent,
                        lines = s.lines,
                        failed = s.failed,
                        "reminders"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "reminders failed"),
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    })
}
