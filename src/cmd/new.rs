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
    /// Where to write it, relative to the site root, e.g. content/runbooks/disk-full.md
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
        .map(|(c, _)| c.theme)
        .unwrap_or_else(|_| "default".into());
    let today = jiff::ZonedDateTime::now().date();
    // PATH is relative to the site root, wherever the command runs, and must stay inside it.
    let path = if args.path.is_absolute() {
        args.path.clone()
    } else {
        args.root.join(&args.path)
    };
    let inside =
        dontpanic::output::resolved(&path).starts_with(dontpanic::output::resolved(&args.root));
    if !inside {
        return Err(Error::usage(
            format!(
                "{} is outside the site root {}",
                args.path.display(),
                args.root.display()
            ),
            Some("give a path inside the site, relative to --root, e.g. content/runbooks/disk-full.md".into()),
        ));
    }
    dontpanic::new_page::new_page(
        kind,
        &path,
        args.title.as_deref(),
        &args.root.join(dontpanic::sources::THEMES_DIR).join(theme),
        today,
    )?;
    eprintln!(
        "Wrote {}: fill in its owner, severity and steps, then run dontpanic check.",
        path.display()
    );
    Ok(())
}
