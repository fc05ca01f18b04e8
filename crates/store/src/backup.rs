//! Online backups: SQLite's `VACUUM INTO` (a consistent copy while the server runs), and for
//! PostgreSQL the standard `pg_dump` in plain SQL format.

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::path::Path;

use crate::{Result, Store, StoreError};

impl Store {
    /// Write a consistent backup of the whole database to `dest` (which must not exist).
    pub async fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::Input(prongsai_domain::InputError::new(
                "file",
                format!("มีไฟล์ {} อยู่แล้ว จะไม่เขียนทับ", dest.display()),
                format!(
                    "{} exists already; it will not be overwritten",
                    dest.display()
                ),
            )));
        }
        match self.backend() {
            DbBackend::Sqlite => {
                let path = dest.to_string_lossy().replace('\'', "''");
                self.db
                    .execute(Statement::from_string(
                        DbBackend::Sqlite,
                        format!("VACUUM INTO '{path}'"),
                    ))
                    .await?;
                Ok(())
            }
            DbBackend::Postgres => {
                let out = tokio::process::Command::new("pg_dump")
                    .arg("--format=plain")
                    .arg("--no-owner")
                    .arg("--file")
                    .arg(dest)
                    .arg(self.url())
                    .output()
                    .await
                    .map_err(|e| StoreError::Other(format!("cannot run pg_dump: {e}")))?;
                if out.status.success() {
                    Ok(())
                } else {
                    Err(StoreError::Other(format!(
                        "pg_dump failed: {}",
                        String::from_utf8_lossy(&out.stderr).trim()
                    )))
                }
            }
            other => Err(StoreError::Other(format!("unsupported backend {other:?}"))),
        }
    }
}
