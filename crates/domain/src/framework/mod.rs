//! ITA frameworks as data: the model of one fiscal year's assessment (tools → indicators →
//! sub-indicators → OIT items, and survey questions), the loader that validates a framework
//! file, and the diff between two years.
//!
//! The files live in `frameworks/` at the repository root (schema in its README) and are bundled
//! into the binary at build time ([`bundled`]).

mod diff;
mod load;
mod model;
#[cfg(test)]
mod tests;

pub use diff::{diff, ChangeKind, ItemChange, YearDiff};
pub use load::{load_str, FrameworkError};
pub use model::*;

mod bundled_files {
    include!(concat!(env!("OUT_DIR"), "/bundled_frameworks.rs"));
}

/// The framework files compiled into this binary: (file name, contents).
pub fn bundled_files() -> &'static [(&'static str, &'static str)] {
    bundled_files::BUNDLED
}

/// Every bundled framework, loaded and validated, oldest first; with the errors of any file
/// that failed (a test keeps this list empty).
pub fn bundled() -> (Vec<Framework>, Vec<FrameworkError>) {
    load_all(bundled_files().iter().map(|(n, s)| (*n, *s)))
}

/// The frameworks a server works with, by year.
#[derive(Debug, Clone, Default)]
pub struct FrameworkSet {
    list: Vec<Framework>,
}

impl FrameworkSet {
    pub fn new(mut list: Vec<Framework>) -> Self {
        list.sort_by_key(|f| f.fiscal_year);
        Self { list }
    }
    /// The bundled frameworks, with the errors of files that failed to load.
    pub fn bundled() -> (Self, Vec<FrameworkError>) {
        let (list, errors) = bundled();
        (Self::new(list), errors)
    }
    /// Oldest first.
    pub fn all(&self) -> &[Framework] {
        &self.list
    }
    pub fn get(&self, be: i32) -> Option<&Framework> {
        self.list.iter().find(|f| f.fiscal_year.be() == be)
    }
    /// The framework of the year after `be`, if there is one.
    pub fn next_of(&self, be: i32) -> Option<&Framework> {
        self.get(be + 1)
    }
    /// The diff from year `from` to year `to`.
    pub fn diff(&self, from: i32, to: i32) -> Option<YearDiff> {
        Some(diff(self.get(from)?, self.get(to)?))
    }
}

/// Load several files: (file name, contents).
pub fn load_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> (Vec<Framework>, Vec<FrameworkError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (name, src) in files {
        match load_str(name, src) {
            Ok(f) => ok.push(f),
            Err(mut e) => errors.append(&mut e),
        }
    }
    ok.sort_by_key(|f| f.fiscal_year);
    (ok, errors)
}
