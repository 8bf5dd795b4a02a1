//! `dontpanic init`: a new site with the starter content, never over existing files.

use std::path::PathBuf;

use dontpanic::Error;
use dontpanic::init::Ci;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CiArg {
    /// GitHub Actions, publishing to GitHub Pages
    Github,
    /// GitLab CI, publishing to GitLab Pages
    Gitlab,
    /// No workflow
    None,
}

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the new site (created if missing; must not already hold a site, unless --ci
    /// adds a workflow to it)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Also write a CI workflow that checks the site and publishes it; for an existing site,
    /// write only the workflow [default for a new site: github]
    #[arg(long, value_enum)]
    ci: Option<CiArg>,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let ci = match args.ci {
        Some(CiArg::Github) | None => Some(Ci::Github),
        Some(CiArg::Gitlab) => Some(Ci::Gitlab),
        Some(CiArg::None) => None,
    };
    if dontpanic::init::holds_site(&args.dir) && args.ci.is_some() {
        let Some(ci) = ci else { return Ok(()) };
        let path = dontpanic::init::add_ci(&args.dir, ci)?;
        eprintln!("Wrote {}.", path.display());
        return Ok(());
    }
    let written = dontpanic::init::init(&args.dir)?;
    eprintln!(
        "Created a new site in {} ({} files).",
        args.dir.display(),
        written
    );
    if let Some(ci) = ci {
        let path = dontpanic::init::add_ci(&args.dir, ci)?;
        eprintln!(
            "Wrote {}: it checks the site on every push and publishes it.",
            path.display()
        );
    }
    let root = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", args.dir.display())
    };
    eprintln!("Next: dontpanic build{root}");
    Ok(())
}
