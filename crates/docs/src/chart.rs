//! SVG charts (no JavaScript): drawn as text here so the same picture serves web pages and
//! documents.

use prongsai_domain::calendar::Digits;
use std::fmt::Write;

/// One bar: a label and a score 0–100 (None: not assessed).
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
}

/// Escape text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn fmt_score(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Horizontal bars on a 0–100 scale with a dashed line at `target`; bars at or above the target
/// are green, below it red. `title` becomes the accessible name.
pub fn score_bars_svg(
    title: &str,
    bars: &[Bar],
    target: f64,
    target_label: &str,
    digits: Digits,
) -> String {
    let n = |s: String| digits.apply(&s);
    const LABEL_W: f64 = 300.0;
    const BAR_W: f64 = 380.0;
    const ROW: f64 = 30.0;
    const TOP: f64 = 34.0;
    let width = LABEL_W + BAR_W + 70.0;
    let height = TOP + ROW * bars.len() as f64 + 28.0;
    let x_of = |v: f64| LABEL_W + BAR_W * v.clamp(0.0, 100.0) / 100.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="chart-title" font-family="Sarabun, sans-serif" font-size="14">"#
    );
    let _ = write!(
        s,
        r#"<title id="chart-title">{}</title>"#,
        xml_escape(title)
    );
    // grid: 0, 25, 50, 75, 100
    for g in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = x_of(g);
        let _ = write!(
            s,
            r##"<line x1="{x}" y1="{TOP}" x2="{x}" y2="{}" stroke="#d5dbe3"/><text x="{x}" y="{}" text-anchor="middle" fill="#4f5b69" font-size="12">{}</text>"##,
            height - 24.0,
            height - 8.0,
            n(g.to_string())
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#1b2430">{}</text>"##,
            LABEL_W - 8.0,
            y + ROW / 2.0 + 5.0,
            xml_escape(&n(b.label.clone()))
        );
        match b.value {
            Some(v) if v.is_finite() => {
                let color = if v >= target { "#1e7b3a" } else { "#b42318" };
                let _ = write!(
                    s,
                    r##"<rect x="{LABEL_W}" y="{}" width="{:.1}" height="{}" fill="{color}" rx="3"/><text x="{:.1}" y="{}" fill="#1b2430" font-weight="700">{}</text>"##,
                    y + 5.0,
                    x_of(v) - LABEL_W,
                    ROW - 10.0,
                    x_of(v) + 6.0,
                    y + ROW / 2.0 + 5.0,
                    n(fmt_score(v))
                );
            }
            _ => {
                let _ = write!(
                    s,
                    r##"<text x="{}" y="{}" fill="#4f5b69">—</text>"##,
                    LABEL_W + 6.0,
                    y + ROW / 2.0 + 5.0
                );
            }
        }
    }
    let tx = x_of(target);
    let _ = write!(
        s,
        r##"<line x1="{tx}" y1="{}" x2="{tx}" y2="{}" stroke="#1d4e89" stroke-width="2" stroke-dasharray="6 4"/><text x="{tx}" y="{}" text-anchor="middle" fill="#1d4e89" font-weight="700">{} {}</text>"##,
        TOP - 6.0,
        height - 24.0,
        TOP - 12.0,
        xml_escape(target_label),
        n(fmt_score(target))
    );
    s.push_str("</svg>");
    s
}

/// One bar of [`column_chart_svg`] or [`bar_chart_svg`]: its label, its value (the bar's
/// length; negative or non-finite values draw no bar) and the text printed at its end (the
/// value as the caller formats it, digits included).
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// The top of a value axis: 1, 2, 2.5 or 5 × 10ⁿ, at least `max` (1 when nothing is above 0).
fn nice_max(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    for f in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if f * mag >= max * (1.0 - 1e-12) {
            return f * mag;
        }
    }
    10.0 * mag
}

/// A tick of the value axis: thousands grouped, at most two decimals, in `digits`.
fn fmt_tick(v: f64, digits: Digits) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        let raw = format!("{}", v.round() as i64);
        let mut out = String::new();
        for (i, c) in raw.chars().enumerate() {
            if i > 0 && (raw.len() - i).is_multiple_of(3) && c != '-' {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        fmt_score(v)
    };
    digits.apply(&s)
}

/// The top of the value axis of `values`: [`nice_max`], and for whole numbers (counts) a
/// multiple of four, so that the four grid lines fall on whole numbers too.
fn axis_top(values: &[Labelled]) -> f64 {
    let top = nice_max(
        values
            .iter()
            .map(|v| bar_value(v.value))
            .fold(0.0, f64::max),
    );
    let whole = values
        .iter()
        .all(|v| !v.value.is_finite() || v.value.fract() == 0.0);
    if whole && (top / 4.0).fract() != 0.0 {
        let max = values
            .iter()
            .map(|v| bar_value(v.value))
            .fold(0.0, f64::max);
        (max / 4.0).ceil().max(1.0) * 4.0
    } else {
        top
    }
}

fn bar_value(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

fn chart_open(s: &mut String, width: f64, height: f64, title: &str) {
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{t}" font-family="Sarabun, sans-serif" font-size="15"><title>{t}</title>"#,
        t = xml_escape(title)
    );
}

/// Vertical bars (columns) of labelled values, for a series such as the months of a year: the
/// labels under the bars, each value's text above its bar, a value axis with four grid lines
/// and `unit` (e.g. "พันบาท") above it. `color` is an SVG colour (`#1d4e89`). Text is
/// escaped; coordinates stay in ASCII digits whatever `digits` (which applies to the axis).
pub fn column_chart_svg(
    title: &str,
    values: &[Labelled],
    unit: &str,
    color: &str,
    digits: Digits,
) -> String {
    const AXIS_W: f64 = 88.0;
    const PLOT_H: f64 = 230.0;
    const TOP: f64 = 34.0;
    const SLOT_MIN: f64 = 60.0;
    let n = values.len().max(1) as f64;
    let slot = (720.0 / n).max(SLOT_MIN);
    let width = AXIS_W + slot * n + 12.0;
    let height = TOP + PLOT_H + 40.0;
    let top = axis_top(values);
    let y_of = |v: f64| TOP + PLOT_H - PLOT_H * (v / top).clamp(0.0, 1.0);
    let mut s = String::new();
    chart_open(&mut s, width, height, title);
    let color = xml_escape(color);
    if !unit.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#4f5b69" font-size="14">{}</text>"##,
            AXIS_W - 8.0,
            TOP - 16.0,
            xml_escape(unit)
        );
    }
    for k in 0..=4 {
        let v = top * k as f64 / 4.0;
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{AXIS_W}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{}"/><text x="{}" y="{:.1}" text-anchor="end" fill="#4f5b69" font-size="14">{}</text>"##,
            width - 8.0,
            if k == 0 { "#4f5b69" } else { "#d5dbe3" },
            AXIS_W - 8.0,
            y + 4.0,
            xml_escape(&fmt_tick(v, digits))
        );
    }
    for (i, v) in values.iter().enumerate() {
        let cx = AXIS_W + slot * (i as f64 + 0.5);
        let bw = slot * 0.62;
        let y = y_of(bar_value(v.value));
        let h = TOP + PLOT_H - y;
        if h > 0.0 {
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{y:.1}" width="{bw:.1}" height="{h:.1}" fill="{color}" rx="2"/>"#,
                cx - bw / 2.0
            );
        }
        let _ = write!(
            s,
            r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#1b2430" font-size="14">{}</text><text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#1b2430" font-size="15">{}</text>"##,
            y - 5.0,
            xml_escape(&v.text),
            TOP + PLOT_H + 22.0,
            xml_escape(&v.label)
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars of labelled values, for categories with long names: the labels at the
/// left, each value's text after its bar, `unit` under the bars. See [`column_chart_svg`].
pub fn bar_chart_svg(
    title: &str,
    values: &[Labelled],
    unit: &str,
    color: &str,
    digits: Digits,
) -> String {
    const LABEL_W: f64 = 250.0;
    const BAR_W: f64 = 290.0;
    const ROW: f64 = 32.0;
    const TOP: f64 = 12.0;
    let width = LABEL_W + BAR_W + 90.0;
    let height = TOP + ROW * values.len() as f64 + 44.0;
    let top = axis_top(values);
    let x_of = |v: f64| LABEL_W + BAR_W * (v / top).clamp(0.0, 1.0);
    let bottom = TOP + ROW * values.len() as f64;
    let mut s = String::new();
    chart_open(&mut s, width, height, title);
    let color = xml_escape(color);
    for k in 0..=4 {
        let v = top * k as f64 / 4.0;
        let x = x_of(v);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}" stroke="{}"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#4f5b69" font-size="14">{}</text>"##,
            if k == 0 { "#4f5b69" } else { "#d5dbe3" },
            bottom + 18.0,
            xml_escape(&fmt_tick(v, digits))
        );
    }
    if !unit.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#4f5b69" font-size="14">{}</text>"##,
            LABEL_W + BAR_W / 2.0,
            bottom + 38.0,
            xml_escape(unit)
        );
    }
    for (i, v) in values.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let x = x_of(bar_value(v.value));
        let _ = write!(
            s,
            r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#1b2430">{}</text>"##,
            LABEL_W - 8.0,
            y + ROW / 2.0 + 5.0,
            xml_escape(&v.label)
        );
        if x > LABEL_W {
            let _ = write!(
                s,
                r#"<rect x="{LABEL_W}" y="{:.1}" width="{:.1}" height="{}" fill="{color}" rx="2"/>"#,
                y + 6.0,
                x - LABEL_W,
                ROW - 12.0
            );
        }
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="#1b2430" font-weight="700">{}</text>"##,
            x + 6.0,
            y + ROW / 2.0 + 5.0,
            xml_escape(&v.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// A risk heat-map: likelihood up the side (level 1 at the bottom), impact along the bottom,
/// each cell coloured by its score's band (`color_of(likelihood × impact)`) and showing how many
/// risks it holds (empty when none). `likelihood` and `impact` are the level names, level 1
/// first; `cells[l-1][i-1]` the counts. Text is escaped; `digits` applies to every number shown.
pub fn heat_map_svg(
    title: &str,
    likelihood: &[String],
    impact: &[String],
    cells: &[Vec<u32>],
    color_of: impl Fn(u32) -> String,
    axis: (&str, &str),
    digits: Digits,
) -> String {
    const LEFT: f64 = 150.0;
    const TOP: f64 = 34.0;
    const CELL: f64 = 62.0;
    let (rows, cols) = (likelihood.len(), impact.len());
    let width = LEFT + CELL * cols as f64 + 10.0;
    let height = TOP + CELL * rows as f64 + 74.0;
    let mut s = String::new();
    chart_open(&mut s, width, height, title);
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="22" text-anchor="middle" font-weight="bold">{}</text>"##,
        width / 2.0,
        xml_escape(title)
    );
    for (li, lname) in likelihood.iter().enumerate() {
        let level = li + 1;
        // level 1 is the bottom row
        let y = TOP + CELL * (rows - 1 - li) as f64;
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="13" fill="#1f2933">{} {}</text>"##,
            LEFT - 8.0,
            y + CELL / 2.0 + 5.0,
            digits.apply(&level.to_string()),
            xml_escape(lname)
        );
        for (ii, _) in impact.iter().enumerate() {
            let x = LEFT + CELL * ii as f64;
            let score = (level * (ii + 1)) as u32;
            let n = cells.get(li).and_then(|r| r.get(ii)).copied().unwrap_or(0);
            let _ = write!(
                s,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{CELL}" height="{CELL}" fill="{}" stroke="#ffffff" stroke-width="2"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="#1f2933" opacity="0.7">{}</text>"##,
                xml_escape(&color_of(score)),
                x + 10.0,
                y + 14.0,
                digits.apply(&score.to_string())
            );
            if n > 0 {
                let _ = write!(
                    s,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="17" fill="#ffffff" opacity="0.9"/><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="17" font-weight="bold" fill="#1f2933">{}</text>"##,
                    x + CELL / 2.0,
                    y + CELL / 2.0 + 4.0,
                    x + CELL / 2.0,
                    y + CELL / 2.0 + 10.0,
                    digits.apply(&n.to_string())
                );
            }
        }
    }
    let base = TOP + CELL * rows as f64;
    for (ii, iname) in impact.iter().enumerate() {
        let x = LEFT + CELL * ii as f64 + CELL / 2.0;
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="#1f2933">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="11" fill="#4f5b69">{}</text>"##,
            base + 18.0,
            digits.apply(&(ii + 1).to_string()),
            base + 34.0,
            xml_escape(iname)
        );
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-weight="bold" font-size="14">{}</text><text x="14" y="{:.1}" text-anchor="start" font-weight="bold" font-size="14">{}</text></svg>"##,
        LEFT + CELL * cols as f64 / 2.0,
        base + 60.0,
        xml_escape(axis.1),
        TOP - 6.0,
        xml_escape(axis.0)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_labels_and_mark_the_target() {
        let svg = score_bars_svg(
            "คะแนน <ITA>",
            &[
                Bar {
                    label: "ตัวชี้วัดที่ 9 <script>".into(),
                    value: Some(72.5),
                },
                Bar {
                    label: "ตัวชี้วัดที่ 10".into(),
                    value: Some(90.0),
                },
                Bar {
                    label: "ไม่มีคะแนน".into(),
                    value: None,
                },
            ],
            85.0,
            "เกณฑ์ผ่าน",
            Digits::Arabic,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script>"));
        assert!(svg.contains("#b42318") && svg.contains("#1e7b3a"));
        assert!(svg.contains(">72.5<") && svg.contains("เกณฑ์ผ่าน 85"));
        assert!(svg.contains("<title id=\"chart-title\">คะแนน &lt;ITA&gt;</title>"));
        let thai = score_bars_svg(
            "t",
            &[Bar {
                label: "9".into(),
                value: Some(72.5),
            }],
            85.0,
            "เป้าหมาย",
            Digits::Thai,
        );
        assert!(thai.contains(">๗๒.๕<") && thai.contains("เป้าหมาย ๘๕") && thai.contains(">๙<"));
        assert!(thai.contains("viewBox=\"0 0 "), "coordinates stay ASCII");
    }

    fn lv(label: &str, value: f64, text: &str) -> Labelled {
        Labelled {
            label: label.into(),
            value,
            text: text.into(),
        }
    }

    #[test]
    fn nice_axis_tops() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(f64::NAN), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(10.0), 10.0);
        assert_eq!(nice_max(180.0), 200.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(0.3), 0.5);
        assert_eq!(fmt_tick(1_250_000.0, Digits::Arabic), "1,250,000");
        assert_eq!(fmt_tick(2500.0, Digits::Thai), "๒,๕๐๐");
        assert_eq!(fmt_tick(0.25, Digits::Arabic), "0.25");
        let counts = |v: &[f64]| -> Vec<Labelled> { v.iter().map(|x| lv("", *x, "")).collect() };
        // counts: grid lines on whole numbers
        assert_eq!(axis_top(&counts(&[10.0, 6.0, 3.0])), 12.0);
        assert_eq!(axis_top(&counts(&[7.0])), 8.0);
        assert_eq!(axis_top(&counts(&[3.0])), 4.0);
        assert_eq!(axis_top(&counts(&[0.0])), 4.0);
        assert_eq!(axis_top(&counts(&[180.0])), 200.0);
        // amounts keep their nice top
        assert_eq!(axis_top(&counts(&[1.5, 7.25])), 10.0);
    }

    #[test]
    fn columns_and_bars_draw_escaped_labelled_values() {
        let values = [
            lv("ต.ค. 66", 120.0, "120"),
            lv("<พ.ย.>", 0.0, "0"),
            lv("ธ.ค. 66", f64::NAN, "-"),
            lv("ม.ค. 67", 60.0, "60"),
        ];
        for svg in [
            column_chart_svg("มูลค่า <รายเดือน>", &values, "พันบาท", "#1d4e89", Digits::Thai),
            bar_chart_svg("จำนวน", &values, "รายการ", "#1d4e89", Digits::Thai),
        ] {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
            assert!(svg.contains("&lt;พ.ย.&gt;") && !svg.contains("<พ.ย.>"));
            // two bars only: the zero and the NaN draw none
            assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
            assert!(svg.contains(">120<") && svg.contains(">ต.ค. 66<"));
            // the axis in Thai digits, the coordinates in ASCII
            assert!(svg.contains(">๒๐๐<"), "{svg}");
            assert!(svg.contains("viewBox=\"0 0 "));
        }
        let col = column_chart_svg("t", &values, "พันบาท", "#1d4e89", Digits::Arabic);
        assert!(col.contains("aria-label=\"t\"") && col.contains(">พันบาท<"));
        // the tallest bar reaches up to its value's share of the axis: 120 of 200
        assert!(col.contains("height=\"138.0\""), "{col}");
        let empty = bar_chart_svg("ว่าง", &[], "", "#000", Digits::Arabic);
        assert!(empty.ends_with("</svg>") && !empty.contains("<rect"));
    }
}
