//! The ITAS submission sheet and the assessment window over HTTP, on SQLite and PostgreSQL:
//! every item of a year in framework order with มี/ไม่มี as readiness has it, every permalink
//! answering 200 to a citizen, the coordinator's explanation kept, escaped and flagged when the
//! draft changes, the exports (XLSX read back, CSV parsed, PDF), the window refused with a Thai
//! message and nothing stored when its dates are wrong, the countdown and the gaps by unit on
//! the readiness page, and the permissions.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate, Utc};
use common::TestApp;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::framework::{Framework, FrameworkSet};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::disclosure::{NewEvidence, Target};
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, AgencyScope, Store};

fn fw(be: i32) -> Framework {
    FrameworkSet::bundled().0.get(be).cloned().unwrap()
}

fn fy(be: i32) -> FiscalYear {
    FiscalYear::new(be).unwrap()
}

fn today_bangkok() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The value of the first `attr="…"` after `from` in `html`, unescaped as browsers do.
fn attr_after(html: &str, from: &str, attr: &str) -> Option<String> {
    let i = html.find(from)?;
    let rest = &html[i..];
    let key = format!("{attr}=\"");
    let j = rest.find(&key)? + key.len();
    let v = &rest[j..];
    Some(unescape(&v[..v.find('"')?]))
}

fn unescape(s: &str) -> String {
    s.replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#34;", "\"")
        .replace("&#38;", "&")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The item codes of the sheet's rows, in page order.
fn row_codes(html: &str) -> Vec<String> {
    html.match_indices("<tr id=\"row-")
        .map(|(i, _)| {
            let rest = &html[i + "<tr id=\"row-".len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Whether the readiness page shows an item as complete.
fn complete_on_readiness(html: &str, code: &str) -> bool {
    let start = html
        .find(&format!("<tr id=\"item-{code}\">"))
        .unwrap_or_else(|| panic!("{code} on the readiness page"));
    let row = &html[start..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.contains("class=\"ready complete\"")
}

async fn link(s: &Store, scope: &AgencyScope, year: i32, code: &str, label: &str, period: &str) {
    let y = fy(year);
    s.add_evidence(
        scope,
        &Actor::system("test"),
        y,
        code,
        NewEvidence {
            target: Target::Link(format!(
                "https://www.example.go.th/{code}/{}.pdf",
                period.replace(':', "-")
            )),
            label: label.into(),
            data_year: Some(y),
            period: y.period(period),
            published_on: None,
        },
    )
    .await
    .unwrap();
}

both_backends!(submission_sheet, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let f = fw(2566);

    // evidence: O1 standing, O11 the year, O21 half of its months, O12 the first round
    link(&s, &x.scope, 2566, "O1", "โครงสร้างหน่วยงาน", "year").await;
    link(&s, &x.scope, 2566, "O11", "แผนดำเนินงานประจำปี 2566", "year").await;
    for m in [
        "month:10", "month:11", "month:12", "month:1", "month:2", "month:3",
    ] {
        link(
            &s,
            &x.scope,
            2566,
            "O21",
            &format!("สรุปผลการจัดซื้อจัดจ้าง {m}"),
            m,
        )
        .await;
    }
    link(
        &s,
        &x.scope,
        2566,
        "O12",
        "รายงานการกำกับติดตาม รอบ 6 เดือน",
        "half:1",
    )
    .await;
    // O12 and O21 belong to the seeded unit
    let unit = s.list_units(&x.scope).await.unwrap()[0].clone();
    for code in ["O12", "O21"] {
        s.set_disclosure(
            &x.scope,
            &Actor::system("test"),
            fy(2566),
            code,
            Some(unit.id),
            None,
        )
        .await
        .unwrap();
    }

    let admin = app.client();
    admin.login(&x.user(Role::AgencyAdmin)).await;
    let sheet = "/staff/disclosures/2566/submission";
    let page = admin.get(sheet).await;
    assert_eq!(page.status, 200, "{}", page.body);

    // every item, in the framework's order
    let codes = row_codes(&page.body);
    let expected: Vec<String> = f.items.iter().map(|i| i.code.clone()).collect();
    assert_eq!(codes, expected);
    assert_eq!(codes.len(), 43);

    // มี/ไม่มี as the readiness page has it
    let readiness = admin.get("/staff/disclosures/2566").await;
    assert_eq!(readiness.status, 200);
    let mut yes = 0;
    for code in &codes {
        let answer = attr_after(&page.body, &format!("id=\"answer-{code}\""), "value").unwrap();
        let complete = complete_on_readiness(&readiness.body, code);
        assert_eq!(answer == "มี", complete, "{code}: {answer}");
        assert!(answer == "มี" || answer == "ไม่มี");
        yes += usize::from(complete);
    }
    assert!(yes >= 3, "O1, O11, O12 are complete ({yes})");
    assert_eq!(
        attr_after(&page.body, "id=\"answer-O21\"", "value").unwrap(),
        "ไม่มี"
    );
    assert!(page.body.contains(&format!("{yes} / 43")));

    // drafted from the evidence: documents and the months they cover
    let o21 = &page.body[page.body.find("id=\"row-O21\"").unwrap()..];
    let o21 = &o21[..o21.find("</tr>").unwrap()];
    assert!(o21.contains("ตุลาคม 2565 – มีนาคม 2566 (6 เดือน)"), "{o21}");
    assert!(o21.contains("หมายเหตุ"), "a late item says what is lacking");

    // every permalink on the sheet answers 200 to a citizen
    let citizen = app.client();
    for code in &codes {
        let url = attr_after(&page.body, &format!("id=\"url-{code}\""), "value").unwrap();
        let prefix = format!("http://{}/agency-x/ita/2566/", app.addr);
        assert_eq!(url, format!("{prefix}{code}"));
        let r = citizen.http.get(&url).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200, "{url}");
    }

    // the coordinator's explanation: kept, escaped, wins over the draft
    let text = "<script>alert('x')</script> ผังโครงสร้างตามคำสั่งที่ 12/2566 & ภาพบุคลากร";
    let saved = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/submission/O1",
            &[("explanation", text)],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/staff/disclosures/2566/submission#row-O1")
    );
    let page = admin.get(sheet).await;
    assert!(!page.body.contains("<script>alert"), "escaped");
    assert!(
        page.body.contains("&#60;script&#62;alert("),
        "shown as text"
    );
    let o1 = &page.body[page.body.find("id=\"row-O1\"").unwrap()..];
    let o1 = &o1[..o1.find("</tr>").unwrap()];
    assert!(o1.contains("แก้ไขโดยผู้ประสานงาน"));
    assert!(!o1.contains("draft-changed"));
    let stored = s.submission_explanations(&x.scope, fy(2566)).await.unwrap();
    assert_eq!(stored["O1"].text, text);
    // new evidence changes the draft: the row asks for a review
    link(&s, &x.scope, 2566, "O1", "คำสั่งแบ่งงานภายใน", "year").await;
    let page = admin.get(sheet).await;
    let o1 = &page.body[page.body.find("id=\"row-O1\"").unwrap()..];
    let o1 = &o1[..o1.find("</tr>").unwrap()];
    assert!(o1.contains("draft-changed"), "{o1}");
    assert!(o1.contains("คำสั่งแบ่งงานภายใน"), "the new draft is shown");
    assert!(o1.contains("&#60;script&#62;"), "the edit still wins");
    // too long: refused with a Thai message, the typed text kept on the page, nothing stored
    let long = "ก".repeat(5001);
    let refused = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/submission/O1",
            &[("explanation", &long)],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("คำอธิบายยาวเกิน 5000 ตัวอักษร"),
        "{}",
        refused.body
    );
    assert_eq!(
        s.submission_explanations(&x.scope, fy(2566)).await.unwrap()["O1"].text,
        text
    );
    // an unknown item: 404
    let unknown = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/submission/O99",
            &[("explanation", "x")],
        )
        .await;
    assert_eq!(unknown.status, 404);

    // exports
    let (status, headers, csv_bytes) = admin
        .get_bytes("/staff/disclosures/2566/submission.csv")
        .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("itas-submission-2566.csv"));
    let csv_text = String::from_utf8(csv_bytes).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        ["ลำดับ", "ข้อ", "รายการ", "คำตอบ (มี/ไม่มี)", "URL", "คำอธิบาย"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.iter().map(|r| r[1].to_string()).collect::<Vec<_>>(),
        expected
    );
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        let on_page =
            attr_after(&page.body, &format!("id=\"answer-{}\"", &row[1]), "value").unwrap();
        assert_eq!(row[3], on_page, "{}", &row[1]);
        assert!(row[4].ends_with(&format!("/agency-x/ita/2566/{}", &row[1])));
    }
    assert_eq!(
        &rows[0][5], text,
        "the edited explanation is exported as written"
    );

    let (status, headers, xlsx) = admin
        .get_bytes("/staff/disclosures/2566/submission.xlsx")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    let head = cells
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("ลำดับ"))
        .unwrap();
    let body = &cells[head + 1..];
    assert_eq!(body.len(), 43);
    assert_eq!(
        body.iter().map(|r| r[1].clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(body[0][0], "1");
    assert_eq!(body[0][5], text);
    for (row, csv_row) in body.iter().zip(&rows) {
        assert_eq!(row[3], csv_row[3]);
        assert_eq!(row[4], csv_row[4]);
    }

    let (status, headers, pdf) = admin
        .get_bytes("/staff/disclosures/2566/submission.pdf")
        .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));

    // back to the draft
    let back = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/submission/O1",
            &[("explanation", "")],
        )
        .await;
    assert_eq!(back.status, 303);
    assert!(s
        .submission_explanations(&x.scope, fy(2566))
        .await
        .unwrap()
        .is_empty());

    // the window: refused with Thai messages, nothing stored
    for (opens, closes, message) in [
        (
            "31/5/2566",
            "1/4/2566",
            "วันปิดการประเมินต้องไม่ก่อนวันเปิดการประเมิน",
        ),
        ("1/4/2566", "ไม่ใช่วันที่", "วันที่ไม่ถูกต้อง"),
        ("", "31/5/2566", "กรุณาระบุวันที่"),
        ("1/4/2599", "2/4/2599", "วันที่ต้องอยู่ระหว่าง"),
    ] {
        let p = admin
            .post_form(
                sheet,
                "/staff/disclosures/2566/window",
                &[("opens_on", opens), ("closes_on", closes)],
            )
            .await;
        assert_eq!(p.status, 422, "{opens}–{closes}");
        assert!(p.body.contains(message), "{opens}–{closes}: {message}");
        assert!(
            p.body.contains(&format!("value=\"{closes}\"")),
            "typed text kept"
        );
        assert_eq!(s.assessment_window(&x.scope, fy(2566)).await.unwrap(), None);
    }
    let ok = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/window",
            &[("opens_on", "๑ เม.ย. ๒๕๖๖"), ("closes_on", "31/05/2566")],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let w = s
        .assessment_window(&x.scope, fy(2566))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(w.opens_on, NaiveDate::from_ymd_opt(2023, 4, 1).unwrap());
    assert_eq!(w.closes_on, NaiveDate::from_ymd_opt(2023, 5, 31).unwrap());
    // a bad change leaves the stored window as it was
    let p = admin
        .post_form(
            sheet,
            "/staff/disclosures/2566/window",
            &[("opens_on", "1/6/2566"), ("closes_on", "1/5/2566")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert_eq!(
        s.assessment_window(&x.scope, fy(2566)).await.unwrap(),
        Some(w)
    );

    // the readiness page: the window, its countdown, the gaps by unit, the sheet linked
    let readiness = admin.get("/staff/disclosures/2566").await;
    assert!(readiness.body.contains("1 เม.ย. 2566 – 31 พ.ค. 2566"));
    assert!(readiness
        .body
        .contains("ระบบ ITAS ปิดการประเมินแล้วเมื่อ 31 พฤษภาคม 2566"));
    assert!(readiness
        .body
        .contains("href=\"/staff/disclosures/2566/submission\""));
    let gaps = &readiness.body[readiness.body.find("id=\"gaps\"").unwrap()..];
    let unit_block = &gaps[gaps.find("สำนักปลัด").expect("the unit's gaps")..];
    let unit_block = &unit_block[..unit_block.find("</ul>").unwrap()];
    assert!(unit_block.contains(">O21</a>"), "O21 is late: {unit_block}");
    assert!(!unit_block.contains(">O12</a>"), "O12 is complete");
    assert!(!gaps.contains(">O1</a> "), "O1 is complete");

    // a year whose window is ahead, and one that is open
    let today = today_bangkok();
    let before = today.checked_add_days(Days::new(30)).unwrap();
    let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let p = admin
        .post_form(
            "/staff/disclosures/2569/submission",
            "/staff/disclosures/2569/window",
            &[
                ("opens_on", &fmt(before)),
                (
                    "closes_on",
                    &fmt(before.checked_add_days(Days::new(60)).unwrap()),
                ),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let r = admin.get("/staff/disclosures/2569").await;
    assert!(r.body.contains("เหลืออีก 30 วันก่อนเปิดการประเมิน"), "{}", r.body);
    let p = admin
        .post_form(
            "/staff/disclosures/2569/submission",
            "/staff/disclosures/2569/window",
            &[
                (
                    "opens_on",
                    &fmt(today.checked_sub_days(Days::new(5)).unwrap()),
                ),
                (
                    "closes_on",
                    &fmt(today.checked_add_days(Days::new(10)).unwrap()),
                ),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let r = admin.get("/staff/disclosures/2569").await;
    assert!(r.body.contains("ระบบ ITAS เปิดอยู่ ปิดใน 10 วัน"));
    let r = admin.get("/staff/disclosures/2569/submission").await;
    assert_eq!(row_codes(&r.body).len(), fw(2569).items.len());
    // both empty: the window is removed
    let p = admin
        .post_form(
            "/staff/disclosures/2569/submission",
            "/staff/disclosures/2569/window",
            &[("opens_on", ""), ("closes_on", "")],
        )
        .await;
    assert_eq!(p.status, 303);
    assert_eq!(s.assessment_window(&x.scope, fy(2569)).await.unwrap(), None);

    // permissions: a citizen is sent to log in, staff without the coordinator's permission
    // may read but not write, another agency sees only its own sheet
    let anon = app.client();
    for path in [
        sheet,
        "/staff/disclosures/2566/submission.csv",
        "/staff/disclosures/2566/submission.xlsx",
        "/staff/disclosures/2566/submission.pdf",
    ] {
        let p = anon.get(path).await;
        assert_eq!(p.status, 303, "{path}");
        assert!(
            p.location.unwrap_or_default().starts_with("/staff/login"),
            "{path}"
        );
    }
    let p = anon
        .post_raw(
            "/staff/disclosures/2566/submission/O1",
            &[("explanation", "x")],
        )
        .await;
    assert!(p.status == 303 || p.status == 403, "{}", p.status);
    for role in [Role::UnitStaff, Role::Executive, Role::Viewer] {
        let c = app.client();
        c.login(&x.user(role)).await;
        let p = c.get(sheet).await;
        assert_eq!(p.status, 200, "{role:?} reads");
        assert!(
            !p.body
                .contains("action=\"/staff/disclosures/2566/submission/O1\""),
            "{role:?}"
        );
        assert!(
            !p.body.contains("action=\"/staff/disclosures/2566/window\""),
            "{role:?}"
        );
        let token = common::extract_csrf(&p.body).unwrap_or_default();
        let w = c
            .post_raw(
                "/staff/disclosures/2566/submission/O1",
                &[("csrf", &token), ("explanation", "ของฉัน")],
            )
            .await;
        assert_eq!(w.status, 403, "{role:?}");
        let w = c
            .post_raw(
                "/staff/disclosures/2566/window",
                &[
                    ("csrf", &token),
                    ("opens_on", "1/4/2566"),
                    ("closes_on", "2/4/2566"),
                ],
            )
            .await;
        assert_eq!(w.status, 403, "{role:?}");
    }
    assert!(s
        .submission_explanations(&x.scope, fy(2566))
        .await
        .unwrap()
        .is_empty());

    let other = app.client();
    other.login(&y.user(Role::AgencyAdmin)).await;
    let p = other.get(sheet).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("/agency-x/"), "y sees its own addresses");
    assert!(
        !p.body.contains("โครงสร้างหน่วยงาน"),
        "and none of x's evidence"
    );
    assert_eq!(
        attr_after(&p.body, "id=\"answer-O1\"", "value").unwrap(),
        "ไม่มี"
    );
    let w = other
        .post_form(
            sheet,
            "/staff/disclosures/2566/submission/O1",
            &[("explanation", "ของ y")],
        )
        .await;
    assert_eq!(w.status, 303);
    assert!(s
        .submission_explanations(&x.scope, fy(2566))
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        s.submission_explanations(&y.scope, fy(2566)).await.unwrap()["O1"].text,
        "ของ y"
    );
    assert_eq!(s.assessment_window(&y.scope, fy(2566)).await.unwrap(), None);

    app.stop().await;
});
