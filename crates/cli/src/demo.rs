//! The demo agency's work: the real sample report as FY 2566's measures (signed off as the
//! real one was) and as this year's (dates moved, statuses mixed), and FY 2566's disclosures:
//! generated documents for the items the demo has data for, so that the portal shows complete
//! items, and the rest missing with their reasons.

use prongsai_store::{Actor, Store};

use crate::Failure;

/// The demo agency's measures, each year seeded once:
/// - FY 2566: its real, public O43 report, with steps assigned to units and marked done, and
///   the six-month round submitted by the coordinator and acknowledged by the mayor;
/// - the current fiscal year: the same measures moved to this year's dates (every BE year in
///   the text shifted), without progress, some steps done and some late, so the dashboard,
///   reminders and calendar have something to show. Marked as demo data in the title.
pub(crate) async fn seed_demo_measures(store: &Store) -> Result<(), Failure> {
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::measures::{may_edit_line, StepStatus};
    use prongsai_domain::tenancy::Role;
    const SAMPLE: &str = include_str!("../../../assets/samples/krathok-o43-2566-h1.txt");
    let Some((scope, _)) = store
        .agency_by_slug(prongsai_store::demo::DEMO_SLUG)
        .await?
    else {
        return Ok(());
    };
    let internal = |e: prongsai_domain::calendar::CalendarError| Failure::Internal(e.message_en());
    let sample_year = FiscalYear::new(2566).map_err(internal)?;
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let current = FiscalYear::containing(today);
    let users = store.list_users(&scope).await?;
    let units = store.list_units(&scope).await?;
    let by_role = |r: Role| users.iter().find(|u| u.role() == r);
    let actor_of = |r: Role| {
        by_role(r)
            .map(|u| Actor::user(u.id, &u.username))
            .unwrap_or_else(|| Actor::system("demo"))
    };
    let coordinator = actor_of(Role::AgencyAdmin);
    let mayor = actor_of(Role::Executive);
    for fy in [sample_year, current] {
        if store.count_measures(&scope, fy).await? > 0 {
            continue;
        }
        let shift = fy.be() - sample_year.be();
        let text = shift_be_years(SAMPLE, shift);
        let mut doc = prongsai_docs::import::report_text::parse_report_text(text.as_bytes())
            .map_err(|e| Failure::Internal(format!("demo sample: {e:?}")))?
            .document;
        if shift != 0 {
            for r in &mut doc.rows {
                r.progress.clear();
            }
            if let Some(t) = doc.title.first_mut() {
                *t = format!("{t} (ข้อมูลสาธิต)");
            }
            doc.title.truncate(1);
        }
        store
            .import_measures(&scope, &coordinator, fy, &doc)
            .await?;
        // each step and reporting line goes to the unit its measure names as responsible
        // (else สำนักปลัด)
        let measures = store.measures_with_lines(&scope, fy).await?;
        for (i, (_, lines)) in measures.iter().enumerate() {
            let responsible: String = lines
                .iter()
                .filter(|l| l.column_kind == "responsible")
                .map(|l| l.text.as_str())
                .collect();
            let unit = units
                .iter()
                .filter(|u| !u.name_th.contains('('))
                .find(|u| responsible.contains(&u.name_th))
                .or_else(|| units.first());
            for (k, l) in lines
                .iter()
                .filter(|l| l.column_kind == "step" || l.column_kind == "schedule")
                .enumerate()
            {
                let due_passed = l.due_end.is_some_and(|d| d < today);
                // the sample year is all done; this year, past steps are done but one per
                // measure is left late, and one is under way
                let status = if shift == 0 || (due_passed && k % 3 != 1) {
                    StepStatus::Done
                } else if k == 0 {
                    StepStatus::InProgress
                } else {
                    StepStatus::NotStarted
                };
                store
                    .update_line(
                        &scope,
                        &coordinator,
                        l.id,
                        prongsai_store::measures::LineUpdate {
                            status,
                            note: (status == StepStatus::InProgress && i == 0)
                                .then(|| "ข้อมูลสาธิต: กำลังรวบรวมข้อมูล".to_string()),
                            done_on: (status == StepStatus::Done)
                                .then(|| l.due_end.unwrap_or(today).min(today)),
                            owner_unit_id: Some(unit.map(|u| u.id)),
                        },
                        |o| may_edit_line(Role::AgencyAdmin, None, o),
                    )
                    .await?;
            }
        }
        // the sample's six-month round, signed off as the real one was
        if shift == 0 {
            for r in store.report_rounds(&scope, fy).await? {
                store.submit_round(&scope, &coordinator, r.id).await?;
                store
                    .acknowledge_round(&scope, &mayor, r.id, Some("รับทราบ (ข้อมูลสาธิต)".into()))
                    .await?;
            }
        }
    }
    Ok(())
}

/// Add `delta` to every Buddhist-Era year written in Thai digits (e.g. ๒๕๖๖) in `text`.
fn shift_be_years(text: &str, delta: i32) -> String {
    use prongsai_domain::calendar::{to_ascii_digits, to_thai_digits};
    if delta == 0 {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let thai = |c: char| ('๐'..='๙').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if thai(chars[i]) {
            let mut j = i;
            while j < chars.len() && thai(chars[j]) {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            match to_ascii_digits(&run).parse::<i32>() {
                Ok(y) if j - i == 4 && (2500..2700).contains(&y) => {
                    out.push_str(&to_thai_digits(&(y + delta).to_string()))
                }
                _ => out.push_str(&run),
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// One generated document of the demo and the item it answers.
struct DemoDoc {
    code: &'static str,
    kind: &'static str,
    title: String,
    paragraphs: Vec<String>,
    table: Option<(Vec<&'static str>, Vec<Vec<String>>)>,
    /// The fiscal year whose data it shows (`None`: standing information).
    data_year: Option<i32>,
    period: Option<String>,
    published: chrono::NaiveDate,
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

const DEMO_NOTE: &str = "เอกสารนี้เป็นข้อมูลสาธิตของระบบโปร่งใส จัดทำขึ้นเพื่อแสดงการเผยแพร่ข้อมูลตามเกณฑ์ ITA";

fn demo_docs() -> Vec<DemoDoc> {
    let standing = |code, kind, title: &str, paragraphs: Vec<&str>| DemoDoc {
        code,
        kind,
        title: title.to_owned(),
        paragraphs: paragraphs.into_iter().map(str::to_owned).collect(),
        table: None,
        data_year: None,
        period: None,
        published: d(2022, 10, 3),
    };
    let mut docs = vec![
        DemoDoc {
            table: Some((
                vec!["ลำดับ", "ส่วนราชการ", "หัวหน้าส่วนราชการ"],
                vec![
                    vec!["1".into(), "สำนักปลัด".into(), "หัวหน้าสำนักปลัด".into()],
                    vec!["2".into(), "กองคลัง".into(), "ผู้อำนวยการกองคลัง".into()],
                    vec!["3".into(), "กองช่าง".into(), "ผู้อำนวยการกองช่าง".into()],
                    vec!["4".into(), "กองการศึกษา ศาสนาและวัฒนธรรม".into(), "ผู้อำนวยการกองการศึกษาฯ".into()],
                ],
            )),
            ..standing("O1", "รายงาน", "โครงสร้างส่วนราชการขององค์การบริหารส่วนตำบลกระโทก", vec![
                "องค์การบริหารส่วนตำบลกระโทกแบ่งส่วนราชการตามแผนอัตรากำลัง ๓ ปี ดังนี้",
            ])
        },
        DemoDoc {
            table: Some((
                vec!["ลำดับ", "ชื่อ - สกุล", "ตำแหน่ง", "โทรศัพท์"],
                vec![
                    vec!["1".into(), "นายตัวอย่าง ใจดี".into(), "นายกองค์การบริหารส่วนตำบล".into(), "044-000-001".into()],
                    vec!["2".into(), "นางสาวสาธิต รักงาน".into(), "ปลัดองค์การบริหารส่วนตำบล".into(), "044-000-002".into()],
                ],
            )),
            ..standing("O2", "รายงาน", "ข้อมูลผู้บริหาร", vec!["รายชื่อผู้บริหารองค์การบริหารส่วนตำบลกระโทก พร้อมช่องทางการติดต่อ"])
        },
        standing("O3", "รายงาน", "อำนาจหน้าที่ขององค์การบริหารส่วนตำบล", vec![
            "องค์การบริหารส่วนตำบลมีอำนาจหน้าที่ในการพัฒนาตำบลทั้งในด้านเศรษฐกิจ สังคม และวัฒนธรรม ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. ๒๕๓๗ มาตรา ๖๖ มาตรา ๖๗ และมาตรา ๖๘",
            "และมีอำนาจและหน้าที่ในการจัดระบบการบริการสาธารณะเพื่อประโยชน์ของประชาชนในท้องถิ่นของตนเอง ตามพระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น พ.ศ. ๒๕๔๒",
        ]),
        standing("O4", "รายงาน", "แผนพัฒนาท้องถิ่น (พ.ศ. ๒๕๖๖ – ๒๕๗๐)", vec![
            "วิสัยทัศน์: ตำบลน่าอยู่ ประชาชนมีคุณภาพชีวิตที่ดี เศรษฐกิจพอเพียง บริหารจัดการอย่างโปร่งใส",
            "ยุทธศาสตร์การพัฒนา ๕ ด้าน ได้แก่ โครงสร้างพื้นฐาน เศรษฐกิจ สังคมและคุณภาพชีวิต ทรัพยากรธรรมชาติและสิ่งแวดล้อม และการบริหารจัดการบ้านเมืองที่ดี",
        ]),
        DemoDoc {
            table: Some((
                vec!["ลำดับ", "กฎหมาย"],
                vec![
                    vec!["1".into(), "พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. ๒๕๓๗ และที่แก้ไขเพิ่มเติม".into()],
                    vec!["2".into(), "พระราชบัญญัติกำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น พ.ศ. ๒๕๔๒".into()],
                    vec!["3".into(), "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐".into()],
                    vec!["4".into(), "พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ๒๕๖๐".into()],
                    vec!["5".into(), "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒".into()],
                ],
            )),
            ..standing("O6", "รายงาน", "กฎหมายที่เกี่ยวข้องกับการปฏิบัติงาน", vec![])
        },
        DemoDoc {
            published: d(2023, 2, 1),
            ..standing("O7", "ประกาศ", "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี ๒๕๖๖", vec![
                "ขอเชิญชวนผู้มีหน้าที่เสียภาษีที่ดินและสิ่งปลูกสร้าง ชำระภาษีได้ที่กองคลัง องค์การบริหารส่วนตำบลกระโทก ภายในเดือนเมษายน ๒๕๖๖",
            ])
        },
        standing("O10", "ประกาศ", "นโยบายคุ้มครองข้อมูลส่วนบุคคล", vec![
            "องค์การบริหารส่วนตำบลกระโทกเคารพสิทธิในความเป็นส่วนตัวของประชาชน และจะเก็บรวบรวม ใช้ หรือเปิดเผยข้อมูลส่วนบุคคลเท่าที่จำเป็นตามวัตถุประสงค์ที่แจ้งไว้ ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒",
        ]),
        DemoDoc {
            table: Some((
                vec!["ลำดับ", "โครงการ", "งบประมาณ (บาท)", "ระยะเวลา"],
                vec![
                    vec!["1".into(), "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓".into(), "480,000".into(), "ม.ค. – มี.ค. ๒๕๖๖".into()],
                    vec!["2".into(), "จัดซื้ออาหารเสริม (นม) โรงเรียนในเขตตำบล".into(), "1,250,000".into(), "ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖".into()],
                    vec!["3".into(), "ส่งเสริมคุณธรรมจริยธรรมบุคลากร".into(), "30,000".into(), "มิ.ย. ๒๕๖๖".into()],
                ],
            )),
            data_year: Some(2566),
            published: d(2022, 11, 15),
            ..standing("O11", "รายงาน", "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", vec![])
        },
        DemoDoc {
            data_year: Some(2565),
            published: d(2022, 11, 30),
            ..standing("O13", "รายงาน", "รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. ๒๕๖๕", vec![
                "ในปีงบประมาณ พ.ศ. ๒๕๖๕ องค์การบริหารส่วนตำบลกระโทกดำเนินโครงการตามแผนการดำเนินงาน ๔๒ โครงการ จากทั้งหมด ๔๘ โครงการ คิดเป็นร้อยละ ๘๗.๕๐",
            ])
        },
        standing("O14", "รายงาน", "คู่มือการปฏิบัติงานด้านการจัดเก็บรายได้", vec![
            "คู่มือนี้อธิบายขั้นตอนการรับชำระภาษี การออกใบเสร็จรับเงิน และการนำส่งเงิน เพื่อให้การปฏิบัติงานเป็นมาตรฐานเดียวกัน",
        ]),
        standing("O15", "รายงาน", "คู่มือสำหรับประชาชน: การขออนุญาตก่อสร้างอาคาร", vec![
            "ผู้ขออนุญาตยื่นคำขอพร้อมเอกสารที่กองช่าง ระยะเวลาดำเนินการไม่เกิน ๔๕ วัน ไม่มีค่าธรรมเนียมนอกเหนือจากที่กฎหมายกำหนด",
        ]),
        DemoDoc {
            table: Some((
                vec!["ลำดับ", "รายการ", "วงเงิน (บาท)", "วิธีการ", "ช่วงเวลา"],
                vec![
                    vec!["1".into(), "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๓".into(), "480,000".into(), "เฉพาะเจาะจง".into(), "ม.ค. ๒๕๖๖".into()],
                    vec!["2".into(), "จัดซื้ออาหารเสริม (นม)".into(), "1,250,000".into(), "เฉพาะเจาะจง".into(), "ต.ค. ๒๕๖๕".into()],
                    vec!["3".into(), "ปรับปรุงอาคารศูนย์พัฒนาเด็กเล็ก".into(), "2,100,000".into(), "e-bidding".into(), "ก.พ. ๒๕๖๖".into()],
                ],
            )),
            data_year: Some(2566),
            published: d(2022, 10, 20),
            ..standing("O19", "ประกาศ", "เผยแพร่แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", vec![])
        },
        standing("O27", "ประกาศ", "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", vec![
            "เรื่องร้องเรียนทุกเรื่องจะได้รับการลงทะเบียนภายใน ๑ วันทำการ แจ้งผู้ร้องภายใน ๑๕ วัน และรายงานผู้บริหารทราบทุกเดือน ผู้ร้องเรียนจะได้รับการคุ้มครองและปกปิดข้อมูล",
        ]),
    ];
    // monthly procurement summaries, October 2022 to August 2023: September is left missing,
    // so the portal shows a late item with its reason
    for (i, m) in [10u32, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8]
        .into_iter()
        .enumerate()
    {
        let year = if m >= 10 { 2022 } else { 2023 };
        let month = prongsai_domain::calendar::month_name_th(m);
        let be = year + 543;
        let next = if m == 12 {
            d(year + 1, 1, 10)
        } else {
            d(year, m + 1, 10)
        };
        docs.push(DemoDoc {
            code: "O21",
            kind: "รายงาน",
            title: format!("สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือน{month} {be}"),
            paragraphs: vec![],
            table: Some((
                vec![
                    "ลำดับ",
                    "งานที่จัดซื้อจัดจ้าง",
                    "วงเงิน (บาท)",
                    "วิธีซื้อ/จ้าง",
                    "ผู้ได้รับการคัดเลือกและราคา",
                ],
                vec![
                    vec![
                        "1".into(),
                        "จัดซื้อวัสดุสำนักงาน".into(),
                        format!("{},500", 8 + i),
                        "เฉพาะเจาะจง".into(),
                        format!("ร้านตัวอย่างพาณิชย์ {},450 บาท", 8 + i),
                    ],
                    vec![
                        "2".into(),
                        "จ้างซ่อมแซมรถบรรทุกน้ำ".into(),
                        "12,000".into(),
                        "เฉพาะเจาะจง".into(),
                        "อู่สาธิตการช่าง 11,800 บาท".into(),
                    ],
                ],
            )),
            data_year: Some(2566),
            period: Some(format!("month:{m}")),
            published: next,
        });
    }
    docs
}

/// The unit responsible for each FY 2566 item of the demo agency (by the unit's Thai name).
const DEMO_RESPONSIBLE: &[(&str, &[&str])] = &[
    (
        "สำนักปลัด",
        &[
            "O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8", "O9", "O10", "O13", "O14", "O15",
            "O16", "O17", "O18", "O27", "O28", "O29", "O30", "O31", "O32", "O33", "O34", "O35",
            "O36", "O37", "O38", "O42", "O43",
        ],
    ),
    ("กองคลัง", &["O11", "O12"]),
    ("งานพัสดุ (กองคลัง)", &["O19", "O20", "O21", "O22"]),
    (
        "งานการเจ้าหน้าที่ (สำนักปลัด)",
        &["O23", "O24", "O25", "O26", "O39", "O40", "O41"],
    ),
];

/// FY 2566's disclosures of the demo agency: generated documents for the items it has data
/// for, the contact page for O5, and the measures documents attached by themselves. Seeded
/// once (when the agency has no documents yet).
pub(crate) async fn seed_demo_disclosures(state: &prongsai_web::AppState) -> Result<(), Failure> {
    use prongsai_docs::reports::notice::{Notice, NoticeTable, Signer};
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::tenancy::Role;
    use prongsai_store::disclosure::{DocumentMeta, NewDocument, NewEvidence, Target};
    let store = &state.store;
    let Some((scope, agency)) = store
        .agency_by_slug(prongsai_store::demo::DEMO_SLUG)
        .await?
    else {
        return Ok(());
    };
    let users = store.list_users(&scope).await?;
    let coordinator = users
        .iter()
        .find(|u| u.role() == Role::AgencyAdmin)
        .map(|u| Actor::user(u.id, &u.username))
        .unwrap_or_else(|| Actor::system("demo"));
    let internal = |e: prongsai_domain::calendar::CalendarError| Failure::Internal(e.message_en());
    let fy = FiscalYear::new(2566).map_err(internal)?;
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    for year in [fy, FiscalYear::containing(today)] {
        prongsai_web::pages::disclosure::auto::attach_measures(
            store,
            &state.frameworks,
            &scope,
            &coordinator,
            &agency.slug,
            year,
        )
        .await?;
    }
    if !store.documents(&scope, None, None).await?.is_empty() {
        return Ok(());
    }
    // who answers for which items, as an อบต. usually splits them
    let units = store.list_units(&scope).await?;
    let unit = |name: &str| units.iter().find(|u| u.name_th == name).map(|u| u.id);
    for (name, codes) in DEMO_RESPONSIBLE {
        for code in *codes {
            store
                .set_disclosure(&scope, &coordinator, fy, code, unit(name), None)
                .await?;
        }
    }
    for doc in demo_docs() {
        let notice = Notice {
            agency: agency.name_th.clone(),
            kind: doc.kind.to_owned(),
            title: doc.title.clone(),
            date: Some(doc.published),
            paragraphs: doc
                .paragraphs
                .iter()
                .cloned()
                .chain(std::iter::once(DEMO_NOTE.to_owned()))
                .collect(),
            table: doc.table.as_ref().map(|(h, rows)| NoticeTable {
                header: h.iter().map(|s| s.to_string()).collect(),
                rows: rows.clone(),
            }),
            signer: Some(Signer {
                name: "นายตัวอย่าง ใจดี".into(),
                position: format!("นายก{}", agency.name_th),
            }),
            landscape: false,
        };
        let bytes = tokio::task::spawn_blocking(move || notice.pdf(true))
            .await
            .map_err(|e| Failure::Internal(format!("join: {e}")))?
            .map_err(|e| Failure::Internal(format!("demo document: {e}")))?;
        let data_year = doc
            .data_year
            .map(FiscalYear::new)
            .transpose()
            .map_err(internal)?;
        let period = data_year
            .zip(doc.period.as_deref())
            .and_then(|(y, p)| y.period(p));
        let body =
            prongsai_docs::files::extract_text(prongsai_docs::files::FileKind::Pdf, &bytes).ok();
        let (d, _) = store
            .add_document(
                &scope,
                &coordinator,
                &state.blobs,
                NewDocument {
                    file_name: format!("{}-{}.pdf", doc.code.to_lowercase(), doc.published),
                    kind: "pdf".into(),
                    bytes,
                    body,
                    meta: DocumentMeta {
                        title: doc.title.clone(),
                        unit_id: None,
                        fiscal_year: data_year,
                        period,
                        published_on: Some(doc.published),
                        public: true,
                    },
                },
            )
            .await?;
        store
            .add_evidence(
                &scope,
                &coordinator,
                fy,
                doc.code,
                NewEvidence {
                    target: Target::Document(d.id),
                    label: doc.title,
                    data_year,
                    period,
                    published_on: Some(doc.published),
                },
            )
            .await?;
    }
    store
        .add_evidence(
            &scope,
            &coordinator,
            fy,
            "O5",
            NewEvidence {
                target: Target::Page(format!("/{}", agency.slug)),
                label: "ข้อมูลการติดต่อ (ที่อยู่ โทรศัพท์ อีเมล)".into(),
                data_year: None,
                period: None,
                published_on: Some(d(2022, 10, 3)),
            },
        )
        .await?;
    Ok(())
}

/// The demo agency's e-Service catalogue: the services a typical อบต. offers online, each with
/// its form as data, and a few requests in different states (once).
pub(crate) async fn seed_demo_services(store: &Store) -> Result<(), Failure> {
    use prongsai_domain::eservice::{
        Contact, FieldDef, FieldKind, FormDef, RequestState, TrackingCode,
    };
    use prongsai_store::eservice::ServiceDraft;
    let Some((scope, _)) = store
        .agency_by_slug(prongsai_store::demo::DEMO_SLUG)
        .await?
    else {
        return Ok(());
    };
    if !store.list_services(&scope, false).await?.is_empty() {
        return Ok(());
    }
    let units = store.list_units(&scope).await?;
    let unit = |name: &str| {
        units
            .iter()
            .find(|u| u.name_th.contains(name))
            .map(|u| u.id)
    };
    let actor = Actor::system("demo");
    let field = |key: &str, th: &str, kind: FieldKind, required: bool| {
        let mut f = FieldDef::new(key, th, kind);
        f.required = required;
        f
    };
    let name = || field("name", "ชื่อ-นามสกุล", FieldKind::Text, true);
    let address = || field("address", "ที่อยู่", FieldKind::LongText, true);
    let services = vec![
        (
            "แจ้งซ่อมไฟฟ้าสาธารณะ",
            "แจ้งไฟถนนดับหรือชำรุดในเขตตำบล พร้อมภาพและตำแหน่ง",
            unit("ช่าง"),
            7,
            vec![
                name(),
                field("where", "จุดที่ชำรุด (หมู่ที่/ถนน/ใกล้สถานที่)", FieldKind::Text, true),
                field("location", "ตำแหน่งบนแผนที่", FieldKind::Location, false),
                field("photo", "ภาพถ่าย", FieldKind::Photo, false),
                field(
                    "problem",
                    "ลักษณะที่ชำรุด",
                    FieldKind::Choice {
                        options: vec!["ไฟดับ".into(), "ไฟกะพริบ".into(), "เสาหรือสายชำรุด".into()],
                    },
                    true,
                ),
            ],
            vec![],
        ),
        (
            "ขอความอนุเคราะห์รถน้ำ",
            "ขอรับน้ำอุปโภคบริโภคในช่วงขาดแคลนน้ำ",
            unit("ปลัด"),
            3,
            vec![
                name(),
                address(),
                field("litres", "ปริมาณน้ำที่ต้องการ (ลิตร)", FieldKind::Number, true),
                field("location", "ตำแหน่งบนแผนที่", FieldKind::Location, false),
            ],
            vec![],
        ),
        (
            "ขอรับความช่วยเหลือผู้ประสบภัย",
            "ผู้ประสบอุทกภัย วาตภัย อัคคีภัย ยื่นขอรับความช่วยเหลือเบื้องต้น",
            unit("ปลัด"),
            15,
            vec![
                name(),
                address(),
                field("when", "วันที่เกิดเหตุ", FieldKind::Date, true),
                field("damage", "ความเสียหาย", FieldKind::LongText, true),
                field("photo", "ภาพความเสียหาย", FieldKind::Photo, false),
            ],
            vec!["สำเนาบัตรประจำตัวประชาชน", "สำเนาทะเบียนบ้าน"],
        ),
        (
            "ขออนุญาตก่อสร้างอาคาร",
            "ยื่นคำขออนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร (ข.๑)",
            unit("ช่าง"),
            45,
            vec![
                name(),
                address(),
                field("plot", "เลขที่โฉนดที่ดิน", FieldKind::Text, true),
                field("kind", "ชนิดอาคาร", FieldKind::Text, true),
            ],
            vec!["แบบแปลน ๕ ชุด", "สำเนาโฉนดที่ดิน", "สำเนาบัตรประจำตัวประชาชน"],
        ),
        (
            "ลงทะเบียนเบี้ยยังชีพผู้สูงอายุ",
            "ผู้ที่จะมีอายุครบ ๖๐ ปีบริบูรณ์ในปีงบประมาณถัดไป ลงทะเบียนล่วงหน้า",
            unit("ปลัด"),
            10,
            vec![
                name(),
                field("birth", "วันเกิด", FieldKind::Date, true),
                address(),
                field(
                    "bank",
                    "รับเงินทาง",
                    FieldKind::Choice {
                        options: vec!["โอนเข้าบัญชีธนาคาร".into(), "รับเงินสด".into()],
                    },
                    true,
                ),
            ],
            vec![
                "สำเนาบัตรประจำตัวประชาชน",
                "สำเนาทะเบียนบ้าน",
                "สำเนาสมุดบัญชีเงินฝาก",
            ],
        ),
    ];
    let mut ids = Vec::new();
    for (name_th, description, unit_id, days, fields, documents) in services {
        let s = store
            .create_service(
                &scope,
                &actor,
                ServiceDraft {
                    name_th: name_th.into(),
                    name_en: None,
                    description_th: description.into(),
                    unit_id,
                    target_days: days,
                    form: FormDef {
                        fields,
                        documents: documents.into_iter().map(String::from).collect(),
                    },
                    active: true,
                },
            )
            .await?;
        ids.push(s);
    }
    // a few requests, so the register and the statistics are not empty
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let lamp = &ids[0];
    for (k, (where_, to)) in [
        ("หมู่ ๓ หน้าวัด", Some(RequestState::Done)),
        ("หมู่ ๕ ถนนสายหลัก", Some(RequestState::InProgress)),
        ("หมู่ ๑ ซอยโรงเรียน", None),
    ]
    .into_iter()
    .enumerate()
    {
        let pairs = vec![
            ("name".to_string(), format!("ผู้ยื่นสาธิต {}", k + 1)),
            ("where".to_string(), where_.to_string()),
            ("problem".to_string(), "ไฟดับ".to_string()),
        ];
        let answers = lamp
            .form
            .parse_submission(&pairs)
            .map_err(|e| Failure::Internal(format!("demo request: {e:?}")))?;
        let mut bytes = [0u8; 10];
        bytes[0] = k as u8 + 1;
        bytes[1..].copy_from_slice(&rand::random::<[u8; 9]>());
        let r = store
            .submit_request(
                &scope,
                lamp.id,
                answers,
                Contact {
                    phone: Some(format!("08100000{:02}", k + 1)),
                    email: None,
                },
                prongsai_web::pages::eservice::public::CONSENT_TH,
                &TrackingCode::from_random(bytes),
                today - chrono::Days::new(10 - 3 * k as u64),
            )
            .await?;
        if let Some(to) = to {
            let steps: &[RequestState] = if to == RequestState::Done {
                &[RequestState::InProgress, RequestState::Done]
            } else {
                &[RequestState::InProgress]
            };
            for s in steps {
                store
                    .move_request(
                        &scope,
                        &actor,
                        r.id,
                        *s,
                        "ช่างออกตรวจสอบและดำเนินการ (ข้อมูลสาธิต)",
                        true,
                        today,
                        |_| true,
                    )
                    .await?;
            }
        }
    }
    Ok(())
}

/// The demo's satisfaction survey responses, complaints, participation, procurement and risk
/// assessment (once), then what the demo's own work publishes to the OIT items of its sample
/// year (FY 2566), this fiscal year and the one before.
pub(crate) async fn publish_demo(state: &prongsai_web::AppState) -> Result<(), Failure> {
    use prongsai_domain::tenancy::Role;
    let store = &state.store;
    let Some((scope, agency)) = store
        .agency_by_slug(prongsai_store::demo::DEMO_SLUG)
        .await?
    else {
        return Ok(());
    };
    let actor = Actor::system("demo");
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    prongsai_store::survey::seed_demo(store, &scope, today).await?;
    prongsai_store::participation::seed_demo(store, &scope, today).await?;
    seed_demo_procurement(state, &scope, &agency, today).await?;
    // HR of FY 2565 and 2566 with their signed reports, attached to the HR items of FY 2566
    prongsai_store::hr::demo::seed_demo(store, &scope).await?;
    for year in [2566, 2567].map(prongsai_domain::calendar::FiscalYear::new) {
        let year = year.map_err(|e| prongsai_store::StoreError::Other(e.to_string()))?;
        prongsai_web::pages::hr::attach_hr(
            store,
            &state.frameworks,
            &scope,
            &actor,
            &agency.slug,
            year,
        )
        .await?;
    }
    seed_demo_risk(state, &scope, &agency.name_th).await?;
    // the action plan of FY 2565 with its annual report (2566's O38), and FY 2566's with its
    // six-month report (O36, O37)
    {
        use prongsai_domain::measures::RoundPeriod::{Half, Year};
        seed_demo_anticorruption(state, &scope, &agency.name_th, 2565, &[Half, Year]).await?;
        seed_demo_anticorruption(state, &scope, &agency.name_th, 2566, &[Half]).await?;
    }
    // the integrity registers of FY 2565–2566 with their signed reports (O32, O33, O40 of 2566)
    prongsai_store::integrity::demo::seed_demo(store, &scope, &agency.name_th).await?;
    for year in [2566, 2567].map(prongsai_domain::calendar::FiscalYear::new) {
        let year = year.map_err(|e| prongsai_store::StoreError::Other(e.to_string()))?;
        prongsai_web::pages::integrity::attach_integrity(
            store,
            &state.frameworks,
            &scope,
            &actor,
            &agency.slug,
            year,
        )
        .await?;
    }
    // the announcements of FY 2566 (every kind) and FY 2565's integrity intent, submitted by the
    // coordinator and signed by the mayor (FY 2566's are attached below with everything else)
    seed_demo_announcements(state, &scope, &agency.slug).await?;
    let none_yet = store
        .count_complaints(
            &scope,
            prongsai_store::complaints::CaseFilter::all(today, true),
        )
        .await?
        == 0;
    if none_yet {
        // the coordinator and the executive handle complaints and approve releases; one unit
        // officer handles without approving
        let users = store.list_users(&scope).await?;
        let first = |role: Role| users.iter().find(|u| u.role() == role).map(|u| u.id);
        let handlers: Vec<(i64, bool)> = [
            (Role::AgencyAdmin, true),
            (Role::Executive, true),
            (Role::UnitStaff, false),
        ]
        .into_iter()
        .filter_map(|(role, approves)| Some((first(role)?, approves)))
        .collect();
        prongsai_store::complaints::seed_demo(store, &scope, &handlers, today).await?;
    }
    // the demo's sample year (FY 2566) and the years still being assessed
    let sample = prongsai_domain::calendar::FiscalYear::new(2566)
        .map_err(|e| Failure::Internal(e.message_en()))?;
    let years: Vec<_> = std::iter::once(sample)
        .chain(prongsai_web::pages::disclosure::auto::recent_years(today))
        .collect();
    for year in years {
        prongsai_web::pages::disclosure::auto::attach_everything(
            state,
            &scope,
            &actor,
            &agency.slug,
            year,
            today,
        )
        .await?;
    }
    Ok(())
}

/// The demo's signed announcements (`store::announcement::seed_demo`): every kind of FY 2566,
/// and the integrity intent of FY 2565 (the item its framework asks for), attached to FY 2565's
/// items here.
async fn seed_demo_announcements(
    state: &prongsai_web::AppState,
    scope: &prongsai_store::AgencyScope,
    slug: &str,
) -> Result<(), Failure> {
    use prongsai_domain::announcement::AnnouncementKind;
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::tenancy::Role;
    let store = &state.store;
    let users = store.list_users(scope).await?;
    let by_role = |r: Role| {
        users
            .iter()
            .find(|u| u.role() == r)
            .map(|u| Actor::user(u.id, &u.username))
    };
    let (Some(coordinator), Some(mayor)) = (by_role(Role::AgencyAdmin), by_role(Role::Executive))
    else {
        return Ok(());
    };
    let year = |be| FiscalYear::new(be).map_err(|e| Failure::Internal(e.message_en()));
    let (y2565, y2566) = (year(2565)?, year(2566)?);
    let kinds = [AnnouncementKind::IntegrityIntent];
    prongsai_store::announcement::seed_demo(store, scope, &coordinator, &mayor, y2565, &kinds)
        .await?;
    prongsai_store::announcement::seed_demo(
        store,
        scope,
        &coordinator,
        &mayor,
        y2566,
        &AnnouncementKind::ALL,
    )
    .await?;
    prongsai_web::pages::announcements::attach_announcements(
        store,
        &state.frameworks,
        scope,
        &coordinator,
        slug,
        y2565,
    )
    .await?;
    Ok(())
}

/// Synthetic procurement (clearly marked) for the two fiscal years before this one and the
/// months of this one begun so far: the register, the plans, the coordinator's text of the
/// annual reports, and for the e-bidding and e-market projects their invitation and winner
/// announcements as documents of the library, linked from the records (once per year).
async fn seed_demo_procurement(
    state: &prongsai_web::AppState,
    scope: &prongsai_store::AgencyScope,
    agency: &prongsai_store::tenancy::Agency,
    today: chrono::NaiveDate,
) -> Result<(), Failure> {
    use prongsai_docs::reports::notice::{Notice, Signer, ANNOUNCEMENT};
    use prongsai_domain::calendar::{format_date_long_th, Digits, FiscalYear};
    use prongsai_domain::procurement::Method;
    use prongsai_store::disclosure::{DocumentMeta, NewDocument};
    let store = &state.store;
    let actor = Actor::system("demo");
    let current = FiscalYear::containing(today);
    let years: Vec<FiscalYear> = [
        current.prev().and_then(FiscalYear::prev),
        current.prev(),
        Some(current),
    ]
    .into_iter()
    .flatten()
    .collect();
    for year in years {
        if prongsai_store::procurement::seed_demo(store, scope, year, today).await? == 0 {
            continue;
        }
        if year.end() < today {
            store
                .save_procurement_report_notes(
                    scope,
                    &actor,
                    year,
                    "๑. ผู้ประกอบการในพื้นที่มีจำนวนน้อย การจัดซื้อจัดจ้างส่วนใหญ่จึงมีผู้เสนอราคารายเดียว (ข้อมูลสาธิต)\n\
                     ๒. เจ้าหน้าที่พัสดุมีเพียงคนเดียว การจัดทำรายงานสรุปผลรายเดือนจึงล่าช้าในบางเดือน (ข้อมูลสาธิต)",
                    "๑. ประชาสัมพันธ์ให้ผู้ประกอบการในพื้นที่ลงทะเบียนในระบบ e-GP เพื่อเพิ่มการแข่งขัน (ข้อมูลสาธิต)\n\
                     ๒. บันทึกการจัดซื้อจัดจ้างในระบบโปร่งใสทันทีที่ลงนามสัญญา ให้สรุปผลรายเดือนจัดทำได้ทันเวลา (ข้อมูลสาธิต)",
                )
                .await?;
        }
        for stored in store.procurements_of_year(scope, year).await? {
            let r = &stored.record;
            let how = match r.method {
                Method::EBidding => "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
                Method::EMarket => "ด้วยวิธีตลาดอิเล็กทรอนิกส์ (e-market)",
                _ => continue,
            };
            let (Some(signed), Some(winner), Some(award)) =
                (r.contract_date, r.winner.as_ref(), r.award_price)
            else {
                continue;
            };
            let reference = r.reference_price.unwrap_or(r.budget);
            let invited = signed - chrono::Duration::days(35);
            let awarded = signed - chrono::Duration::days(10);
            let signer = Signer {
                name: "นายตัวอย่าง ใจดี".into(),
                position: format!("นายก{}", agency.name_th),
            };
            let notices = [
                (
                    "invitation",
                    invited,
                    Notice {
                        agency: agency.name_th.clone(),
                        kind: ANNOUNCEMENT.into(),
                        title: format!("ประกวดราคา{} {how}", r.project),
                        date: Some(invited),
                        paragraphs: vec![
                            format!(
                                "{}มีความประสงค์จะ{} {how} ราคากลางของงานในการจัดซื้อจัดจ้างครั้งนี้ เป็นเงินทั้งสิ้น {} บาท",
                                agency.name_th,
                                r.project,
                                reference.format(Digits::Thai)
                            ),
                            format!(
                                "ผู้สนใจยื่นข้อเสนอได้ทางระบบจัดซื้อจัดจ้างภาครัฐด้วยอิเล็กทรอนิกส์ (e-GP) เลขที่โครงการ {} ภายใน{}",
                                r.egp_no.as_deref().unwrap_or("-"),
                                format_date_long_th(invited + chrono::Duration::days(14), Digits::Thai)
                            ),
                            DEMO_NOTE.to_owned(),
                        ],
                        table: None,
                        signer: Some(signer.clone()),
                        landscape: false,
                    },
                ),
                (
                    "award",
                    awarded,
                    Notice {
                        agency: agency.name_th.clone(),
                        kind: ANNOUNCEMENT.into(),
                        title: format!("ประกาศผู้ชนะการเสนอราคา {} {how}", r.project),
                        date: Some(awarded),
                        paragraphs: vec![
                            format!(
                                "ตามที่{}ได้มีประกาศ{} {how} นั้น ผู้ได้รับการคัดเลือก ได้แก่ {} โดยเสนอราคา เป็นเงินทั้งสิ้น {} บาท (รวมภาษีมูลค่าเพิ่มและภาษีอื่น ค่าขนส่ง ค่าจดทะเบียน และค่าใช้จ่ายอื่นทั้งปวง)",
                                agency.name_th,
                                r.project,
                                winner,
                                award.format(Digits::Thai)
                            ),
                            DEMO_NOTE.to_owned(),
                        ],
                        table: None,
                        signer: Some(signer),
                        landscape: false,
                    },
                ),
            ];
            let mut ids = Vec::new();
            for (what, published, notice) in notices {
                let title = format!("ประกาศ{} เรื่อง {}", agency.name_th, notice.title);
                let bytes = tokio::task::spawn_blocking(move || notice.pdf(true))
                    .await
                    .map_err(|e| Failure::Internal(format!("join: {e}")))?
                    .map_err(|e| Failure::Internal(format!("demo announcement: {e}")))?;
                let body =
                    prongsai_docs::files::extract_text(prongsai_docs::files::FileKind::Pdf, &bytes)
                        .ok();
                let (d, _) = store
                    .add_document(
                        scope,
                        &actor,
                        &state.blobs,
                        NewDocument {
                            file_name: format!("procurement-{}-{what}.pdf", stored.id),
                            kind: "pdf".into(),
                            bytes,
                            body,
                            meta: DocumentMeta {
                                title,
                                unit_id: None,
                                fiscal_year: Some(year),
                                period: None,
                                published_on: Some(published),
                                public: true,
                            },
                        },
                    )
                    .await?;
                ids.push(d.id);
            }
            let mut linked = r.clone();
            linked.invitation_doc_id = ids.first().copied();
            linked.award_doc_id = ids.get(1).copied();
            store
                .update_procurement(scope, &actor, stored.id, &linked)
                .await?;
        }
    }
    Ok(())
}

/// The demo agency's corruption risk assessment of FY 2566 (synthetic, marked as demo data):
/// eight risks typical of an อบต. scored on the default matrix before and after controls, their
/// treatments as measures of the risk plan (steps done, with dates), the assessment submitted
/// by the coordinator and signed by the mayor, and the six-month progress round of the
/// treatments acknowledged — so the risk items of FY 2566 (O34, O35) fill. Once.
async fn seed_demo_risk(
    state: &prongsai_web::AppState,
    scope: &prongsai_store::AgencyScope,
    agency: &str,
) -> Result<(), Failure> {
    let store = &state.store;
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::measures::{
        may_edit_line, Line, MeasureRow, Plan, PlanYear, RoundPeriod, StepStatus,
    };
    use prongsai_domain::risk::{Matrix, RiskInput};
    use prongsai_domain::tenancy::Role;
    use prongsai_store::risk::{RiskDraft, KIND_ASSESSMENT};
    use prongsai_store::signoff::SignKey;
    let internal = |e: prongsai_domain::calendar::CalendarError| Failure::Internal(e.message_en());
    let fy = FiscalYear::new(2566).map_err(internal)?;
    if !store.risks(scope, fy).await?.is_empty() {
        return Ok(());
    }
    let users = store.list_users(scope).await?;
    let units = store.list_units(scope).await?;
    let actor_of = |r: Role| {
        users
            .iter()
            .find(|u| u.role() == r)
            .map(|u| Actor::user(u.id, &u.username))
            .unwrap_or_else(|| Actor::system("demo"))
    };
    let (coordinator, mayor) = (actor_of(Role::AgencyAdmin), actor_of(Role::Executive));
    let unit = |name: &str| units.iter().find(|u| u.name_th == name);
    // (process, category, event, cause, before (l, i), controls, after (l, i), unit, steps)
    type DemoRisk<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        (u8, u8),
        &'a str,
        (u8, u8),
        &'a str,
        &'a [&'a str],
    );
    const RISKS: &[DemoRisk] = &[
        (
            "การออกใบอนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร",
            "permit",
            "เจ้าหน้าที่เรียกรับเงินหรือผลประโยชน์เพื่ออำนวยความสะดวกหรือเร่งรัดการออกใบอนุญาต",
            "ผู้ขออนุญาตไม่ทราบขั้นตอน ระยะเวลา และค่าธรรมเนียมที่ชัดเจน",
            (4, 4),
            "ประกาศขั้นตอน ระยะเวลา และค่าธรรมเนียมตามพระราชบัญญัติการอำนวยความสะดวกในการพิจารณาอนุญาตของทางราชการ",
            (2, 4),
            "กองช่าง",
            &[
                "๑. จัดทำและเผยแพร่คู่มือสำหรับประชาชนเรื่องการขออนุญาตก่อสร้างอาคารบนเว็บไซต์ ภายในเดือนธันวาคม ๒๕๖๕",
                "๒. เปิดให้ยื่นคำขอและติดตามสถานะผ่านระบบ e-Service ภายในเดือนมีนาคม ๒๕๖๖",
                "๓. สุ่มตรวจคำขอที่ล่าช้าเกินกำหนดทุกไตรมาส ภายในเดือนกันยายน ๒๕๖๖",
            ],
        ),
        (
            "การจัดซื้อจัดจ้างโดยวิธีเฉพาะเจาะจง",
            "procurement",
            "แบ่งซื้อแบ่งจ้างให้วงเงินต่ำกว่าเกณฑ์ และเลือกผู้ขายหรือผู้รับจ้างรายเดิมซ้ำ",
            "ความเร่งด่วนของงานและการวางแผนจัดซื้อจัดจ้างไม่ครอบคลุม",
            (4, 4),
            "ตรวจสอบรายการจัดซื้อจัดจ้างกับแผนการจัดซื้อจัดจ้างประจำปี",
            (2, 4),
            "งานพัสดุ (กองคลัง)",
            &[
                "๑. สรุปผลการจัดซื้อจัดจ้างรายเดือน (สขร.๑) และเผยแพร่ภายในวันที่ ๑๐ ของเดือนถัดไป ภายในเดือนกันยายน ๒๕๖๖",
                "๒. ตรวจสอบการจัดซื้อจากผู้ขายรายเดิมเกิน ๓ ครั้งต่อปีและรายงานปลัด ภายในเดือนเมษายน ๒๕๖๖",
            ],
        ),
        (
            "การจัดจ้างก่อสร้างโดยวิธีประกาศเชิญชวนทั่วไป (e-bidding)",
            "procurement",
            "ผู้เสนอราคาสมยอมกันในการเสนอราคา (ฮั้ว) เพื่อให้รายใดรายหนึ่งได้งาน",
            "ผู้เสนอราคาในพื้นที่มีน้อยราย",
            (3, 5),
            "กำหนดราคากลางตามหลักเกณฑ์ เผยแพร่ประกาศและเอกสารประกวดราคาในระบบ e-GP",
            (2, 5),
            "งานพัสดุ (กองคลัง)",
            &["๑. ตรวจสอบความสัมพันธ์ของผู้เสนอราคา (ที่อยู่ ผู้ถือหุ้น กรรมการ) ก่อนประกาศผู้ชนะ ภายในเดือนมิถุนายน ๒๕๖๖"],
        ),
        (
            "การตรวจรับพัสดุและงานจ้าง",
            "conflict",
            "กรรมการตรวจรับมีความสัมพันธ์กับผู้รับจ้าง หรือตรวจรับงานที่ไม่เป็นไปตามสัญญา",
            "แต่งตั้งกรรมการตรวจรับชุดเดิมซ้ำ",
            (3, 4),
            "แต่งตั้งกรรมการตรวจรับหมุนเวียนกัน",
            (2, 3),
            "กองช่าง",
            &["๑. ให้กรรมการตรวจรับลงนามแบบแสดงความไม่มีส่วนได้เสียทุกสัญญา ภายในเดือนมกราคม ๒๕๖๖"],
        ),
        (
            "การใช้รถยนต์ส่วนกลางและทรัพย์สินของทางราชการ",
            "budget",
            "นำรถยนต์ส่วนกลาง น้ำมันเชื้อเพลิง หรือวัสดุของทางราชการไปใช้ประโยชน์ส่วนตน",
            "การควบคุมการใช้รถและการเบิกจ่ายน้ำมันไม่สม่ำเสมอ",
            (3, 3),
            "สมุดบันทึกการใช้รถและใบขออนุญาตใช้รถ",
            (2, 3),
            "สำนักปลัด",
            &["๑. ตรวจสอบบันทึกการใช้รถเทียบกับใบเบิกน้ำมันเชื้อเพลิงทุกเดือน ภายในเดือนกันยายน ๒๕๖๖"],
        ),
        (
            "การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
            "power",
            "เจ้าหน้าที่ประเมินภาษีต่ำกว่าความเป็นจริงเพื่อเอื้อประโยชน์แก่ผู้เสียภาษีบางราย",
            "ข้อมูลที่ดินและสิ่งปลูกสร้างไม่เป็นปัจจุบัน",
            (2, 4),
            "ตรวจสอบบัญชีรายการที่ดินและสิ่งปลูกสร้างก่อนประกาศ",
            (2, 3),
            "กองคลัง",
            &["๑. สุ่มตรวจการประเมินภาษีร้อยละ ๑๐ ของรายการ ภายในเดือนพฤษภาคม ๒๕๖๖"],
        ),
        (
            "การสรรหาและเลือกสรรพนักงานจ้าง",
            "bribery",
            "เรียกรับเงินหรือผลประโยชน์เพื่อให้ได้รับการคัดเลือกเป็นพนักงานจ้าง",
            "ผู้สมัครบางรายเข้าใจว่าต้องมีผู้ฝากเข้าทำงาน",
            (2, 5),
            "ประกาศรับสมัครอย่างเปิดเผยและคัดเลือกโดยคณะกรรมการ",
            (1, 5),
            "งานการเจ้าหน้าที่ (สำนักปลัด)",
            &["๑. เผยแพร่ผลการคัดเลือกพร้อมคะแนนของผู้สมัครทุกครั้ง ภายในเดือนกันยายน ๒๕๖๖"],
        ),
        (
            "การจ่ายเบี้ยยังชีพผู้สูงอายุและคนพิการ",
            "other",
            "จ่ายเบี้ยยังชีพแก่ผู้ไม่มีสิทธิหรือผู้ที่เสียชีวิตแล้ว",
            "ข้อมูลทะเบียนราษฎร์ไม่เป็นปัจจุบัน",
            (2, 3),
            "ตรวจสอบทะเบียนราษฎร์ก่อนจ่ายทุกเดือน",
            (1, 3),
            "สำนักปลัด",
            &[],
        ),
    ];
    let matrix = Matrix::default();
    let line = |t: &str| Line::new(None, None, t.to_owned(), true);
    for (process, category, event, cause, before, controls, after, unit_name, steps) in RISKS {
        let u = unit(unit_name);
        let risk = RiskInput {
            process: (*process).into(),
            category: (*category).into(),
            event: format!("{event} (ข้อมูลสาธิต)"),
            cause: (*cause).into(),
            likelihood: before.0.to_string(),
            impact: before.1.to_string(),
            controls: (*controls).into(),
            likelihood_after: after.0.to_string(),
            impact_after: after.1.to_string(),
            owner: String::new(),
            owner_unit_id: u.map(|u| u.id),
        }
        .check(&matrix)
        .map_err(|e| Failure::Internal(format!("demo risk: {}", e.en)))?;
        let mut split = Vec::new();
        let mut next = 1;
        for s in steps.iter() {
            split.extend(prongsai_domain::measures::split_numbered(
                s,
                &mut next,
                split.is_empty(),
            ));
        }
        store
            .save_risk(
                scope,
                &coordinator,
                fy,
                None,
                RiskDraft {
                    risk,
                    treatment: MeasureRow {
                        issue: vec![],
                        responsible: vec![line(unit_name)],
                        steps: split,
                        schedule: vec![],
                        progress: vec![],
                    },
                },
            )
            .await?;
    }
    // the treatments' steps done on their deadlines, and the six-month round reporting them
    let py = PlanYear::new(Plan::Risk, fy);
    let round = store
        .open_round(
            scope,
            &coordinator,
            py,
            RoundPeriod::Half,
            vec![
                format!("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ {agency} ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ (ข้อมูลสาธิต)"),
                "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)".into(),
            ],
            vec![format!("{agency} ได้ดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ในรอบ ๖ เดือน ดังนี้")],
        )
        .await?;
    let half_end = chrono::NaiveDate::from_ymd_opt(2023, 3, 31).expect("date");
    for (m, lines) in store.measures_with_lines(scope, py).await? {
        for l in lines.iter().filter(|l| l.column_kind == "step") {
            let due = l.due_end.unwrap_or(half_end);
            let done = due <= half_end;
            store
                .update_line(
                    scope,
                    &coordinator,
                    l.id,
                    prongsai_store::measures::LineUpdate {
                        status: if done {
                            StepStatus::Done
                        } else {
                            StepStatus::InProgress
                        },
                        note: None,
                        done_on: done.then_some(due),
                        owner_unit_id: None,
                    },
                    |o| may_edit_line(Role::AgencyAdmin, None, o),
                )
                .await?;
            store
                .add_progress(
                    scope,
                    &coordinator,
                    round.id,
                    prongsai_store::measures::rounds::NewProgress {
                        measure_id: m.id,
                        step_line_id: Some(l.id),
                        text: if done {
                            "ดำเนินการแล้วเสร็จตามกำหนด (ข้อมูลสาธิต)".into()
                        } else {
                            "อยู่ระหว่างดำเนินการ (ข้อมูลสาธิต)".into()
                        },
                        done_on: done.then_some(due),
                        link: None,
                        evidence_document_id: None,
                    },
                    |_| true,
                )
                .await?;
        }
    }
    store.submit_round(scope, &coordinator, round.id).await?;
    store
        .acknowledge_round(scope, &mayor, round.id, Some("รับทราบ (ข้อมูลสาธิต)".into()))
        .await?;
    // the assessment as the executive signed it
    let key = SignKey::year(KIND_ASSESSMENT, fy);
    let title = format!(
        "รายงานการประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. {}",
        fy.be()
    );
    let report = prongsai_web::pages::risk::report_of(state, scope, agency, fy)
        .await
        .map_err(|e| Failure::Internal(format!("demo risk report: {e:?}")))?;
    store
        .sign_off_at_once(
            scope,
            &coordinator,
            &mayor,
            key,
            &title,
            &report,
            "อนุมัติ (ข้อมูลสาธิต)",
        )
        .await?;
    Ok(())
}

/// The demo's anti-corruption action plan of a fiscal year: eight projects of an อบต. (two of
/// them treating the year's risks, where the demo has some), their steps done or under way by
/// the end of the last report period, each period's spent amounts and results; the plan and the
/// reports of `periods` signed by the mayor. FY 2566 with its six-month report fills 2566's O36
/// and O37; FY 2565 with its annual report fills 2566's O38 (whose data year is the one before).
async fn seed_demo_anticorruption(
    state: &prongsai_web::AppState,
    scope: &prongsai_store::AgencyScope,
    agency: &str,
    be: i32,
    periods: &[prongsai_domain::measures::RoundPeriod],
) -> Result<(), Failure> {
    use prongsai_domain::anticorruption::{check_progress, ProjectInput};
    use prongsai_domain::calendar::FiscalYear;
    use prongsai_domain::measures::{may_edit_line, Line, MeasureRow, RoundPeriod, StepStatus};
    use prongsai_domain::procurement::Money;
    use prongsai_domain::tenancy::Role;
    use prongsai_store::anticorruption::{plan_key, report_key, ProjectDraft};
    let store = &state.store;
    let internal = |e: prongsai_domain::calendar::CalendarError| Failure::Internal(e.message_en());
    let fy = FiscalYear::new(be).map_err(internal)?;
    // the table's dates and results name the years of the fiscal year: {y0} (October to
    // December) and {y1}
    let thai_year = |y: i32| prongsai_domain::calendar::to_thai_digits(&y.to_string());
    let years = |t: &str| {
        t.replace("{y0}", &thai_year(be - 1))
            .replace("{y1}", &thai_year(be))
    };
    if !store.ac_projects(scope, fy).await?.is_empty() {
        return Ok(());
    }
    let users = store.list_users(scope).await?;
    let units = store.list_units(scope).await?;
    let risks = store.risks(scope, fy).await?;
    let actor_of = |r: Role| {
        users
            .iter()
            .find(|u| u.role() == r)
            .map(|u| Actor::user(u.id, &u.username))
            .unwrap_or_else(|| Actor::system("demo"))
    };
    let (coordinator, mayor) = (actor_of(Role::AgencyAdmin), actor_of(Role::Executive));
    let risk_with = |needle: &str| {
        risks
            .iter()
            .find(|(r, _)| r.event.contains(needle))
            .map(|(r, _)| r.id)
    };
    // (name, objectives, budget, unit, person, quarters, indicators, risk, steps, spent, result)
    type DemoProject<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        Option<&'a str>,
        &'a [&'a str],
        &'a str,
        &'a str,
    );
    const PROJECTS: &[DemoProject] = &[
        (
            "โครงการอบรมคุณธรรมจริยธรรม ผู้บริหาร สมาชิกสภา และพนักงาน",
            "เพื่อเสริมสร้างจิตสำนึกและค่านิยมในการปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต และป้องกันผลประโยชน์ทับซ้อน",
            "30,000",
            "สำนักปลัด",
            "นักทรัพยากรบุคคล",
            &["2"],
            "ร้อยละของผู้บริหาร สมาชิกสภา และพนักงานที่เข้ารับการอบรม | ไม่น้อยกว่าร้อยละ 80\nความรู้ความเข้าใจหลังการอบรม | เพิ่มขึ้นไม่น้อยกว่าร้อยละ 20",
            None,
            &[
                "๑. เสนอโครงการและแต่งตั้งคณะทำงาน ภายในเดือนธันวาคม {y0}",
                "๒. จัดอบรมและทดสอบความรู้ก่อน-หลัง ภายในเดือนกุมภาพันธ์ {y1}",
                "๓. สรุปและรายงานผลต่อนายก ภายในเดือนมีนาคม {y1}",
            ],
            "28,500",
            "จัดอบรมเมื่อวันที่ ๑๕ กุมภาพันธ์ {y1} ผู้เข้ารับการอบรม ๔๒ คน จาก ๔๕ คน (ร้อยละ ๙๓.๓๓) คะแนนหลังการอบรมเพิ่มขึ้นร้อยละ ๒๖",
        ),
        (
            "กิจกรรมประกาศเจตจำนงสุจริตในการบริหารงานของผู้บริหาร",
            "เพื่อแสดงเจตจำนงของผู้บริหารในการบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้",
            "0",
            "สำนักปลัด",
            "",
            &["1"],
            "การประกาศเจตจำนงสุจริตต่อสาธารณะ | ๑ ครั้ง",
            None,
            &[
                "๑. จัดทำประกาศเจตจำนงสุจริตของนายกองค์การบริหารส่วนตำบล ภายในเดือนตุลาคม {y0}",
                "๒. เผยแพร่บนเว็บไซต์และบอร์ดประชาสัมพันธ์ ภายในเดือนพฤศจิกายน {y0}",
            ],
            "0",
            "นายกประกาศเจตจำนงสุจริตต่อพนักงานเมื่อวันที่ ๒๘ ตุลาคม {y0} และเผยแพร่บนเว็บไซต์แล้ว",
        ),
        (
            "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง",
            "เพื่อให้ประชาชนตรวจสอบการจัดซื้อจัดจ้างได้ และลดการแบ่งซื้อแบ่งจ้าง",
            "0",
            "งานพัสดุ (กองคลัง)",
            "",
            &["1", "2", "3", "4"],
            "การเผยแพร่แผนและสรุปผลการจัดซื้อจัดจ้างรายเดือน | ครบ ๑๒ เดือน",
            Some("แบ่งซื้อแบ่งจ้าง"),
            &[
                "๑. เผยแพร่แผนการจัดซื้อจัดจ้างประจำปี ภายในเดือนตุลาคม {y0}",
                "๒. เผยแพร่สรุปผลการจัดซื้อจัดจ้างรายเดือน (สขร.๑) ภายในเดือนกันยายน {y1}",
            ],
            "0",
            "เผยแพร่แผนการจัดซื้อจัดจ้างแล้ว และสรุปผลรายเดือนครบ ๖ เดือน (ตุลาคม {y0} – มีนาคม {y1})",
        ),
        (
            "โครงการส่งเสริมการมีส่วนร่วมของประชาชนในการตรวจสอบการดำเนินงาน",
            "เพื่อให้ประชาชนมีส่วนร่วมในการตรวจสอบโครงการก่อสร้างและการใช้จ่ายงบประมาณ",
            "15,000",
            "สำนักปลัด",
            "หัวหน้าสำนักปลัด",
            &["2", "3"],
            "จำนวนตัวแทนประชาชนที่ร่วมตรวจรับงานก่อสร้าง | ไม่น้อยกว่า ๕ โครงการ",
            None,
            &[
                "๑. แต่งตั้งตัวแทนประชาชนร่วมตรวจสอบโครงการก่อสร้าง ภายในเดือนมกราคม {y1}",
                "๒. จัดเวทีรายงานผลการดำเนินงานต่อประชาชน ภายในเดือนมิถุนายน {y1}",
            ],
            "4,000",
            "แต่งตั้งตัวแทนประชาชน ๑๕ คนจาก ๑๐ หมู่บ้านแล้ว ร่วมตรวจรับงาน ๓ โครงการ อยู่ระหว่างเตรียมเวทีรายงานผล",
        ),
        (
            "มาตรการตรวจสอบการสรรหาและเลือกสรรพนักงานจ้างอย่างโปร่งใส",
            "เพื่อป้องกันการเรียกรับผลประโยชน์ในการคัดเลือกพนักงานจ้าง",
            "5,000",
            "งานการเจ้าหน้าที่ (สำนักปลัด)",
            "",
            &["2", "3", "4"],
            "การเผยแพร่ผลการคัดเลือกพร้อมคะแนน | ทุกครั้งที่มีการสรรหา",
            Some("ได้รับการคัดเลือกเป็นพนักงานจ้าง"),
            &[
                "๑. แต่งตั้งกรรมการจากภายนอกร่วมการสอบสัมภาษณ์ ภายในเดือนเมษายน {y1}",
                "๒. เผยแพร่ผลการคัดเลือกพร้อมคะแนนทุกครั้ง ภายในเดือนกันยายน {y1}",
            ],
            "0",
            "",
        ),
        (
            "โครงการเผยแพร่คู่มือการปฏิบัติงานและการให้บริการประชาชน",
            "เพื่อให้ประชาชนทราบขั้นตอน ระยะเวลา และค่าธรรมเนียมของการให้บริการ",
            "12,000",
            "กองช่าง",
            "",
            &["1", "2"],
            "จำนวนคู่มือที่เผยแพร่ | ไม่น้อยกว่า ๑๐ กระบวนงาน",
            None,
            &[
                "๑. ปรับปรุงคู่มือสำหรับประชาชนตามพระราชบัญญัติการอำนวยความสะดวก ภายในเดือนธันวาคม {y0}",
                "๒. พิมพ์และเผยแพร่คู่มือบนเว็บไซต์และจุดบริการ ภายในเดือนมีนาคม {y1}",
            ],
            "11,200",
            "ปรับปรุงคู่มือ ๑๒ กระบวนงาน เผยแพร่บนเว็บไซต์และจุดบริการแล้ว",
        ),
        (
            "กิจกรรมรณรงค์ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)",
            "เพื่อปลูกฝังวัฒนธรรมองค์กรที่ไม่รับของขวัญและของกำนัลจากการปฏิบัติหน้าที่",
            "3,000",
            "สำนักปลัด",
            "",
            &["1", "3"],
            "ร้อยละของบุคลากรที่รับทราบนโยบาย | ร้อยละ 100",
            None,
            &[
                "๑. ประชาสัมพันธ์นโยบายไม่รับของขวัญช่วงเทศกาลปีใหม่ ภายในเดือนธันวาคม {y0}",
                "๒. ติดป้ายรณรงค์ ณ จุดให้บริการ ภายในเดือนเมษายน {y1}",
            ],
            "1,500",
            "ประชาสัมพันธ์นโยบายแก่บุคลากรทุกคนและผู้มาติดต่อช่วงเทศกาลปีใหม่แล้ว",
        ),
        (
            "โครงการพัฒนาระบบรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            "เพื่อให้ประชาชนแจ้งเบาะแสการทุจริตได้หลายช่องทาง รวมทั้งแบบไม่เปิดเผยตัวตน",
            "20,000",
            "สำนักปลัด",
            "นักวิเคราะห์นโยบายและแผน",
            &["3", "4"],
            "ช่องทางรับเรื่องร้องเรียนออนไลน์ | อย่างน้อย ๑ ช่องทาง\nเรื่องร้องเรียนที่ดำเนินการภายใน ๑๕ วันทำการ | ร้อยละ 100",
            None,
            &[
                "๑. จัดทำคู่มือการจัดการเรื่องร้องเรียนการทุจริต ภายในเดือนมิถุนายน {y1}",
                "๒. เปิดช่องทางรับเรื่องร้องเรียนออนไลน์และรายงานสถิติ ภายในเดือนสิงหาคม {y1}",
            ],
            "0",
            "",
        ),
    ];
    let half_end =
        chrono::NaiveDate::from_ymd_opt(prongsai_domain::calendar::gregorian_from_be(be), 3, 31)
            .expect("date");
    let whole_year = periods.contains(&RoundPeriod::Year);
    let last_end = if whole_year { fy.end() } else { half_end };
    let demo = |e: prongsai_domain::InputError| Failure::Internal(format!("demo plan: {}", e.en));
    // per project: the six-month entry, and the annual one when the year is reported
    let mut entries = Vec::new();
    let mut annual = Vec::new();
    for (
        name,
        objectives,
        budget,
        unit_name,
        person,
        quarters,
        indicators,
        risk,
        steps,
        spent,
        result,
    ) in PROJECTS
    {
        let unit = units.iter().find(|u| u.name_th == *unit_name);
        let project = ProjectInput {
            name: format!("{name} (ข้อมูลสาธิต)"),
            objectives: (*objectives).into(),
            budget: (*budget).into(),
            unit_id: unit.map(|u| u.id),
            person: if unit.is_none() && person.is_empty() {
                (*unit_name).into()
            } else {
                (*person).into()
            },
            quarters: quarters.iter().map(|q| q.to_string()).collect(),
            indicators: (*indicators).into(),
            risk_ids: risk.and_then(risk_with).into_iter().collect(),
        }
        .check()
        .map_err(demo)?;
        let mut split = Vec::new();
        let mut next = 1;
        for s in steps.iter() {
            split.extend(prongsai_domain::measures::split_numbered(
                &years(s),
                &mut next,
                split.is_empty(),
            ));
        }
        let who = [Some((*unit_name).to_owned()), Some((*person).to_owned())]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| Line::new(None, None, s, true))
            .collect();
        let budget = project.budget;
        let id = store
            .save_ac_project(
                scope,
                &coordinator,
                fy,
                None,
                ProjectDraft {
                    project,
                    steps: MeasureRow {
                        issue: vec![],
                        responsible: who,
                        steps: split,
                        schedule: vec![],
                        progress: vec![],
                    },
                },
            )
            .await?;
        let half = check_progress(budget, spent, &years(result)).map_err(demo)?;
        if whole_year {
            // by the end of the year every step is done and most of the budget is spent
            let most = Money::from_satang(budget.satang() / 100 * 95 / 100 * 100)
                .unwrap_or_default()
                .max(half.spent);
            let done = "ดำเนินการครบทุกขั้นตอนภายในเดือนกันยายน {y1}";
            let result = if half.result.is_empty() {
                years(done)
            } else {
                format!("{} {}", half.result, years(done))
            };
            let year = check_progress(budget, &most.to_string(), &result).map_err(demo)?;
            annual.push((id, year));
        }
        entries.push((id, half));
    }
    // the steps due by the end of the six-month round are done on their deadline; the rest of
    // a project already spending is under way
    for (row, steps) in store.ac_projects(scope, fy).await? {
        let Some((_, lines)) = steps else { continue };
        let spending = entries
            .iter()
            .any(|(id, p)| *id == row.id && !p.result.is_empty());
        for l in lines.iter().filter(|l| l.column_kind == "step") {
            let due = l.due_end.unwrap_or(last_end);
            let status = if due <= last_end {
                StepStatus::Done
            } else if spending {
                StepStatus::InProgress
            } else {
                continue;
            };
            store
                .update_line(
                    scope,
                    &coordinator,
                    l.id,
                    prongsai_store::measures::LineUpdate {
                        status,
                        note: None,
                        done_on: (status == StepStatus::Done).then_some(due),
                        owner_unit_id: None,
                    },
                    |o| may_edit_line(Role::AgencyAdmin, None, o),
                )
                .await?;
        }
    }
    store
        .save_ac_progress(scope, &coordinator, fy, RoundPeriod::Half, &entries)
        .await?;
    if whole_year {
        store
            .save_ac_progress(scope, &coordinator, fy, RoundPeriod::Year, &annual)
            .await?;
    }
    // the plan and the reports as the mayor signed them
    let plan = prongsai_web::pages::anticorruption::plan_of(state, scope, agency, fy)
        .await
        .map_err(|e| Failure::Internal(format!("demo plan: {e:?}")))?;
    store
        .sign_off_at_once(
            scope,
            &coordinator,
            &mayor,
            plan_key(fy),
            &plan.title(),
            &plan,
            "อนุมัติ (ข้อมูลสาธิต)",
        )
        .await?;
    for period in periods {
        let report = prongsai_web::pages::anticorruption::report::report_of(
            state, scope, agency, fy, *period,
        )
        .await
        .map_err(|e| Failure::Internal(format!("demo report: {e:?}")))?;
        store
            .sign_off_at_once(
                scope,
                &coordinator,
                &mayor,
                report_key(fy, *period),
                &report.title(),
                &report,
                "รับทราบ (ข้อมูลสาธิต)",
            )
            .await?;
    }
    Ok(())
}
