//! SeaORM entity of announcements: the draft of each (agency, fiscal year, kind).

pub mod announcement_draft {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "announcement_draft")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// `AnnouncementKind::code()`, also the sign-off kind.
        pub kind: String,
        /// The announcement as JSON (`domain::announcement::Announcement`).
        #[sea_orm(column_type = "Text")]
        pub content: String,
        pub updated_by: Option<i64>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
