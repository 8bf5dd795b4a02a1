//! `init`: writes a new site — config and the starter "Don't Panic" content — into a folder,
//! and the CI workflow that checks and publishes it. Never overwrites: a folder that already
//! holds a site is refused, except to add a workflow it does not have.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};

static STARTER_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static STARTER_CONFIG: &str = include_str!("../../dontpanic.toml");

/// The CI services a workflow can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions, publishing to GitHub Pages.
    Github,
    /// GitLab CI, publishing to GitLab Pages.
    Gitlab,
}

impl Ci {
    /// Where the workflow goes, from the site root, and its text.
    pub fn workflow(self) -> (&'static str, String) {
        let (path, text) = match self {
            Ci::Github => (
                ".github/workflows/runbooks.yml",
                include_str!("github-pages.yml"),
            ),
            Ci::Gitlab => (".gitlab-ci.yml", include_str!("gitlab-pages.yml")),
        };
        (path, text.replace("__VERSION__", env!("CARGO_PKG_VERSION")))
    }
}

/// Writes the CI workflow for `ci` into the site at `dir`; refuses to replace one.
pub fn add_ci(dir: &Path, ci: Ci) -> Result<std::path::PathBuf> {
    let (rel, text) = ci.workflow();
    let path = dir.join(rel);
    if path.exists() {
        return Err(Error::usage(
            format!(
                "{} already exists; refusing to overwrite it",
                path.display()
            ),
            Some("merge the steps by hand, or remove the file first".into()),
        ));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

/// What makes a folder a site already: `init` never writes over either.
const SITE_MARKERS: [&str; 2] = [crate::config::FILE_NAME, "content"];

/// Whether `dir` already holds a site.
pub fn holds_site(dir: &Path) -> bool {
    SITE_MARKERS.iter().any(|name| dir.join(name).exists())
}

/// Writes the starter site into `dir`; returns how many files were written.
pub fn init(dir: &Path) -> Result<usize> {
    for existing in SITE_MARKERS {
        if dir.join(existing).exists() {
            return Err(Error::usage(
                format!(
                    "{} already has {existing}; refusing to overwrite it",
                    dir.display()
                ),
                Some("run init in a new or empty folder".into()),
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let config = dir.join(crate::config::FILE_NAME);
    fs::write(&config, STARTER_CONFIG).map_err(|e| Error::io(&config, e))?;
    Ok(1 + write_dir(&STARTER_CONTENT, &dir.join("content"))?)
}

fn write_dir(embedded: &Dir<'static>, target: &Path) -> Result<usize> {
    let mut written = 0;
    for file in embedded.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, file.contents()).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    for sub in embedded.dirs() {
        written += write_dir(sub, target)?;
    }
    Ok(written)
}
