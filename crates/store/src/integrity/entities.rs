//! SeaORM entities of the integrity registers: activities and gifts received.

pub mod integrity_activity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "integrity_activity")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year.
        pub fiscal_year: i32,
        /// `ActivityKind::code()`
        pub kind: String,
        pub title: String,
        pub start_on: Date,
        pub end_on: Option<Date>,
        pub place: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub participants: i32,
        /// One executive per line.
        #[sea_orm(column_type = "Text")]
        pub executives: String,
        /// JSON array of public links.
        #[sea_orm(column_type = "Text")]
        pub links: String,
        /// JSON array of document ids of the agency's library.
        #[sea_orm(column_type = "Text")]
        pub document_ids: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod integrity_gift {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "integrity_gift")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year of `received_on`.
        pub fiscal_year: i32,
        pub received_on: Date,
        pub giver: String,
        /// `GiverKind::code()`
        pub giver_kind: String,
        pub from_relative: bool,
        pub description: String,
        /// Satang.
        pub value: i64,
        pub recipient: String,
        pub recipient_position: String,
        pub occasion: String,
        /// `Handling::code()`
        pub handling: String,
        pub handling_note: String,
        pub reported_on: Option<Date>,
        pub accept_over_limit: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
