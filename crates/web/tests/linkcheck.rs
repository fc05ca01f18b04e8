//! The link checker against a local test server, on SQLite and PostgreSQL: live pages, moved
//! pages and servers that refuse HEAD count as alive; missing pages, redirect loops and pages
//! that time out twice as dead, with a bilingual note; a busy server changes nothing; the same
//! results again write nothing to the audit log; links to the local machine are refused
//! without a request when private networks are not allowed; and when no link at all can be
//! reached, nothing is marked dead. No request leaves the machine.

use axum::http::{header, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use axum::Router;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::tenancy::{AgencyKind, AgencySlug};
use prongsai_store::both_backends;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::tenancy::NewAgency;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store};
use prongsai_web::linkcheck::{check_all, CheckOptions};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_millis(300);

/// A local server with one route per case; counts every request it gets.
async fn test_server() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = Router::new()
        .route("/ok", get(|| async { "ok" }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/moved",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/ok")]) }),
        )
        .route(
            "/loop",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop")]) }),
        )
        .route(
            "/nohead",
            any(|m: Method| async move {
                if m == Method::HEAD {
                    StatusCode::METHOD_NOT_ALLOWED.into_response()
                } else {
                    "x".repeat(200_000).into_response()
                }
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(TIMEOUT * 4).await;
                "late"
            }),
        )
        .route("/busy", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    next.run(req).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}"), hits)
}

async fn agency(s: &Store, slug: &str) -> AgencyScope {
    s.create_agency(
        &Actor::system("test"),
        NewAgency {
            slug: AgencySlug::parse(slug).unwrap(),
            name_th: format!("องค์การบริหารส่วนตำบล {slug}"),
            name_en: None,
            kind: AgencyKind::Sao,
            province: "นครราชสีมา".into(),
        },
    )
    .await
    .unwrap()
    .0
}

/// Give each URL as evidence of an item (the store takes links as they are: the web form is
/// what refuses private addresses, so local test URLs can be stored here).
async fn attach(s: &Store, scope: &AgencyScope, code: &str, urls: &[String]) {
    let fy = FiscalYear::new(2567).unwrap();
    for u in urls {
        s.add_evidence(
            scope,
            &Actor::system("test"),
            fy,
            code,
            NewEvidence {
                target: Target::Link(u.clone()),
                label: format!("ลิงก์ {u}"),
                data_year: Some(fy),
                period: None,
                published_on: None,
            },
        )
        .await
        .unwrap();
    }
}

/// Status and note of every link evidence of an item, by URL (the last one of a URL wins).
async fn statuses(
    s: &Store,
    scope: &AgencyScope,
    code: &str,
) -> HashMap<String, (Option<String>, Option<String>)> {
    let item = s
        .disclosure(scope, FiscalYear::new(2567).unwrap(), code)
        .await
        .unwrap();
    item.evidence
        .into_iter()
        .map(|e| {
            let e = e.evidence;
            (e.url.unwrap(), (e.link_status, e.link_note))
        })
        .collect()
}

fn local_opts() -> CheckOptions {
    CheckOptions {
        timeout: TIMEOUT,
        parallel: 4,
        allow_private: true,
        ..Default::default()
    }
}

both_backends!(links_checked_and_flagged, |db: TestDb| async move {
    let s = &db.store;
    let (base, hits) = test_server().await;
    let a = agency(s, "agency-l").await;
    let url = |p: &str| format!("{base}{p}");
    let paths = [
        "/ok", "/gone", "/moved", "/loop", "/nohead", "/slow", "/busy",
    ];
    attach(s, &a, "O20", &paths.map(url)).await;
    // the same URL on another item is checked once and flagged on both
    attach(s, &a, "O21", &[url("/gone")]).await;
    // the busy server was fine last time; an unknown result must not change that
    let busy = s
        .external_links()
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.url == url("/busy"))
        .unwrap();
    s.set_link_status(&busy, true, None).await.unwrap();

    let before = s.audit_position(&a).await.unwrap();
    let summary = check_all(s, &local_opts()).await.unwrap();
    assert_eq!(summary.checked, 7, "each distinct URL once");
    assert_eq!(
        (summary.alive, summary.dead, summary.unknown),
        (3, 3, 1),
        "{summary:?}"
    );
    assert!(!summary.network_down);
    assert_eq!(summary.newly_dead().count(), 4, "{summary:?}");
    let st = statuses(s, &a, "O20").await;
    let ok = Some("ok".to_string());
    let dead = Some("dead".to_string());
    for p in ["/ok", "/moved", "/nohead", "/busy"] {
        assert_eq!(st[&url(p)].0, ok, "{p}: {:?}", st[&url(p)]);
    }
    let note = |p: &str| st[&url(p)].1.clone().unwrap_or_default();
    for p in ["/gone", "/loop", "/slow"] {
        assert_eq!(st[&url(p)].0, dead, "{p}: {:?}", st[&url(p)]);
    }
    assert_eq!(note("/gone"), "HTTP 404");
    assert_eq!(
        note("/loop"),
        "เปลี่ยนเส้นทางเกิน 5 ครั้ง / too many redirects (more than 5)"
    );
    assert_eq!(note("/slow"), "หมดเวลา (0.3 วินาที) / timed out (0.3 s)");
    assert_eq!(
        st[&url("/busy")].1,
        None,
        "the busy link keeps its last result"
    );
    assert_eq!(statuses(s, &a, "O21").await[&url("/gone")].0, dead);
    assert_eq!(
        s.audit_position(&a).await.unwrap(),
        before + 7,
        "every link whose state changed is audited once (the busy one is not)"
    );
    let item = s
        .disclosure(&a, FiscalYear::new(2567).unwrap(), "O20")
        .await
        .unwrap();
    assert_eq!(
        item.evidence.iter().filter(|e| e.is_dead()).count(),
        3,
        "the readiness page sees them dead"
    );

    // the same results again: nothing new in the audit log
    let before = s.audit_position(&a).await.unwrap();
    let again = check_all(s, &local_opts()).await.unwrap();
    assert_eq!((again.alive, again.dead, again.unknown), (3, 3, 1));
    assert_eq!(again.newly_dead().count(), 0);
    assert_eq!(again.dead_links.len(), 4);
    assert_eq!(s.audit_position(&a).await.unwrap(), before);

    // private networks not allowed (the default): refused without a single request
    hits.store(0, Ordering::SeqCst);
    let strict = check_all(
        s,
        &CheckOptions {
            timeout: TIMEOUT,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no request reached the server"
    );
    assert_eq!((strict.alive, strict.dead, strict.unknown), (0, 7, 0));
    assert!(!strict.network_down, "a refusal is not a network failure");
    let st = statuses(s, &a, "O20").await;
    assert_eq!(st[&url("/ok")].0, dead);
    assert!(
        st[&url("/ok")]
            .1
            .as_deref()
            .unwrap_or_default()
            .contains("เครือข่ายภายใน"),
        "{:?}",
        st[&url("/ok")]
    );
    db.cleanup().await;
});

both_backends!(
    no_link_reachable_marks_nothing_dead,
    |db: TestDb| async move {
        let s = &db.store;
        // ports with nothing listening: every connection is refused
        let mut urls = Vec::new();
        for _ in 0..3 {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            urls.push(format!("http://{}/page", l.local_addr().unwrap()));
        }
        let a = agency(s, "agency-n").await;
        attach(s, &a, "O20", &urls).await;
        let before = s.audit_position(&a).await.unwrap();
        let summary = check_all(s, &local_opts()).await.unwrap();
        assert!(summary.network_down, "{summary:?}");
        assert_eq!((summary.dead, summary.unknown), (0, 3));
        assert!(statuses(s, &a, "O20")
            .await
            .values()
            .all(|(st, _)| st.is_none()));
        assert_eq!(s.audit_position(&a).await.unwrap(), before);

        // one link alone that cannot be reached is simply dead
        let item = s
            .disclosure(&a, FiscalYear::new(2567).unwrap(), "O20")
            .await
            .unwrap();
        for e in &item.evidence[1..] {
            s.remove_evidence(&a, &Actor::system("test"), e.evidence.id)
                .await
                .unwrap();
        }
        let summary = check_all(s, &local_opts()).await.unwrap();
        assert_eq!((summary.checked, summary.dead), (1, 1), "{summary:?}");
        assert_eq!(
            summary.dead_links[0].note,
            "เชื่อมต่อเว็บไซต์ไม่ได้ / connection failed"
        );
        db.cleanup().await;
    }
);
