//! Import drafts: an uploaded file as the importer understood it (JSON), kept between the
//! preview and the user's "save", for that user only and for one hour. Not audited (nothing
//! of the agency changes until the import itself, which is).

use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::{AgencyScope, Result, Store, StoreError};

/// How long a preview can be saved.
pub const DRAFT_TTL_MINUTES: i64 = 60;

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "import_draft")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub agency_id: i64,
        pub user_id: i64,
        pub kind: String,
        pub fiscal_year: i32,
        #[sea_orm(column_type = "Text")]
        pub payload: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A draft read back.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: i64,
    pub fiscal_year: i32,
    pub payload: String,
}

impl Store {
    /// Keep a preview; expired drafts of the installation are removed on the way.
    pub async fn save_draft(
        &self,
        scope: &AgencyScope,
        user_id: i64,
        kind: &str,
        fiscal_year: i32,
        payload: String,
    ) -> Result<i64> {
        let cutoff = Utc::now() - Duration::minutes(DRAFT_TTL_MINUTES);
        entity::Entity::delete_many()
            .filter(entity::Column::CreatedAt.lt(cutoff))
            .exec(&self.db)
            .await?;
        let m = entity::ActiveModel {
            agency_id: Set(scope.agency_id()),
            user_id: Set(user_id),
            kind: Set(kind.to_string()),
            fiscal_year: Set(fiscal_year),
            payload: Set(payload),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(m.id)
    }

    /// A user's own, unexpired draft of a kind; anyone else's is not found.
    pub async fn draft(
        &self,
        scope: &AgencyScope,
        user_id: i64,
        kind: &str,
        id: i64,
    ) -> Result<Draft> {
        let cutoff = Utc::now() - Duration::minutes(DRAFT_TTL_MINUTES);
        let m = entity::Entity::find_by_id(id)
            .filter(entity::Column::AgencyId.eq(scope.agency_id()))
            .filter(entity::Column::UserId.eq(user_id))
            .filter(entity::Column::Kind.eq(kind))
            .filter(entity::Column::CreatedAt.gte(cutoff))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Draft {
            id: m.id,
            fiscal_year: m.fiscal_year,
            payload: m.payload,
        })
    }

    pub async fn delete_draft(&self, scope: &AgencyScope, id: i64) -> Result<()> {
        entity::Entity::delete_many()
            .filter(entity::Column::Id.eq(id))
            .filter(entity::Column::AgencyId.eq(scope.agency_id()))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
