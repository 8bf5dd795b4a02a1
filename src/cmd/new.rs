//! `dontpanic new KIND PATH`: a page from its kind's archetype.

use std::path::PathBuf;

use dontpanic::Error;
use dontpanic::content::Kind;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Runbook,
    Playbook,
    Checklist,
    Template,
    Page,
}

#[derive(clap::Args)]
pub struct Args {
    /// What the page is
    #[arg(value_enum)]
    kind: KindArg,
    /// Where to write it, e.g. content/runbooks/disk-full.md
    path: PathBuf,
    /// The page's title (default: from the file name)
    #[arg(long)]
    title: Option<String>,
    /// The site root, for a theme's own archetypes
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let kind = match args.kind {
        KindArg::Runbook => Kind::Runbook,
        KindArg::Playbook => Kind::Playbook,
        KindArg::Checklist => Kind::Checklist,
        KindArg::Template => Kind::Template,
        KindArg::Page => Kind::Page,
    };
    let theme = dontpanic::pipeline::load_config(&args.root)
        .map(|c| c.theme)
        .unwrap_or_else(|_| "default".into());
    let today = jiff::ZonedDateTime::now().date();
    dontpanic::new_page::new_page(
        kind,
        &args.path,
        args.title.as_deref(),
        &args.root.join("themes").join(theme),
        today,
    )?;
    eprintln!(
        "Wrote {}: fill in its owner, severity and steps, then run dontpanic check.",
        args.path.display()
    );
    Ok(())
}
