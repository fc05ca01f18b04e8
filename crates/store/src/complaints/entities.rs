//! SeaORM entities of the complaints register. None of them is `Serialize`: the audit log
//! records hand-picked fields only, never a reporter's words or contact details.

pub mod complaint {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub kind: String,
        pub channel: String,
        pub state: String,
        pub outcome: Option<String>,
        pub subject: String,
        #[sea_orm(column_type = "Text")]
        pub details: String,
        pub anonymous: bool,
        /// `ReceiptCode::lookup_key()`.
        pub receipt_hash: String,
        pub unit_id: Option<i64>,
        pub received_on: Date,
        pub ack_due: Date,
        pub close_due: Date,
        pub acknowledged_on: Option<Date>,
        pub closed_on: Option<Date>,
        pub recorded_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_contact {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_contact")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub complaint_id: i64,
        pub agency_id: i64,
        pub name: String,
        pub phone: Option<String>,
        pub email: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub address: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub consent_text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_message {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_message")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub complaint_id: i64,
        pub agency_id: i64,
        pub kind: String,
        pub author_user_id: Option<i64>,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub day: Date,
        pub at: Option<DateTimeUtc>,
        pub to_state: Option<String>,
        pub outcome: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_file {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_file")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub complaint_id: i64,
        pub message_id: i64,
        pub agency_id: i64,
        pub sha256: String,
        pub file_name: String,
        pub kind: String,
        pub size: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_handler {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_handler")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub user_id: i64,
        pub may_approve: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_release {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_release")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub complaint_id: i64,
        pub agency_id: i64,
        pub requested_by: i64,
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub requested_at: DateTimeUtc,
        pub decided_by: Option<i64>,
        pub decided_at: Option<DateTimeUtc>,
        pub approved: Option<bool>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
