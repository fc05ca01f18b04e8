//! Agencies (tenants), units, users and roles: the parsed, validated shapes of their inputs,
//! and the one place where a role's permissions are decided.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::error::InputError;

/// The URL name of an agency, e.g. `krathok` in `/krathok/ita/2570`.
///
/// Lower-case ASCII letters, digits and inner hyphens, 2–40 characters, not a reserved word of
/// the URL space (`staff`, `api`, `static`, …).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencySlug(String);

/// First path segments that belong to the application, never to an agency.
pub const RESERVED_SLUGS: &[&str] = &[
    "staff",
    "api",
    "static",
    "healthz",
    "metrics",
    "lang",
    "login",
    "logout",
    "admin",
    "assets",
    "favicon.ico",
    "robots.txt",
    "system",
    "frameworks",
    "ita",
    "docs",
];

impl AgencySlug {
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let s = input.trim().to_ascii_lowercase();
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if s.len() < 2 || s.len() > 40 || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(InputError::new(
                "slug",
                "ชื่อย่อสำหรับ URL ต้องเป็นอักษรภาษาอังกฤษตัวเล็ก ตัวเลข หรือขีด (-) ยาว 2–40 ตัว",
                "The URL name must be 2–40 lower-case letters, digits or inner hyphens",
            ));
        }
        if RESERVED_SLUGS.contains(&s.as_str()) {
            return Err(InputError::new(
                "slug",
                "ชื่อย่อนี้สงวนไว้สำหรับระบบ",
                "This URL name is reserved by the system",
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AgencySlug {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}
impl From<AgencySlug> for String {
    fn from(v: AgencySlug) -> String {
        v.0
    }
}
impl fmt::Display for AgencySlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of a local government or other agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// องค์การบริหารส่วนตำบล (อบต.)
    Sao,
    /// เทศบาล (ตำบล เมือง นคร)
    Municipality,
    /// องค์การบริหารส่วนจังหวัด (อบจ.)
    Pao,
    /// any other public agency
    Other,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 4] = [Self::Sao, Self::Municipality, Self::Pao, Self::Other];
    pub fn code(self) -> &'static str {
        match self {
            Self::Sao => "sao",
            Self::Municipality => "municipality",
            Self::Pao => "pao",
            Self::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Sao => "องค์การบริหารส่วนตำบล (อบต.)",
            Self::Municipality => "เทศบาล",
            Self::Pao => "องค์การบริหารส่วนจังหวัด (อบจ.)",
            Self::Other => "หน่วยงานอื่น",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Sao => "Subdistrict Administrative Organization (SAO)",
            Self::Municipality => "Municipality",
            Self::Pao => "Provincial Administrative Organization (PAO)",
            Self::Other => "Other agency",
        }
    }
}

/// What a user is allowed to do. One role per user; permissions are decided in [`Role::allows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the installation: creates agencies; sees every agency.
    SystemAdmin,
    /// Agency admin / ITA coordinator (usually in สำนักปลัด).
    AgencyAdmin,
    /// Staff of a unit: updates their own steps and registers.
    UnitStaff,
    /// นายก / ปลัด: sees everything of the agency, acknowledges reports.
    Executive,
    /// Read-only.
    Viewer,
}

/// Actions that are checked against a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ViewDashboard,
    ManageUnits,
    ManageUsers,
    ManageAgencySettings,
    ManageAgencies,
    ViewAudit,
    AcknowledgeReports,
    EditOwnWork,
    /// Enter and import assessment results, choose the issues to improve.
    ManageAssessment,
    /// Keep the procurement register, plan and annual report (the procurement officer, งานพัสดุ,
    /// is unit staff).
    ManageProcurement,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::SystemAdmin,
        Self::AgencyAdmin,
        Self::UnitStaff,
        Self::Executive,
        Self::Viewer,
    ];
    /// Roles an agency admin may hand out (never system admin).
    pub const AGENCY_ROLES: [Role; 4] = [
        Self::AgencyAdmin,
        Self::UnitStaff,
        Self::Executive,
        Self::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SystemAdmin => "system_admin",
            Self::AgencyAdmin => "agency_admin",
            Self::UnitStaff => "unit_staff",
            Self::Executive => "executive",
            Self::Viewer => "viewer",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
    pub fn label_th(self) -> &'static str {
        match self {
            Self::SystemAdmin => "ผู้ดูแลระบบ",
            Self::AgencyAdmin => "ผู้ดูแลหน่วยงาน/ผู้ประสานงาน ITA",
            Self::UnitStaff => "เจ้าหน้าที่ประจำกอง/งาน",
            Self::Executive => "ผู้บริหาร",
            Self::Viewer => "ผู้ดูข้อมูล",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            Self::SystemAdmin => "System administrator",
            Self::AgencyAdmin => "Agency admin / ITA coordinator",
            Self::UnitStaff => "Unit staff",
            Self::Executive => "Executive",
            Self::Viewer => "Viewer",
        }
    }
    /// Whether this role counts as an administrator for the agency's TOTP requirement.
    pub fn is_admin(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::AgencyAdmin)
    }

    /// The one place where permissions are decided.
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Self::SystemAdmin => true,
            Self::AgencyAdmin => !matches!(p, ManageAgencies),
            Self::Executive => matches!(p, ViewDashboard | ViewAudit | AcknowledgeReports),
            Self::UnitStaff => matches!(p, ViewDashboard | EditOwnWork | ManageProcurement),
            Self::Viewer => matches!(p, ViewDashboard),
        }
    }
}

/// A person's login name: 3–64 characters of ASCII letters, digits, `.`, `_`, `-` or `@`.
pub fn parse_username(input: &str) -> Result<String, InputError> {
    let s = input.trim().to_lowercase();
    let ok = (3..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(s)
    } else {
        Err(InputError::new(
            "username",
            "ชื่อผู้ใช้ต้องเป็นอักษรภาษาอังกฤษ ตัวเลข หรือ . _ - @ ยาว 3–64 ตัว",
            "The username must be 3–64 ASCII letters, digits or . _ - @",
        ))
    }
}

/// A display name or title: trimmed, 1..=max characters (not bytes), no control characters.
pub fn parse_text(field: &'static str, input: &str, max: usize) -> Result<String, InputError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(InputError::new(
            field,
            "กรุณากรอกข้อมูลช่องนี้",
            "This field is required",
        ));
    }
    if s.chars().count() > max {
        return Err(InputError::new(
            field,
            format!("ข้อความยาวเกิน {max} ตัวอักษร"),
            format!("The text is longer than {max} characters"),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(InputError::new(
            field,
            "ข้อความมีอักขระควบคุมที่ไม่อนุญาต",
            "The text contains control characters",
        ));
    }
    Ok(s.to_string())
}

/// Password policy: at least 10 characters, at most 200.
pub fn check_password_policy(pw: &str) -> Result<(), InputError> {
    let n = pw.chars().count();
    if n < 10 {
        return Err(InputError::new(
            "password",
            "รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร",
            "The password must be at least 10 characters long",
        ));
    }
    if n > 200 {
        return Err(InputError::new(
            "password",
            "รหัสผ่านยาวเกิน 200 ตัวอักษร",
            "The password is longer than 200 characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(AgencySlug::parse(" Krathok ").unwrap().as_str(), "krathok");
        assert!(AgencySlug::parse("nakhon-ratchasima-1").is_ok());
        for bad in [
            "",
            "a",
            "-ab",
            "ab-",
            "กระโทก",
            "staff",
            "api",
            "a b",
            "a/b",
            &"x".repeat(41),
        ] {
            assert!(AgencySlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_codes_round_trip_and_permissions() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert!(Role::AgencyAdmin.allows(Permission::ManageUsers));
        assert!(!Role::AgencyAdmin.allows(Permission::ManageAgencies));
        assert!(!Role::Viewer.allows(Permission::ManageUsers));
        assert!(!Role::UnitStaff.allows(Permission::ManageUnits));
        assert!(Role::Executive.allows(Permission::AcknowledgeReports));
        assert!(!Role::AGENCY_ROLES.contains(&Role::SystemAdmin));
    }

    #[test]
    fn texts() {
        // Thai vowels and tone marks are code points of their own: limits count code points,
        // as the database does.
        assert_eq!(parse_text("name", "  สำนักปลัด 🏛 ", 11).unwrap(), "สำนักปลัด 🏛");
        assert!(parse_text("name", "สำนักปลัด 🏛", 10).is_err());
        assert!(parse_text("name", "   ", 10).is_err());
        assert!(parse_text("name", "ก".repeat(11).as_str(), 10).is_err());
        assert!(parse_text("name", "a\u{0}b", 10).is_err());
        assert!(parse_username("Somchai.K").is_ok());
        assert!(parse_username("สมชาย").is_err());
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("long enough pw").is_ok());
    }
}
