//! The demo agency's integrity registers (synthetic, every row marked "ข้อมูลสาธิต"): FY 2566's
//! activities of the three kinds and its gifts, FY 2565's gifts (for FY 2566's O33, whose data
//! year is the previous one), each yearly report submitted by the coordinator and acknowledged
//! by the executive — so O32, O33 and O40 of FY 2566 fill. Once: a year that already has rows
//! is left alone.

use chrono::NaiveDate;
use prongsai_domain::calendar::FiscalYear;
use prongsai_domain::integrity::{
    Activity, ActivityKind, Gift, GiverKind, Handling, GIFT_REPORT_KIND,
};
use prongsai_domain::procurement::Money;
use prongsai_domain::tenancy::Role;

use crate::signoff::SignKey;
use crate::{Actor, AgencyScope, Result, Store, StoreError};

const DEMO: &str = " (ข้อมูลสาธิต)";

fn d(y: i32, m: u32, day: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| StoreError::Other("demo date".into()))
}

fn baht(b: i64) -> Result<Money> {
    Money::from_baht(b).ok_or_else(|| StoreError::Other("demo amount".into()))
}

/// FY 2565's ethics assessment of the officials: FY 2566's O41 reports the year before.
fn ethics_assessment_2565() -> Result<Activity> {
    Ok(Activity {
        kind: ActivityKind::EthicsAssessment,
        title: format!("ประเมินพฤติกรรมทางจริยธรรมของพนักงานส่วนตำบลและพนักงานจ้าง ประจำปี{DEMO}"),
        start: d(2022, 8, 29)?,
        end: Some(d(2022, 9, 9)?),
        place: "องค์การบริหารส่วนตำบล".into(),
        description: format!(
            "ประเมินตามประมวลจริยธรรมโดยผู้บังคับบัญชาชั้นต้น ผ่านเกณฑ์ ๒๔ คน ต้องพัฒนา ๑ คน (ส่งเข้าอบรมเพิ่มเติม){DEMO}"
        ),
        participants: 25,
        executives: vec![],
        links: vec![],
        document_ids: vec![],
    })
}

fn activities() -> Result<Vec<Activity>> {
    let mayor = "นายสมชาย ใจดี นายกองค์การบริหารส่วนตำบล".to_string();
    let clerk = "นางสาวสาธิต รักงาน ปลัดองค์การบริหารส่วนตำบล".to_string();
    let a =
        |kind, title: &str, start, end, place: &str, desc: &str, n, execs: Vec<String>| Activity {
            kind,
            title: format!("{title}{DEMO}"),
            start,
            end,
            place: place.into(),
            description: format!("{desc}{DEMO}"),
            participants: n,
            executives: execs,
            links: vec![],
            document_ids: vec![],
        };
    Ok(vec![
        a(
            ActivityKind::NoGiftCulture,
            "ประชุมชี้แจงนโยบาย No Gift Policy และแนวปฏิบัติการไม่รับของขวัญ",
            d(2022, 11, 7)?,
            None,
            "ห้องประชุมองค์การบริหารส่วนตำบล",
            "ผู้บริหารชี้แจงนโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ เจ้าหน้าที่ทุกคนรับทราบและลงนามแสดงเจตนารมณ์",
            38,
            vec![mayor.clone(), clerk.clone()],
        ),
        a(
            ActivityKind::NoGiftCulture,
            "รณรงค์ \"งดให้ งดรับ ของขวัญ\" ช่วงเทศกาลปีใหม่",
            d(2022, 12, 20)?,
            Some(d(2023, 1, 10)?),
            "สำนักงานและเว็บไซต์ของหน่วยงาน",
            "ติดป้ายประชาสัมพันธ์และเผยแพร่ประกาศงดรับของขวัญแก่ผู้มาติดต่อราชการและผู้ประกอบการ",
            120,
            vec![],
        ),
        a(
            ActivityKind::NoGiftCulture,
            "สัมมนาเรื่องผลประโยชน์ทับซ้อนและการรับทรัพย์สินโดยธรรมจรรยา",
            d(2023, 5, 18)?,
            None,
            "หอประชุมอำเภอ",
            "วิทยากรจากสำนักงาน ป.ป.ช. ประจำจังหวัดบรรยาย เจ้าหน้าที่ทำแบบทดสอบหลังอบรมผ่านร้อยละ ๙๒",
            42,
            vec![clerk.clone()],
        ),
        a(
            ActivityKind::Ethics,
            "แต่งตั้งคณะทำงานขับเคลื่อนจริยธรรมของหน่วยงาน",
            d(2022, 10, 17)?,
            None,
            "องค์การบริหารส่วนตำบล",
            "คำสั่งแต่งตั้งคณะทำงาน ๗ คน ทำหน้าที่ให้คำปรึกษาและติดตามการปฏิบัติตามประมวลจริยธรรม",
            7,
            vec![mayor.clone()],
        ),
        a(
            ActivityKind::Ethics,
            "จัดทำและเผยแพร่แนวปฏิบัติ Dos & Don'ts ด้านจริยธรรม",
            d(2023, 1, 16)?,
            None,
            "เว็บไซต์และบอร์ดประชาสัมพันธ์",
            "เผยแพร่แนวปฏิบัติสิ่งที่ควรทำและไม่ควรทำสำหรับเจ้าหน้าที่ ๑๐ ข้อ",
            0,
            vec![],
        ),
        a(
            ActivityKind::Ethics,
            "อบรมคุณธรรมจริยธรรมและการป้องกันการทุจริต",
            d(2023, 3, 15)?,
            Some(d(2023, 3, 16)?),
            "ห้องประชุมองค์การบริหารส่วนตำบล",
            "เจ้าหน้าที่และพนักงานจ้างเข้ารับการอบรมที่สอดแทรกสาระด้านจริยธรรม",
            45,
            vec![mayor.clone(), clerk.clone()],
        ),
        a(
            ActivityKind::ExecutiveParticipation,
            "ผู้บริหารประกาศเจตจำนงสุจริตต่อเจ้าหน้าที่และประชาชน",
            d(2022, 10, 3)?,
            None,
            "ห้องประชุมองค์การบริหารส่วนตำบล",
            "นายกประกาศเจตจำนงสุจริตในการบริหารงาน และมอบนโยบายการส่งเสริมคุณธรรมและความโปร่งใส",
            40,
            vec![mayor.clone(), clerk.clone()],
        ),
        a(
            ActivityKind::EthicsAssessment,
            "ประเมินพฤติกรรมทางจริยธรรมของพนักงานส่วนตำบลและพนักงานจ้าง ประจำปี",
            d(2023, 8, 28)?,
            Some(d(2023, 9, 8)?),
            "องค์การบริหารส่วนตำบล",
            "ประเมินตามประมวลจริยธรรมโดยผู้บังคับบัญชาชั้นต้น ผ่านเกณฑ์ทุกคน ไม่พบการฝ่าฝืนจริยธรรม",
            26,
            vec![],
        ),
        a(
            ActivityKind::ExecutiveParticipation,
            "ผู้บริหารติดตามผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            d(2023, 4, 24)?,
            None,
            "ห้องประชุมองค์การบริหารส่วนตำบล",
            "ประชุมติดตามผลรอบ ๖ เดือน และสั่งการให้ปรับปรุงการเผยแพร่ข้อมูลที่ยังไม่ครบถ้วน",
            15,
            vec![mayor, clerk],
        ),
    ])
}

fn gift(
    received_on: NaiveDate,
    giver: &str,
    kind: GiverKind,
    what: &str,
    value: Money,
    handling: Handling,
    occasion: &str,
) -> Gift {
    Gift {
        received_on,
        giver: format!("{giver}{DEMO}"),
        giver_kind: kind,
        from_relative: false,
        description: what.into(),
        value,
        recipient: "นายสมหมาย ช่างดี".into(),
        recipient_position: "นายช่างโยธา".into(),
        occasion: occasion.into(),
        handling,
        handling_note: String::new(),
        reported_on: received_on.succ_opt(),
        accept_over_limit: false,
    }
}

fn gifts(year: FiscalYear) -> Result<Vec<Gift>> {
    let y = year
        .start()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap_or(2022)
        + 1;
    Ok(vec![
        gift(
            d(y, 1, 3)?,
            "ห้างหุ้นส่วนจำกัด ก่อสร้างสาธิต",
            GiverKind::Organisation,
            "กระเช้าของขวัญปีใหม่",
            baht(1_800)?,
            Handling::Returned,
            "เทศกาลปีใหม่",
        ),
        gift(
            d(y, 4, 11)?,
            "บริษัท วัสดุสาธิต จำกัด",
            GiverKind::Organisation,
            "ชุดเครื่องเขียนและของที่ระลึก",
            baht(2_500)?,
            Handling::HandedToAgency,
            "เทศกาลสงกรานต์",
        ),
    ])
}

/// Seed the demo agency's registers and sign their reports (see the module documentation).
/// Returns how many rows were added.
pub async fn seed_demo(store: &Store, scope: &AgencyScope, agency: &str) -> Result<usize> {
    let actor = Actor::system("demo");
    let (y65, y66) = match (FiscalYear::new(2565), FiscalYear::new(2566)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Ok(0),
    };
    let mut n = 0;
    if store
        .integrity_activities(scope, y66, None)
        .await?
        .is_empty()
    {
        for a in activities()? {
            store
                .create_integrity_activity(scope, &actor, y66, &a)
                .await?;
            n += 1;
        }
    }
    if store
        .integrity_activities(scope, y65, Some(ActivityKind::EthicsAssessment))
        .await?
        .is_empty()
    {
        store
            .create_integrity_activity(scope, &actor, y65, &ethics_assessment_2565()?)
            .await?;
        n += 1;
    }
    for year in [y65, y66] {
        if store.integrity_gifts(scope, year).await?.is_empty() {
            for g in gifts(year)? {
                store.create_integrity_gift(scope, &actor, year, &g).await?;
                n += 1;
            }
        }
    }
    let users = store.list_users(scope).await?;
    let first = |role: Role| {
        users
            .iter()
            .find(|u| u.role() == role)
            .map(|u| Actor::user(u.id, &u.username))
    };
    let (Some(coordinator), Some(executive)) = (first(Role::AgencyAdmin), first(Role::Executive))
    else {
        return Ok(n);
    };
    for kind in ActivityKind::ALL {
        let content = store
            .integrity_activity_report(scope, y66, kind, agency, d(2023, 9, 25)?)
            .await?;
        store
            .sign_off_at_once(
                scope,
                &coordinator,
                &executive,
                SignKey::year(kind.code(), y66),
                &format!("{} ประจำปีงบประมาณ พ.ศ. 2566", kind.report_title_th()),
                &content,
                &format!("รับทราบ{DEMO}"),
            )
            .await?;
    }
    let kind = ActivityKind::EthicsAssessment;
    let content = store
        .integrity_activity_report(scope, y65, kind, agency, d(2022, 9, 26)?)
        .await?;
    store
        .sign_off_at_once(
            scope,
            &coordinator,
            &executive,
            SignKey::year(kind.code(), y65),
            &format!("{} ประจำปีงบประมาณ พ.ศ. 2565", kind.report_title_th()),
            &content,
            &format!("รับทราบ{DEMO}"),
        )
        .await?;
    for (year, prepared) in [(y65, d(2022, 10, 10)?), (y66, d(2023, 10, 9)?)] {
        let content = store
            .integrity_gift_report(scope, year, agency, prepared)
            .await?;
        store
            .sign_off_at_once(
                scope,
                &coordinator,
                &executive,
                SignKey::year(GIFT_REPORT_KIND, year),
                &format!(
                    "รายงานผลตามนโยบาย No Gift Policy ประจำปีงบประมาณ พ.ศ. {}",
                    year.be()
                ),
                &content,
                &format!("รับทราบ{DEMO}"),
            )
            .await?;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::both_backends;
    use crate::testdb::TestDb;

    both_backends!(the_demo_is_valid_and_signed_once, |db: TestDb| async move {
        let s = &db.store;
        crate::demo::seed_demo(s).await.unwrap();
        let (scope, _) = s
            .agency_by_slug(crate::demo::DEMO_SLUG)
            .await
            .unwrap()
            .unwrap();
        let n = seed_demo(s, &scope, "อบต.สาธิต").await.unwrap();
        // FY 2566: 9 activities (one an ethics assessment); FY 2565: its ethics assessment; 4 gifts
        assert_eq!(n, 9 + 1 + 4);
        assert_eq!(seed_demo(s, &scope, "อบต.สาธิต").await.unwrap(), 0);
        let y66 = FiscalYear::new(2566).unwrap();
        for kind in ActivityKind::ALL {
            let signed = s
                .acknowledged_signed(&scope, SignKey::year(kind.code(), y66))
                .await
                .unwrap()
                .expect("signed");
            assert_eq!(signed.version, 1);
        }
        // FY 2565's ethics assessment answers FY 2566's O41 (data year previous)
        let kind = ActivityKind::EthicsAssessment;
        assert!(s
            .acknowledged_signed(
                &scope,
                SignKey::year(kind.code(), FiscalYear::new(2565).unwrap())
            )
            .await
            .unwrap()
            .is_some());
        let g65 = s
            .acknowledged_signed(
                &scope,
                SignKey::year(GIFT_REPORT_KIND, FiscalYear::new(2565).unwrap()),
            )
            .await
            .unwrap()
            .unwrap();
        let c: prongsai_domain::integrity::GiftReport = g65.content().unwrap().unwrap();
        assert_eq!(c.gifts.len(), 2);
        assert!(c.gifts.iter().all(|g| g.giver.contains("ข้อมูลสาธิต")));
    });
}
