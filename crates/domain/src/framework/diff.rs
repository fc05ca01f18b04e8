//! What changed in the OIT between two years: items added, removed, renamed, renumbered,
//! merged, split, or moved to another sub-indicator. Agencies need this every October, and the
//! analysis uses it to map a weak item to the item that replaces it.
//!
//! An item's predecessors are its explicit `previous` codes when the file gives them; otherwise
//! the previous year's item with exactly the same title (whatever its code).

use serde::Serialize;
use std::collections::HashMap;

use super::model::Framework;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Same code, same title.
    Same,
    /// Same title under another code.
    Renumbered,
    /// Another title (the code may have changed too).
    Renamed,
    /// Several items became one.
    Merged,
    /// One item became several.
    Split,
    Added,
    Removed,
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    pub kind: ChangeKind,
    /// Codes and titles in the earlier year.
    pub from: Vec<(String, String)>,
    /// Codes and titles in the later year.
    pub to: Vec<(String, String)>,
    /// The sub-indicator changed: (earlier, later).
    pub moved: Option<(String, String)>,
}

/// The diff of two years, in the later year's checklist order, removed items last.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearDiff {
    pub from_year: i32,
    pub to_year: i32,
    pub changes: Vec<ItemChange>,
    /// Whether the later year's item list is complete; when it is not, a "removed" item may
    /// only be missing from the data.
    pub later_complete: bool,
}

impl YearDiff {
    /// Codes of the later year that continue `code` of the earlier year (empty if removed).
    pub fn successors(&self, code: &str) -> Vec<&str> {
        self.changes
            .iter()
            .filter(|c| c.kind != ChangeKind::Removed && c.from.iter().any(|(f, _)| f == code))
            .flat_map(|c| c.to.iter().map(|(t, _)| t.as_str()))
            .collect()
    }
    /// How many changes of a kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }
}

/// Compare two years' OIT items.
pub fn diff(earlier: &Framework, later: &Framework) -> YearDiff {
    // predecessors of each later item
    let preds: Vec<Vec<&str>> = later
        .items
        .iter()
        .map(|it| match &it.previous {
            Some(codes) => codes
                .iter()
                .filter_map(|c| earlier.item(c).map(|p| p.code.as_str()))
                .collect(),
            None => earlier
                .items
                .iter()
                .find(|p| p.title_th == it.title_th)
                .map(|p| vec![p.code.as_str()])
                .unwrap_or_default(),
        })
        .collect();
    // how many later items each earlier item feeds
    let mut fan_out: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ps) in preds.iter().enumerate() {
        for p in ps {
            fan_out.entry(p).or_default().push(i);
        }
    }
    let mut changes = Vec::new();
    let mut split_done: Vec<&str> = Vec::new();
    for (i, it) in later.items.iter().enumerate() {
        let ps = &preds[i];
        let from: Vec<(String, String)> = ps
            .iter()
            .filter_map(|c| earlier.item(c))
            .map(|p| (p.code.clone(), p.title_th.clone()))
            .collect();
        let to = vec![(it.code.clone(), it.title_th.clone())];
        let change = match ps.as_slice() {
            [] => ItemChange {
                kind: ChangeKind::Added,
                from,
                to,
                moved: None,
            },
            [p] if fan_out.get(p).is_some_and(|v| v.len() > 1) => {
                if split_done.contains(p) {
                    continue;
                }
                split_done.push(p);
                let to = fan_out[p]
                    .iter()
                    .map(|k| {
                        (
                            later.items[*k].code.clone(),
                            later.items[*k].title_th.clone(),
                        )
                    })
                    .collect();
                ItemChange {
                    kind: ChangeKind::Split,
                    from,
                    to,
                    moved: None,
                }
            }
            [p] => {
                let Some(prev) = earlier.item(p) else {
                    continue;
                };
                let kind = if prev.title_th != it.title_th {
                    ChangeKind::Renamed
                } else if prev.code != it.code {
                    ChangeKind::Renumbered
                } else {
                    ChangeKind::Same
                };
                let moved = (earlier
                    .sub_indicator(&prev.sub_indicator)
                    .map(|s| &s.name_th)
                    != later.sub_indicator(&it.sub_indicator).map(|s| &s.name_th))
                .then(|| (prev.sub_indicator.clone(), it.sub_indicator.clone()));
                ItemChange {
                    kind,
                    from,
                    to,
                    moved,
                }
            }
            _ => ItemChange {
                kind: ChangeKind::Merged,
                from,
                to,
                moved: None,
            },
        };
        changes.push(change);
    }
    for p in &earlier.items {
        if !fan_out.contains_key(p.code.as_str()) {
            changes.push(ItemChange {
                kind: ChangeKind::Removed,
                from: vec![(p.code.clone(), p.title_th.clone())],
                to: vec![],
                moved: None,
            });
        }
    }
    YearDiff {
        from_year: earlier.fiscal_year.be(),
        to_year: later.fiscal_year.be(),
        changes,
        later_complete: later.status == super::model::FrameworkStatus::Complete,
    }
}
