//! The only writer of the built site. Everything goes into a staging folder beside the output;
//! only when the whole build succeeded is it swapped in. A failed build leaves the previous
//! output exactly as it was, and a successful one leaves nothing stale behind.

mod sitemap;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use sitemap::sitemap;

/// Written into every output folder: proof that replacing the folder loses nothing of the user's.
pub const MARKER: &str = ".dontpanic-output";

/// What an output folder may never replace: the site root (or anything above it), and the
/// folders the site is built from.
pub struct Protected<'a> {
    pub root: &'a Path,
    pub sources: &'a [&'a Path],
}

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to replace `target`. Refuses a target that holds the site itself, or an existing
    /// folder that dontpanic did not write: replacing it would delete someone's files.
    pub fn create(target: &Path, protected: &Protected) -> Result<Staging> {
        check_target(target, protected)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public");
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        };
        staging.write(
            MARKER,
            b"This folder is written by dontpanic build and replaced whole on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file at `rel_path` (with `/` separators) inside the staged site. Safe to call
    /// from several threads for different paths.
    pub fn write(&self, rel_path: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Copies `source` to `rel_path` inside the staged site.
    pub fn copy(&self, source: &Path, rel_path: &str) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::copy(source, &path)
            .map(|_| ())
            .map_err(|e| Error::io(source, e))
    }

    fn path_of(&self, rel_path: &str) -> Result<PathBuf> {
        let mut path = self.dir.clone();
        for part in rel_path.split('/') {
            if part.is_empty() || part == "." || part == ".." {
                return Err(Error::usage(
                    format!("refusing to write outside the output folder: {rel_path}"),
                    None,
                ));
            }
            path.push(part);
        }
        Ok(path)
    }

    /// Swaps the staged site in for the target folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("staging")
        ));
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back rather than leave no site at all.
            let _ = fs::rename(&old, &self.target);
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn check_target(target: &Path, protected: &Protected) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let target_abs = absolute(target);
    let refuse = |what: &Path| {
        Err(Error::usage(
            format!(
                "refusing to write the site into {}: it would replace {}",
                target.display(),
                what.display()
            ),
            Some("choose an output folder beside the content, e.g. -o public".into()),
        ))
    };
    if absolute(protected.root).starts_with(&target_abs) {
        return refuse(protected.root);
    }
    for source in protected.sources {
        if target_abs.starts_with(absolute(source)) {
            return refuse(source);
        }
    }
    if target.is_file() {
        return Err(Error::usage(
            format!("the output path {} is a file", target.display()),
            Some("choose a folder path with -o".into()),
        ));
    }
    if target.is_dir() && !target.join(MARKER).exists() {
        let empty = fs::read_dir(target)
            .map_err(|e| Error::io(target, e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::usage(
                format!(
                    "{} exists and was not written by dontpanic; refusing to replace it",
                    target.display()
                ),
                Some("pick another output folder with -o, or empty this one first".into()),
            ));
        }
    }
    Ok(())
}
