//! The languages the report is written in, and how one is chosen.

use std::fmt;

/// A language with a complete message catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English, the fallback.
    English,
    /// French.
    French,
    /// Spanish.
    Spanish,
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Language; 3] = [Language::English, Language::French, Language::Spanish];

    /// The language's code (BCP 47), as `--lang` and the settings take it.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
            Language::Spanish => "es",
        }
    }

    /// The language of a tag such as `fr`, `fr-CA`, `es_ES.UTF-8` or `English`; `None` for
    /// a language without a catalogue.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary: String = tag
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" | "english" => Some(Language::English),
            "fr" | "fra" | "fre" | "french" | "francais" => Some(Language::French),
            "es" | "spa" | "spanish" | "espanol" => Some(Language::Spanish),
            _ => None,
        }
    }

    /// The system's language from the POSIX locale variables (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, the first one set), falling back to English.
    pub fn from_environment() -> Language {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Language::from_tag(&v))
            .unwrap_or(Language::English)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.code())
    }
}
