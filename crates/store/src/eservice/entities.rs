//! SeaORM entities of the e-Service: the agency's services, citizens' requests and their
//! events, and the statistics kept up to date with them (per day, and the days-to-complete
//! histogram per month).

pub mod service {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "service")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub name_th: String,
        pub name_en: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub description_th: String,
        /// The responsible unit.
        pub unit_id: Option<i64>,
        /// Working days from receipt to the due date.
        pub target_days: i32,
        /// `domain::eservice::FormDef` as JSON.
        #[sea_orm(column_type = "Text")]
        pub form: String,
        pub active: bool,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Holds a citizen's answers and contact details: deliberately not `Serialize`, so that it
/// cannot end up in the audit log by accident.
pub mod service_request {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_request")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub service_id: i64,
        /// The service's unit when the request was received.
        pub unit_id: Option<i64>,
        /// online | counter
        pub channel: String,
        /// `RequestState::code()`
        pub state: String,
        /// `TrackingCode::lookup_key()`: SHA-256 of the code, hex.
        pub tracking_hash: String,
        /// `domain::eservice::Answers` as JSON.
        #[sea_orm(column_type = "Text")]
        pub answers: String,
        pub contact_phone: Option<String>,
        pub contact_email: Option<String>,
        /// The PDPA consent text as shown.
        #[sea_orm(column_type = "Text")]
        pub consent_text: String,
        pub received_on: Date,
        pub due_on: Date,
        pub closed_on: Option<Date>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod service_request_event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_request_event")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub request_id: i64,
        pub agency_id: i64,
        pub at: DateTimeUtc,
        /// None for the receipt.
        pub from_state: Option<String>,
        pub to_state: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        /// Shown to the citizen.
        pub public: bool,
        pub user_id: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The requests received on one day by one service through one channel, and what has become
/// of them so far. Unique on (agency_id, received_on, service_id, channel).
pub mod service_daily {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_daily")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub service_id: i64,
        pub received_on: Date,
        pub channel: String,
        pub received: i64,
        pub done: i64,
        pub rejected: i64,
        /// Closed (done or rejected) after the due date.
        pub closed_late: i64,
        pub days_sum: i64,
        pub days_count: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How many done requests received in a month took how many calendar days. Unique on
/// (agency_id, month_start, service_id, channel, days).
pub mod service_days_hist {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_days_hist")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub service_id: i64,
        /// The first day of the month of receipt.
        pub month_start: Date,
        pub channel: String,
        pub days: i32,
        pub requests: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
