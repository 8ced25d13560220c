//! The command line's help in the command's language: every command's and option's help is
//! the catalogue's `help-COMMAND` and `help-COMMAND-OPTION` (the English text is the same as
//! the doc comments clap reads).

use clap::Command;
use kleroterion::report::{Language, Messages};

/// The language the command line asks for (`--lang X` or `--lang=X`), else the system's.
pub fn asked_language() -> Language {
    let args: Vec<String> = std::env::args().collect();
    let given = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).cloned(),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        });
    given
        .as_deref()
        .and_then(Language::from_tag)
        .unwrap_or_else(Language::from_environment)
}

/// The message id of a command's help (`path` its name, `help-draw`) or of one of its
/// options (`help-draw-seed`).
fn id(path: &str, arg: Option<&str>) -> String {
    match arg {
        Some(a) => format!("help-{path}-{}", a.replace('_', "-")),
        None => format!("help-{path}"),
    }
}

/// Every command and option as (message id, the help clap has for it).
#[cfg(test)]
fn texts(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(about) = cmd.get_about() {
        out.push((id("kleroterion", None), about.to_string()));
    }
    for sub in cmd.get_subcommands() {
        let name = sub.get_name();
        if let Some(about) = sub.get_about() {
            out.push((id(name, None), about.to_string()));
        }
        for arg in sub.get_arguments() {
            if let Some(help) = arg.get_help() {
                out.push((id(name, Some(arg.get_id().as_str())), help.to_string()));
            }
        }
    }
    out
}

/// `cmd` with every help the catalogue of `language` has.
pub fn translated(cmd: Command, language: Language) -> Command {
    let m = Messages::new(language);
    let said = |id: &str| {
        let text = m.get(id);
        (text != id).then_some(text)
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let cmd = match said(&id("kleroterion", None)) {
        Some(about) => cmd.about(about),
        None => cmd,
    };
    names.iter().fold(cmd, |cmd, name| {
        cmd.mut_subcommand(name, |mut sub| {
            if let Some(about) = said(&id(name, None)) {
                sub = sub.about(about);
            }
            let args: Vec<String> = sub
                .get_arguments()
                .map(|a| a.get_id().to_string())
                .collect();
            for a in args {
                if let Some(help) = said(&id(name, Some(&a))) {
                    sub = sub.mut_arg(&a, |arg| arg.help(help));
                }
            }
            sub
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command and option has its help in each catalogue, the English one as clap has
    /// it from the doc comments.
    #[test]
    fn every_option_is_helped_in_every_language() {
        let cmd = crate::Cli::command();
        let english = Messages::new(Language::English);
        let mut missing = Vec::new();
        for (id, text) in texts(&cmd) {
            if english.get(&id) != text {
                missing.push(format!("{id} = {}", text.replace('\n', " ")));
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
        for (id, text) in texts(&cmd) {
            for l in [Language::French, Language::Spanish] {
                let said = Messages::new(l).get(&id);
                assert!(said != id && said != text, "{l}: {id}");
            }
        }
    }
}
