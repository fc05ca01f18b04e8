//! The i18n catalogue: every user-visible string, Thai first, English second.
//!
//! Strings live in `catalogue.toml` (one table per key, with `th` and `en`), embedded at compile
//! time. A missing key shows as the key itself, and a test checks that every key used by the
//! templates and code exists (see `web` tests) and that every entry has both languages.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Th,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Self::Th => "th",
            Self::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "th" => Some(Self::Th),
            "en" => Some(Self::En),
            _ => None,
        }
    }
    /// The other language, for the switch link.
    pub fn other(self) -> Self {
        match self {
            Self::Th => Self::En,
            Self::En => Self::Th,
        }
    }
}

/// The catalogue files: the main one, and one per larger feature (a key may live in one file
/// only).
const CATALOGUES: &[(&str, &str)] = &[
    ("catalogue.toml", include_str!("catalogue.toml")),
    (
        "catalogue/complaints.toml",
        include_str!("catalogue/complaints.toml"),
    ),
    (
        "catalogue/survey.toml",
        include_str!("catalogue/survey.toml"),
    ),
    (
        "catalogue/participation.toml",
        include_str!("catalogue/participation.toml"),
    ),
    (
        "catalogue/procurement_public.toml",
        include_str!("catalogue/procurement_public.toml"),
    ),
    (
        "catalogue/procurement_import.toml",
        include_str!("catalogue/procurement_import.toml"),
    ),
    (
        "catalogue/procurement_staff.toml",
        include_str!("catalogue/procurement_staff.toml"),
    ),
    (
        "catalogue/rollover.toml",
        include_str!("catalogue/rollover.toml"),
    ),
    (
        "catalogue/submission.toml",
        include_str!("catalogue/submission.toml"),
    ),
    (
        "catalogue/signoff.toml",
        include_str!("catalogue/signoff.toml"),
    ),
    (
        "catalogue/announcements.toml",
        include_str!("catalogue/announcements.toml"),
    ),
    ("catalogue/hr.toml", include_str!("catalogue/hr.toml")),
    ("catalogue/risk.toml", include_str!("catalogue/risk.toml")),
    (
        "catalogue/programme.toml",
        include_str!("catalogue/programme.toml"),
    ),
    (
        "catalogue/anticorruption.toml",
        include_str!("catalogue/anticorruption.toml"),
    ),
    (
        "catalogue/integrity.toml",
        include_str!("catalogue/integrity.toml"),
    ),
];

struct Entry {
    th: String,
    en: String,
}

fn catalogue() -> &'static HashMap<String, Entry> {
    static CAT: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    CAT.get_or_init(|| parse_all().unwrap_or_default())
}

fn parse_all() -> Result<HashMap<String, Entry>, String> {
    let mut out = HashMap::new();
    for (name, src) in CATALOGUES {
        for (k, e) in parse_catalogue(src).map_err(|e| format!("{name}: {e}"))? {
            if out.insert(k.clone(), e).is_some() {
                return Err(format!("{name}: key {k} is defined twice"));
            }
        }
    }
    Ok(out)
}

fn parse_catalogue(src: &str) -> Result<HashMap<String, Entry>, String> {
    let table: toml::Table = src.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut out = HashMap::new();
    flatten(&table, "", &mut out)?;
    Ok(out)
}

fn flatten(t: &toml::Table, prefix: &str, out: &mut HashMap<String, Entry>) -> Result<(), String> {
    let th = t.get("th").and_then(|v| v.as_str());
    let en = t.get("en").and_then(|v| v.as_str());
    match (th, en) {
        (Some(th), Some(en)) => {
            out.insert(
                prefix.to_string(),
                Entry {
                    th: th.to_string(),
                    en: en.to_string(),
                },
            );
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(format!("catalogue key {prefix} lacks a language"));
        }
        (None, None) => {}
    }
    for (k, v) in t {
        if let toml::Value::Table(sub) = v {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            flatten(sub, &key, out)?;
        }
    }
    Ok(())
}

/// The text of `key` in `lang`; the key itself when it is missing (never panics).
pub fn tr(lang: Lang, key: &str) -> &str {
    match catalogue().get(key) {
        Some(e) => match lang {
            Lang::Th => &e.th,
            Lang::En => &e.en,
        },
        None => key,
    }
}

/// Whether the catalogue has `key`.
pub fn has_key(key: &str) -> bool {
    catalogue().contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_every_entry_has_both_languages() {
        let cat = parse_all().expect("catalogue parses");
        assert!(cat.len() > 20);
        for (k, e) in &cat {
            assert!(!e.th.trim().is_empty(), "{k} th empty");
            assert!(!e.en.trim().is_empty(), "{k} en empty");
        }
    }

    #[test]
    fn lookup_and_fallback() {
        assert_eq!(tr(Lang::Th, "app.name"), "โปร่งใส");
        assert_eq!(tr(Lang::En, "app.name"), "Prongsai");
        assert_eq!(tr(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn half_entries_are_rejected() {
        assert!(parse_catalogue("[a]\nth = \"x\"\n").is_err());
    }
}
