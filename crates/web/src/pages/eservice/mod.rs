//! e-Service: the citizen's catalogue, forms, receipt and tracking (`public`), and the staff's
//! request register and workflow (`staff`), and the admin's catalogue with each service's
//! form (`admin`).

pub mod admin;
pub mod public;
pub mod staff;
pub mod stats;
pub mod survey;
