//! TOTP second factor (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) and an in-memory
//! rate limiter for logins and public forms.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A new random TOTP secret (160 bits), base32 as authenticator apps expect.
pub fn new_totp_secret() -> String {
    let mut b = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut b);
    data_encoding::BASE32_NOPAD.encode(&b)
}

/// The code of a secret at a 30-second step.
pub fn totp_at(secret_b32: &str, step: u64) -> Option<u32> {
    let key = data_encoding::BASE32_NOPAD
        .decode(secret_b32.trim_end_matches('=').as_bytes())
        .ok()?;
    let mut mac = Hmac::<Sha1>::new_from_slice(&key).ok()?;
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[off] & 0x7f, h[off + 1], h[off + 2], h[off + 3]]);
    Some(bin % 1_000_000)
}

/// Check a typed code (Thai or ASCII digits, spaces ignored) at `unix_time`, allowing one step
/// of clock drift either way.
pub fn totp_check(secret_b32: &str, code: &str, unix_time: u64) -> bool {
    let digits = prongsai_domain::calendar::to_ascii_digits(code)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let Ok(n) = digits.parse::<u32>() else {
        return false;
    };
    if digits.len() != 6 {
        return false;
    }
    let step = unix_time / 30;
    [step.saturating_sub(1), step, step + 1]
        .iter()
        .any(|s| totp_at(secret_b32, *s) == Some(n))
}

/// The `otpauth://` URI that authenticator apps import.
pub fn totp_uri(secret: &str, username: &str, issuer: &str) -> String {
    let enc = crate::error::urlencode;
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(username),
        enc(issuer)
    )
}

/// A client address and the limit's name.
type LimitKey = (IpAddr, &'static str);
/// When the current window started, and the hits in it.
type Window = (Instant, u32);

/// Fixed-window counters per (client address, bucket).
#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<LimitKey, Window>>,
}

impl RateLimiter {
    /// Count a hit; false when the client is over `per_minute` in the current window.
    pub fn allow(&self, ip: IpAddr, bucket: &'static str, per_minute: u32) -> bool {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let e = map.entry((ip, bucket)).or_insert((now, 0));
        if now.duration_since(e.0) >= Duration::from_secs(60) {
            *e = (now, 0);
        }
        e.1 += 1;
        e.1 <= per_minute
    }
    /// Forget windows older than a minute.
    pub fn sweep(&self) {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 appendix B, secret "12345678901234567890", 8 digits truncated to 6.
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        assert_eq!(totp_at(&secret, 59 / 30), Some(287082));
        assert_eq!(totp_at(&secret, 1111111109 / 30), Some(81804));
        assert_eq!(totp_at(&secret, 1234567890 / 30), Some(5924));
        assert!(totp_check(&secret, "287 082", 59));
        assert!(totp_check(&secret, "๒๘๗๐๘๒", 59));
        assert!(!totp_check(&secret, "287083", 59));
        assert!(!totp_check(&secret, "28708", 59));
        assert!(!totp_check(&secret, "abc", 59));
        assert!(!totp_check("not base32!", "287082", 59));
    }

    #[test]
    fn limiter_counts_per_client() {
        let l = RateLimiter::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(l.allow(a, "login", 3));
        }
        assert!(!l.allow(a, "login", 3));
        assert!(l.allow(b, "login", 3));
        assert!(l.allow(a, "form", 3));
    }
}
