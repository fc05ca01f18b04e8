pub mod signed_document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "signed_document")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// The feature's kind, e.g. `risk.assessment`.
        pub kind: String,
        /// half | year
        pub period: String,
        pub version: i32,
        /// draft | submitted | acknowledged
        pub state: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        /// The content as submitted (the feature's JSON); what the executive signs.
        #[sea_orm(column_type = "Text", nullable)]
        #[serde(skip)]
        pub snapshot: Option<String>,
        pub submitted_by: Option<i64>,
        pub submitted_at: Option<DateTimeUtc>,
        pub acknowledged_by: Option<i64>,
        pub acknowledged_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub acknowledge_note: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
