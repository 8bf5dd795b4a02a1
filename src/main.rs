//! The `dontpanic` command: argument parsing, printing and exit codes. How anything is built
//! lives in the library.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "dontpanic", version, about = "Build and check a runbook site that works offline", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List every alert with its runbook's address and state; --annotations prints the
    /// runbook_url lines to paste into the alert rules
    Alerts(cmd::alerts::Args),
    /// Build the site into a static folder (default: public/)
    Build(cmd::build::Args),
    /// Check links, references, review dates, required sections and secrets; writes nothing
    Check(cmd::check::Args),
    /// The translations of a site in several languages: `i18n status`
    #[command(subcommand)]
    I18n(cmd::i18n::Action),
    /// Write a dontpanic.toml from an MkDocs, Hugo or mdBook config (no page is changed)
    Import(cmd::import::Args),
    /// Write a new site with the starter content
    Init(cmd::init::Args),
    /// Write a new page of a kind (runbook, playbook, checklist, template, page)
    New(cmd::new::Args),
    /// Preview the site with live reload (built in memory, never written to disk)
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Alerts(args) => Ok(cmd::alerts::execute(args)),
        Command::Build(args) => cmd::build::execute(args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => Ok(cmd::check::execute(args)),
        Command::I18n(action) => Ok(cmd::i18n::execute(action)),
        Command::Import(args) => cmd::import::execute(args),
        Command::Init(args) => cmd::init::execute(args).map(|()| ExitCode::SUCCESS),
        Command::New(args) => cmd::new::execute(args).map(|()| ExitCode::SUCCESS),
        Command::Serve(args) => cmd::serve::execute(args).map(|()| ExitCode::SUCCESS),
    };
    result.unwrap_or_else(|error| cmd::report_error(&error))
}
