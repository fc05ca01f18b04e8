//! e-Service: the citizen's catalogue, forms, receipt and tracking (`public`), and the staff's
//! request register and workflow (`staff`).

pub mod public;
pub mod staff;
