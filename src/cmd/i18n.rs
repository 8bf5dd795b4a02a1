//! `dontpanic i18n status`: for each page of the default language and each other language,
//! whether it is translated, outdated or missing, with the fingerprint a translation's
//! `translated_from` should hold.

use std::path::PathBuf;
use std::process::ExitCode;

use dontpanic::diagnostic::printable;
use dontpanic::pipeline::{self, BuildOptions};
use dontpanic::site::translations::{self, State};

#[derive(clap::Subcommand)]
pub enum Action {
    /// Print each page's state in each language: translated, outdated or missing
    Status(StatusArgs),
}

#[derive(clap::Args)]
pub struct StatusArgs {
    /// The site root (holds dontpanic.toml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn execute(action: Action) -> ExitCode {
    let Action::Status(args) = action;
    let options = BuildOptions {
        root: args.root,
        ..BuildOptions::default()
    };
    let (site, diagnostics) = pipeline::inspect(&options);
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    let languages = &site.config.languages;
    if !languages.is_multilingual() {
        eprintln!(
            "the site has one language ({}): add [languages.<code>] to dontpanic.toml for more",
            languages.default_language().code
        );
        return ExitCode::SUCCESS;
    }
    let rows = translations::status(&site);
    let mut counts = [0usize; 4];
    let mut source = None;
    for row in &rows {
        let page = &site.pages[row.source];
        if source != Some(row.source) {
            source = Some(row.source);
            let fingerprint = page
                .source
                .as_ref()
                .map(|s| translations::fingerprint(s))
                .unwrap_or_default();
            println!(
                "{}  (translated_from = \"{fingerprint}\")",
                printable(&page.display_path.display().to_string())
            );
        }
        counts[row.state as usize] += 1;
        let translation = &site.pages[row.page];
        let file = match row.state {
            State::Missing => String::new(),
            _ => format!(
                "  {}",
                printable(&translation.display_path.display().to_string())
            ),
        };
        println!(
            "  {:<8} {}{file}",
            languages.list[row.language].code,
            row.state.as_str()
        );
    }
    println!(
        "{} translated, {} without translated_from, {} outdated, {} missing",
        counts[State::Translated as usize],
        counts[State::Unstamped as usize],
        counts[State::Outdated as usize],
        counts[State::Missing as usize]
    );
    ExitCode::SUCCESS
}
