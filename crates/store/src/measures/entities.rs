//! SeaORM entities of measures: a measure (one row of the O42/O43 table), its lines (the five
//! columns' numbered lines with their deadlines), and the document's title block.

pub mod measure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "measure")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// ita | risk | anticorruption (domain::measures::Plan)
        pub plan: String,
        pub sort_order: i32,
        /// manual | import
        pub source: String,
        /// The framework elements the measure answers, space-separated ("O42 O43 I12").
        #[sea_orm(column_type = "Text")]
        pub codes: String,
        /// The issue of the analysis the measure answers.
        pub issue_id: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure_line {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "measure_line")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub measure_id: i64,
        /// issue | responsible | step | schedule | progress
        pub column_kind: String,
        pub sort_order: i32,
        pub label: Option<String>,
        pub number: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub text: String,
        pub paragraph: bool,
        pub due_start: Option<Date>,
        pub due_end: Option<Date>,
        pub deadline: bool,
        /// not_started | in_progress | done | cancelled ("late" is computed from the deadline)
        pub status: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub status_note: Option<String>,
        pub done_on: Option<Date>,
        pub owner_unit_id: Option<i64>,
        /// Progress lines: the report round they belong to.
        pub round_id: Option<i64>,
        /// Progress lines: the step they report on, when known.
        pub step_line_id: Option<i64>,
        /// Progress lines: a link to the evidence.
        #[sea_orm(column_type = "Text", nullable)]
        pub link: Option<String>,
        /// Progress lines: the evidence file (a document of the library).
        pub evidence_document_id: Option<i64>,
        pub created_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod measure_document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "measure_document")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// ita | risk | anticorruption (domain::measures::Plan)
        pub plan: String,
        /// JSON array of the title lines.
        #[sea_orm(column_type = "Text")]
        pub title: String,
        /// JSON array of the introduction paragraphs.
        #[sea_orm(column_type = "Text")]
        pub intro: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod report_round {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "report_round")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        /// ita | risk | anticorruption (domain::measures::Plan)
        pub plan: String,
        /// half | year
        pub period: String,
        pub version: i32,
        /// draft | submitted | acknowledged
        pub state: String,
        /// JSON array of the title lines.
        #[sea_orm(column_type = "Text")]
        pub title: String,
        /// JSON array of the introduction paragraphs.
        #[sea_orm(column_type = "Text")]
        pub intro: String,
        /// The report as submitted (JSON of a MeasuresDocument).
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

pub mod reminder_sent {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "reminder_sent")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub user_id: i64,
        pub line_id: i64,
        pub channel: String,
        /// soon | late
        pub kind: String,
        pub due_on: Date,
        pub sent_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
