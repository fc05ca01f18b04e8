//! SeaORM entities of the anti-corruption action plan: its projects and what each progress
//! report says of them.

pub mod ac_project {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "ac_project")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        pub sort_order: i32,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        #[sea_orm(column_type = "Text")]
        pub objectives: String,
        /// Satang.
        pub budget: i64,
        pub unit_id: Option<i64>,
        #[sea_orm(column_type = "Text")]
        pub person: String,
        /// "1 2 4"
        pub quarters: String,
        /// JSON of [domain::anticorruption::Indicator]
        #[sea_orm(column_type = "Text")]
        pub indicators: String,
        /// Ids of the year's risks it treats, space-separated.
        #[sea_orm(column_type = "Text")]
        pub risk_ids: String,
        /// The steps: a measure of the `anticorruption` plan.
        pub measure_id: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod ac_progress {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "ac_progress")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub project_id: i64,
        pub fiscal_year: i32,
        /// half | year
        pub period: String,
        /// Satang.
        pub spent: i64,
        #[sea_orm(column_type = "Text")]
        pub result: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
