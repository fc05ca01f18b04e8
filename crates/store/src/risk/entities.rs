//! SeaORM entities of the risk register: the agency's matrix and the risks of each year.

pub mod risk_matrix {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "risk_matrix")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// JSON of a domain::risk::Matrix.
        #[sea_orm(column_type = "Text")]
        pub matrix: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod risk {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "risk")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        pub sort_order: i32,
        #[sea_orm(column_type = "Text")]
        pub process: String,
        /// domain::risk::Category code
        pub category: String,
        #[sea_orm(column_type = "Text")]
        pub event: String,
        #[sea_orm(column_type = "Text")]
        pub cause: String,
        pub likelihood: i32,
        pub impact: i32,
        #[sea_orm(column_type = "Text")]
        pub controls: String,
        pub likelihood_after: i32,
        pub impact_after: i32,
        pub owner_unit_id: Option<i64>,
        #[sea_orm(column_type = "Text")]
        pub owner: String,
        /// The treatment: a measure of the `risk` plan (steps, deadlines, progress).
        pub measure_id: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
