//! SeaORM entities of agencies, units and users.

pub mod agency {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "agency")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub slug: String,
        pub name_th: String,
        pub name_en: Option<String>,
        /// `AgencyKind::code()`
        pub kind: String,
        pub province: String,
        pub district: Option<String>,
        pub address: Option<String>,
        pub phone: Option<String>,
        pub email: Option<String>,
        pub website: Option<String>,
        /// `https://www.facebook.com/<page>` (see `domain::contact`)
        pub facebook: Option<String>,
        /// the LINE Official Account: `@id` or an https link
        pub line: Option<String>,
        /// the office on the map, `lat,lon`
        pub map: Option<String>,
        pub office_hours: Option<String>,
        pub require_totp_admins: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod unit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "unit")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub name_th: String,
        pub name_en: Option<String>,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod user {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "app_user")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `None` only for system administrators.
        pub agency_id: Option<i64>,
        pub unit_id: Option<i64>,
        #[sea_orm(unique)]
        pub username: String,
        pub display_name: String,
        pub position: Option<String>,
        /// `Role::code()`
        pub role: String,
        #[serde(skip)]
        pub password_hash: String,
        #[serde(skip)]
        pub totp_secret: Option<String>,
        pub totp_enabled: bool,
        pub active: bool,
        pub failed_logins: i32,
        pub locked_until: Option<DateTimeUtc>,
        pub last_login_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "session")]
    pub struct Model {
        /// SHA-256 (hex) of the cookie token; the token itself is never stored.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub user_id: i64,
        pub csrf_token: String,
        /// Password was right, the second factor is still owed.
        pub totp_pending: bool,
        pub created_at: DateTimeUtc,
        pub last_seen_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
