//! Fresh, migrated databases for tests, on both backends.
//!
//! SQLite: a new file in a temp folder. PostgreSQL: a new database on the server named by
//! `PRONGSAI_TEST_PG` (or `DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/test`),
//! created per test and dropped by [`TestDb::cleanup`]; databases left by crashed runs are
//! dropped after an hour. There are no mocks: tests talk to the real engines.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::path::PathBuf;

use crate::Store;

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh database, migrated.
pub struct TestDb {
    pub store: Store,
    pub backend: Backend,
    pub url: String,
    dir: Option<PathBuf>,
    pg_name: Option<String>,
}

/// The PostgreSQL server URL used by tests.
pub fn pg_admin_url() -> String {
    std::env::var("PRONGSAI_TEST_PG")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

fn unique_suffix() -> String {
    use rand::Rng;
    format!(
        "{}_{:08x}",
        chrono::Utc::now().timestamp(),
        rand::thread_rng().gen::<u32>()
    )
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        Self::at_version(backend, crate::migrations::latest_version()).await
    }

    /// A fresh database migrated up to `version` only: for tests of a later migration's data
    /// move (fill the old schema, then `store.migrate()`).
    pub async fn at_version(backend: Backend, version: i64) -> Self {
        match backend {
            Backend::Sqlite => Self::sqlite_at(version).await,
            Backend::Postgres => Self::postgres_at(version).await,
        }
    }

    pub async fn sqlite() -> Self {
        Self::sqlite_at(crate::migrations::latest_version()).await
    }

    async fn sqlite_at(version: i64) -> Self {
        let dir = std::env::temp_dir().join(format!("prongsai-test-{}", unique_suffix()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = crate::default_sqlite_url(&dir);
        let store = Store::connect(&url).await.expect("sqlite connects");
        store
            .migrate_to(version)
            .await
            .expect("migrations run on sqlite");
        Self {
            store,
            backend: Backend::Sqlite,
            url,
            dir: Some(dir),
            pg_name: None,
        }
    }

    pub async fn postgres() -> Self {
        Self::postgres_at(crate::migrations::latest_version()).await
    }

    async fn postgres_at(version: i64) -> Self {
        let admin_url = pg_admin_url();
        let admin = Store::connect(&admin_url).await.unwrap_or_else(|e| {
            panic!(
                "PostgreSQL is needed for the tests ({admin_url}): {e}. \
                 Run .ci/run, or set PRONGSAI_TEST_PG to a server you can create databases on."
            )
        });
        drop_stale(&admin).await;
        let name = format!("prongsai_t_{}", unique_suffix());
        admin
            .conn()
            .execute(Statement::from_string(
                DbBackend::Postgres,
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .expect("create test database");
        let _ = admin.close().await;
        let url = replace_db_name(&admin_url, &name);
        let store = Store::connect(&url).await.expect("postgres connects");
        store
            .migrate_to(version)
            .await
            .expect("migrations run on postgres");
        Self {
            store,
            backend: Backend::Postgres,
            url,
            dir: None,
            pg_name: Some(name),
        }
    }

    /// Close and remove the database.
    pub async fn cleanup(self) {
        let _ = self.store.close().await;
        if let Some(dir) = self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(name) = self.pg_name {
            if let Ok(admin) = Store::connect(&pg_admin_url()).await {
                let _ = admin
                    .conn()
                    .execute(Statement::from_string(
                        DbBackend::Postgres,
                        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    ))
                    .await;
                let _ = admin.close().await;
            }
        }
    }
}

/// Replace the database name (the last path segment) of a PostgreSQL URL.
pub fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

async fn drop_stale(admin: &Store) {
    let Ok(rows) = admin
        .conn()
        .query_all(Statement::from_string(
            DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'prongsai_t_%'",
        ))
        .await
    else {
        return;
    };
    let hour_ago = chrono::Utc::now().timestamp() - 3600;
    for r in rows {
        let Ok(name) = r.try_get::<String>("", "datname") else {
            continue;
        };
        let created: i64 = name
            .trim_start_matches("prongsai_t_")
            .split('_')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(i64::MAX);
        if created < hour_ago {
            let _ = admin
                .conn()
                .execute(Statement::from_string(
                    DbBackend::Postgres,
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await;
        }
    }
}

/// Define a test that runs once on SQLite and once on PostgreSQL:
/// `both_backends!(name, |db: TestDb| async move { … });`
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::testdb::TestDb::new($crate::testdb::Backend::Sqlite).await;
                ($body)(db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = $crate::testdb::TestDb::new($crate::testdb::Backend::Postgres).await;
                ($body)(db).await;
            }
        }
    };
}
