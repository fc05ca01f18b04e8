//! Persistence of Prongsai: migrations, entities and agency-scoped repositories.
//!
//! One code path serves SQLite (default, WAL mode, a file under the data dir) and PostgreSQL.
//! Agency data is reachable only through an [`AgencyScope`], which this crate hands out only
//! for an agency that exists (see `tenancy`). Every write is one transaction with one audit
//! entry appended to the agency's hash chain (see `audit`).

pub mod announcement;
pub mod anticorruption;
pub mod assessment;
pub mod audit;
pub mod backup;
pub mod blobs;
pub mod complaints;
pub mod demo;
pub mod disclosure;
pub mod drafts;
pub mod eservice;
pub mod hr;
pub mod integrity;
pub mod measures;
pub mod migrations;
pub mod participation;
pub mod procurement;
pub mod risk;
pub mod rollover;
pub mod sessions;
pub mod signoff;
pub mod submission;
pub mod survey;
pub mod tenancy;
pub mod testdb;

use prongsai_domain::InputError;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr};
use std::path::Path;
use std::time::Duration;

pub use sea_orm;

/// The store: a pool of database connections.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    url: String,
}

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input was refused; the message says why, in Thai and English.
    #[error(transparent)]
    Input(#[from] InputError),
    /// No such record in this scope (also what another agency's records look like).
    #[error("not found")]
    NotFound,
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A row of `E` by its id, only when it belongs to the scope's agency (`agency_column`): a row
/// of another agency is simply not found.
pub(crate) async fn find_in_scope<E, C>(
    db: &C,
    scope: &AgencyScope,
    agency_column: E::Column,
    id: i64,
) -> Result<E::Model>
where
    E: sea_orm::EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
    C: ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    E::find_by_id(id)
        .filter(agency_column.eq(scope.agency_id()))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Who performs a write, as the audit log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    /// The audit log records only the day of this actor's writes, not the time: an anonymous
    /// reporter's entry must not be matchable against a proxy's access log.
    pub day_only: bool,
}

impl Actor {
    pub fn user(id: i64, username: &str) -> Self {
        Self {
            user_id: Some(id),
            label: username.to_string(),
            day_only: false,
        }
    }
    /// The command line, or the system itself (demo seeding, scheduled jobs).
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_string(),
            day_only: false,
        }
    }
    /// Someone who must stay unknown (an anonymous reporter): no user, and the audit log
    /// keeps the day of the write only.
    pub fn anonymous(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_string(),
            day_only: true,
        }
    }
}

/// Proof that an agency exists, and the only key to its data.
///
/// It cannot be built outside this crate: the web layer gets one from the logged-in user's
/// agency, or from a public slug that resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AgencyScope {
    agency_id: i64,
}

impl AgencyScope {
    pub fn agency_id(&self) -> i64 {
        self.agency_id
    }
    pub(crate) fn new(agency_id: i64) -> Self {
        Self { agency_id }
    }
}

/// The SQLite URL of the default database in a data dir.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("prongsai.sqlite").display())
}

impl Store {
    /// Connect to `url` (`sqlite://FILE` or `postgres://…`). For SQLite the file and its folder
    /// are created when missing, and WAL mode with a busy timeout is set.
    pub async fn connect(url: &str) -> Result<Self> {
        let db = if url.starts_with("sqlite:") {
            use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
            use std::str::FromStr;
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            if let Some(parent) = Path::new(path).parent() {
                if !parent.as_os_str().is_empty() && !path.starts_with(":memory:") {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        StoreError::Other(format!("cannot create {}: {e}", parent.display()))
                    })?;
                }
            }
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Db(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .min_connections(1)
                .connect_with(opts)
                .await
                .map_err(|e| StoreError::Db(DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e))))?;
            sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let mut opt = sea_orm::ConnectOptions::new(url.to_string());
            opt.max_connections(16)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .sqlx_logging(false);
            sea_orm::Database::connect(opt).await?
        } else {
            return Err(StoreError::Input(InputError::new(
                "database_url",
                "รองรับเฉพาะ sqlite:// หรือ postgres://",
                "Only sqlite:// and postgres:// URLs are supported",
            )));
        };
        Ok(Self {
            db,
            url: url.to_string(),
        })
    }

    /// Apply pending migrations.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        Ok(migrations::migrate(&self.db).await?)
    }

    /// Apply the migrations up to `version` only (tests of a migration's data move).
    pub async fn migrate_to(&self, version: i64) -> Result<Vec<i64>> {
        Ok(migrations::migrate_to(&self.db, version).await?)
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The raw connection, for this crate's modules and for tests.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A cheap query to check the database answers.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.db.ping().await?)
    }

    pub async fn close(self) -> Result<()> {
        Ok(self.db.close().await?)
    }
}

/// Map a unique-constraint violation to a typed input error; pass others through.
pub(crate) fn conflict_or(e: DbErr, conflict: InputError) -> StoreError {
    let msg = e.to_string().to_lowercase();
    if msg.contains("unique") || msg.contains("duplicate key") {
        StoreError::Input(conflict)
    } else {
        StoreError::Db(e)
    }
}
