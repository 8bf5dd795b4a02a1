//! `dontpanic alerts`: every alert with its runbook's address and state, as a table or JSON,
//! and the `runbook_url` annotations to paste where a rule has none or a wrong one.

use dontpanic::diagnostic::printable;
use std::path::PathBuf;
use std::process::ExitCode;

use dontpanic::alerts::join::{self, State};
use dontpanic::pipeline::{self, BuildOptions};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The site root (holds dontpanic.toml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// table: one line per alert; json: what build writes to alerts.json
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Print, for each alert whose rule lacks a runbook_url or has a wrong one, the line to paste
    #[arg(long)]
    annotations: bool,
    /// Alert rule files (glob, relative to the root), in addition to [alerts] rules; repeatable
    #[arg(long = "alert-rules", value_name = "GLOB")]
    alert_rules: Vec<String>,
    /// Publish address to print absolute URLs for (default: base_url from the config)
    #[arg(long)]
    base_url: Option<String>,
}

pub fn execute(args: Args) -> ExitCode {
    let options = BuildOptions {
        root: args.root,
        alert_rules: args.alert_rules,
        base_url: args.base_url,
        ..BuildOptions::default()
    };
    let (site, diagnostics) = pipeline::inspect(&options);
    // What stops reading the rules or the pages is shown; the join's own findings are the table.
    for d in diagnostics
        .iter()
        .filter(|d| d.is_error() && !d.code.starts_with("runbook-"))
    {
        eprintln!("{d}");
    }
    let rows = join::rows(&site);
    if args.annotations {
        let mut any = false;
        for row in &rows {
            let Some(rule) = &row.rule else { continue };
            let wrong = matches!(row.state, State::BrokenUrl | State::UrlMismatch);
            let missing = rule.runbook_url.is_none();
            let Some(url) = &row.url else { continue };
            if wrong || missing {
                any = true;
                println!(
                    "{}:{}: {} ({})\n      runbook_url: {}",
                    printable(&rule.file),
                    rule.line,
                    printable(row.name),
                    if missing {
                        "no runbook_url"
                    } else {
                        row.state.as_str()
                    },
                    printable(url)
                );
            }
        }
        if !any {
            eprintln!("alerts: every rule with a runbook has the right runbook_url");
        } else if site.config.base_url.is_none() {
            eprintln!(
                "alerts: addresses are relative to the site; set base_url (or --base-url) to print them absolute"
            );
        }
        return ExitCode::SUCCESS;
    }
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "alerts": rows }))
                .unwrap_or_default()
        ),
        Format::Table => {
            let name_width = rows
                .iter()
                .map(|r| printable(r.name).chars().count())
                .max()
                .unwrap_or(5)
                .max(5);
            println!(
                "{:<name_width$}  {:<12}  {:<40}  RULE",
                "ALERT", "STATE", "RUNBOOK"
            );
            for row in &rows {
                let runbook = row
                    .url
                    .clone()
                    .or(row.page.clone())
                    .unwrap_or_else(|| "-".into());
                let rule = row
                    .rule
                    .as_ref()
                    .map_or("-".to_string(), |r| format!("{}:{}", r.file, r.line));
                println!(
                    "{:<name_width$}  {:<12}  {:<40}  {}",
                    printable(row.name),
                    row.state.as_str(),
                    printable(&runbook),
                    printable(&rule)
                );
            }
        }
    }
    ExitCode::SUCCESS
}
