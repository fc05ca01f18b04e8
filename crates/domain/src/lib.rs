//! Pure domain types and rules of Prongsai. No IO, no async.
//!
//! Modules are by feature: `calendar` (Buddhist Era, Thai fiscal year, Thai digits and dates),
//! `tenancy` (agencies, units, users, roles), `audit` (hash chain), `i18n` (Thai/English catalogue),
//! `error` (typed user-input errors with Thai and English messages), `framework` (ITA
//! frameworks as data: model, loader with validation, year diff), `eservice` (service forms as
//! data and citizens' submissions against them, contact details, tracking codes, the request
//! workflow with working-day deadlines, service statistics), `survey` (satisfaction surveys:
//! questions as data, responses, means, distributions, levels and the year-on-year comparison).

pub mod announcement;
pub mod anticorruption;
pub mod assessment;
pub mod audit;
pub mod calendar;
pub mod complaints;
pub mod contact;
pub mod disclosure;
pub mod error;
pub mod eservice;
pub mod framework;
pub mod hr;
pub mod i18n;
pub mod integrity;
pub mod links;
pub mod measures;
pub mod participation;
pub mod procurement;
pub mod risk;
pub mod rollover;
pub mod submission;
pub mod survey;
pub mod tenancy;

pub use error::InputError;
pub use i18n::Lang;
