//! Agencies, units and users: the tenant-scoped repositories, passwords and login.

pub mod entities;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use entities::{agency, unit, user};
pub use entities::{agency::Model as Agency, unit::Model as Unit, user::Model as User};
use prongsai_domain::tenancy::{AgencyKind, AgencySlug, Role};
use prongsai_domain::InputError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use crate::{conflict_or, Actor, AgencyScope, Result, Store, StoreError};

/// Failed attempts before an account is locked, and for how long.
pub const MAX_FAILED_LOGINS: i32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

/// A new agency, already parsed.
#[derive(Debug, Clone)]
pub struct NewAgency {
    pub slug: AgencySlug,
    pub name_th: String,
    pub name_en: Option<String>,
    pub kind: AgencyKind,
    pub province: String,
}

/// The editable fields of an agency.
#[derive(Debug, Clone, Default)]
pub struct AgencyUpdate {
    pub name_th: String,
    pub name_en: Option<String>,
    pub kind: Option<AgencyKind>,
    pub province: String,
    pub district: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub facebook: Option<String>,
    pub line: Option<String>,
    pub map: Option<String>,
    pub office_hours: Option<String>,
    pub require_totp_admins: bool,
}

/// A new user, already parsed (the password is checked against the policy here).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub position: Option<String>,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub password: String,
}

/// The editable fields of a user.
#[derive(Debug, Clone)]
pub struct UserUpdate {
    pub display_name: String,
    pub position: Option<String>,
    pub role: Role,
    pub unit_id: Option<i64>,
}

/// What a login attempt came to.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    Ok(Box<User>),
    /// Unknown user or wrong password (the caller cannot tell which, by design).
    Wrong,
    Locked {
        until: DateTime<Utc>,
    },
}

fn taken_slug() -> InputError {
    InputError::new("slug", "ชื่อย่อนี้ถูกใช้แล้ว", "This URL name is taken")
}
fn taken_username() -> InputError {
    InputError::new("username", "ชื่อผู้ใช้นี้มีอยู่แล้ว", "This username is taken")
}
fn taken_unit() -> InputError {
    InputError::new("name_th", "มีกอง/งานชื่อนี้แล้ว", "A unit with this name exists")
}
/// Refuse a unit that is not one of the agency's (`None`: no unit, always fine); the error
/// belongs next to the form's `field`.
pub(crate) async fn check_unit<C: sea_orm::ConnectionTrait>(
    c: &C,
    scope: &AgencyScope,
    field: &'static str,
    unit_id: Option<i64>,
) -> Result<()> {
    if let Some(uid) = unit_id {
        let found = unit::Entity::find_by_id(uid)
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .one(c)
            .await?;
        if found.is_none() {
            return Err(StoreError::Input(InputError::new(
                field,
                "ไม่พบกอง/งานที่เลือก",
                "The chosen unit does not exist",
            )));
        }
    }
    Ok(())
}

/// Hash a password with Argon2id (default parameters, random salt).
pub fn hash_password(pw: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pw.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Other(format!("argon2: {e}")))
}

/// Check a password against a stored hash; false for a malformed hash.
pub fn verify_password(pw: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| Argon2::default().verify_password(pw.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so both paths take the same time.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

impl Store {
    // ----- agencies -------------------------------------------------------------------------

    /// Create an agency and its audit chain (a system-level write).
    pub async fn create_agency(
        &self,
        actor: &Actor,
        a: NewAgency,
    ) -> Result<(AgencyScope, Agency)> {
        let now = Utc::now();
        let mut w = self.write_system(actor).await?;
        let m = agency::ActiveModel {
            slug: Set(a.slug.as_str().to_string()),
            name_th: Set(a.name_th),
            name_en: Set(a.name_en),
            kind: Set(a.kind.code().to_string()),
            province: Set(a.province),
            district: Set(None),
            address: Set(None),
            phone: Set(None),
            email: Set(None),
            website: Set(None),
            facebook: Set(None),
            line: Set(None),
            map: Set(None),
            office_hours: Set(None),
            require_totp_admins: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| conflict_or(e, taken_slug()))?;
        w.create_chain(m.id).await?;
        w.audit(
            "agency",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok((AgencyScope::new(m.id), m))
    }

    /// Every agency, by Thai name (agency metadata is public).
    pub async fn list_agencies(&self) -> Result<Vec<Agency>> {
        Ok(agency::Entity::find()
            .order_by_asc(agency::Column::NameTh)
            .all(&self.db)
            .await?)
    }

    /// Resolve a public slug to the agency and its scope.
    pub async fn agency_by_slug(&self, slug: &str) -> Result<Option<(AgencyScope, Agency)>> {
        let Ok(slug) = AgencySlug::parse(slug) else {
            return Ok(None);
        };
        Ok(agency::Entity::find()
            .filter(agency::Column::Slug.eq(slug.as_str()))
            .one(&self.db)
            .await?
            .map(|a| (AgencyScope::new(a.id), a)))
    }

    /// The scope of an agency by id, for a system administrator or a logged-in user.
    pub async fn agency_by_id(&self, id: i64) -> Result<Option<(AgencyScope, Agency)>> {
        Ok(agency::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(|a| (AgencyScope::new(a.id), a)))
    }

    pub async fn agency(&self, scope: &AgencyScope) -> Result<Agency> {
        agency::Entity::find_by_id(scope.agency_id())
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn update_agency(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        u: AgencyUpdate,
    ) -> Result<Agency> {
        let mut w = self.write(scope, actor).await?;
        let before = agency::Entity::find_by_id(scope.agency_id())
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am = before.clone().into_active_model();
        am.name_th = Set(u.name_th);
        am.name_en = Set(u.name_en);
        if let Some(k) = u.kind {
            am.kind = Set(k.code().to_string());
        }
        am.province = Set(u.province);
        am.district = Set(u.district);
        am.address = Set(u.address);
        am.phone = Set(u.phone);
        am.email = Set(u.email);
        am.website = Set(u.website);
        am.facebook = Set(u.facebook);
        am.line = Set(u.line);
        am.map = Set(u.map);
        am.office_hours = Set(u.office_hours);
        am.require_totp_admins = Set(u.require_totp_admins);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "agency",
            Some(after.id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    // ----- units ----------------------------------------------------------------------------

    pub async fn list_units(&self, scope: &AgencyScope) -> Result<Vec<Unit>> {
        Ok(unit::Entity::find()
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .order_by_asc(unit::Column::SortOrder)
            .order_by_asc(unit::Column::Id)
            .all(&self.db)
            .await?)
    }

    pub async fn unit(&self, scope: &AgencyScope, id: i64) -> Result<Unit> {
        unit::Entity::find_by_id(id)
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn create_unit(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        name_th: String,
        name_en: Option<String>,
    ) -> Result<Unit> {
        let mut w = self.write(scope, actor).await?;
        let order = unit::Entity::find()
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .count(&w.txn)
            .await? as i32;
        let m = unit::ActiveModel {
            agency_id: Set(scope.agency_id()),
            name_th: Set(name_th),
            name_en: Set(name_en),
            sort_order: Set(order + 1),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| conflict_or(e, taken_unit()))?;
        w.audit(
            "unit",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok(m)
    }

    pub async fn rename_unit(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        name_th: String,
        name_en: Option<String>,
    ) -> Result<Unit> {
        let mut w = self.write(scope, actor).await?;
        let before = unit::Entity::find_by_id(id)
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am = before.clone().into_active_model();
        am.name_th = Set(name_th);
        am.name_en = Set(name_en);
        let after = am
            .update(&w.txn)
            .await
            .map_err(|e| conflict_or(e, taken_unit()))?;
        w.audit(
            "unit",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Delete a unit that no user belongs to (recorded in the audit log).
    pub async fn delete_unit(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<()> {
        let mut w = self.write(scope, actor).await?;
        let before = unit::Entity::find_by_id(id)
            .filter(unit::Column::AgencyId.eq(scope.agency_id()))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let members = user::Entity::find()
            .filter(user::Column::UnitId.eq(id))
            .count(&w.txn)
            .await?;
        if members > 0 {
            return Err(StoreError::Input(InputError::new(
                "unit",
                "ลบไม่ได้ เนื่องจากยังมีผู้ใช้งานสังกัดกอง/งานนี้",
                "Cannot delete: users still belong to this unit",
            )));
        }
        let services = crate::eservice::entities::service::Entity::find()
            .filter(crate::eservice::entities::service::Column::UnitId.eq(id))
            .count(&w.txn)
            .await?;
        if services > 0 {
            return Err(StoreError::Input(InputError::new(
                "unit",
                "ลบไม่ได้ เนื่องจากยังมีบริการออนไลน์ที่กอง/งานนี้รับผิดชอบ",
                "Cannot delete: online services are still handled by this unit",
            )));
        }
        unit::Entity::delete_by_id(id).exec(&w.txn).await?;
        w.audit(
            "unit",
            Some(id.to_string()),
            "delete",
            Some(&before),
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    // ----- users ----------------------------------------------------------------------------

    pub async fn list_users(&self, scope: &AgencyScope) -> Result<Vec<User>> {
        Ok(user::Entity::find()
            .filter(user::Column::AgencyId.eq(scope.agency_id()))
            .order_by_asc(user::Column::Username)
            .all(&self.db)
            .await?)
    }

    pub async fn user(&self, scope: &AgencyScope, id: i64) -> Result<User> {
        user::Entity::find_by_id(id)
            .filter(user::Column::AgencyId.eq(scope.agency_id()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A user by id regardless of agency: only for the session layer, which then derives the
    /// scope from the user's own agency.
    pub(crate) async fn user_by_id_unscoped(&self, id: i64) -> Result<Option<User>> {
        Ok(user::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Create a user of an agency. System administrators are made with [`Store::create_system_admin`].
    pub async fn create_user(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        mut u: NewUser,
    ) -> Result<User> {
        u.username = prongsai_domain::tenancy::parse_username(&u.username)?;
        if u.role == Role::SystemAdmin {
            return Err(StoreError::Input(InputError::new(
                "role",
                "บทบาทไม่ถูกต้อง",
                "Invalid role",
            )));
        }
        prongsai_domain::tenancy::check_password_policy(&u.password)?;
        let hash = hash_password(&u.password)?;
        let mut w = self.write(scope, actor).await?;
        check_unit(&w.txn, scope, "unit_id", u.unit_id).await?;
        let m = insert_user(&w.txn, Some(scope.agency_id()), u, hash).await?;
        w.audit(
            "user",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok(m)
    }

    /// Create a system administrator (no agency), on the system chain.
    pub async fn create_system_admin(&self, actor: &Actor, mut u: NewUser) -> Result<User> {
        u.username = prongsai_domain::tenancy::parse_username(&u.username)?;
        u.role = Role::SystemAdmin;
        u.unit_id = None;
        prongsai_domain::tenancy::check_password_policy(&u.password)?;
        let hash = hash_password(&u.password)?;
        let mut w = self.write_system(actor).await?;
        let m = insert_user(&w.txn, None, u, hash).await?;
        w.audit(
            "user",
            Some(m.id.to_string()),
            "create",
            None::<&()>,
            Some(&m),
        )
        .await?;
        w.commit().await?;
        Ok(m)
    }

    pub async fn update_user(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        u: UserUpdate,
    ) -> Result<User> {
        if u.role == Role::SystemAdmin {
            return Err(StoreError::Input(InputError::new(
                "role",
                "บทบาทไม่ถูกต้อง",
                "Invalid role",
            )));
        }
        let mut w = self.write(scope, actor).await?;
        check_unit(&w.txn, scope, "unit_id", u.unit_id).await?;
        let before = find_user_in(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        am.display_name = Set(u.display_name);
        am.position = Set(u.position);
        am.role = Set(u.role.code().to_string());
        am.unit_id = Set(u.unit_id);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        w.audit(
            "user",
            Some(id.to_string()),
            "update",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Enable or disable an account; disabling also ends its sessions.
    pub async fn set_user_active(
        &self,
        scope: &AgencyScope,
        actor: &Actor,
        id: i64,
        active: bool,
    ) -> Result<User> {
        if !active && actor.user_id == Some(id) {
            return Err(StoreError::Input(InputError::new(
                "active",
                "ไม่สามารถระงับบัญชีของตนเองได้",
                "You cannot disable your own account",
            )));
        }
        let mut w = self.write(scope, actor).await?;
        let before = find_user_in(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        am.active = Set(active);
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        if !active {
            crate::sessions::delete_user_sessions(&w.txn, id).await?;
        }
        let action = if active { "enable" } else { "disable" };
        w.audit(
            "user",
            Some(id.to_string()),
            action,
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Lift a lock-out.
    pub async fn unlock_user(&self, scope: &AgencyScope, actor: &Actor, id: i64) -> Result<User> {
        let mut w = self.write(scope, actor).await?;
        let before = find_user_in(&w.txn, scope, id).await?;
        let mut am = before.clone().into_active_model();
        am.failed_logins = Set(0);
        am.locked_until = Set(None);
        let after = am.update(&w.txn).await?;
        w.audit(
            "user",
            Some(id.to_string()),
            "unlock",
            Some(&before),
            Some(&after),
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    /// Set a new password (after the caller checked the old one, or by an admin).
    pub async fn set_password(&self, user: &User, actor: &Actor, new_pw: &str) -> Result<()> {
        prongsai_domain::tenancy::check_password_policy(new_pw)?;
        let hash = hash_password(new_pw)?;
        let mut w = self.write_chain_of(user, actor).await?;
        let mut am = user.clone().into_active_model();
        am.password_hash = Set(hash);
        am.updated_at = Set(Utc::now());
        am.update(&w.txn).await?;
        w.audit(
            "user",
            Some(user.id.to_string()),
            "password_change",
            None::<&()>,
            None::<&()>,
        )
        .await?;
        w.commit().await
    }

    /// Store a TOTP secret and whether it is in force.
    pub async fn set_totp(
        &self,
        user: &User,
        actor: &Actor,
        secret: Option<String>,
        enabled: bool,
    ) -> Result<User> {
        let mut w = self.write_chain_of(user, actor).await?;
        let mut am = user.clone().into_active_model();
        am.totp_secret = Set(secret);
        am.totp_enabled = Set(enabled);
        am.updated_at = Set(Utc::now());
        let after = am.update(&w.txn).await?;
        let action = if enabled {
            "totp_enable"
        } else {
            "totp_disable"
        };
        w.audit(
            "user",
            Some(user.id.to_string()),
            action,
            None::<&()>,
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(after)
    }

    async fn write_chain_of(&self, user: &User, actor: &Actor) -> Result<crate::audit::WriteTxn> {
        match user.agency_id {
            Some(a) => self.write(&AgencyScope::new(a), actor).await,
            None => self.write_system(actor).await,
        }
    }

    /// Check a username and password; counts failures and locks the account after
    /// [`MAX_FAILED_LOGINS`] of them for [`LOCKOUT_MINUTES`]. Both outcomes are audited.
    pub async fn authenticate(&self, username: &str, password: &str) -> Result<LoginOutcome> {
        let name = username.trim().to_lowercase();
        let found = user::Entity::find()
            .filter(user::Column::Username.eq(name))
            .one(&self.db)
            .await?;
        let Some(u) = found else {
            let _ = verify_password(password, dummy_hash());
            return Ok(LoginOutcome::Wrong);
        };
        let now = Utc::now();
        if let Some(until) = u.locked_until {
            if until > now {
                let _ = verify_password(password, dummy_hash());
                return Ok(LoginOutcome::Locked { until });
            }
        }
        let pw_ok = verify_password(password, &u.password_hash);
        let actor = Actor::user(u.id, &u.username);
        let mut w = self.write_chain_of(&u, &actor).await?;
        let mut am = u.clone().into_active_model();
        let outcome = if pw_ok && u.active {
            am.failed_logins = Set(0);
            am.locked_until = Set(None);
            am.last_login_at = Set(Some(now));
            LoginOutcome::Ok(Box::new(u.clone()))
        } else {
            let fails = u.failed_logins + 1;
            am.failed_logins = Set(fails);
            if fails >= MAX_FAILED_LOGINS {
                let until = now + Duration::minutes(LOCKOUT_MINUTES);
                am.locked_until = Set(Some(until));
                am.failed_logins = Set(0);
                LoginOutcome::Locked { until }
            } else {
                LoginOutcome::Wrong
            }
        };
        let after = am.update(&w.txn).await?;
        let action = match &outcome {
            LoginOutcome::Ok(_) => "login",
            LoginOutcome::Wrong => "login_failed",
            LoginOutcome::Locked { .. } => "locked_out",
        };
        w.audit(
            "user",
            Some(u.id.to_string()),
            action,
            None::<&()>,
            None::<&()>,
        )
        .await?;
        w.commit().await?;
        Ok(match outcome {
            LoginOutcome::Ok(_) => LoginOutcome::Ok(Box::new(after)),
            o => o,
        })
    }

    /// Count users of an agency.
    pub async fn count_users(&self, scope: &AgencyScope) -> Result<u64> {
        Ok(user::Entity::find()
            .filter(user::Column::AgencyId.eq(scope.agency_id()))
            .count(&self.db)
            .await?)
    }
}

async fn find_user_in(
    txn: &sea_orm::DatabaseTransaction,
    scope: &AgencyScope,
    id: i64,
) -> Result<User> {
    user::Entity::find_by_id(id)
        .filter(user::Column::AgencyId.eq(scope.agency_id()))
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn insert_user(
    txn: &sea_orm::DatabaseTransaction,
    agency_id: Option<i64>,
    u: NewUser,
    hash: String,
) -> Result<User> {
    let now = Utc::now();
    user::ActiveModel {
        agency_id: Set(agency_id),
        unit_id: Set(u.unit_id),
        username: Set(u.username),
        display_name: Set(u.display_name),
        position: Set(u.position),
        role: Set(u.role.code().to_string()),
        password_hash: Set(hash),
        totp_secret: Set(None),
        totp_enabled: Set(false),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| conflict_or(e, taken_username()))
}

impl User {
    /// The parsed role (an unknown code reads as the least privileged role).
    pub fn role(&self) -> Role {
        Role::from_code(&self.role).unwrap_or(Role::Viewer)
    }
    /// Whether the account is locked out right now.
    pub fn is_locked(&self, now: DateTime<Utc>) -> bool {
        self.locked_until.is_some_and(|t| t > now)
    }
}

impl Agency {
    pub fn kind(&self) -> AgencyKind {
        AgencyKind::from_code(&self.kind).unwrap_or(AgencyKind::Other)
    }
}

impl Store {
    /// A system administrator by username (system-level lookup).
    pub async fn system_admin_by_username(&self, username: &str) -> Result<Option<User>> {
        Ok(user::Entity::find()
            .filter(user::Column::Username.eq(username))
            .filter(user::Column::AgencyId.is_null())
            .one(&self.db)
            .await?)
    }
}
