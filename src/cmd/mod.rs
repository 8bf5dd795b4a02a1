//! One module per subcommand, each with its `Args` and an `execute`; shared printing here.

pub mod alerts;
pub mod build;
pub mod check;
pub mod i18n;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::io::IsTerminal;
use std::process::ExitCode;

use dontpanic::Error;
use dontpanic::diagnostic::{Diagnostic, printable};

/// Prints diagnostics to stderr, one per line with its hint below.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// Prints an error and returns its exit code: 1 for problems in the site, 2 for the rest.
pub fn report_error(error: &Error) -> ExitCode {
    match error {
        Error::Site { diagnostics } => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            eprintln!(
                "error: build failed: {errors} error{}{}; nothing was written, the previous output is as it was",
                plural(errors),
                if warnings > 0 {
                    format!(", {warnings} warning{}", plural(warnings))
                } else {
                    String::new()
                }
            );
            ExitCode::from(1)
        }
        Error::Usage { message, hint } => {
            eprintln!("error: {}", printable(message));
            if let Some(hint) = hint {
                eprintln!("  = hint: {}", printable(hint));
            }
            ExitCode::from(2)
        }
        Error::Io { .. } => {
            eprintln!("error: {}", printable(&error.to_string()));
            ExitCode::from(2)
        }
    }
}

/// `--today`, shared by the commands whose output depends on the day.
#[derive(clap::Args, Clone, Debug)]
pub struct TodayArg {
    /// The day to check review dates against and print in the site (YYYY-MM-DD); default:
    /// SOURCE_DATE_EPOCH when set, else today
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

impl TodayArg {
    pub fn resolve(&self) -> Result<jiff::civil::Date, Error> {
        let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
        dontpanic::dates::resolve_today(self.today.as_deref(), epoch.as_deref())
            .map_err(|message| Error::usage(message, None))
    }
}

/// One folder name of the site root, for `--content`.
pub fn folder_name(name: &str) -> Result<String, String> {
    let name = name.trim_end_matches('/');
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
        return Err(format!("'{name}' is not one folder of the site root"));
    }
    Ok(name.to_string())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
