//! SeaORM entities of assessment results and issues to improve.

pub mod assessment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "assessment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// BE fiscal year assessed.
        pub fiscal_year: i32,
        /// The agency's own target for the analysis (default: the framework's pass mark).
        pub target: Option<f64>,
        /// manual | csv | xlsx
        pub source: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod assessment_score {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "assessment_score")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub assessment_id: i64,
        /// indicator | item | question
        pub kind: String,
        pub code: String,
        pub score: Option<f64>,
        pub answer: Option<bool>,
        #[sea_orm(column_type = "Text", nullable)]
        pub remark: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod improvement_issue {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "improvement_issue")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// The assessed fiscal year the issue comes from.
        pub fiscal_year: i32,
        /// indicator | item | question | custom
        pub kind: String,
        /// JSON array of the framework codes the issue is about.
        #[sea_orm(column_type = "Text")]
        pub codes: String,
        #[sea_orm(column_type = "Text")]
        pub title_th: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub note: Option<String>,
        /// JSON array of the codes that continue them in the next year's framework.
        #[sea_orm(column_type = "Text")]
        pub next_codes: String,
        pub sort_order: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
