//! SeaORM entities of the satisfaction surveys: the definitions (every version), the
//! responses, their open-text answers, and the counts kept with every response.

/// One version of a survey definition. Unique on (agency_id, service_key, version).
pub mod survey_def {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "survey_def")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// The service whose own survey this is; None for the agency-wide one.
        pub service_id: Option<i64>,
        /// `service_id` or 0.
        pub service_key: i64,
        /// 1, 2, … per (agency, service_key).
        pub version: i32,
        /// `domain::survey::SurveyDef` as JSON.
        #[sea_orm(column_type = "Text")]
        pub def: String,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One respondent's answers. Deliberately not `Serialize`: open text may hold anything a
/// citizen typed, and must not reach the audit log.
pub mod survey_response {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_response")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        /// BE fiscal year of `answered_on`.
        pub year: i32,
        pub service_id: Option<i64>,
        /// The e-Service request rated (unique).
        pub request_id: Option<i64>,
        /// The definition version answered.
        pub def_id: i64,
        pub answered_on: Date,
        /// `domain::survey::SurveyResponse` as JSON.
        #[sea_orm(column_type = "Text")]
        pub answers: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An open-text answer, copied from its response for the report's list.
pub mod survey_text {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_text")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub year: i32,
        pub response_id: i64,
        pub service_id: Option<i64>,
        pub question_key: String,
        pub answered_on: Date,
        #[sea_orm(column_type = "Text")]
        pub text: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The answers to one question (`*`: the respondents) of one service (0: none) in one fiscal
/// year, as counts. Unique on (agency_id, year, service_key, question_key).
pub mod survey_count {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "survey_count")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub year: i32,
        pub service_key: i64,
        pub question_key: String,
        pub responses: i64,
        pub r1: i64,
        pub r2: i64,
        pub r3: i64,
        pub r4: i64,
        pub r5: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
