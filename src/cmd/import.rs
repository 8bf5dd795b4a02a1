//! `dontpanic import`: a `dontpanic.toml` from another tool's config, without touching a page.
//! An address no link may have (`repo_url: javascript:…`) is not carried over: the import stops
//! with an error at its line in the other tool's config, and writes nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use dontpanic::Error;
use dontpanic::config::foreign;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Tool {
    /// mkdocs.yml (MkDocs, Material for MkDocs)
    Mkdocs,
    /// hugo.toml, hugo.yaml or config.toml
    Hugo,
    /// book.toml
    Mdbook,
}

#[derive(clap::Args)]
pub struct Args {
    /// The tool whose config to read
    #[arg(value_enum)]
    tool: Tool,
    /// The repository's root, where that config is
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<ExitCode, Error> {
    let tool = match args.tool {
        Tool::Mkdocs => "mkdocs",
        Tool::Hugo => "hugo",
        Tool::Mdbook => "mdbook",
    };
    let target = args.dir.join(dontpanic::config::FILE_NAME);
    if target.exists() {
        return Err(Error::usage(
            format!("{} already exists; it was left as it is", target.display()),
            Some("move it away first to write a new one from the other tool's config".into()),
        ));
    }
    let found = foreign::read(&args.dir, tool)
        .map_err(|message| Error::usage(format!("cannot read the {tool} config: {message}"), None))?
        .ok_or_else(|| {
            Error::usage(
                format!("no {tool} config in {}", args.dir.display()),
                Some("run it in the repository's root, or name that folder".into()),
            )
        })?;
    if !args.dir.join(&found.content_dir).is_dir() {
        eprintln!(
            "warning: {} names the pages' folder '{}', which does not exist",
            found.file, found.content_dir
        );
    }
    let shown = if args.dir == std::path::Path::new(".") {
        PathBuf::from(&found.file)
    } else {
        args.dir.join(&found.file)
    };
    let addresses = dontpanic::config::urls::foreign(&found, &shown);
    if !addresses.problems.is_empty() {
        super::print_diagnostics(&addresses.problems);
        eprintln!(
            "error: {} was not written: fix the address{} in {} first",
            target.display(),
            if addresses.problems.len() == 1 {
                ""
            } else {
                "es"
            },
            found.file
        );
        return Ok(ExitCode::from(1));
    }
    // A site address written as a path (Hugo's `baseURL = "/"`) names no host: it is left out.
    let path_only = found
        .base_url
        .clone()
        .filter(|_| addresses.base_url.is_none());
    let found = foreign::Foreign {
        base_url: addresses.base_url,
        repo_url: addresses.repo_url,
        ..found
    };
    let text = foreign::to_config_text(&found);
    std::fs::write(&target, &text).map_err(|e| Error::io(&target, e))?;
    eprintln!("Wrote {} from {}:", target.display(), found.file);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        eprintln!("  {line}");
    }
    match tool {
        "mkdocs" => eprintln!(
            "The sidebar follows the nav of {} at every build: keep the file.",
            found.file
        ),
        "mdbook" => eprintln!(
            "The sidebar follows {}/SUMMARY.md at every build: keep the file.",
            found.content_dir
        ),
        _ => eprintln!("The sidebar follows the pages' weight and linkTitle, as Hugo's does."),
    }
    if !found.left_out.is_empty() {
        eprintln!(
            "Not carried over (the look and plugins of {tool}): {}",
            found.left_out.join(", ")
        );
    }
    if let Some(path) = path_only {
        eprintln!(
            "The site address '{path}' is a path, not a full address: set base_url to the full one for a sitemap."
        );
    }
    eprintln!("No page was changed. Next: dontpanic build");
    Ok(ExitCode::SUCCESS)
}
