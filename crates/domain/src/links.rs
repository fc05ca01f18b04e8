//! Links that agencies publish (evidence of a measure, a disclosure's external page): only
//! `http`/`https` URLs to public hosts are accepted, so a stored link can never run script
//! (`javascript:`), read local files, or make the server or a reader's browser call into a
//! private network (`localhost`, `10.0.0.0/8`, …).

use std::net::IpAddr;

use crate::InputError;

/// The longest link accepted, in characters.
pub const MAX_URL_CHARS: usize = 2000;

fn bad(field: &'static str, th: &'static str, en: &'static str) -> InputError {
    InputError::new(field, th, en)
}

/// Whether an address is of the local machine or a private, link-local or reserved network.
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1])) // carrier-grade NAT
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private_ip(IpAddr::V4(v4)))
        }
    }
}

/// A public web link: trimmed, `http(s)://host/…`, no user name or password in it, a host that
/// is not local or private. Returns the URL in its normal form.
pub fn parse_public_url(field: &'static str, input: &str) -> Result<String, InputError> {
    let s = input.trim();
    if s.chars().count() > MAX_URL_CHARS {
        return Err(InputError::new(
            field,
            format!("ลิงก์ยาวเกิน {MAX_URL_CHARS} ตัวอักษร"),
            format!("The link is longer than {MAX_URL_CHARS} characters"),
        ));
    }
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad(
            field,
            "ลิงก์ต้องไม่มีช่องว่างหรืออักขระควบคุม",
            "The link must not contain spaces or control characters",
        ));
    }
    let u = url::Url::parse(s).map_err(|_| {
        bad(
            field,
            "ลิงก์ไม่ถูกต้อง: ต้องขึ้นต้นด้วย https:// หรือ http://",
            "Not a valid link: it must start with https:// or http://",
        )
    })?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(bad(
            field,
            "รับเฉพาะลิงก์ https:// หรือ http://",
            "Only https:// and http:// links are accepted",
        ));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(bad(
            field,
            "ลิงก์ต้องไม่มีชื่อผู้ใช้หรือรหัสผ่าน",
            "The link must not contain a user name or password",
        ));
    }
    let private = match u.host() {
        None => true,
        Some(url::Host::Ipv4(ip)) => is_private_ip(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_private_ip(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost"
                || !d.contains('.')
                || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
                    .iter()
                    .any(|s| d.ends_with(s))
        }
    };
    if private {
        return Err(bad(
            field,
            "ลิงก์ต้องชี้ไปยังเว็บไซต์สาธารณะ ไม่ใช่เครื่องหรือเครือข่ายภายใน",
            "The link must point to a public website, not a local machine or network",
        ));
    }
    Ok(u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_links_pass_and_the_rest_are_refused() {
        assert_eq!(
            parse_public_url("u", " https://www.krathok.go.th/ita/o43.pdf ").unwrap(),
            "https://www.krathok.go.th/ita/o43.pdf"
        );
        assert!(parse_public_url("u", "https://ไทย.com/หน้า").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "//example.com",
            "example.com",
            "http://localhost:8080/",
            "http://127.0.0.1/",
            "http://10.1.2.3/",
            "http://192.168.1.1/",
            "http://172.16.0.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/",
            "http://intranet/",
            "http://printer.local/",
            "https://user:pw@example.com/",
            "https://exa mple.com/",
            "",
        ] {
            assert!(parse_public_url("u", bad).is_err(), "{bad} accepted");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert!(parse_public_url("u", &long).is_err());
    }
}
