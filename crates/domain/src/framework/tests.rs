use super::*;

/// A small valid framework; `{year}` is replaced, extra TOML appended.
fn fixture(year: i32, extra_items: &str) -> String {
    format!(
        r#"
schema = 1
fiscal_year = {year}
title_th = "ITA {year}"
status = "partial"

[scoring]
pass_mark = 85.0
oit_method = "share_of_yes"

[[grades]]
code = "A"
label_th = "A"
min_total = 85.0
min_each_tool = 85.0

[[grades]]
code = "F"
label_th = "F"
min_total = 0.0

[[tools]]
code = "IIT"
name_th = "ภายใน"
name_en = "internal"
weight = 30.0

[[tools]]
code = "EIT"
name_th = "ภายนอก"
name_en = "external"
weight = 30.0

[[tools]]
code = "OIT"
name_th = "เปิดเผย"
name_en = "open data"
weight = 40.0

[[indicators]]
number = 8
tool = "EIT"
name_th = "การปรับปรุงการทำงาน"

[[indicators]]
number = 9
tool = "OIT"
name_th = "การเปิดเผยข้อมูล"
weight = 22.0

[[indicators]]
number = 10
tool = "OIT"
name_th = "การป้องกันการทุจริต"
weight = 18.0

[[sub_indicators]]
code = "9.1"
indicator = 9
name_th = "ข้อมูลพื้นฐาน"

[[sub_indicators]]
code = "10.2"
indicator = 10
name_th = "มาตรการภายใน"

[[items]]
code = "O1"
sub_indicator = "9.1"
title_th = "โครงสร้าง"
cadence = "once"
data_year = "any"
evidence = ["document"]

[[questions]]
code = "E12"
tool = "EIT"
indicator = 8
text_th = "ปรับปรุงดีขึ้นมากน้อยเพียงใด"
{extra_items}
"#
    )
}

fn item(code: &str, sub: &str, title: &str, previous: Option<&str>) -> String {
    let prev = previous
        .map(|p| format!("previous = [{p}]\n"))
        .unwrap_or_default();
    format!(
        "\n[[items]]\ncode = \"{code}\"\nsub_indicator = \"{sub}\"\ntitle_th = \"{title}\"\ncadence = \"yearly\"\ndata_year = \"current\"\n{prev}"
    )
}

fn errors(file: &str, src: &str) -> Vec<FrameworkError> {
    load_str(file, src).expect_err("must be refused")
}

#[test]
fn the_fixture_loads() {
    let f = load_str("2566.toml", &fixture(2566, "")).unwrap();
    assert_eq!(f.fiscal_year.be(), 2566);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].cadence, Cadence::Once);
    assert_eq!(f.items_of("9.1").count(), 1);
    assert_eq!(f.question("E12").unwrap().indicator, 8);
}

#[test]
fn duplicate_code_names_file_line_and_field() {
    let src = fixture(2566, &item("O1", "9.1", "ซ้ำ", None));
    let e = errors("2566.toml", &src);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].file, "2566.toml");
    assert_eq!(e[0].field, "items[1].code");
    // 1-based line of `code = "O1"`: two lines above the title line
    let title_line = src
        .lines()
        .position(|l| l.contains("title_th = \"ซ้ำ\""))
        .unwrap()
        + 1;
    let line = title_line - 2;
    assert_eq!(e[0].line, Some(line));
    assert!(e[0].th.contains("ซ้ำ") && e[0].en.contains("duplicate"));
    assert!(e[0]
        .to_string()
        .starts_with(&format!("2566.toml:{line}: items[1].code")));
}

#[test]
fn dangling_references_are_refused() {
    let src = fixture(2566, &item("O2", "9.9", "ไม่มีตัวชี้วัดย่อยนี้", None));
    let e = errors("2566.toml", &src);
    assert_eq!(e[0].field, "items[1].sub_indicator");
    assert!(e[0].en.contains("9.9"));
    let src = fixture(2566, "").replace("indicator = 8\ntext_th", "indicator = 7\ntext_th");
    assert_eq!(errors("2566.toml", &src)[0].field, "questions[0].indicator");
    let src = fixture(2566, "").replace(
        "tool = \"EIT\"\nindicator = 8",
        "tool = \"XIT\"\nindicator = 8",
    );
    assert_eq!(errors("2566.toml", &src)[0].field, "questions[0].tool");
    // an OIT item under an EIT sub-indicator
    let src = fixture(
        2566,
        "\n[[sub_indicators]]\ncode = \"8.1\"\nindicator = 8\nname_th = \"x\"\n",
    ) + &item("O9", "8.1", "ผิดเครื่องมือ", None);
    assert!(errors("2566.toml", &src)
        .iter()
        .any(|e| e.en.contains("does not belong to the OIT tool")));
}

#[test]
fn weights_must_add_up() {
    let src = fixture(2566, "").replace("weight = 40.0", "weight = 45.0");
    let e = errors("2566.toml", &src);
    assert!(
        e.iter()
            .any(|e| e.field == "tools.weight" && e.en.contains("105")),
        "{e:?}"
    );
    let src = fixture(2566, "").replace("weight = 18.0", "weight = 10.0");
    let e = errors("2566.toml", &src);
    assert!(
        e.iter().any(|e| e.field == "indicators (OIT).weight"),
        "{e:?}"
    );
    let src = fixture(2566, "").replace("weight = 18.0\n", "");
    let e = errors("2566.toml", &src);
    assert!(
        e.iter().any(|e| e.en.contains("must all have a weight")),
        "{e:?}"
    );
}

#[test]
fn unknown_enums_are_refused() {
    let src = fixture(2566, "").replace("cadence = \"once\"", "cadence = \"weekly\"");
    let e = errors("2566.toml", &src);
    assert_eq!(e[0].field, "items[0].cadence");
    assert!(e[0].th.contains("weekly"));
    let src = fixture(2566, "").replace("data_year = \"any\"", "data_year = \"last\"");
    assert_eq!(errors("2566.toml", &src)[0].field, "items[0].data_year");
    let src = fixture(2566, "").replace("[\"document\"]", "[\"video\"]");
    assert_eq!(errors("2566.toml", &src)[0].field, "items[0].evidence[0]");
    let src = fixture(2566, "").replace("status = \"partial\"", "status = \"done\"");
    assert_eq!(errors("2566.toml", &src)[0].field, "status");
}

#[test]
fn file_name_year_and_syntax() {
    let e = errors("2567.toml", &fixture(2566, ""));
    assert_eq!(e[0].field, "fiscal_year");
    let mut src = fixture(2566, "");
    src.push_str("\n[[items]\n");
    let e = errors("2566.toml", &src);
    assert_eq!(e[0].field, "toml");
    assert_eq!(e[0].line, Some(src.lines().count()));
    let src = fixture(2566, "").replace(
        "title_th = \"ITA 2566\"",
        "title_th = \"x\"\nunknown_key = 1",
    );
    assert_eq!(errors("2566.toml", &src)[0].field, "toml");
    // bands best first
    let src = fixture(2566, "").replace("min_total = 85.0", "min_total = -1.0");
    assert!(errors("2566.toml", &src)
        .iter()
        .any(|e| e.field == "grades[0].min_total"));
    // the same total twice is allowed only after a band that is stricter per tool
    let pass_band = "\n[[grades]]\ncode = \"P\"\nlabel_th = \"ผ่าน\"\nmin_total = 85.0\n";
    let src = fixture(2566, "").replace(
        "\n[[grades]]\ncode = \"F\"",
        &format!("{pass_band}\n[[grades]]\ncode = \"F\""),
    );
    assert!(load_str("2566.toml", &src).is_ok());
    let src = src.replace("min_each_tool = 85.0\n", "");
    assert!(errors("2566.toml", &src)
        .iter()
        .any(|e| e.field == "grades[1].min_total"));
}

#[test]
fn grades_follow_the_bands() {
    let f = load_str("2566.toml", &fixture(2566, "")).unwrap();
    let tools = [
        (ToolCode::IIT, 90.0),
        (ToolCode::EIT, 90.0),
        (ToolCode::OIT, 90.0),
    ];
    assert_eq!(f.grade(90.0, &tools).unwrap().code, "A");
    let weak_tool = [
        (ToolCode::IIT, 90.0),
        (ToolCode::EIT, 70.0),
        (ToolCode::OIT, 99.0),
    ];
    assert_eq!(f.grade(90.0, &weak_tool).unwrap().code, "F");
    assert_eq!(f.grade(10.0, &tools).unwrap().code, "F");
}

#[test]
fn year_diff_names_every_kind_of_change() {
    let a = fixture(
        2565,
        &[
            item("O2", "9.1", "อำนาจหน้าที่", None),
            item("O3", "9.1", "แผนดำเนินงาน", None),
            item("O4", "9.1", "Q&A", None),
            item("O5", "9.1", "ช่องทางรับฟัง", None),
            item("O6", "9.1", "จริยธรรม", None),
            item("O7", "9.1", "ยกเลิก", None),
        ]
        .concat(),
    );
    let b = fixture(
        2566,
        &[
            item("O2", "9.1", "นโยบายคุ้มครองข้อมูลส่วนบุคคล", Some("")),
            item("O3", "10.2", "แผนดำเนินงาน", None),
            item("O4", "9.1", "ถาม-ตอบ (Q&A)", Some("\"O4\"")),
            item("O5", "9.1", "ช่องทางและการมีส่วนร่วม", Some("\"O5\", \"O2\"")),
            item("O6", "9.1", "ประมวลจริยธรรม", Some("\"O6\"")),
            item("O8", "9.1", "การขับเคลื่อนจริยธรรม", Some("\"O6\"")),
        ]
        .concat(),
    )
    .replace(
        "title_th = \"โครงสร้าง\"",
        "title_th = \"โครงสร้าง\"\nprevious = [\"O1\"]",
    );
    let verified = |src: String| {
        src.replace(
            "name_th = \"ข้อมูลพื้นฐาน\"",
            "name_th = \"ข้อมูลพื้นฐาน\"\nverified = true",
        )
        .replace(
            "name_th = \"มาตรการภายใน\"",
            "name_th = \"มาตรการภายใน\"\nverified = true",
        )
    };
    let a = load_str("2565.toml", &verified(a)).unwrap();
    let b = load_str("2566.toml", &verified(b)).unwrap();
    let d = diff(&a, &b);
    assert!(!d.later_complete, "the fixture is partial");
    let kind_of = |to: &str| {
        d.changes
            .iter()
            .find(|c| c.to.iter().any(|(t, _)| t == to))
            .map(|c| c.kind)
    };
    assert_eq!(kind_of("O1"), Some(ChangeKind::Same));
    assert_eq!(kind_of("O2"), Some(ChangeKind::Added));
    assert_eq!(kind_of("O3"), Some(ChangeKind::Same));
    assert!(d
        .changes
        .iter()
        .any(|c| c.moved == Some(("9.1".into(), "10.2".into()))));
    assert_eq!(kind_of("O4"), Some(ChangeKind::Renamed));
    assert_eq!(kind_of("O5"), Some(ChangeKind::Merged));
    assert_eq!(kind_of("O6"), Some(ChangeKind::Split));
    assert_eq!(d.count(ChangeKind::Split), 1, "a split is one line");
    assert_eq!(d.count(ChangeKind::Removed), 1);
    assert_eq!(d.successors("O6"), vec!["O6", "O8"]);
    assert_eq!(d.successors("O2"), vec!["O5"]);
    assert!(d.successors("O7").is_empty());
}

#[test]
fn every_file_in_frameworks_loads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frameworks");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    let (ok, errors) = load_all(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(ok.len(), files.len());
    assert_eq!(
        bundled_files().len(),
        files.len(),
        "the binary bundles every file"
    );
    // consecutive years diff without losing an item silently
    for pair in ok.windows(2) {
        let d = diff(&pair[0], &pair[1]);
        let accounted: usize = d.changes.iter().map(|c| c.to.len()).sum();
        assert_eq!(accounted, pair[1].items.len());
    }
}

#[test]
fn produced_by_takes_one_product_or_several() {
    let with = |v: &str| {
        fixture(2566, "").replace(
            "evidence = [\"document\"]",
            &format!("evidence = [\"document\"]\nproduced_by = {v}"),
        )
    };
    let f = load_str("2566.toml", &with("\"procurement.monthly\"")).unwrap();
    assert_eq!(f.items[0].produced_by, vec![Product::ProcurementMonthly]);
    let f = load_str(
        "2566.toml",
        &with("[\"procurement.plan\", \"procurement.notices\", \"procurement.monthly\"]"),
    )
    .unwrap();
    assert_eq!(
        f.items[0].produced_by,
        vec![
            Product::ProcurementPlan,
            Product::ProcurementNotices,
            Product::ProcurementMonthly
        ]
    );
    assert_eq!(f.items_produced_by(Product::ProcurementNotices).count(), 1);
    assert_eq!(f.items_produced_by(Product::ProcurementAnnual).count(), 0);
    for bad in [
        "\"procurement.weekly\"",
        "[\"procurement.plan\", \"nope\"]",
        "[\"procurement.plan\", \"procurement.plan\"]",
        "[\"procurement.plan\", 3]",
        "42",
    ] {
        let e = errors("2566.toml", &with(bad));
        assert_eq!(e[0].field, "items[0].produced_by", "{bad}");
        assert!(!e[0].th.is_empty() && !e[0].en.is_empty());
    }
    // every product code reads back as itself
    for p in Product::ALL {
        assert_eq!(Product::parse(p.code()), Some(p));
    }
}
