//! `dontpanic check`: everything the build validates, broken links as errors, and the rules
//! that keep runbooks true. Writes nothing; made for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use dontpanic::diagnostic::Diagnostic;
use dontpanic::pipeline::{self, BuildOptions};

use super::{plural, print_diagnostics};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The site root (holds dontpanic.toml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// human: one line per problem on stderr; json: one array of diagnostics on stdout
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    deny_warnings: bool,
    /// Check pages marked draft too
    #[arg(long)]
    drafts: bool,
    /// The folder of the root that holds the pages (default: content_dir from the config, else
    /// content), e.g. --content docs in a repository laid out for MkDocs
    #[arg(long, value_name = "DIR", value_parser = super::folder_name)]
    content: Option<String>,
    /// Alert rule files (glob, relative to the root) to check the runbooks against, in
    /// addition to [alerts] rules; repeatable
    #[arg(long = "alert-rules", value_name = "GLOB")]
    alert_rules: Vec<String>,
    #[command(flatten)]
    today: super::TodayArg,
}

pub fn execute(args: Args) -> ExitCode {
    let today = match args.today.resolve() {
        Ok(today) => today,
        Err(error) => return super::report_error(&error),
    };
    let options = BuildOptions {
        root: args.root,
        drafts: args.drafts,
        content: args.content,
        alert_rules: args.alert_rules,
        ..BuildOptions::default()
    };
    let diagnostics = pipeline::check(&options, today);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Human => {
            print_diagnostics(&diagnostics);
            if diagnostics.is_empty() {
                eprintln!("check: no problems found");
            } else {
                eprintln!(
                    "check: {errors} error{}, {warnings} warning{}",
                    plural(errors),
                    plural(warnings)
                );
            }
        }
        Format::Json => println!("{}", to_json(&diagnostics)),
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn to_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": d.path.display().to_string(),
                "line": d.line.max(1),
                "column": d.column.max(1),
                "level": d.level.to_string(),
                "code": d.code,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}
