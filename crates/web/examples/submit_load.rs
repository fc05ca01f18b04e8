//! Open-loop load of e-Service submissions at a fixed rate (used by bench/eservice_submit.sh).
//!
//!   submit_load BASE_URL SERVICE_ID RATE_PER_S SECONDS RUN_ID
//!
//! Sends RATE × SECONDS submissions to `BASE/krathok/eservice/ID/submit`, one every 1/RATE s
//! whatever the server's pace (so slow answers show up as latency, not as a lower rate), each
//! from its own address (X-Forwarded-For: the server runs with --trust-proxy, as behind a
//! reverse proxy) and each carrying `RUN_ID-<n>` in its name field, so that the rows can be
//! counted afterwards. Prints one line per second and the summary: sent, receipts (HTTP 200
//! with a tracking code), errors, achieved rate, latency p50/p90/p99/max.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: submit_load BASE_URL SERVICE_ID RATE_PER_S SECONDS RUN_ID");
        std::process::exit(2);
    }
    let base = args[1].trim_end_matches('/').to_string();
    let service: i64 = args[2].parse().expect("service id");
    let rate: u64 = args[3].parse().expect("rate");
    let seconds: u64 = args[4].parse().expect("seconds");
    let run = args[5].clone();
    let url = format!("{base}/krathok/eservice/{service}/submit");
    // a CSRF token as a browser gets it: the cookie set by the form page, echoed in the form
    let csrf = "0123456789abcdef0123456789abcdef";
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let total = rate * seconds;
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(total as usize)));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let start = Instant::now();
    let mut handles = Vec::with_capacity(total as usize);
    let mut tick = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for n in 0..total {
        tick.tick().await;
        let client = client.clone();
        let url = url.clone();
        let name = format!("{run}-{n}");
        let (ok_list, err_list) = (latencies.clone(), errors.clone());
        handles.push(tokio::spawn(async move {
            let form = reqwest::multipart::Form::new()
                .text("csrf", csrf)
                .text("f_name", name)
                .text("f_where", "หมู่ที่ 3 หน้าศาลาประชาคม")
                .text("f_problem", "ไฟดับ")
                .text("phone", "0812345678")
                .text("email", "")
                .text("consent", "yes")
                .text("website", "");
            let ip = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
            let t = Instant::now();
            let r = client
                .post(&url)
                .header("cookie", format!("ps_csrf={csrf}"))
                .header("x-forwarded-for", ip)
                .multipart(form)
                .send()
                .await;
            let outcome = match r {
                Ok(res) => {
                    let status = res.status();
                    match res.text().await {
                        Ok(body) if status.is_success() && body.contains("class=\"code\"") => {
                            Ok(())
                        }
                        Ok(body) => Err(format!(
                            "HTTP {status}: {}",
                            body.chars().take(200).collect::<String>()
                        )),
                        Err(e) => Err(e.to_string()),
                    }
                }
                Err(e) => Err(e.to_string()),
            };
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            match outcome {
                Ok(()) => ok_list.lock().await.push(ms),
                Err(e) => err_list.lock().await.push(e),
            }
        }));
        if (n + 1).is_multiple_of(rate) {
            let done = latencies.lock().await.len();
            eprintln!(
                "t={:>3}s sent={} receipts={} errors={}",
                (n + 1) / rate,
                n + 1,
                done,
                errors.lock().await.len()
            );
        }
    }
    let sending = start.elapsed();
    for h in handles {
        let _ = h.await;
    }
    let mut l = latencies.lock().await.clone();
    l.sort_by(|a, b| a.total_cmp(b));
    let errors = errors.lock().await.clone();
    let q = |p: f64| {
        if l.is_empty() {
            0.0
        } else {
            l[((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1]
        }
    };
    println!(
        "sent={total} receipts={} errors={} rate={:.1}/s p50={:.1}ms p90={:.1}ms p99={:.1}ms max={:.1}ms",
        l.len(),
        errors.len(),
        total as f64 / sending.as_secs_f64(),
        q(0.50),
        q(0.90),
        q(0.99),
        l.last().copied().unwrap_or(0.0)
    );
    for e in errors.iter().take(5) {
        println!("error: {e}");
    }
}
