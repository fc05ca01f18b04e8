//! Configuration, shared state, the router and its layers, and the server loop.

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use prongsai_domain::framework::FrameworkSet;
use prongsai_store::blobs::BlobStore;
use prongsai_store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::metrics::Metrics;
use crate::pages::{
    account, admin, assessment, auth, disclosure, frameworks, measures, public, system,
};
use crate::security::RateLimiter;

/// Largest accepted upload (score files), in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Server settings (from the command line or the environment).
#[derive(Debug, Clone)]
pub struct Config {
    /// Send cookies with `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Largest accepted request body for forms, in bytes.
    pub max_form_bytes: usize,
    /// Login attempts per client address per minute.
    pub login_per_minute: u32,
    /// Form posts per client address per minute on public forms.
    pub public_posts_per_minute: u32,
    /// Largest accepted document upload, in bytes (20 MB unless configured).
    pub max_upload_bytes: usize,
    /// Where uploaded files are kept (`<data dir>/blobs`); a fresh temporary directory when
    /// unset (tests).
    pub blob_dir: Option<std::path::PathBuf>,
    /// The file store as a URL (`s3://bucket/prefix`, `file:///path`); wins over `blob_dir`.
    pub blob_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trust_proxy: false,
            max_form_bytes: 256 * 1024,
            login_per_minute: 10,
            public_posts_per_minute: 30,
            max_upload_bytes: 20 * 1024 * 1024,
            blob_dir: None,
            blob_url: None,
        }
    }
}

/// Why a server's state could not be made (the file store), in Thai and English.
#[derive(Debug, Clone)]
pub struct StartError {
    pub th: String,
    pub en: String,
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.th, self.en)
    }
}

impl std::error::Error for StartError {}

/// What every handler can reach. Cloned for every extractor of every request, so it is one
/// shared pointer (a profile of the public portal showed the field-by-field clone and drop at
/// 5 % of the server's time).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The contents of [`AppState`].
pub struct Shared {
    pub store: Store,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub limiter: Arc<RateLimiter>,
    /// The ITA frameworks bundled into the binary, by year.
    pub frameworks: Arc<FrameworkSet>,
    /// Uploaded files, by hash.
    pub blobs: BlobStore,
    /// Rendered public pages, by address and validator.
    pub pages: Arc<crate::cache::PageCache>,
    /// Measures of agency-years, until the agency's next write.
    pub measures: Arc<crate::cache::MeasuresCache>,
}

impl AppState {
    /// The state of a server; fails only when the file store cannot be opened (a directory
    /// that cannot be made, a URL that is not understood).
    pub fn new(store: Store, config: Config) -> Result<Self, StartError> {
        let (frameworks, errors) = FrameworkSet::bundled();
        for e in errors {
            tracing::error!(error = %e, "framework file refused");
        }
        let blobs = match &config.blob_url {
            Some(url) => BlobStore::from_url(url).map_err(|e| StartError {
                th: format!("ตั้งค่าที่เก็บไฟล์ (--blob-store) ไม่ถูกต้อง: {e}"),
                en: format!("the file store setting (--blob-store) is wrong: {e}"),
            })?,
            None => {
                let blob_dir = config.blob_dir.clone().unwrap_or_else(|| {
                    std::env::temp_dir().join(format!(
                        "prongsai-blobs-{}-{}",
                        std::process::id(),
                        rand::random::<u64>()
                    ))
                });
                BlobStore::open(&blob_dir).map_err(|e| StartError {
                    th: format!("สร้างโฟลเดอร์เก็บไฟล์ {} ไม่ได้: {e}", blob_dir.display()),
                    en: format!("cannot create the file folder {}: {e}", blob_dir.display()),
                })?
            }
        };
        Ok(Self(Arc::new(Shared {
            store,
            blobs,
            pages: Arc::new(crate::cache::PageCache::default()),
            measures: Arc::new(crate::cache::MeasuresCache::default()),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            limiter: Arc::new(RateLimiter::default()),
            frameworks: Arc::new(frameworks),
        })))
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let staff = Router::new()
        .route("/", get(auth::staff_home))
        .route("/login", get(auth::login_page).post(auth::login_submit))
        .route("/login/totp", get(auth::totp_page).post(auth::totp_submit))
        .route("/logout", post(auth::logout))
        .route("/dashboard", get(admin::dashboard))
        .route(
            "/admin/units",
            get(admin::units_page).post(admin::unit_create),
        )
        .route("/admin/units/{id}", post(admin::unit_rename))
        .route("/admin/units/{id}/delete", post(admin::unit_delete))
        .route(
            "/admin/users",
            get(admin::users_page).post(admin::user_create),
        )
        .route(
            "/admin/users/{id}",
            get(admin::user_edit_page).post(admin::user_update),
        )
        .route("/admin/users/{id}/active", post(admin::user_set_active))
        .route("/admin/users/{id}/unlock", post(admin::user_unlock))
        .route(
            "/admin/settings",
            get(admin::settings_page).post(admin::settings_save),
        )
        .route("/admin/audit", get(admin::audit_page))
        .route("/admin/audit.csv", get(admin::audit_csv))
        .route("/account", get(account::account_page))
        .route("/account/password", post(account::change_password))
        .route("/account/totp/enable", post(account::totp_enable))
        .route("/account/totp/disable", post(account::totp_disable))
        .route(
            "/system/agencies",
            get(system::agencies_page).post(system::agency_create),
        )
        .route("/system/readiness", get(system::readiness_index))
        .route("/system/readiness/{year}", get(system::readiness_page))
        .route("/measures", get(measures::index))
        .route("/measures/{year}", get(measures::year_page))
        .route("/measures/{year}/lines/{id}", post(measures::line_update))
        .route("/measures/{year}/report.pdf", get(measures::report_pdf))
        .route("/measures/{year}/report.docx", get(measures::report_docx))
        .route("/measures/{year}/report.csv", get(measures::report_csv))
        .route("/measures/{year}/report.xlsx", get(measures::report_xlsx))
        .route("/measures/import", get(measures::import::form))
        .route("/measures/import/{id}/apply", post(measures::import::apply))
        .route(
            "/measures/{year}/calendar",
            get(measures::monitor::calendar),
        )
        .route("/measures/{year}/rounds", post(measures::rounds::open))
        .route(
            "/measures/{year}/rounds/{id}",
            get(measures::rounds::round_page),
        )
        .route(
            "/measures/{year}/rounds/{id}/submit",
            post(measures::rounds::submit),
        )
        .route(
            "/measures/{year}/rounds/{id}/withdraw",
            post(measures::rounds::withdraw),
        )
        .route(
            "/measures/{year}/rounds/{id}/acknowledge",
            post(measures::rounds::acknowledge),
        )
        .route(
            "/measures/{year}/new",
            get(measures::edit::new_form).post(measures::edit::create),
        )
        .route(
            "/measures/{year}/m/{id}",
            get(measures::edit::edit_form).post(measures::edit::update),
        )
        .route(
            "/measures/{year}/m/{id}/delete",
            post(measures::edit::delete),
        )
        .route(
            "/measures/{year}/m/{id}/move",
            post(measures::edit::move_measure),
        )
        .route(
            "/measures/{year}/heading",
            get(measures::edit::heading_form).post(measures::edit::heading_save),
        )
        .route(
            "/measures/{year}/rounds/{id}/heading",
            get(measures::edit::round_heading_form).post(measures::edit::round_heading_save),
        )
        .route(
            "/measures/{year}/rounds/{id}/progress/{line}/delete",
            post(measures::rounds::delete_progress),
        )
        .route(
            "/measures/{year}/rounds/{id}/report.pdf",
            get(measures::rounds::report_pdf),
        )
        .route(
            "/measures/{year}/rounds/{id}/report.docx",
            get(measures::rounds::report_docx),
        )
        .route(
            "/measures/{year}/rounds/{id}/report.csv",
            get(measures::rounds::report_csv),
        )
        .route(
            "/measures/{year}/rounds/{id}/report.xlsx",
            get(measures::rounds::report_xlsx),
        )
        .route("/eservice", get(crate::pages::eservice::staff::list))
        .route(
            "/eservice/counter",
            post(crate::pages::eservice::staff::record_counter),
        )
        .route(
            "/eservice/services",
            get(crate::pages::eservice::admin::list),
        )
        .route(
            "/eservice/services/new",
            get(crate::pages::eservice::admin::new_form)
                .post(crate::pages::eservice::admin::create),
        )
        .route(
            "/eservice/services/{id}",
            get(crate::pages::eservice::admin::edit_form)
                .post(crate::pages::eservice::admin::update),
        )
        .route(
            "/eservice/requests/{id}",
            get(crate::pages::eservice::staff::request_page),
        )
        .route(
            "/eservice/requests/{id}/move",
            post(crate::pages::eservice::staff::move_request),
        )
        .route(
            "/eservice/requests/{id}/photo/{key}",
            get(crate::pages::eservice::staff::photo),
        )
        .route("/disclosures", get(disclosure::index))
        .route("/rollover", get(disclosure::rollover::index))
        .route(
            "/rollover/{year}",
            get(disclosure::rollover::preview).post(disclosure::rollover::apply),
        )
        .route(
            "/rollover/{year}/checklist",
            get(disclosure::rollover::checklist),
        )
        .route(
            "/rollover/{year}/checklist.csv",
            get(disclosure::rollover::checklist_csv),
        )
        .route("/disclosures/{year}", get(disclosure::year_page))
        .route(
            "/disclosures/{year}/submission",
            get(disclosure::submission::sheet_page),
        )
        .route(
            "/disclosures/{year}/submission.xlsx",
            get(disclosure::submission::export_xlsx),
        )
        .route(
            "/disclosures/{year}/submission.csv",
            get(disclosure::submission::export_csv),
        )
        .route(
            "/disclosures/{year}/submission.pdf",
            get(disclosure::submission::export_pdf),
        )
        .route(
            "/disclosures/{year}/submission/{code}",
            post(disclosure::submission::save_explanation),
        )
        .route(
            "/disclosures/{year}/window",
            post(disclosure::submission::save_window),
        )
        .route("/disclosures/{year}/{code}", get(disclosure::item_page))
        .route(
            "/disclosures/{year}/{code}/link",
            post(disclosure::add_link),
        )
        .route(
            "/disclosures/{year}/{code}/attach",
            post(disclosure::attach),
        )
        .route(
            "/disclosures/{year}/{code}/settings",
            post(disclosure::settings),
        )
        .route(
            "/disclosures/{year}/{code}/replace",
            post(disclosure::versions::replace),
        )
        .route(
            "/disclosures/{year}/{code}/evidence/{id}/delete",
            post(disclosure::remove),
        )
        .route("/documents", get(disclosure::documents::library))
        .route(
            "/documents/{id}",
            get(disclosure::documents::document_page).post(disclosure::documents::document_update),
        )
        .route(
            "/documents/{id}/delete",
            post(disclosure::documents::document_delete),
        )
        .route("/assessments", get(assessment::list_page))
        .route(
            "/assessments/{year}",
            get(assessment::entry_page).post(assessment::entry_save),
        )
        .route(
            "/assessments/{year}/template.csv",
            get(assessment::template_csv),
        )
        .route("/assessments/{year}/result", get(assessment::result_page))
        .route(
            "/assessments/{year}/report.pdf",
            get(assessment::report_pdf),
        )
        .route(
            "/assessments/{year}/report.docx",
            get(assessment::report_docx),
        )
        .route("/assessments/{year}/target", post(assessment::target_save))
        .route("/assessments/{year}/issues", post(assessment::issue_create))
        .route(
            "/assessments/{year}/issues/{id}",
            post(assessment::issue_update),
        )
        .route(
            "/assessments/{year}/issues/{id}/delete",
            post(assessment::issue_delete),
        )
        .merge(crate::pages::complaints::staff_routes())
        .merge(crate::pages::eservice::survey::staff_routes())
        .merge(crate::pages::participation::staff_routes())
        .merge(crate::pages::procurement::staff_routes())
        .merge(crate::pages::integrity::staff_routes())
        .merge(crate::pages::signoff::staff_routes())
        .merge(crate::pages::hr::staff_routes())
        .merge(crate::pages::risk::staff_routes())
        .route("/programme", get(crate::pages::programme::page))
        .merge(crate::pages::anticorruption::staff_routes())
        .merge(crate::pages::announcements::staff_routes());
    // File uploads get their own, larger body limit.
    let uploads = Router::new()
        .route(
            "/staff/assessments/{year}/import",
            post(assessment::import_upload),
        )
        .route("/staff/measures/import", post(measures::import::upload))
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_UPLOAD_BYTES));
    // Documents: the configured limit (20 MB by default), plus room for the form's fields.
    let doc_limit = state.config.max_upload_bytes + 64 * 1024;
    let documents = Router::new()
        .route(
            "/staff/disclosures/{year}/{code}/upload",
            post(disclosure::documents::upload_to_item),
        )
        .route(
            "/staff/documents",
            post(disclosure::documents::upload_to_library),
        )
        .route(
            "/staff/measures/{year}/rounds/{id}/progress",
            post(measures::rounds::add_progress),
        )
        .route(
            "/{agency}/eservice/{id}/submit",
            post(crate::pages::eservice::public::submit),
        )
        .merge(crate::pages::complaints::upload_routes())
        .merge(crate::pages::eservice::survey::upload_routes())
        .merge(crate::pages::participation::upload_routes())
        .merge(crate::pages::procurement::upload_routes())
        .merge(crate::pages::hr::upload_routes())
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .layer(DefaultBodyLimit::max(doc_limit))
        .layer(RequestBodyLimitLayer::new(doc_limit));

    let max_form = state.config.max_form_bytes;
    Router::new()
        .route("/", get(public::index))
        .route("/healthz", get(public::healthz))
        .route("/metrics", get(crate::metrics::metrics_handler))
        .route("/lang/{code}", get(public::switch_lang))
        .route("/static/{*path}", get(public::static_file))
        .route("/favicon.ico", get(public::favicon))
        .route("/robots.txt", get(public::robots))
        .route("/frameworks", get(frameworks::index))
        .route("/frameworks/{year}", get(frameworks::year_page))
        .route(
            "/frameworks/{year}/diff/{other}",
            get(frameworks::diff_page),
        )
        .route("/api/docs", get(crate::pages::api::docs))
        .route("/api/openapi.json", get(crate::pages::api::openapi))
        .route("/api/v1/agencies", get(crate::pages::api::agencies))
        .route("/api/v1/catalog.jsonld", get(crate::pages::api::catalog))
        .route(
            "/api/v1/agencies/{agency}/catalog.jsonld",
            get(crate::pages::api::agency_catalog),
        )
        .route(
            "/api/v1/agencies/{agency}/ita/{year}/disclosures.json",
            get(crate::pages::api::disclosures_json),
        )
        .route(
            "/api/v1/agencies/{agency}/ita/{year}/disclosures.csv",
            get(crate::pages::api::disclosures_csv_file),
        )
        .route(
            "/api/v1/agencies/{agency}/ita/{year}/readiness.json",
            get(crate::pages::api::readiness_json),
        )
        .route(
            "/api/v1/agencies/{agency}/ita/{year}/readiness.csv",
            get(crate::pages::api::readiness_csv_file),
        )
        .route("/api/{*rest}", get(crate::pages::api::not_found))
        .nest("/staff", staff)
        .route("/{agency}", get(public::agency_home))
        .route("/{agency}/ita", get(disclosure::portal::current))
        .route(
            "/{agency}/eservice",
            get(crate::pages::eservice::public::catalogue),
        )
        .route("/{agency}/contact", get(public::contact))
        .route("/{agency}/stats", get(crate::pages::eservice::stats::stats))
        .route(
            "/{agency}/stats/{year}/{file}",
            get(crate::pages::eservice::stats::stats_file),
        )
        .route(
            "/{agency}/eservice/track",
            get(crate::pages::eservice::public::track_form)
                .post(crate::pages::eservice::public::track),
        )
        .route(
            "/{agency}/eservice/{id}",
            get(crate::pages::eservice::public::form),
        )
        .route("/{agency}/ita/{year}", get(disclosure::portal::year_page))
        .route(
            "/{agency}/ita/{year}/{code}",
            get(disclosure::portal::item_page),
        )
        .route(
            "/{agency}/measures/{year}/{file}",
            get(measures::public::plan),
        )
        .route(
            "/{agency}/measures/{year}/rounds/{id}/{file}",
            get(measures::public::round),
        )
        .route(
            "/{agency}/files/{id}/{name}",
            get(disclosure::documents::serve_file),
        )
        .merge(crate::pages::complaints::public_routes())
        .merge(crate::pages::eservice::survey::public_routes())
        .merge(crate::pages::participation::public_routes())
        .merge(crate::pages::procurement::public_routes())
        .merge(crate::pages::integrity::public_routes())
        .merge(crate::pages::risk::public_routes())
        .merge(crate::pages::anticorruption::public_routes())
        .merge(crate::pages::hr::public_routes())
        .merge(crate::pages::announcements::public_routes())
        .fallback(public::not_found)
        .layer(CatchPanicLayer::custom(crate::error::panic_response))
        .layer(DefaultBodyLimit::max(max_form))
        .layer(RequestBodyLimitLayer::new(max_form))
        .merge(uploads)
        .merge(documents)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::ctx::ctx_layer,
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // one layer for the security headers (four `SetResponseHeaderLayer`s cost four
        // service wrappers on every request of the public pages)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// The headers every response carries, unless the handler set its own (files have a stricter
/// Content-Security-Policy).
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
    ] {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    }
    res
}

/// Serve until Ctrl-C / SIGTERM. `ready` is called once the socket listens.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    // Housekeeping: expired sessions and old rate-limit buckets.
    let housekeeping = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(600));
            loop {
                tick.tick().await;
                state.limiter.sweep();
                if let Err(e) = state.store.purge_expired_sessions().await {
                    tracing::warn!(error = %e, "session purge failed");
                }
            }
        })
    };
    // What falls due with the calendar alone (a month that ended) reaches the OIT items daily.
    let publishing = crate::pages::disclosure::auto::spawn_daily(state.clone());
    ready(addr);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let res = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    housekeeping.abort();
    publishing.abort();
    res
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
