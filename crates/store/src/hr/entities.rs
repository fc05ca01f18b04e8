//! SeaORM entities of HR (migration 21): the workforce plan's position groups, appointments,
//! training records (hours in tenths, cost in satang) and the HR officer's report text.

pub mod hr_workforce {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "hr_workforce")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// Buddhist Era fiscal year.
        pub fiscal_year: i32,
        /// `StaffType::code()`
        pub staff_type: String,
        pub group_name: String,
        pub unit_id: Option<i64>,
        pub framework: i32,
        pub filled: i32,
        pub accept_over: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod hr_appointment {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "hr_appointment")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        pub person: String,
        pub position: String,
        /// `ActionKind::code()`
        pub kind: String,
        pub unit_id: Option<i64>,
        pub action_date: Date,
        pub order_no: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod hr_training {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "hr_training")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        pub person: String,
        pub position: String,
        pub unit_id: Option<i64>,
        pub course: String,
        pub organiser: String,
        pub start_date: Date,
        pub end_date: Date,
        pub hours_tenths: i32,
        /// Satang.
        pub cost: i64,
        pub ethics: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod hr_report_notes {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "hr_report_notes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// `RoundPeriod::code()`: half | year
        pub period: String,
        #[sea_orm(column_type = "Text")]
        pub results: String,
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
