//! SeaORM entities of disclosures: documents (uploaded files' metadata; the bytes are in the
//! blob store), the agency's answer to an O-item of a year, and its pieces of evidence.

pub mod document {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "document")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub sha256: String,
        pub file_name: String,
        /// pdf | docx | xlsx | png | jpg | gif | webp (docs::files::FileKind::extension)
        pub kind: String,
        pub size: i64,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        pub unit_id: Option<i64>,
        pub fiscal_year: Option<i32>,
        /// A period code of `fiscal_year` (`month:3`, `quarter:1`, `half:1`, `year`).
        pub period: Option<String>,
        pub published_on: Option<Date>,
        pub public: bool,
        /// Extracted text, for search; not serialised into the audit log.
        #[sea_orm(column_type = "Text", nullable)]
        #[serde(skip)]
        pub body: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod disclosure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "disclosure")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub fiscal_year: i32,
        pub item_code: String,
        pub unit_id: Option<i64>,
        #[sea_orm(column_type = "Text", nullable)]
        pub explanation: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod evidence {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "disclosure_evidence")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub disclosure_id: i64,
        pub sort_order: i32,
        /// document | link | page
        pub kind: String,
        pub document_id: Option<i64>,
        #[sea_orm(column_type = "Text", nullable)]
        pub url: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub label: String,
        /// The fiscal year whose data it shows (none: standing information).
        pub data_year: Option<i32>,
        pub period: Option<String>,
        pub published_on: Option<Date>,
        /// Set when a module attached it by itself (e.g. `measures:o43:round:7`).
        pub auto_key: Option<String>,
        /// ok | dead, once checked
        pub link_status: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub link_note: Option<String>,
        pub link_checked_at: Option<DateTimeUtc>,
        /// The evidence that replaced this one (an earlier version, kept reachable).
        pub superseded_by: Option<i64>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
