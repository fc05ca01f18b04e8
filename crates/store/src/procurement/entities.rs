//! SeaORM entities of procurement: plan revisions and their items, procurement records and
//! their bidders. Amounts are satang (`i64`).

pub mod procurement_plan {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "procurement_plan")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year.
        pub fiscal_year: i32,
        /// 1 for the first plan, then 2, 3, …
        pub revision: i32,
        pub approved_on: Option<Date>,
        #[sea_orm(column_type = "Text")]
        pub note: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod procurement_plan_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "procurement_plan_item")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub plan_id: i64,
        pub agency_id: i64,
        pub position: i32,
        pub project: String,
        pub budget: i64,
        pub source_of_funds: String,
        /// `Method::code()`
        pub method: String,
        /// The first day of the expected month.
        pub expected_month: Date,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod procurement {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "procurement")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year.
        pub fiscal_year: i32,
        pub project: String,
        pub budget: i64,
        pub reference_price: Option<i64>,
        /// `Method::code()`
        pub method: String,
        pub winner: Option<String>,
        pub award_price: Option<i64>,
        #[sea_orm(column_type = "Text")]
        pub reason: String,
        pub contract_no: Option<String>,
        pub contract_date: Option<Date>,
        pub egp_no: Option<String>,
        pub delivery_date: Option<Date>,
        pub payment_date: Option<Date>,
        pub invitation_doc_id: Option<i64>,
        pub award_doc_id: Option<i64>,
        pub accept_over_budget: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod procurement_bidder {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "procurement_bidder")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub procurement_id: i64,
        pub position: i32,
        pub name: String,
        pub offer: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod procurement_report {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "procurement_report")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year.
        pub fiscal_year: i32,
        #[sea_orm(column_type = "Text")]
        pub problems: String,
        #[sea_orm(column_type = "Text")]
        pub improvements: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
