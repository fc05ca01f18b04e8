//! The Prongsai HTTP server: staff back office (`/staff/…`), public portal (`/{agency}/…`),
//! health and metrics. Pages are askama templates (escaped by default), Thai first.
//!
//! Layout: `app` builds the router and its layers; `ctx` gives every request its language,
//! session and CSRF token; `error` turns failures into polite pages; `pages/*` are the handlers,
//! by feature; `security` holds TOTP and rate limiting; `metrics` the Prometheus counters;
//! `linkcheck` opens the disclosures' external links and flags the dead ones.

pub mod app;
pub mod cache;
pub mod ctx;
pub mod error;
pub mod linkcheck;
pub mod metrics;
pub mod pages;
pub mod reminders;
pub mod security;
pub mod view;

pub use app::{router, serve, AppState, Config};
