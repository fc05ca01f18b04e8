//! The HTTP integration harness: start the real server on a random port against a fresh
//! database (SQLite or PostgreSQL), seed agencies and users, log in as a role, and submit
//! forms with their CSRF token. No mocks: requests go over TCP to the real router.
#![allow(dead_code)]

use prongsai_domain::tenancy::{AgencyKind, AgencySlug, Role};
use prongsai_store::tenancy::{NewAgency, NewUser};
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope};
use prongsai_web::{router, AppState, Config};
use std::net::SocketAddr;

pub const PASSWORD: &str = "test password 123";

/// A 1×1 PNG, the smallest real evidence file.
pub const PNG: [u8; 69] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1,
    1, 0, 201, 254, 146, 239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

pub struct TestApp {
    pub addr: SocketAddr,
    pub db: TestDb,
    pub state: AppState,
    server: tokio::task::JoinHandle<()>,
}

/// An agency with one user per agency role: usernames `{slug}.{role code}`.
pub struct Seeded {
    pub scope: AgencyScope,
    pub slug: String,
}

impl Seeded {
    pub fn user(&self, role: Role) -> String {
        format!("{}.{}", self.slug, role.code())
    }
}

impl TestApp {
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, Config::default()).await
    }

    pub async fn spawn_with(db: TestDb, config: Config) -> Self {
        let state = AppState::new(db.store.clone(), config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            addr,
            db,
            state,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: format!("http://{}", self.addr),
        }
    }

    pub async fn seed_agency(&self, slug: &str) -> Seeded {
        let s = &self.db.store;
        let (scope, _) = s
            .create_agency(
                &Actor::system("test"),
                NewAgency {
                    slug: AgencySlug::parse(slug).unwrap(),
                    name_th: format!("องค์การบริหารส่วนตำบล {slug}"),
                    name_en: Some(format!("{slug} SAO")),
                    kind: AgencyKind::Sao,
                    province: "นครราชสีมา".into(),
                },
            )
            .await
            .unwrap();
        let unit = s
            .create_unit(&scope, &Actor::system("test"), "สำนักปลัด".into(), None)
            .await
            .unwrap();
        for role in Role::AGENCY_ROLES {
            s.create_user(
                &scope,
                &Actor::system("test"),
                NewUser {
                    username: format!("{slug}.{}", role.code()),
                    display_name: format!("ผู้ใช้ {}", role.label_th()),
                    position: None,
                    role,
                    unit_id: Some(unit.id),
                    password: PASSWORD.into(),
                },
            )
            .await
            .unwrap();
        }
        Seeded {
            scope,
            slug: slug.to_string(),
        }
    }

    pub async fn stop(self) {
        self.server.abort();
        self.db.cleanup().await;
    }
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

/// A response read whole.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Client {
    pub async fn get(&self, path: &str) -> Page {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// Post a form with the CSRF token of the page at `form_page`.
    pub async fn post_form(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf(form_page).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    /// Post fields as they are (no token added).
    pub async fn post_raw(&self, action: &str, fields: &[(&str, &str)]) -> Page {
        let r = self
            .http
            .post(format!("{}{action}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// Post a multipart form with one file and the CSRF token of the page at `form_page`.
    pub async fn upload(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Page {
        self.multipart(form_page, action, fields, Some((file_name, bytes)))
            .await
    }

    /// Post a multipart form, with a file or none, and the CSRF token of the page at
    /// `form_page`.
    pub async fn multipart(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> Page {
        let token = self.csrf(form_page).await;
        let mut form = reqwest::multipart::Form::new().text("csrf", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some((file_name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
            );
        }
        let r = self
            .http
            .post(format!("{}{action}", self.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// The raw bytes of a response.
    pub async fn get_bytes(&self, path: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        (
            status,
            headers,
            r.bytes().await.unwrap_or_default().to_vec(),
        )
    }

    pub async fn post_bytes(&self, action: &str, body: Vec<u8>) -> Page {
        let r = self
            .http
            .post(format!("{}{action}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    /// The CSRF token embedded in a page's forms.
    pub async fn csrf(&self, page: &str) -> String {
        let p = self.get(page).await;
        extract_csrf(&p.body).unwrap_or_else(|| panic!("no csrf token on {page} ({})", p.status))
    }

    /// Log in with the test password; panics unless it lands on the dashboard.
    pub async fn login(&self, username: &str) {
        let p = self
            .post_form(
                "/staff/login",
                "/staff/login",
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(p.status, 303, "login of {username}: {}", p.body);
        assert_eq!(p.location.as_deref(), Some("/staff/dashboard"));
    }
}

async fn read(r: reqwest::Response) -> Page {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let location = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = r.text().await.unwrap_or_default();
    Page {
        status,
        location,
        body,
        headers,
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let i = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let rest = &html[i..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Send raw bytes over TCP and read the whole response (the connection is closed by the
/// server or after two seconds). For requests a normal client will not send: a declared
/// body larger than the limit, broken framing.
pub async fn raw_http(addr: SocketAddr, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(2), s.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) | Ok(Err(_)) => break,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encode a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
