//! Sentences kept as catalogue messages (an id and its arguments) until they are said, so that
//! one result — an input problem, a verifier's finding — can be shown in every language.

use super::language::Language;
use super::messages::{Arg, Messages};
use std::fmt;

thread_local! {
    /// The catalogues, parsed once per thread (a broken file can have thousands of problems).
    static CATALOGUES: Vec<(Language, Messages)> =
        Language::ALL.iter().map(|&l| (l, Messages::new(l))).collect();
}

/// The message `id` of `language`'s catalogue with text arguments.
pub(crate) fn say(language: Language, id: &str, args: &[(&'static str, String)]) -> String {
    // `count` chooses the plural form; every other argument is text as given (an id such
    // as 007 stays 007).
    let args: Vec<(&str, Arg)> = args
        .iter()
        .map(|(k, v)| match (*k, v.parse::<u64>()) {
            ("count", Ok(n)) => (*k, Arg::Count(n)),
            _ => (*k, Arg::Text(v)),
        })
        .collect();
    CATALOGUES.with(|c| {
        c.iter()
            .find(|(l, _)| *l == language)
            .map(|(_, m)| m.with(id, &args))
            .unwrap_or_else(|| id.to_string())
    })
}

/// A sentence as the catalogues have it: the message `id` and its arguments. An argument
/// that is itself a message id (`what-…`) and every part (a sentence inside the sentence)
/// are said in the same language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The message id.
    pub id: &'static str,
    /// Its arguments, as text.
    pub args: Vec<(&'static str, String)>,
    /// Arguments that are sentences themselves.
    pub parts: Vec<(&'static str, Said)>,
}

impl Said {
    /// The message `id` with `args`.
    pub fn new(id: &'static str, args: &[(&'static str, &dyn fmt::Display)]) -> Said {
        Said {
            id,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            parts: Vec::new(),
        }
    }

    /// The same sentence with `part` as its argument `key`.
    pub fn with(mut self, key: &'static str, part: Said) -> Said {
        self.parts.push((key, part));
        self
    }

    /// The arguments in `language`.
    fn args_in(&self, language: Language) -> Vec<(&'static str, String)> {
        let plain = self.args.iter().map(|(k, v)| match v.starts_with("what-") {
            true => (*k, say(language, v, &[])),
            false => (*k, v.clone()),
        });
        let parts = self.parts.iter().map(|(k, s)| (*k, s.sentence(language)));
        plain.chain(parts).collect()
    }

    /// The sentence in `language`.
    pub fn sentence(&self, language: Language) -> String {
        say(language, self.id, &self.args_in(language))
    }

    /// A problem's message and its hint (`id-hint`) in `language`.
    pub fn text(&self, language: Language) -> (String, String) {
        let args = self.args_in(language);
        let hint_id = format!("{}-hint", self.id);
        (
            say(language, self.id, &args),
            say(language, &hint_id, &args),
        )
    }
}

impl fmt::Display for Said {
    /// The sentence in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence(Language::English))
    }
}

/// `said!("id", key = value, …)`: the catalogue sentence `id` with its arguments.
#[macro_export]
macro_rules! said {
    ($id:expr $(, $key:ident = $value:expr)* $(,)?) => {
        $crate::report::Said::new($id, &[$((stringify!($key), &$value as &dyn ::std::fmt::Display)),*])
    };
}
