//! An announcement (ประกาศ) as the official document: the space of the Garuda emblem left
//! blank, the centred heading ("ประกาศองค์การบริหารส่วนตำบล…") and subject ("เรื่อง …") with a
//! short rule, the body, the numbered sections ("1. heading" and their paragraphs), the closing,
//! the date line ("ประกาศ ณ วันที่ …") and the signature block at the right — as PDF
//! (templates/announcement.typ) and editable DOCX.
//!
//! The text is shaped by [`crate::reports::notice`]: an [`Announcement`] becomes a [`Notice`] of
//! kind "ประกาศ" whose paragraphs are the body, each section's numbered heading and paragraphs,
//! and the closing; the notice gives the heading, the date line, the signer and the digits (Thai
//! digits by choice, "พ.ศ." kept with its year), and writes the DOCX. The PDF template adds to
//! the notice's data only the role of each paragraph (body, section heading, section text), for
//! the sections' layout, and justifies the paragraphs by spacing the letters as well as the
//! spaces (Thai has few spaces: justified by spaces alone, a line shows a few wide gaps).

use prongsai_domain::announcement::Announcement;
use serde_json::json;

use crate::docx::DocxError;
use crate::pdf::{render, PdfError};
use crate::reports::notice::{Notice, Signer, ANNOUNCEMENT};

const TEMPLATE: &str = include_str!("../../templates/announcement.typ");

/// What a paragraph of the document is, for the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Body,
    SectionHeading,
    SectionText,
}

impl Role {
    fn code(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::SectionHeading => "section",
            Role::SectionText => "section_text",
        }
    }
}

/// An announcement ready to render.
#[derive(Debug, Clone)]
pub struct AnnouncementDoc {
    notice: Notice,
    roles: Vec<Role>,
}

impl AnnouncementDoc {
    pub fn new(a: &Announcement) -> Self {
        let heading = a.heading.trim();
        let agency = heading.strip_prefix(ANNOUNCEMENT).unwrap_or(heading).trim();
        let mut paragraphs = Vec::new();
        let mut roles = Vec::new();
        let mut push = |p: String, r: Role| {
            paragraphs.push(p);
            roles.push(r);
        };
        for p in &a.body {
            push(p.clone(), Role::Body);
        }
        for (i, s) in a.sections.iter().enumerate() {
            push(
                format!("{}. {}", i + 1, s.heading.trim()),
                Role::SectionHeading,
            );
            for p in &s.paragraphs {
                push(p.clone(), Role::SectionText);
            }
        }
        for p in &a.closing {
            push(p.clone(), Role::Body);
        }
        Self {
            notice: Notice {
                agency: agency.to_owned(),
                kind: ANNOUNCEMENT.to_owned(),
                title: a.subject.trim().to_owned(),
                date: Some(a.date),
                paragraphs,
                table: None,
                signer: Some(Signer {
                    name: a.signer_name.trim().to_owned(),
                    position: a.signer_position.trim().to_owned(),
                }),
                landscape: false,
            },
            roles,
        }
    }

    /// The notice it is laid out as.
    pub fn notice(&self) -> &Notice {
        &self.notice
    }

    /// The data the typst template reads: the notice's, with the role of each paragraph.
    /// (Thai breaks only between words: the patched typst layout does that for every document,
    /// vendor/README.md.)
    pub fn template_data(&self, thai_digits: bool) -> serde_json::Value {
        let mut data = self.notice.template_data(thai_digits);
        data["roles"] = json!(self.roles.iter().map(|r| r.code()).collect::<Vec<_>>());
        data
    }

    /// The announcement as PDF. Call from a blocking thread: layout is CPU work.
    pub fn pdf(&self, thai_digits: bool) -> Result<Vec<u8>, PdfError> {
        render(TEMPLATE, &self.template_data(thai_digits), &[])
    }

    /// The announcement as editable DOCX (the notice's layout).
    pub fn docx(&self, thai_digits: bool) -> Result<Vec<u8>, DocxError> {
        self.notice.docx(thai_digits)
    }
}

/// The file name of an announcement: `announcement-nogift.announcement-2566` (no extension).
pub fn file_stem(kind_code: &str, year_be: i32) -> String {
    format!("announcement-{kind_code}-{year_be}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use prongsai_domain::announcement::{
        default_draft, AnnouncementKind, DraftAgency, SignerDefault,
    };
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::tenancy::AgencyKind;

    fn draft(kind: AnnouncementKind) -> Announcement {
        default_draft(
            kind,
            &DraftAgency {
                name: "องค์การบริหารส่วนตำบลกระโทก",
                kind: AgencyKind::Sao,
            },
            FiscalYear::new(2566).unwrap(),
            &SignerDefault {
                name: "นายสมชาย กระโทก".into(),
                position: "นายกองค์การบริหารส่วนตำบลกระโทก".into(),
            },
        )
    }

    #[test]
    fn the_notice_holds_every_part_in_order() {
        let a = draft(AnnouncementKind::HrCriteria);
        let d = AnnouncementDoc::new(&a);
        let n = d.notice();
        assert_eq!(
            n.heading(true),
            [
                "ประกาศองค์การบริหารส่วนตำบลกระโทก",
                "เรื่อง หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ.\u{a0}๒๕๖๖"
            ]
        );
        assert_eq!(
            n.date_line(true).as_deref(),
            Some("ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ.\u{a0}๒๕๖๕")
        );
        assert_eq!(n.paragraphs[0], a.body[0]);
        assert_eq!(n.paragraphs[1], "1. การสรรหาคนดี คนเก่ง");
        assert_eq!(n.paragraphs.last(), a.closing.last());
        let data = d.template_data(true);
        let roles = data["roles"].as_array().unwrap();
        assert_eq!(roles.len(), n.paragraphs.len());
        assert_eq!(roles[1], "section");
        assert_eq!(roles[2], "section_text");
        assert_eq!(data["paragraphs"][1], "๑. การสรรหาคนดี คนเก่ง");
        assert_eq!(data["heading"][0], "ประกาศองค์การบริหารส่วนตำบลกระโทก");
        assert_eq!(data["signer"]["name"], "(นายสมชาย กระโทก)");
    }

    /// Renders every kind; with `PRONGSAI_ANNOUNCEMENT_OUT=/dir` the PDFs are written there to
    /// be looked at.
    #[test]
    fn every_kind_renders_as_pdf_and_docx() {
        let out = std::env::var("PRONGSAI_ANNOUNCEMENT_OUT").ok();
        for kind in AnnouncementKind::ALL {
            let mut a = draft(kind);
            a.body
                .push("ข้อความของผู้ใช้ <script>alert(1)</script> #set text(red) $x$ \\".into());
            let d = AnnouncementDoc::new(&a);
            let pdf = d.pdf(kind != AnnouncementKind::NoGift).unwrap();
            assert!(pdf.starts_with(b"%PDF"));
            let docx = d.docx(true).unwrap();
            assert!(docx.starts_with(b"PK"));
            if let Some(dir) = &out {
                std::fs::write(format!("{dir}/{}.pdf", kind.code()), &pdf).unwrap();
                std::fs::write(format!("{dir}/{}.docx", kind.code()), &docx).unwrap();
            }
        }
    }
}
