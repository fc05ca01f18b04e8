//! SeaORM entities of public participation: topics opened for comment and the comments.

pub mod participation_topic {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "participation_topic")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub title: String,
        /// `TopicKind::code()`
        pub kind: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub opens_on: Date,
        pub closes_on: Date,
        /// The BE fiscal year of `opens_on`.
        pub fiscal_year: i32,
        pub document_id: Option<i64>,
        /// Published by staff.
        pub opened: bool,
        /// Closed early by staff on this day.
        pub closed_on: Option<Date>,
        /// สรุปผลและการนำความคิดเห็นไปใช้.
        #[sea_orm(column_type = "Text", nullable)]
        pub response: Option<String>,
        pub response_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Holds a citizen's text and contact details: deliberately not `Serialize`, so that it cannot
/// end up in the audit log by accident.
pub mod participation_comment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "participation_comment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub topic_id: i64,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub author_name: Option<String>,
        pub contact_phone: Option<String>,
        pub contact_email: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub consent_text: Option<String>,
        /// `CommentState::code()`
        pub state: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub reason: Option<String>,
        pub received_on: Date,
        pub created_at: DateTimeUtc,
        pub moderated_at: Option<DateTimeUtc>,
        pub moderated_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
