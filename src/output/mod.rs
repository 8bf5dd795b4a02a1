//! The only writer of the built site. `build` writes into a staging folder beside the output
//! and swaps it in only when the whole build succeeded: a failed build leaves the previous
//! output exactly as it was, and a successful one leaves nothing stale behind. `serve` writes
//! into memory instead, through the same `Sink` interface.

mod memory;
pub mod single_file;
mod sitemap;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use memory::{MemorySite, SiteFiles};
pub use sitemap::sitemap;

/// Written into every output folder: proof that replacing the folder loses nothing of the user's.
pub const MARKER: &str = ".dontpanic-output";

/// Where the writer puts the site's files: a staging folder on disk, or memory for `serve`.
/// Several threads write different paths at once.
pub trait Sink: Sync {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()>;
    /// Copies the file at `source` (one of the site's sources) to `rel_path`.
    fn copy(&self, source: &Path, rel_path: &str) -> Result<()>;
}

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
        let dir = beside(target, "staging")?;
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        };
        let note =
            b"This folder is written by dontpanic build and replaced whole on every build.\n";
        staging.write(MARKER, note.to_vec())?;
        Ok(staging)
    }

    fn path_of(&self, rel_path: &str) -> Result<PathBuf> {
        check_rel_path(rel_path)?;
        let mut path = self.dir.clone();
        path.extend(rel_path.split('/'));
        Ok(path)
    }

    /// Swaps the staged site in for the target folder.
    pub fn commit(mut self) -> Result<()> {
        let name = self
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("staging");
        let old = self.dir.with_file_name(format!("{name}.old"));
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

impl Sink for Staging {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    fn copy(&self, source: &Path, rel_path: &str) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::copy(source, &path)
            .map(|_| ())
            .map_err(|e| Error::io(source, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Output paths come from the site model; one that would climb out is a bug, never written.
fn check_rel_path(rel_path: &str) -> Result<()> {
    let bad = |part: &str| part.is_empty() || part == "." || part == ".." || part.contains('\\');
    if rel_path.split('/').any(bad) {
        return Err(Error::usage(
            format!("refusing to write outside the output folder: {rel_path}"),
            None,
        ));
    }
    Ok(())
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

/// A working path in the same folder as `target` (created if need be), named after it and
/// this process: `.public.staging-4242`. Being on the same file system, it can be renamed
/// over `target` in one step.
fn beside(target: &Path, what: &str) -> Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("dontpanic");
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// The media type of a file of the site, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}
