//! PDF with typst as a library. A template (typst markup, compiled into the binary) reads its
//! data from the virtual file `/data.json` and optional images from `/<name>` — user text is
//! never formatted into markup, so nothing needs escaping. Fonts come only from
//! `assets/fonts/` (Sarabun, SIL OFL), embedded in the binary; a warning from typst (e.g. a
//! missing font or glyph) is treated as an error.

use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const FONT_FILES: &[&[u8]] = &[
    include_bytes!("../../../assets/fonts/Sarabun-Regular.ttf"),
    include_bytes!("../../../assets/fonts/Sarabun-Bold.ttf"),
    include_bytes!("../../../assets/fonts/Sarabun-SemiBold.ttf"),
];

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("typst: {0}")]
    Typst(String),
    #[error("data: {0}")]
    Data(String),
}

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static S: OnceLock<Shared> = OnceLock::new();
    S.get_or_init(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|b| Font::iter(Bytes::new(*b)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path)
        .ok()
        .map(|v| RootedPath::new(VirtualRoot::Project, v).intern())
}

struct DocWorld {
    main: FileId,
    source: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, b)| b.clone())
            .ok_or(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Render `template` with `data` (as `/data.json`) and extra files (e.g. `("/chart.svg", …)`).
/// Call from a blocking thread: layout is CPU work.
pub fn render(
    template: &str,
    data: &serde_json::Value,
    extra: &[(&str, Vec<u8>)],
) -> Result<Vec<u8>, PdfError> {
    let main = file_id("/main.typ").ok_or_else(|| PdfError::Data("main path".into()))?;
    let json = serde_json::to_vec(data).map_err(|e| PdfError::Data(e.to_string()))?;
    let mut files = vec![(
        file_id("/data.json").ok_or_else(|| PdfError::Data("data path".into()))?,
        Bytes::new(json),
    )];
    for (name, bytes) in extra {
        let id = file_id(name).ok_or_else(|| PdfError::Data(format!("bad file name {name}")))?;
        files.push((id, Bytes::new(bytes.clone())));
    }
    let now = chrono::Utc::now().date_naive();
    let today = {
        use chrono::Datelike;
        Datetime::from_ymd(now.year(), now.month() as u8, now.day() as u8)
    };
    let world = DocWorld {
        main,
        source: Source::new(main, template.to_string()),
        files,
        today,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let problems: Vec<String> = warned
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning)
        .map(|w| w.message.to_string())
        .collect();
    let doc = warned.output.map_err(|errs| {
        PdfError::Typst(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    if !problems.is_empty() {
        return Err(PdfError::Typst(format!(
            "warnings: {}",
            problems.join("; ")
        )));
    }
    let pdf = typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|errs| {
        PdfError::Typst(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    // typst memoizes across compilations; keep the cache from growing without bound.
    comemo::evict(10);
    Ok(pdf)
}

/// Forget every layout kept between renders — typst's memoized layouts and the Thai line
/// breaks of the patched layout engine — so that a benchmark measures a report not rendered
/// before in this process.
pub fn forget_layouts() {
    comemo::evict(0);
    typst_layout::clear_line_break_cache();
}

#[cfg(test)]
mod tests {
    /// The words between the normal line break opportunities typst uses
    /// (vendor/typst-layout), and all the words when the weak ones are taken too.
    fn words(s: &str, weak: bool) -> Vec<&str> {
        let points: Vec<usize> = typst_layout::line_break_opportunities(s)
            .iter()
            .filter(|(_, w)| weak || !w)
            .map(|(p, _)| *p)
            .collect();
        points.windows(2).map(|w| &s[w[0]..w[1]]).collect()
    }

    #[test]
    fn thai_breaks_between_words_only() {
        // ตำบล is one word; words: พนักงาน | ส่วน | ตำบล
        assert_eq!(
            words("พนักงานส่วนตำบล และ ABC", false),
            ["พนักงาน", "ส่วน", "ตำบล ", "และ ", "ABC"]
        );
        // where the dictionary model splits a word (จัดจ้า|ง), no break; nor where the LSTM
        // model splits the agency's name (ตำบ|ล in some contexts)
        assert_eq!(
            words("ดำเนินการจัดซื้อจัดจ้างตามพระราชบัญญัติ", false),
            ["ดำเนิน", "การ", "จัดซื้อ", "จัดจ้างตามพระราชบัญญัติ"]
        );
        for w in words("ผู้บริหาร พนักงานส่วนตำบล และพนักงานจ้างทุกคน", false)
        {
            assert!(!w.trim_end().ends_with("ตำบ"), "{w}");
        }
        // never inside a cluster
        assert_eq!(words("ที่", true), ["ที่"]);
        assert_eq!(words("abc 123", true), ["abc ", "123"]);
    }

    #[test]
    fn a_run_without_agreed_breaks_has_weak_ones() {
        // where the models disagree, their breaks are weak: taken only when nothing else fits
        // (a narrow table cell)
        let all = words("จัดจ้างตามพระราชบัญญัติ", true);
        assert!(all.len() > 2, "{all:?}");
        assert_eq!(all.concat(), "จัดจ้างตามพระราชบัญญัติ");
        // never after a leading vowel, nor before a following one
        for s in ["สรุปผลการจัดซื้อจัดจ้างรายเดือน", "ผู้เสนอราคาสมยอมกันในการเสนอราคา"]
        {
            for w in words(s, true) {
                assert!(!w.ends_with(['เ', 'แ', 'โ', 'ใ', 'ไ']), "{w} in {s}");
                assert!(!w.starts_with(['ะ', 'า', 'ำ', 'ๆ']), "{w} in {s}");
            }
        }
    }
}
