//! The agency's contact channels beyond address, phone, e-mail and website: its Facebook page,
//! its LINE Official Account, its place on the map and its office hours. Entered once in the
//! agency's settings and shown on every public page (the ITA item "ข้อมูลการติดต่อ").
//!
//! Each reader takes what staff paste from their phone (a whole link, a LINE id with or
//! without its `@`, coordinates copied from a map application) and returns one canonical
//! form, or a refusal in Thai and English.

use crate::eservice::GeoPoint;
use crate::InputError;

/// The longest link accepted.
pub const MAX_URL_CHARS: usize = 300;
/// The longest office hours text.
pub const MAX_HOURS_CHARS: usize = 200;

/// A Facebook page: `https://www.facebook.com/<page>` (also `fb.com`, `fb.me`, `m.facebook.com`,
/// `web.facebook.com`; `http://` is upgraded; a bare page name is completed). Field `facebook`.
pub fn parse_facebook(input: &str) -> Result<String, InputError> {
    let refused = || {
        InputError::new(
            "facebook",
            "ลิงก์ Facebook ต้องเป็นหน้าเพจ เช่น https://www.facebook.com/ชื่อเพจ",
            "The Facebook link must be a page, e.g. https://www.facebook.com/pagename",
        )
    };
    let s = input.trim();
    if s.is_empty() || s.chars().count() > MAX_URL_CHARS || s.chars().any(char::is_whitespace) {
        return Err(refused());
    }
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let known = [
        "facebook.com",
        "www.facebook.com",
        "m.facebook.com",
        "web.facebook.com",
        "fb.com",
        "www.fb.com",
        "fb.me",
    ];
    let bare_name = |n: &str| {
        !n.is_empty()
            && n.chars().count() <= 50
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    let path = if known.contains(&host.as_str()) {
        path
    } else if s == rest && !rest.contains('/') && bare_name(rest) && !rest.contains("..") {
        // a bare page name ("abtkrathok", "krathok.demo")
        rest
    } else {
        return Err(refused());
    };
    let path = path.trim_end_matches('/');
    if path.is_empty()
        || path
            .chars()
            .any(|c| c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`'))
    {
        return Err(refused());
    }
    Ok(format!("https://www.facebook.com/{path}"))
}

/// A LINE Official Account: an id (`@krathok`, `krathok`) or a link (`https://lin.ee/…`,
/// `https://line.me/R/ti/p/@id`, `https://page.line.me/id`). Field `line`. Returns the id with
/// its `@`, or the https link as given.
pub fn parse_line(input: &str) -> Result<String, InputError> {
    let refused = || {
        InputError::new(
            "line",
            "LINE ต้องเป็นไอดีบัญชีทางการ เช่น @abtkrathok หรือลิงก์ https://lin.ee/…",
            "LINE must be an Official Account id, e.g. @abtkrathok, or a https://lin.ee/… link",
        )
    };
    let s = input.trim();
    if s.is_empty() || s.chars().count() > MAX_URL_CHARS || s.chars().any(char::is_whitespace) {
        return Err(refused());
    }
    if let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = host.to_ascii_lowercase();
        let ok_host =
            ["lin.ee", "line.me", "page.line.me", "liff.line.me"].contains(&host.as_str());
        let ok_path = !path.is_empty()
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~/@%?=&".contains(c));
        return if ok_host && ok_path {
            Ok(format!("https://{host}/{path}"))
        } else {
            Err(refused())
        };
    }
    let id = s.strip_prefix('@').unwrap_or(s);
    // LINE ids: letters, digits, '.', '-', '_'; at most 20 characters
    if id.is_empty()
        || id.chars().count() > 20
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(refused());
    }
    Ok(format!("@{}", id.to_ascii_lowercase()))
}

/// The address that opens a LINE account: the link itself, or `https://line.me/R/ti/p/@id`.
pub fn line_href(line: &str) -> String {
    if line.starts_with("https://") {
        line.to_string()
    } else {
        format!("https://line.me/R/ti/p/{line}")
    }
}

/// The office on the map: coordinates as copied from a map application, within Thailand.
/// Field `map`. Returns `lat,lon` with six decimals.
pub fn parse_map(input: &str) -> Result<String, InputError> {
    GeoPoint::parse(input)
        .map(|p| p.to_string())
        .map_err(|e| InputError::new("map", e.th, e.en))
}

/// A map of the point on OpenStreetMap (no third-party script on our pages: a plain link).
pub fn map_href(map: &str) -> Option<String> {
    let p = GeoPoint::parse(map).ok()?;
    Some(format!(
        "https://www.openstreetmap.org/?mlat={:.6}&mlon={:.6}#map=17/{:.6}/{:.6}",
        p.lat, p.lon, p.lat, p.lon
    ))
}

/// Directions to the point in the phone's map application (Google Maps understands `geo`-less
/// links on every phone).
pub fn directions_href(map: &str) -> Option<String> {
    let p = GeoPoint::parse(map).ok()?;
    Some(format!(
        "https://www.google.com/maps/dir/?api=1&destination={:.6},{:.6}",
        p.lat, p.lon
    ))
}

/// Office hours as typed ("วันจันทร์–วันศุกร์ เวลา ๐๘.๓๐–๑๖.๓๐ น."), one line. Field `hours`.
pub fn parse_hours(input: &str) -> Result<String, InputError> {
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > MAX_HOURS_CHARS || s.chars().any(char::is_control) {
        return Err(InputError::new(
            "hours",
            "เวลาทำการยาวเกินไป (ไม่เกิน 200 ตัวอักษร)",
            "Office hours are too long (at most 200 characters)",
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facebook_links_are_canonical() {
        for input in [
            "https://www.facebook.com/abtkrathok",
            "http://facebook.com/abtkrathok/",
            "https://m.facebook.com/abtkrathok",
            "fb.com/abtkrathok",
            "abtkrathok",
        ] {
            assert_eq!(
                parse_facebook(input).unwrap(),
                "https://www.facebook.com/abtkrathok",
                "{input}"
            );
        }
        assert_eq!(
            parse_facebook("krathok.demo").unwrap(),
            "https://www.facebook.com/krathok.demo"
        );
        assert_eq!(
            parse_facebook("https://www.facebook.com/profile.php?id=100064").unwrap(),
            "https://www.facebook.com/profile.php?id=100064"
        );
    }

    #[test]
    fn facebook_refuses_other_sites_and_markup() {
        for input in [
            "",
            "https://evil.example/abtkrathok",
            "javascript:alert(1)",
            "https://www.facebook.com/",
            "https://www.facebook.com/a\"onmouseover=x",
            "https://www.facebook.com/a b",
            "facebook.com.evil.example/x",
            "javascript:alert(1)",
        ] {
            let e = parse_facebook(input).unwrap_err();
            assert_eq!(e.field, "facebook", "{input}");
        }
    }

    #[test]
    fn line_ids_and_links() {
        assert_eq!(parse_line("@AbtKrathok").unwrap(), "@abtkrathok");
        assert_eq!(parse_line("abtkrathok").unwrap(), "@abtkrathok");
        assert_eq!(
            parse_line("https://lin.ee/AbC123").unwrap(),
            "https://lin.ee/AbC123"
        );
        assert_eq!(
            line_href("@abtkrathok"),
            "https://line.me/R/ti/p/@abtkrathok"
        );
        assert_eq!(line_href("https://lin.ee/AbC123"), "https://lin.ee/AbC123");
        for input in [
            "@",
            "@a b",
            "https://evil.example/x",
            "https://lin.ee/",
            "@<script>",
            "@abcdefghijklmnopqrstuvwxyz",
        ] {
            assert_eq!(parse_line(input).unwrap_err().field, "line", "{input}");
        }
    }

    #[test]
    fn map_points_within_thailand() {
        assert_eq!(
            parse_map("14.9799, 102.0977").unwrap(),
            "14.979900,102.097700"
        );
        let e = parse_map("102.0977,14.9799").unwrap_err();
        assert_eq!(e.field, "map");
        assert!(e.th.contains("สลับ"));
        assert!(parse_map("48.85,2.35").is_err());
        let href = map_href("14.979900,102.097700").unwrap();
        assert!(href.starts_with("https://www.openstreetmap.org/?mlat=14.979900&mlon=102.097700"));
        assert!(directions_href("nonsense").is_none());
    }

    #[test]
    fn hours_are_one_line_and_bounded() {
        assert_eq!(
            parse_hours("  จันทร์–ศุกร์\n 08.30–16.30 น. ").unwrap(),
            "จันทร์–ศุกร์ 08.30–16.30 น."
        );
        assert!(parse_hours(&"ก".repeat(201)).is_err());
    }
}
