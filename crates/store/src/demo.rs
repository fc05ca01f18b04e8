//! The demo agency: อบต.กระโทก (slug `krathok`) with the units named in its real O43 report and a
//! few more typical of an อบต., and one demo user per role. Seeding is idempotent; every start
//! gives the demo users fresh random passwords, which the caller prints once.

use prongsai_domain::tenancy::{AgencyKind, AgencySlug, Role};
use rand::Rng;

use crate::tenancy::{AgencyUpdate, NewAgency, NewUser};
use crate::{Actor, Result, Store};

pub const DEMO_SLUG: &str = "krathok";

/// Units of the demo agency: (Thai name, English name).
pub const DEMO_UNITS: &[(&str, &str)] = &[
    ("สำนักปลัด", "Office of the Chief Administrator"),
    (
        "งานการเจ้าหน้าที่ (สำนักปลัด)",
        "Personnel (Office of the Chief Administrator)",
    ),
    ("กองคลัง", "Finance Division"),
    ("งานพัสดุ (กองคลัง)", "Procurement (Finance Division)"),
    ("กองช่าง", "Public Works Division"),
    (
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        "Education, Religion and Culture Division",
    ),
    (
        "กองสาธารณสุขและสิ่งแวดล้อม",
        "Public Health and Environment Division",
    ),
    ("หน่วยตรวจสอบภายใน", "Internal Audit"),
];

/// A demo login, to print once.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub display_name: String,
    pub password: String,
}

/// (username, display name, position, role, index into DEMO_UNITS)
const DEMO_USERS: &[(&str, &str, &str, Role, Option<usize>)] = &[
    ("sysadmin", "ผู้ดูแลระบบ", "ผู้ดูแลระบบ", Role::SystemAdmin, None),
    (
        "krathok.admin",
        "สมศรี ใจดี",
        "นักวิเคราะห์นโยบายและแผน (ผู้ประสานงาน ITA)",
        Role::AgencyAdmin,
        Some(0),
    ),
    (
        "krathok.mayor",
        "สมชาย กระโทก",
        "นายกองค์การบริหารส่วนตำบลกระโทก",
        Role::Executive,
        None,
    ),
    (
        "krathok.palad",
        "วิไล ศรีสุข",
        "ปลัดองค์การบริหารส่วนตำบลกระโทก",
        Role::Executive,
        Some(0),
    ),
    (
        "krathok.procurement",
        "ประเสริฐ มั่นคง",
        "เจ้าพนักงานพัสดุ",
        Role::UnitStaff,
        Some(3),
    ),
    (
        "krathok.hr",
        "มาลี รักงาน",
        "นักทรัพยากรบุคคล",
        Role::UnitStaff,
        Some(1),
    ),
    ("krathok.viewer", "ผู้ตรวจเยี่ยม", "ผู้ดูข้อมูล", Role::Viewer, None),
];

fn random_password() -> String {
    // Unambiguous characters; 14 of 54 symbols ≈ 80 bits.
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..14)
        .map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char)
        .collect()
}

/// Load the demo agency if missing, and give every demo user a fresh password.
pub async fn seed_demo(store: &Store) -> Result<Vec<DemoLogin>> {
    let actor = Actor::system("demo");
    let scope = match store.agency_by_slug(DEMO_SLUG).await? {
        Some((scope, _)) => scope,
        None => {
            let (scope, _) = store
                .create_agency(
                    &actor,
                    NewAgency {
                        slug: AgencySlug::parse(DEMO_SLUG)?,
                        name_th: "องค์การบริหารส่วนตำบลกระโทก".into(),
                        name_en: Some("Krathok Subdistrict Administrative Organization".into()),
                        kind: AgencyKind::Sao,
                        province: "นครราชสีมา".into(),
                    },
                )
                .await?;
            store
                .update_agency(
                    &scope,
                    &actor,
                    AgencyUpdate {
                        name_th: "องค์การบริหารส่วนตำบลกระโทก".into(),
                        name_en: Some("Krathok Subdistrict Administrative Organization".into()),
                        kind: Some(AgencyKind::Sao),
                        province: "นครราชสีมา".into(),
                        district: Some("โชคชัย".into()),
                        address: Some("ตำบลกระโทก อำเภอโชคชัย จังหวัดนครราชสีมา (ข้อมูลสาธิต)".into()),
                        phone: Some("044-000-000 (ข้อมูลสาธิต)".into()),
                        email: Some("saraban@krathok.example".into()),
                        website: None,
                        facebook: Some("https://www.facebook.com/krathok.demo".into()),
                        line: Some("@krathok.demo".into()),
                        map: Some("14.731000,102.165000".into()),
                        office_hours: Some(
                            "วันจันทร์–วันศุกร์ เวลา 08.30–16.30 น. (เว้นวันหยุดราชการ)".into(),
                        ),
                        require_totp_admins: false,
                    },
                )
                .await?;
            for (th, en) in DEMO_UNITS {
                store
                    .create_unit(&scope, &actor, th.to_string(), Some(en.to_string()))
                    .await?;
            }
            scope
        }
    };
    seed_demo_scores(store, &scope, &actor).await?;
    let units = store.list_units(&scope).await?;
    let existing = store.list_users(&scope).await?;
    let mut logins = Vec::new();
    for (username, name, position, role, unit_idx) in DEMO_USERS {
        let password = random_password();
        let unit_id = unit_idx.and_then(|i| {
            units
                .iter()
                .find(|u| u.name_th == DEMO_UNITS[i].0)
                .map(|u| u.id)
        });
        let new = NewUser {
            username: username.to_string(),
            display_name: name.to_string(),
            position: Some(position.to_string()),
            role: *role,
            unit_id,
            password: password.clone(),
        };
        let found = if *role == Role::SystemAdmin {
            store.system_admin_by_username(username).await?
        } else {
            existing.iter().find(|u| u.username == *username).cloned()
        };
        match found {
            Some(u) => store.set_password(&u, &actor, &password).await?,
            None if *role == Role::SystemAdmin => {
                store.create_system_admin(&actor, new).await?;
            }
            None => {
                store.create_user(&scope, &actor, new).await?;
            }
        }
        logins.push(DemoLogin {
            username: username.to_string(),
            role: *role,
            display_name: name.to_string(),
            password,
        });
    }
    Ok(logins)
}

/// Demo FY 2565 results shaped like the sample report's weak points (OIT service items, EIT
/// indicator 8 questions E12/E14/E15, procurement and HR reports). Invented for the demo and
/// marked so in every remark: the agency's real scores are not public.
async fn seed_demo_scores(store: &Store, scope: &crate::AgencyScope, actor: &Actor) -> Result<()> {
    use prongsai_domain::assessment::{ItemAnswer, Scores};
    use prongsai_domain::calendar::FiscalYear;
    let fy = FiscalYear::new(2565).map_err(|e| crate::StoreError::Other(e.message_en()))?;
    if store.load_scores(scope, fy).await?.is_some() {
        return Ok(());
    }
    let mut s = Scores::default();
    for (n, v) in [
        (1, 95.42),
        (2, 91.17),
        (3, 93.08),
        (4, 90.65),
        (5, 92.31),
        (6, 88.76),
        (7, 84.12),
        (8, 72.40),
    ] {
        s.indicators.insert(n, v);
    }
    let weak = [15, 16, 17, 23, 26, 28, 36, 40];
    for i in 1..=43 {
        let no = weak.contains(&i);
        s.items.insert(
            format!("O{i}"),
            ItemAnswer {
                answer: !no,
                remark: no.then(|| "ข้อมูลสาธิต: ไม่พบข้อมูลของปีงบประมาณที่ประเมินบนเว็บไซต์".to_string()),
            },
        );
    }
    for (q, v) in [("E12", 68.25), ("E14", 66.80), ("E15", 70.10)] {
        s.questions.insert(q.to_string(), v);
    }
    store.save_scores(scope, actor, fy, &s, "demo").await?;
    Ok(())
}
