//! Distinct Thai place names for benchmark data.

const VILLAGES: [&str; 10] = [
    "หนองบัว",
    "โนนสูง",
    "ดอนแก้ว",
    "นาคำ",
    "โคกกลาง",
    "หัวนา",
    "ท่าช้าง",
    "สระแก้ว",
    "บึงทอง",
    "ห้วยทราย",
];

const QUARTERS: [&str; 20] = [
    "เหนือ",
    "ใต้",
    "ใหม่",
    "พัฒนา",
    "ทอง",
    "งาม",
    "น้อย",
    "ใหญ่",
    "สามัคคี",
    "ตะวันออก",
    "ตะวันตก",
    "กลาง",
    "เก่า",
    "ศรีสุข",
    "สว่าง",
    "เจริญ",
    "ร่มเย็น",
    "สุขสันต์",
    "ชัยมงคล",
    "ประชาสุข",
];

/// The `k`-th of 200 distinct village names ("บ้านหนองบัวเหนือ"). Written into a text with no
/// space around it, it makes the text's Thai run differ from every other row's: the line
/// breaks of such a text are not known from another row's (the layout engine segments each
/// Thai run once per process, vendor/typst-layout).
pub fn place(k: usize) -> String {
    format!(
        "บ้าน{}{}",
        VILLAGES[k % VILLAGES.len()],
        QUARTERS[(k / VILLAGES.len()) % QUARTERS.len()]
    )
}
