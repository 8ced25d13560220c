//! The report's sentences, from one Project Fluent catalogue per language (`locales/*.ftl`,
//! compiled into the library so that the binary needs no files beside it).

use super::language::Language;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// The catalogue text of a language.
pub fn catalogue(language: Language) -> &'static str {
    match language {
        Language::English => include_str!("../../locales/en.ftl"),
        Language::French => include_str!("../../locales/fr.ftl"),
        Language::Spanish => include_str!("../../locales/es.ftl"),
    }
}

/// A language's messages, ready to format.
pub struct Messages {
    bundle: FluentBundle<FluentResource>,
}

/// An argument of a message: text as given, or a count (which chooses the plural form).
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Text(&'a str),
    /// A count, for plural rules.
    Count(u64),
}

impl Messages {
    /// The messages of `language`.
    pub fn new(language: Language) -> Messages {
        let resource = FluentResource::try_new(catalogue(language).to_string())
            .unwrap_or_else(|(_, errors)| panic!("the {language} catalogue parses: {errors:?}"));
        let id = language.code().parse().expect("a valid language tag");
        let mut bundle = FluentBundle::new(vec![id]);
        // The report is HTML, escaped after formatting; no bidirectional isolation marks.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .expect("each message is defined once");
        Messages { bundle }
    }

    /// The message `id` without arguments.
    pub fn get(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// The message `id` with named arguments. A message missing from the catalogue shows
    /// as its id (the catalogue tests make sure none is).
    pub fn with(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, arg) in args {
            let value = match *arg {
                Arg::Text(t) => FluentValue::from(t.to_string()),
                Arg::Count(n) => FluentValue::from(n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

/// The message ids of a catalogue, in file order.
pub fn message_ids(language: Language) -> Vec<String> {
    let resource = FluentResource::try_new(catalogue(language).to_string())
        .unwrap_or_else(|(_, errors)| panic!("the {language} catalogue parses: {errors:?}"));
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}
