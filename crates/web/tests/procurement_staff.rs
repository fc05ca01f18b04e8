//! The staff's procurement pages over HTTP, on SQLite and PostgreSQL: a record written through
//! the form (amounts with Thai digits and commas, BE dates typed or picked, bidders as rows,
//! more rows without losing input), refused input shown again in Thai (or English) with
//! nothing stored, an award above the budget saved only once confirmed for those amounts, a
//! duplicate e-GP number refused next to its field, deletion after a confirmation; the plan
//! (rows with errors per row, a new revision as a copy, the earlier revision refusing edits);
//! the annual report's text; roles without the permission refused, other agencies' ids not
//! found, user text escaped.

mod common;

use chrono::NaiveDate;
use common::{Client, TestApp};
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::procurement::{Bidder, Method, Money, Record};
use prongsai_domain::tenancy::Role;
use prongsai_store::both_backends;
use prongsai_store::testdb::TestDb;
use prongsai_store::{Actor, StoreError};

const NEW: &str = "/staff/procurement/2567/new";

fn fy() -> FiscalYear {
    FiscalYear::new(2567).unwrap()
}

fn baht(b: i64) -> Money {
    Money::from_baht(b).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A complete record as the form is filled in, with `changes` applied (a field set to ""
/// is sent empty).
fn form(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("project", "จัดซื้อวัสดุสำนักงาน <b>กองคลัง</b>"),
        ("budget", "๕๐,๐๐๐"),
        ("reference_price", "50,000.00"),
        ("method", "specific"),
        ("bidder_name_0", "ร้านสมใจพาณิชย์"),
        ("bidder_offer_0", "48,500"),
        ("bidder_name_1", "หจก. <i>รุ่งเรือง</i>วัสดุ"),
        ("bidder_offer_1", "๔๙,๐๐๐.๐๐ บาท"),
        ("bidder_name_2", ""),
        ("bidder_offer_2", ""),
        ("bidder_name_3", ""),
        ("bidder_offer_3", ""),
        ("bidder_name_4", ""),
        ("bidder_offer_4", ""),
        ("winner", "ร้านสมใจพาณิชย์"),
        ("award_price", "48,000"),
        ("reason", "ราคาต่ำสุดและคุณสมบัติถูกต้องตามเงื่อนไข"),
        ("contract_no", "12/2567"),
        ("contract_date", "15/3/2567"),
        ("contract_date_pick", ""),
        ("egp_no", "๖๗๐๓๙-๐๑๒๓๔๕"),
        ("delivery_date", ""),
        ("delivery_date_pick", "2024-03-20"),
        ("payment_date", "5/4/2567"),
        ("payment_date_pick", ""),
        ("invitation_doc_id", ""),
        ("award_doc_id", ""),
        ("action", "save"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in changes {
        match f.iter_mut().find(|(fk, _)| fk == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => f.push((k.to_string(), v.to_string())),
        }
    }
    f
}

async fn post(c: &Client, page: &str, action: &str, fields: &[(String, String)]) -> common::Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    c.post_form(page, action, &pairs).await
}

/// The id at the end of `/staff/procurement/2567?saved=1#r-12`.
fn saved_id(location: &str) -> i64 {
    location.rsplit("#r-").next().unwrap().parse().unwrap()
}

/// The value of the confirmation box on a form shown with the over-budget warning.
fn confirm_value(html: &str) -> String {
    let i = html
        .find("name=\"accept_over_budget\" value=\"")
        .expect("the confirmation box")
        + "name=\"accept_over_budget\" value=\"".len();
    html[i..i + html[i..].find('"').unwrap()].to_string()
}

both_backends!(record_form_journey, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let c = app.client();
    c.login(&x.user(Role::UnitStaff)).await;

    // the current year's register, with the menu link
    let p = c.get("/staff/procurement").await;
    assert_eq!(p.status, 303);
    let current = FiscalYear::containing(chrono::Utc::now().date_naive());
    assert!(
        p.location
            .as_deref()
            .unwrap()
            .ends_with(&current.be().to_string())
            || p.location
                .as_deref()
                .unwrap()
                .ends_with(&(current.be() + 1).to_string())
    );
    let reg = c.get("/staff/procurement/2567").await;
    assert_eq!(reg.status, 200);
    assert!(reg.body.contains("ยังไม่มีรายการจัดซื้อจัดจ้างในปีงบประมาณนี้"));
    assert!(
        reg.body.contains("href=\"/staff/procurement\""),
        "menu link"
    );
    assert!(reg.body.contains("/staff/procurement/import?year=2567"));
    assert!(reg.body.contains("/agency-x/procurement/2567"));
    assert!(
        !reg.body.contains("pstaff."),
        "every key is in the catalogue"
    );
    assert_eq!(c.get("/staff/procurement/nope").await.status, 404);

    // the empty form has five bidder rows; "more rows" keeps what was typed
    let p = c.get(NEW).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("pstaff."));
    assert!(
        p.body.contains("name=\"bidder_name_4\"") && !p.body.contains("name=\"bidder_name_5\"")
    );
    assert!(
        !p.body.contains("price_inquiry"),
        "legacy methods are not offered"
    );
    let more = post(&c, NEW, NEW, &form(&[("action", "more")])).await;
    assert_eq!(more.status, 200);
    assert!(
        more.body.contains("name=\"bidder_name_9\""),
        "five more rows"
    );
    assert!(more.body.contains("value=\"ร้านสมใจพาณิชย์\""));
    assert!(
        more.body.contains("value=\"๕๐,๐๐๐\""),
        "the budget as typed"
    );
    assert!(
        more.body.contains("value=\"20 มี.ค. 2567\""),
        "the picked day in BE"
    );
    assert!(s
        .procurements_of_year(&x.scope, fy())
        .await
        .unwrap()
        .is_empty());

    // refused input: Thai messages, the input kept, nothing stored
    for (changes, message) in [
        (vec![("budget", "12,34")], "จำนวนเงินไม่ถูกต้อง"),
        (
            vec![("winner", "บริษัท ไม่ได้เสนอราคา จำกัด")],
            "ไม่อยู่ในรายชื่อผู้เสนอราคา",
        ),
        (
            vec![("contract_date", "1/10/2567")],
            "วันที่ของสัญญาต้องอยู่ในปีงบประมาณ",
        ),
        (vec![("bidder_offer_1", "สี่หมื่น")], "ผู้เสนอราคารายที่ ๒"),
        (vec![("contract_date", "31/02/2567")], "วันที่ไม่ถูกต้อง"),
    ] {
        let p = post(&c, NEW, NEW, &form(&changes)).await;
        assert_eq!(p.status, 422, "{changes:?}");
        assert!(p.body.contains(message), "{message}: {}", p.body);
        assert!(p.body.contains("ร้านสมใจพาณิชย์"), "input kept");
        assert!(
            p.body.contains("&#60;b&#62;กองคลัง&#60;/b&#62;"),
            "project kept, escaped"
        );
        assert!(!p.body.contains("<b>กองคลัง"));
    }
    assert!(s
        .procurements_of_year(&x.scope, fy())
        .await
        .unwrap()
        .is_empty());
    // the same in English
    assert_eq!(c.get("/lang/en?next=/staff/dashboard").await.status, 303);
    let p = post(&c, NEW, NEW, &form(&[("budget", "12,34")])).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Not a valid amount"), "{}", p.body);
    assert_eq!(c.get("/lang/th?next=/staff/dashboard").await.status, 303);

    // saved: Thai digits, BE dates typed and picked, the e-GP number in its canonical form
    let p = post(&c, NEW, NEW, &form(&[])).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let loc = p.location.unwrap();
    assert!(loc.starts_with("/staff/procurement/2567?saved=1"), "{loc}");
    let id = saved_id(&loc);
    let r = s.procurement(&x.scope, id).await.unwrap().record;
    assert_eq!(r.budget, baht(50_000));
    assert_eq!(r.reference_price, Some(baht(50_000)));
    assert_eq!(r.bidders.len(), 2);
    assert_eq!(r.bidders[1].offer, baht(49_000));
    assert_eq!(r.winner.as_deref(), Some("ร้านสมใจพาณิชย์"));
    assert_eq!(r.contract_date, Some(d(2024, 3, 15)));
    assert_eq!(r.delivery_date, Some(d(2024, 3, 20)));
    assert_eq!(r.payment_date, Some(d(2024, 4, 5)));
    assert_eq!(r.egp_no.as_deref(), Some("67039012345"));
    assert!(!r.accept_over_budget);

    // the register lists it in BE, escaped
    let reg = c.get("/staff/procurement/2567?saved=1").await;
    assert!(reg.body.contains("บันทึกแล้ว"));
    assert!(
        !reg.body.contains("pstaff."),
        "every key is in the catalogue"
    );
    assert!(reg.body.contains(&format!("id=\"r-{id}\"")));
    assert!(reg.body.contains("&#60;b&#62;กองคลัง&#60;/b&#62;") && !reg.body.contains("<b>กองคลัง"));
    for text in [
        "50,000.00",
        "48,000.00",
        "67039012345",
        "15 มี.ค. 2567",
        "12/2567",
    ] {
        assert!(reg.body.contains(text), "{text}");
    }
    assert!(!reg.body.contains("over-budget"));
    // filters: the month of the contract, another month, a method
    let march = c.get("/staff/procurement/2567?month=2024-03").await;
    assert!(march.body.contains(&format!("id=\"r-{id}\"")));
    assert!(march
        .body
        .contains("/agency-x/procurement/2567/month-3.pdf"));
    let april = c.get("/staff/procurement/2567?month=2024-04").await;
    assert!(!april.body.contains(&format!("id=\"r-{id}\"")));
    assert!(april.body.contains("ไม่มีรายการที่ตรงกับที่เลือก"));
    let bidding = c.get("/staff/procurement/2567?method=e_bidding").await;
    assert!(!bidding.body.contains(&format!("id=\"r-{id}\"")));

    // edit: the form shows what is stored; a change is saved
    let edit = format!("/staff/procurement/2567/{id}/edit");
    let p = c.get(&edit).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("pstaff."));
    assert!(p.body.contains("value=\"15 มี.ค. 2567\""));
    assert!(p.body.contains("value=\"50,000.00\""));
    assert!(p
        .body
        .contains("value=\"หจก. &#60;i&#62;รุ่งเรือง&#60;/i&#62;วัสดุ\""));
    let p = post(
        &c,
        &edit,
        &edit,
        &form(&[("award_price", "49,000"), ("contract_no", "13/2567")]),
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let r = s.procurement(&x.scope, id).await.unwrap().record;
    assert_eq!(r.award_price, Some(baht(49_000)));
    assert_eq!(r.contract_no.as_deref(), Some("13/2567"));
    // a record of another year's address is sent to its own
    let p = c.get(&format!("/staff/procurement/2568/{id}/edit")).await;
    assert_eq!(p.status, 303);
    assert_eq!(p.location.as_deref(), Some(edit.as_str()));

    // award above the budget: the warning first, nothing saved; a confirmation for other
    // amounts does not count; confirmed, it is saved
    let over = form(&[("award_price", "51,000")]);
    let p = post(&c, &edit, &edit, &over).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body
            .contains("ราคาที่ตกลงซื้อหรือจ้าง ๕๑,๐๐๐.๐๐ บาท สูงกว่าวงเงิน ๕๐,๐๐๐.๐๐ บาท"),
        "{}",
        p.body
    );
    assert!(p.body.contains("ยืนยันว่าราคาที่ตกลงสูงกว่าวงเงิน"));
    assert!(
        p.body.contains("href=\"#over-budget\""),
        "pointed to from the top"
    );
    assert_eq!(
        s.procurement(&x.scope, id)
            .await
            .unwrap()
            .record
            .award_price,
        Some(baht(49_000))
    );
    let value = confirm_value(&p.body);
    let mut wrong = over.clone();
    wrong.push(("accept_over_budget".into(), "5200000:5000000".into()));
    assert_eq!(post(&c, &edit, &edit, &wrong).await.status, 422);
    let mut confirmed = over.clone();
    confirmed.push(("accept_over_budget".into(), value));
    let p = post(&c, &edit, &edit, &confirmed).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let r = s.procurement(&x.scope, id).await.unwrap().record;
    assert_eq!(r.award_price, Some(baht(51_000)));
    assert!(r.accept_over_budget);
    let reg = c.get("/staff/procurement/2567").await;
    assert!(reg.body.contains("over-budget") && reg.body.contains("ยืนยันแล้ว"));
    // the edit form keeps the confirmation in view, ticked
    let p = c.get(&edit).await;
    assert!(p.body.contains("name=\"accept_over_budget\"") && p.body.contains(" checked>"));

    // a second record with the same e-GP number: refused next to the field, nothing stored
    let p = post(&c, NEW, NEW, &form(&[("project", "จ้างซ่อมรถบรรทุกน้ำ")])).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("id=\"egp-error\""), "{}", p.body);
    assert!(p.body.contains("มีอยู่แล้วในทะเบียนจัดซื้อจัดจ้าง"));
    assert!(p.body.contains("value=\"จ้างซ่อมรถบรรทุกน้ำ\""));
    assert_eq!(
        s.procurements_of_year(&x.scope, fy()).await.unwrap().len(),
        1
    );

    // another agency's record is not found, through any address
    let other = s
        .create_procurement(
            &y.scope,
            &Actor::system("t"),
            &Record::new(fy(), "งานของหน่วยงานอื่น", baht(1_000), Method::Other),
        )
        .await
        .unwrap();
    let theirs = format!("/staff/procurement/2567/{}", other.id);
    assert_eq!(c.get(&format!("{theirs}/edit")).await.status, 404);
    assert_eq!(c.get(&format!("{theirs}/delete")).await.status, 404);
    assert_eq!(
        post(
            &c,
            &edit,
            &format!("{theirs}/edit"),
            &form(&[("egp_no", "")])
        )
        .await
        .status,
        404
    );
    assert_eq!(
        c.post_form(&edit, &format!("{theirs}/delete"), &[("confirm", "yes")])
            .await
            .status,
        404
    );
    assert_eq!(
        s.procurement(&y.scope, other.id)
            .await
            .unwrap()
            .record
            .project,
        "งานของหน่วยงานอื่น"
    );
    assert!(!c
        .get("/staff/procurement/2567")
        .await
        .body
        .contains("งานของหน่วยงานอื่น"));

    // viewers and executives read, but cannot write
    for role in [Role::Viewer, Role::Executive] {
        let v = app.client();
        v.login(&x.user(role)).await;
        let reg = v.get("/staff/procurement/2567").await;
        assert_eq!(reg.status, 200);
        assert!(reg.body.contains("&#60;b&#62;กองคลัง"));
        assert!(!reg.body.contains("id=\"new-record\""));
        assert!(
            !reg.body.contains("href=\"/staff/procurement\""),
            "no menu link for {role:?}"
        );
        assert_eq!(v.get(NEW).await.status, 403);
        assert_eq!(v.get(&edit).await.status, 403);
        let token = v.csrf("/staff/procurement/2567/plan").await;
        let mut fields = form(&[]);
        fields.push(("csrf".into(), token.clone()));
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(v.post_raw(NEW, &pairs).await.status, 403);
        assert_eq!(v.post_raw(&edit, &pairs).await.status, 403);
        assert_eq!(
            v.post_raw(
                &format!("/staff/procurement/2567/{id}/delete"),
                &[("csrf", token.as_str()), ("confirm", "yes")]
            )
            .await
            .status,
            403
        );
    }
    assert_eq!(
        s.procurements_of_year(&x.scope, fy()).await.unwrap().len(),
        1
    );

    // delete: a confirmation first
    let del = format!("/staff/procurement/2567/{id}/delete");
    let p = c.get(&del).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("pstaff."));
    assert!(p.body.contains("&#60;b&#62;กองคลัง"));
    assert!(p.body.contains("name=\"confirm\" value=\"yes\""));
    let p = c.post_form(&del, &del, &[]).await;
    assert_eq!(p.status, 200, "asked again, not deleted");
    assert!(s.procurement(&x.scope, id).await.is_ok());
    let p = c.post_form(&del, &del, &[("confirm", "yes")]).await;
    assert_eq!(p.status, 303);
    assert_eq!(
        p.location.as_deref(),
        Some("/staff/procurement/2567?deleted=1")
    );
    assert!(matches!(
        s.procurement(&x.scope, id).await,
        Err(StoreError::NotFound)
    ));
    assert!(c
        .get("/staff/procurement/2567?deleted=1")
        .await
        .body
        .contains("ลบรายการแล้ว"));
    app.stop().await;
});

/// The rows of a plan form: `(project, budget, source, method, month)`.
fn plan_rows(plan_id: i64, rows: &[(&str, &str, &str, &str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("plan_id".to_string(), plan_id.to_string()),
        ("approved_on".into(), "1/10/2566".into()),
        ("note".into(), "แผนการจัดซื้อจัดจ้างประจำปี".into()),
        ("action".into(), "save".into()),
    ];
    for (i, (project, budget, source, method, month)) in rows.iter().enumerate() {
        for (k, v) in [
            ("project", project),
            ("budget", budget),
            ("source", source),
            ("method", method),
            ("month", month),
        ] {
            f.push((format!("item_{i}_{k}"), v.to_string()));
        }
    }
    f
}

both_backends!(plan_journey, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let y = app.seed_agency("agency-y").await;
    let s = app.db.store.clone();
    let c = app.client();
    c.login(&x.user(Role::UnitStaff)).await;
    let plan = "/staff/procurement/2567/plan";

    let p = c.get(plan).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("ยังไม่มีแผนการจัดซื้อจัดจ้างของปีนี้"));
    assert!(!p.body.contains("pstaff."));
    let p = c
        .post_form(
            plan,
            &format!("{plan}/new-revision"),
            &[("rev_approved_on", "1/10/2566"), ("rev_note", "")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let first = s.latest_plan(&x.scope, fy()).await.unwrap().unwrap();
    assert_eq!(first.revision, 1);
    assert_eq!(first.approved_on, Some(d(2023, 10, 1)));
    let p = c.get(plan).await;
    assert!(p
        .body
        .contains(&format!("name=\"plan_id\" value=\"{}\"", first.id)));
    assert!(p.body.contains("name=\"item_0_month\""));
    assert!(
        p.body
            .contains("<option value=\"2023-10\">ต.ค. 2566</option>"),
        "the twelve months in BE"
    );

    // errors per row, nothing saved, every row kept
    let rows = [
        (
            "ก่อสร้างถนน คสล. หมู่ที่ ๓",
            "1,450,000",
            "เงินงบประมาณ",
            "e_bidding",
            "2024-01",
        ),
        (
            "จัดซื้อครุภัณฑ์คอมพิวเตอร์ <b>สำนักปลัด</b>",
            "abc",
            "เงินงบประมาณ",
            "specific",
            "2024-03",
        ),
        ("ซ่อมแซมฝายน้ำล้น", "350000", "", "e_bidding", "2024-05"),
    ];
    let p = post(&c, plan, plan, &plan_rows(first.id, &rows)).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("รายการที่ 2: จำนวนเงินไม่ถูกต้อง"), "{}", p.body);
    assert!(p.body.contains("รายการที่ 3: ยังไม่ได้กรอกแหล่งที่มาของงบประมาณ"));
    assert!(p.body.contains("value=\"ก่อสร้างถนน คสล. หมู่ที่ ๓\""));
    assert!(p.body.contains("&#60;b&#62;สำนักปลัด&#60;/b&#62;") && !p.body.contains("<b>สำนักปลัด"));
    assert!(s
        .latest_plan(&x.scope, fy())
        .await
        .unwrap()
        .unwrap()
        .items
        .is_empty());
    // more rows keep the input
    let mut more = plan_rows(first.id, &rows);
    more.iter_mut().find(|(k, _)| k == "action").unwrap().1 = "more".into();
    let p = post(&c, plan, plan, &more).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("name=\"item_7_project\""));
    assert!(p.body.contains("value=\"ซ่อมแซมฝายน้ำล้น\""));

    // saved
    let good = [
        rows[0],
        (
            "จัดซื้อครุภัณฑ์คอมพิวเตอร์ <b>สำนักปลัด</b>",
            "96,000",
            "เงินงบประมาณ",
            "specific",
            "2024-03",
        ),
    ];
    let p = post(&c, plan, plan, &plan_rows(first.id, &good)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let saved = s.latest_plan(&x.scope, fy()).await.unwrap().unwrap();
    assert_eq!(saved.items.len(), 2);
    assert_eq!(saved.items[0].budget, baht(1_450_000));
    assert_eq!(saved.items[1].method, Method::Specific);
    assert_eq!(saved.items[1].expected_month.to_string(), "2024-03");

    // a new revision is a copy; the earlier one refuses edits
    let p = c
        .post_form(
            plan,
            &format!("{plan}/new-revision"),
            &[
                ("rev_approved_on", "1/2/2567"),
                ("rev_note", "ปรับปรุงครั้งที่ ๑"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let second = s.latest_plan(&x.scope, fy()).await.unwrap().unwrap();
    assert_eq!(second.revision, 2);
    assert_eq!(second.items, saved.items);
    let p = post(&c, plan, plan, &plan_rows(first.id, &good[..1])).await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("แก้ไขได้เฉพาะแผนฉบับล่าสุด"), "{}", p.body);
    assert_eq!(
        s.plan_revision(&x.scope, first.id)
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    // the latest: one row removed
    let mut removal = plan_rows(second.id, &good);
    removal.push(("item_1_remove".into(), "1".into()));
    let p = post(&c, plan, plan, &removal).await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(
        s.latest_plan(&x.scope, fy())
            .await
            .unwrap()
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        s.plan_revision(&x.scope, first.id)
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    let p = c.get(plan).await;
    assert!(p.body.contains("ฉบับแรก") && p.body.contains("ปรับปรุงครั้งที่ 1"));
    assert!(!p.body.contains("pstaff."));
    assert!(p.body.contains("ฉบับก่อนหน้าแก้ไขไม่ได้"));
    assert!(p
        .body
        .contains(&format!("name=\"plan_id\" value=\"{}\"", second.id)));

    // another agency's plan is not found; viewers read but cannot write
    let theirs = s
        .create_plan_revision(&y.scope, &Actor::system("t"), fy(), &Default::default())
        .await
        .unwrap();
    assert_eq!(
        post(&c, plan, plan, &plan_rows(theirs.id, &good))
            .await
            .status,
        404
    );
    assert!(s
        .plan_revision(&y.scope, theirs.id)
        .await
        .unwrap()
        .items
        .is_empty());
    let v = app.client();
    v.login(&x.user(Role::Viewer)).await;
    let p = v.get(plan).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("ก่อสร้างถนน คสล. หมู่ที่ ๓"));
    assert!(!p.body.contains("name=\"plan_id\""));
    let token = v.csrf(plan).await;
    let mut fields = plan_rows(second.id, &good);
    fields.push(("csrf".into(), token.clone()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(v.post_raw(plan, &pairs).await.status, 403);
    assert_eq!(
        v.post_raw(&format!("{plan}/new-revision"), &[("csrf", token.as_str())])
            .await
            .status,
        403
    );
    assert_eq!(s.plan_revisions(&x.scope, fy()).await.unwrap().len(), 2);
    app.stop().await;
});

both_backends!(annual_report_text, |db: TestDb| async move {
    let app = TestApp::spawn(db).await;
    let x = app.seed_agency("agency-x").await;
    let s = app.db.store.clone();
    let actor = Actor::system("t");
    let specific = Record {
        reference_price: Some(baht(10_000)),
        bidders: vec![Bidder {
            name: "ร้านสมใจพาณิชย์".into(),
            offer: baht(9_000),
        }],
        winner: Some("ร้านสมใจพาณิชย์".into()),
        award_price: Some(baht(9_000)),
        reason: "ราคาต่ำสุด".into(),
        contract_date: Some(d(2023, 11, 2)),
        ..Record::new(fy(), "จัดซื้อวัสดุ", baht(10_000), Method::Specific)
    };
    s.create_procurement(&x.scope, &actor, &specific)
        .await
        .unwrap();
    s.create_procurement(
        &x.scope,
        &actor,
        &Record::new(fy(), "ก่อสร้างถนน", baht(990_000), Method::EBidding),
    )
    .await
    .unwrap();
    let c = app.client();
    c.login(&x.user(Role::UnitStaff)).await;
    let report = "/staff/procurement/2567/report";
    let p = c.get(report).await;
    assert_eq!(p.status, 200);
    assert!(!p.body.contains("pstaff."));
    assert!(p
        .body
        .contains("<span class=\"value\" id=\"k-count\">2</span>"));
    assert!(p.body.contains("1,000,000.00"), "total budget");
    assert!(p
        .body
        .contains("<span class=\"value\" id=\"k-specific\">50.00</span>"));
    assert!(p
        .body
        .contains("<span class=\"value\" id=\"k-savings\">1,000.00</span>"));
    assert!(p.body.contains("ร้อยละ 10.00 ของราคากลาง · จาก 1 รายการ"));
    assert!(p.body.contains("/agency-x/procurement/2567/annual.pdf"));

    let problems = "ผู้ขายน้อยราย <script>alert(1)</script>\r\nบรรทัดที่สอง";
    let p = c
        .post_form(
            report,
            report,
            &[("problems", problems), ("improvements", "จัดอบรมเจ้าหน้าที่")],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let notes = s.procurement_report_notes(&x.scope, fy()).await.unwrap();
    assert_eq!(
        notes.problems,
        "ผู้ขายน้อยราย <script>alert(1)</script>\nบรรทัดที่สอง"
    );
    assert_eq!(notes.improvements, "จัดอบรมเจ้าหน้าที่");
    let p = c.get(&format!("{report}?saved=1")).await;
    assert!(p.body.contains("บันทึกแล้ว"));
    assert!(
        p.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            && !p.body.contains("<script>alert")
    );
    assert!(p.body.contains(">จัดอบรมเจ้าหน้าที่</textarea>"));

    // too long: refused in Thai, what was typed kept, the saved text unchanged
    let long = "ก".repeat(10_001);
    let p = c
        .post_form(
            report,
            report,
            &[("problems", &long), ("improvements", "ใหม่")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("ข้อความยาวเกิน"), "{}", p.body);
    assert!(p.body.contains(">ใหม่</textarea>"));
    assert_eq!(
        s.procurement_report_notes(&x.scope, fy()).await.unwrap(),
        notes
    );

    // an executive reads the text, cannot change it
    let e = app.client();
    e.login(&x.user(Role::Executive)).await;
    let p = e.get(report).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("จัดอบรมเจ้าหน้าที่") && !p.body.contains("<textarea"));
    let token = e.csrf(report).await;
    assert_eq!(
        e.post_raw(
            report,
            &[
                ("csrf", token.as_str()),
                ("problems", "x"),
                ("improvements", "y")
            ]
        )
        .await
        .status,
        403
    );
    assert_eq!(
        s.procurement_report_notes(&x.scope, fy()).await.unwrap(),
        notes
    );
    app.stop().await;
});
