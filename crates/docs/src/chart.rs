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
}
