//! Synthetic HR data of the demo agency (every name marked "(ข้อมูลสาธิต)"): for FY 2565 and
//! FY 2566 a workforce plan of 29 positions (26 filled), six appointments and 41 training
//! records; the officer's text of the six-month and annual reports; the FY 2566 six-month
//! report and the FY 2565 annual report submitted by the coordinator and signed by the
//! executive, so the HR items of FY 2566 fill (O24 from the six-month round, O26 from the FY 2565
//! annual report).

use chrono::Duration;
use prongsai_domain::calendar::{Digits, FiscalYear};
use prongsai_domain::hr::{
    report_title_th, ActionKind, Appointment, Hours, Notes, StaffType, Training, WorkforceRow,
};
use prongsai_domain::measures::RoundPeriod;
use prongsai_domain::procurement::Money;
use prongsai_domain::tenancy::Role;

use super::sign_key;
use crate::{Actor, AgencyScope, Result, Store};

fn demo(s: &str) -> String {
    format!("{s} (ข้อมูลสาธิต)")
}

/// (staff type, position group, unit index into the demo units, framework, filled)
const WORKFORCE: &[(StaffType, &str, usize, u32, u32)] = &[
    (
        StaffType::Official,
        "สายงานบริหารท้องถิ่นและอำนวยการท้องถิ่น",
        0,
        3,
        3,
    ),
    (
        StaffType::Official,
        "นักวิเคราะห์นโยบายและแผน / นักทรัพยากรบุคคล",
        1,
        3,
        2,
    ),
    (StaffType::Mission, "ผู้ช่วยเจ้าพนักงานธุรการ", 0, 2, 2),
    (StaffType::General, "คนงานทั่วไป", 0, 2, 2),
    (StaffType::Official, "สายงานการเงินและบัญชี", 2, 3, 3),
    (StaffType::Permanent, "เจ้าพนักงานการเงินและบัญชี", 2, 1, 1),
    (StaffType::Mission, "ผู้ช่วยเจ้าพนักงานพัสดุ", 3, 1, 1),
    (StaffType::Official, "นายช่างโยธา", 4, 2, 1),
    (StaffType::Mission, "ผู้ช่วยนายช่างโยธา", 4, 1, 1),
    (StaffType::General, "พนักงานขับรถยนต์", 4, 1, 1),
    (StaffType::Official, "ครู (ศูนย์พัฒนาเด็กเล็ก)", 5, 3, 3),
    (StaffType::Mission, "ผู้ดูแลเด็ก", 5, 2, 2),
    (StaffType::Official, "นักวิชาการสาธารณสุข", 6, 1, 1),
    (StaffType::General, "คนงานประจำรถขยะ", 6, 3, 3),
    (StaffType::Official, "นักวิชาการตรวจสอบภายใน", 7, 1, 0),
];

/// (name, position, unit index)
const PEOPLE: &[(&str, &str, usize)] = &[
    ("นางวิไล ศรีสุข", "ปลัด อบต.", 0),
    ("นายสมพงษ์ ทองดี", "หัวหน้าสำนักปลัด", 0),
    ("นางสาวมาลี รักงาน", "นักทรัพยากรบุคคล", 1),
    ("นางสมศรี ใจดี", "นักวิเคราะห์นโยบายและแผน", 1),
    ("นางสาวจันทร์เพ็ญ แสงทอง", "ผู้ช่วยเจ้าพนักงานธุรการ", 0),
    ("นางพรทิพย์ มีสุข", "ผู้อำนวยการกองคลัง", 2),
    ("นายประเสริฐ มั่นคง", "ผู้ช่วยเจ้าพนักงานพัสดุ", 3),
    ("นางสาวอรุณี บุญมา", "นักวิชาการเงินและบัญชี", 2),
    ("นางสุภาพร ชัยมงคล", "เจ้าพนักงานการเงินและบัญชี", 2),
    ("นายวิชัย ศักดิ์ดี", "ผู้อำนวยการกองช่าง", 4),
    ("นายธนากร พูนผล", "ผู้ช่วยนายช่างโยธา", 4),
    ("นายบุญเลิศ คงทน", "พนักงานขับรถยนต์", 4),
    ("นางรัตนา ดวงแก้ว", "ผู้อำนวยการกองการศึกษาฯ", 5),
    ("นางสาวกาญจนา สายใจ", "ครู", 5),
    ("นางสาววันเพ็ญ ทองคำ", "ครู", 5),
    ("นางสาวศิริพร ใจเย็น", "ผู้ดูแลเด็ก", 5),
    ("นายเอกชัย รุ่งเรือง", "นักวิชาการสาธารณสุข", 6),
    ("นายสมบัติ แก้วใส", "คนงานประจำรถขยะ", 6),
    ("นางนงลักษณ์ พรหมมา", "นักวิชาการเงินและบัญชี", 2),
    ("นายอนุชา ภักดี", "เจ้าพนักงานธุรการ", 0),
];

/// A course of the demo and how many of the demo's people attend it.
struct Course {
    name: &'static str,
    organiser: &'static str,
    /// The first day, counted from 1 October.
    offset: i64,
    days: i64,
    /// Hours in tenths.
    hours: u32,
    /// Cost per person, baht.
    baht: i64,
    ethics: bool,
    attend: usize,
}

const COURSES: &[Course] = &[
    Course {
        name: "การเสริมสร้างคุณธรรม จริยธรรม และการป้องกันการทุจริต",
        organiser: "องค์การบริหารส่วนตำบลกระโทก",
        offset: 40,
        days: 1,
        hours: 60,
        baht: 0,
        ethics: true,
        attend: 8,
    },
    Course {
        name: "การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ",
        organiser: "กรมบัญชีกลาง",
        offset: 70,
        days: 3,
        hours: 180,
        baht: 4500,
        ethics: false,
        attend: 3,
    },
    Course {
        name: "การจัดทำงบประมาณและการเงินการคลังท้องถิ่น",
        organiser: "สถาบันพัฒนาบุคลากรท้องถิ่น",
        offset: 95,
        days: 2,
        hours: 120,
        baht: 3500,
        ethics: false,
        attend: 3,
    },
    Course {
        name: "การใช้งานระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)",
        organiser: "กรมส่งเสริมการปกครองท้องถิ่น",
        offset: 120,
        days: 1,
        hours: 60,
        baht: 0,
        ethics: false,
        attend: 4,
    },
    Course {
        name: "ประมวลจริยธรรมและการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม",
        organiser: "สำนักงาน ป.ป.ช. ประจำจังหวัดนครราชสีมา",
        offset: 150,
        days: 1,
        hours: 35,
        baht: 0,
        ethics: true,
        attend: 6,
    },
    Course {
        name: "หลักสูตรนักบริหารงานท้องถิ่น",
        organiser: "สถาบันพัฒนาบุคลากรท้องถิ่น",
        offset: 180,
        days: 5,
        hours: 300,
        baht: 15000,
        ethics: true,
        attend: 1,
    },
    Course {
        name: "การพัฒนาทักษะดิจิทัลสำหรับบุคลากรท้องถิ่น",
        organiser: "สำนักงานพัฒนารัฐบาลดิจิทัล",
        offset: 210,
        days: 2,
        hours: 120,
        baht: 1500,
        ethics: false,
        attend: 4,
    },
    Course {
        name: "การปฐมพยาบาลและการช่วยฟื้นคืนชีพขั้นพื้นฐาน",
        organiser: "โรงพยาบาลส่งเสริมสุขภาพตำบลกระโทก",
        offset: 240,
        days: 1,
        hours: 60,
        baht: 0,
        ethics: false,
        attend: 5,
    },
    Course {
        name: "การเขียนหนังสือราชการและงานสารบรรณ",
        organiser: "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครราชสีมา",
        offset: 260,
        days: 1,
        hours: 60,
        baht: 1200,
        ethics: false,
        attend: 4,
    },
    Course {
        name: "การป้องกันและบรรเทาสาธารณภัย",
        organiser: "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัดนครราชสีมา",
        offset: 300,
        days: 2,
        hours: 120,
        baht: 0,
        ethics: false,
        attend: 3,
    },
];

/// (person, position, kind, unit index, day's offset from 1 October)
const APPOINTMENTS: &[(&str, &str, ActionKind, usize, i64)] = &[
    ("นางสาวกาญจนา สายใจ", "ครู", ActionKind::Recruit, 5, 20),
    (
        "นายธนากร พูนผล",
        "ผู้ช่วยนายช่างโยธา",
        ActionKind::Appoint,
        4,
        45,
    ),
    (
        "นางสาวอรุณี บุญมา",
        "นักวิชาการเงินและบัญชี ชำนาญการ",
        ActionKind::Promote,
        2,
        100,
    ),
    ("นายอนุชา ภักดี", "เจ้าพนักงานธุรการ", ActionKind::Move, 0, 150),
    (
        "นายเอกชัย รุ่งเรือง",
        "นักวิชาการสาธารณสุข",
        ActionKind::Transfer,
        6,
        200,
    ),
    (
        "นางสมศรี ใจดี",
        "นักวิเคราะห์นโยบายและแผน ชำนาญการ",
        ActionKind::Promote,
        1,
        280,
    ),
];

fn notes(period: RoundPeriod) -> Notes {
    let (results, problems, improvements) = match period {
        RoundPeriod::Half => (
            "๑. ดำเนินการสรรหาและบรรจุแต่งตั้งตามแผนอัตรากำลัง ๓ ปี ครบตามกำหนดในรอบ ๖ เดือน (ข้อมูลสาธิต)\n\
             ๒. จัดอบรมคุณธรรม จริยธรรม และการป้องกันการทุจริตให้บุคลากรทุกกอง (ข้อมูลสาธิต)",
            "ตำแหน่งนักวิชาการตรวจสอบภายในยังว่าง เนื่องจากไม่มีผู้สมัครโอนย้าย (ข้อมูลสาธิต)",
            "ขอใช้บัญชีผู้สอบแข่งขันได้ของกรมส่งเสริมการปกครองท้องถิ่นเพื่อบรรจุตำแหน่งที่ว่าง (ข้อมูลสาธิต)",
        ),
        RoundPeriod::Year => (
            "๑. บุคลากรได้รับการพัฒนาตามแผนพัฒนาบุคลากรประจำปี ทั้งหลักสูตรตามสายงานและหลักสูตรคุณธรรม จริยธรรม (ข้อมูลสาธิต)\n\
             ๒. การบรรจุ แต่งตั้ง โยกย้าย และเลื่อนระดับเป็นไปตามหลักเกณฑ์และประกาศให้ทราบทั่วกัน (ข้อมูลสาธิต)",
            "๑. งบประมาณสำหรับการฝึกอบรมภายนอกมีจำกัด (ข้อมูลสาธิต)\n\
             ๒. ตำแหน่งนักวิชาการตรวจสอบภายในยังว่างตลอดปี (ข้อมูลสาธิต)",
            "๑. จัดอบรมภายในร่วมกับหน่วยงานใกล้เคียงเพื่อลดค่าใช้จ่าย (ข้อมูลสาธิต)\n\
             ๒. เร่งสรรหาผู้ดำรงตำแหน่งที่ว่างในไตรมาสแรกของปีถัดไป (ข้อมูลสาธิต)",
        ),
    };
    Notes {
        results: results.into(),
        problems: problems.into(),
        improvements: improvements.into(),
    }
}

/// Seed the HR rows and texts of `year` when it has none; returns how many rows were added.
async fn seed_year(
    store: &Store,
    scope: &AgencyScope,
    actor: &Actor,
    year: FiscalYear,
) -> Result<usize> {
    if !store.hr_workforce_of_year(scope, year).await?.is_empty()
        || !store.hr_trainings_of_year(scope, year).await?.is_empty()
    {
        return Ok(0);
    }
    let units: Vec<i64> = store
        .list_units(scope)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let unit = |i: usize| units.get(i).copied();
    let mut n = 0;
    for (t, group, u, framework, filled) in WORKFORCE {
        store
            .create_hr_workforce(
                scope,
                actor,
                year,
                &WorkforceRow {
                    staff_type: *t,
                    group: demo(group),
                    unit_id: unit(*u),
                    framework: *framework,
                    filled: *filled,
                    accept_over: false,
                },
            )
            .await?;
        n += 1;
    }
    let day = |offset: i64| year.start() + Duration::days(offset);
    for (i, (person, position, kind, u, offset)) in APPOINTMENTS.iter().enumerate() {
        let date = day(*offset);
        store
            .create_hr_appointment(
                scope,
                actor,
                &Appointment {
                    fiscal_year: year,
                    person: demo(person),
                    position: (*position).into(),
                    kind: *kind,
                    unit_id: unit(*u),
                    date,
                    order_no: format!(
                        "คำสั่งองค์การบริหารส่วนตำบลกระโทก ที่ {}/{}",
                        12 + i * 17,
                        prongsai_domain::calendar::be_from_gregorian(chrono::Datelike::year(&date))
                    ),
                },
            )
            .await?;
        n += 1;
    }
    let mut next = 0usize;
    for c in COURSES {
        for _ in 0..c.attend {
            let (person, position, u) = PEOPLE[next % PEOPLE.len()];
            next += 1;
            let start = day(c.offset);
            store
                .create_hr_training(
                    scope,
                    actor,
                    &Training {
                        fiscal_year: year,
                        person: demo(person),
                        position: position.into(),
                        unit_id: unit(u),
                        course: demo(c.name),
                        organiser: c.organiser.into(),
                        start,
                        end: start + Duration::days(c.days - 1),
                        hours: Hours(c.hours),
                        cost: Money::from_baht(c.baht).unwrap_or(Money::ZERO),
                        ethics: c.ethics,
                    },
                )
                .await?;
            n += 1;
        }
    }
    for period in RoundPeriod::ALL {
        store
            .save_hr_report_notes(scope, actor, year, period, &notes(period))
            .await?;
    }
    Ok(n)
}

/// Submit the report of `period` of `year` as the coordinator and sign it as the executive,
/// unless it has a version already.
async fn sign(
    store: &Store,
    scope: &AgencyScope,
    coordinator: &Actor,
    executive: &Actor,
    year: FiscalYear,
    period: RoundPeriod,
) -> Result<()> {
    let key = sign_key(year, period);
    if store.current_signed(scope, key).await?.is_some() {
        return Ok(());
    }
    let content = store.hr_report(scope, year, period).await?;
    store
        .sign_off_at_once(
            scope,
            coordinator,
            executive,
            key,
            &report_title_th(year, period, Digits::Thai),
            &content,
            "รับทราบ (ข้อมูลสาธิต)",
        )
        .await
}

/// The demo's HR data of FY 2565 and FY 2566 and their signed reports (once). Returns how
/// many rows were added.
pub async fn seed_demo(store: &Store, scope: &AgencyScope) -> Result<usize> {
    let actor = Actor::system("demo");
    let mut n = 0;
    let (y65, y66) = match (FiscalYear::new(2565), FiscalYear::new(2566)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return Ok(0),
    };
    for year in [y65, y66] {
        n += seed_year(store, scope, &actor, year).await?;
    }
    let users = store.list_users(scope).await?;
    let first = |role: Role| {
        users
            .iter()
            .find(|u| u.role() == role)
            .map(|u| Actor::user(u.id, &u.username))
    };
    if let (Some(coordinator), Some(executive)) = (first(Role::AgencyAdmin), first(Role::Executive))
    {
        sign(
            store,
            scope,
            &coordinator,
            &executive,
            y66,
            RoundPeriod::Half,
        )
        .await?;
        sign(
            store,
            scope,
            &coordinator,
            &executive,
            y65,
            RoundPeriod::Year,
        )
        .await?;
    }
    Ok(n)
}
