//! `dontpanic init`: a new site with the starter content, never over existing files.

use std::path::PathBuf;

use dontpanic::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Folder for the new site (created if missing; must not already hold a site)
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let written = dontpanic::init::init(&args.dir)?;
    eprintln!(
        "Created a new site in {} ({} files).",
        args.dir.display(),
        written
    );
    let root = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", args.dir.display())
    };
    eprintln!("Next: dontpanic build{root}");
    Ok(())
}
