//! Typed user-input errors, always carrying a Thai and an English message.

use std::borrow::Cow;

/// A user input that was refused, for one form field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {en}")]
pub struct InputError {
    /// The form field the message belongs next to.
    pub field: &'static str,
    pub th: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl InputError {
    pub fn new(
        field: &'static str,
        th: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            field,
            th: th.into(),
            en: en.into(),
        }
    }
    /// The message in the given language.
    pub fn message(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Th => &self.th,
            crate::i18n::Lang::En => &self.en,
        }
    }
}
