//! Server-side sessions. The browser holds a random token; the database holds only its SHA-256,
//! the user, a CSRF token, whether the second factor is still owed, and the expiry.

use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter,
};
use sha2::{Digest, Sha256};

use crate::tenancy::entities::session;
use crate::tenancy::User;
use crate::{AgencyScope, Result, Store};

/// A session ends after this long without a request…
pub const IDLE_HOURS: i64 = 8;
/// …and after this long in any case.
pub const ABSOLUTE_DAYS: i64 = 7;
/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_MINUTES: i64 = 5;

/// A live session with its user.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub csrf_token: String,
    pub totp_pending: bool,
    pub user: User,
    /// The user's agency (none for a system administrator).
    pub scope: Option<AgencyScope>,
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl Store {
    /// Start a session for `user`; returns the token for the cookie.
    pub async fn create_session(&self, user: &User, totp_pending: bool) -> Result<String> {
        let token = random_hex(32);
        let now = Utc::now();
        session::ActiveModel {
            id: Set(token_id(&token)),
            user_id: Set(user.id),
            csrf_token: Set(random_hex(32)),
            totp_pending: Set(totp_pending),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + Duration::hours(IDLE_HOURS)),
        }
        .insert(&self.db)
        .await?;
        Ok(token)
    }

    /// The live session of a token, if any; refreshes its idle expiry now and then.
    pub async fn load_session(&self, token: &str) -> Result<Option<SessionInfo>> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let id = token_id(token);
        let Some(s) = session::Entity::find_by_id(id.clone())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if s.expires_at <= now || s.created_at + Duration::days(ABSOLUTE_DAYS) <= now {
            session::Entity::delete_by_id(id).exec(&self.db).await?;
            return Ok(None);
        }
        let Some(user) = self.user_by_id_unscoped(s.user_id).await? else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        if now - s.last_seen_at > Duration::minutes(TOUCH_MINUTES) {
            let mut am = s.clone().into_active_model();
            am.last_seen_at = Set(now);
            am.expires_at = Set(now + Duration::hours(IDLE_HOURS));
            am.update(&self.db).await?;
        }
        Ok(Some(SessionInfo {
            csrf_token: s.csrf_token,
            totp_pending: s.totp_pending,
            scope: user.agency_id.map(AgencyScope::new),
            user,
        }))
    }

    /// The second factor was given: the session becomes a full one, with a fresh token
    /// (so a token seen before the second factor is worth nothing after it).
    pub async fn complete_totp(&self, old_token: &str, user: &User) -> Result<String> {
        self.delete_session(old_token).await?;
        self.create_session(user, false).await
    }

    pub async fn delete_session(&self, token: &str) -> Result<()> {
        session::Entity::delete_by_id(token_id(token))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Remove expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

/// End every session of a user (inside the caller's transaction).
pub(crate) async fn delete_user_sessions<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<()> {
    session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
