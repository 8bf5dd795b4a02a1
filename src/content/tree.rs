//! Walking a source folder of the site (`content/`, `static/`, a theme): the one place that
//! decides which files on disk are part of the site.
//!
//! - Hidden files and folders, and what editors leave beside the files being edited (swap,
//!   backup, lock and temp files), are not part of the site, dangling or not.
//! - A symbolic link is followed when its target is inside the site root; a link that leads out
//!   of it would publish (and serve) what is not part of the site, such as `~/.ssh`: that is an
//!   error naming the link and its target, and nothing behind it is read.
//! - A link that leads nowhere, or to itself, is a warning, and is left out.
//! - Each real folder is read once: links that reach one folder by several ways (which could
//!   multiply a few files into thousands of pages) are a warning naming both ways.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A file of the site found on disk.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// Relative to the walked folder, with `/`, in Unicode NFC.
    pub rel_path: String,
    pub metadata: Option<std::fs::Metadata>,
}

/// Every file under `dir` that belongs to the site whose root is `site_root`, sorted by path,
/// and the problems met on the way. `display_dir` is how diagnostics name `dir`.
pub fn walk(dir: &Path, display_dir: &Path, site_root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    let root = site_root
        .canonicalize()
        .unwrap_or_else(|_| site_root.to_path_buf());
    let shown = |path: &Path| {
        path.strip_prefix(dir)
            .map_or(path.to_path_buf(), |rel| display_dir.join(rel))
    };
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    // Each folder read so far, by its real path, and the way it was first reached.
    let mut folders: std::collections::HashMap<PathBuf, PathBuf> = Default::default();
    // Each file read so far, by device and inode, and the way it was first reached.
    let mut files_seen: std::collections::HashMap<(u64, u64), PathBuf> = Default::default();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let Some(path) = error.path().map(Path::to_path_buf) else {
                    continue;
                };
                if path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(is_ignored_name)
                {
                    continue;
                }
                let followed = std::fs::metadata(&path);
                let dangling = std::fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && followed.is_err();
                if dangling {
                    let target = std::fs::read_link(&path).unwrap_or_default();
                    let looping = followed
                        .err()
                        .is_some_and(|e| e.raw_os_error() == Some(libc::ELOOP));
                    let why = if looping {
                        "which points back to itself (through a loop of links)"
                    } else {
                        "which does not exist"
                    };
                    problems.push(
                        Diagnostic::warning(
                            shown(&path),
                            0,
                            0,
                            format!("symbolic link to {}, {why}; left out", target.display()),
                        )
                        .with_hint("remove the link or make it point at a file of the site")
                        .with_code("broken-symlink"),
                    );
                } else {
                    problems.push(Diagnostic::error(
                        shown(&path),
                        0,
                        0,
                        format!("cannot read: {error}"),
                    ));
                }
                continue;
            }
        };
        if entry.depth() > 0 && entry.file_name().to_str().is_some_and(is_ignored_name) {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize().unwrap_or_default();
            // A link with an ordinary name may lead to a hidden file of the root
            // (`static/repo -> ../.git`): what the target is decides, as for includes.
            let hidden_target = target.strip_prefix(&root).ok().and_then(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .find(|part| part.starts_with('.'))
            });
            if let Some(hidden) = hidden_target {
                problems.push(
                    Diagnostic::error(
                        shown(entry.path()),
                        0,
                        0,
                        format!(
                            "symbolic link to {}, which is hidden ('{hidden}'); hidden files are never published",
                            target.display()
                        ),
                    )
                    .with_hint("copy what should be published into the site, or remove the link")
                    .with_code("symlink-hidden"),
                );
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if !target.starts_with(&root) {
                problems.push(
                    Diagnostic::error(
                        shown(entry.path()),
                        0,
                        0,
                        format!(
                            "symbolic link to {}, outside the site; it would publish what is not part of the site",
                            target.display()
                        ),
                    )
                    .with_hint("copy what should be published into the site, or remove the link")
                    .with_code("symlink-outside"),
                );
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_dir() {
            let real = entry
                .path()
                .canonicalize()
                .unwrap_or_else(|_| entry.path().to_path_buf());
            if let Some(first) = folders.get(&real) {
                problems.push(
                    Diagnostic::warning(
                        shown(entry.path()),
                        0,
                        0,
                        format!(
                            "this folder is also reached as {}; its pages are read once, from there",
                            shown(first).display()
                        ),
                    )
                    .with_hint("remove one of the links, so that every page has one address")
                    .with_code("symlink-duplicate"),
                );
                entries.skip_current_dir();
                continue;
            }
            folders.insert(real, entry.path().to_path_buf());
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        // A file is read once too: two hundred links to one large page would be two hundred
        // pages of it.
        let metadata = entry.metadata().ok();
        if let Some(first) =
            metadata
                .as_ref()
                .and_then(file_identity)
                .and_then(|id| match files_seen.entry(id) {
                    std::collections::hash_map::Entry::Occupied(seen) => Some(seen.get().clone()),
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(entry.path().to_path_buf());
                        None
                    }
                })
        {
            problems.push(
                Diagnostic::warning(
                    shown(entry.path()),
                    0,
                    0,
                    format!(
                        "this file is also reached as {}; it is read once, from there",
                        shown(&first).display()
                    ),
                )
                .with_hint("remove one of the links, so that every page has one address")
                .with_code("symlink-duplicate"),
            );
            continue;
        }
        let Some(rel_path) = relative_slash_path(dir, entry.path()) else {
            problems.push(
                Diagnostic::error(
                    shown(entry.path()),
                    0,
                    0,
                    "the file name is not valid UTF-8",
                )
                .with_hint("rename the file"),
            );
            continue;
        };
        if rel_path.contains('\\') {
            // On Windows and most hosts a backslash separates folders: the name cannot be
            // one file's address.
            problems.push(
                Diagnostic::error(
                    shown(entry.path()),
                    0,
                    0,
                    "the file name holds a backslash ('\\'), which hosts read as a folder separator",
                )
                .with_hint("rename the file without '\\'"),
            );
            continue;
        }
        files.push(Found {
            metadata,
            path: entry.into_path(),
            rel_path,
        });
    }
    (files, problems)
}

/// What tells one file on disk from another, whatever the way to it.
#[cfg(unix)]
fn file_identity(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_identity(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// A walk's result, kept so that the next build can update it from the paths a watcher saw
/// change instead of walking again.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub files: Vec<Found>,
    pub problems: Vec<Diagnostic>,
}

/// `walk`, as a `Listing`.
pub fn list(dir: &Path, display_dir: &Path, site_root: &Path) -> Listing {
    let (files, problems) = walk(dir, display_dir, site_root);
    Listing { files, problems }
}

impl Listing {
    /// This listing with the files at `changed` (relative to `dir`) looked at again: changed,
    /// added or gone. `None` when only a walk can tell (a folder, a symbolic link, a name that
    /// is not UTF-8), or when the walk found problems last time (it reports them afresh).
    pub fn updated(&self, dir: &Path, changed: &[PathBuf]) -> Option<Listing> {
        if !self.problems.is_empty() {
            return None;
        }
        let mut files = self.files.clone();
        let mut added = false;
        for rel in changed {
            let path = dir.join(rel);
            let rel_path = relative_slash_path(dir, &path)?;
            if rel_path.is_empty() {
                return None;
            }
            // A name the walk refuses (a backslash in it) is reported by a walk.
            if rel_path.contains('\\') {
                return None;
            }
            let ignored = rel_path.split('/').any(is_ignored_name);
            match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_file() => {
                    let known = files.iter().position(|f| f.rel_path == rel_path);
                    match (known, ignored) {
                        (Some(at), false) => files[at].metadata = Some(metadata),
                        (Some(at), true) => {
                            files.remove(at);
                        }
                        (None, false) => {
                            added = true;
                            files.push(Found {
                                path,
                                rel_path,
                                metadata: Some(metadata),
                            });
                        }
                        (None, true) => {}
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    // A file, or a folder with everything in it, is gone.
                    let inside = format!("{rel_path}/");
                    files.retain(|f| f.rel_path != rel_path && !f.rel_path.starts_with(&inside));
                }
                _ => return None,
            }
        }
        // The walk's order: by path, one name at a time.
        if added {
            files.sort_by(|a, b| a.rel_path.split('/').cmp(b.rel_path.split('/')));
        }
        Some(Listing {
            files,
            problems: Vec::new(),
        })
    }
}

pub use crate::sources::is_ignored_name;

/// The path relative to `dir`, with `/`, in Unicode NFC: macOS writes `café.md` decomposed
/// (NFD), while links and addresses typed elsewhere are composed; one form keeps them equal.
fn relative_slash_path(dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(nfc(parts?.join("/")))
}

/// `path` in Unicode NFC, the form every address of the site is kept in. ASCII is NFC already,
/// and most paths and links are ASCII.
pub fn nfc(path: String) -> String {
    use unicode_normalization::UnicodeNormalization;
    if path.is_ascii() {
        path
    } else {
        path.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_and_hidden_files_are_recognised() {
        for name in [
            ".#page.md",
            "page.md~",
            ".page.md.swp",
            "4913",
            "#page.md#",
            "page.md___jb_tmp___",
            "page.md___jb_old___",
            "page.md.bck",
            ".DS_Store",
            ".git",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["diagram.png", "disk-full.md", "c#-notes.md", "_index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn a_listing_follows_changed_added_and_removed_files_without_a_walk() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, rel).unwrap();
        };
        for rel in ["a.md", "b/c.md", "b/d.png", "e.md"] {
            write(rel);
        }
        let names = |l: &Listing| {
            l.files
                .iter()
                .map(|f| f.rel_path.clone())
                .collect::<Vec<_>>()
        };
        let first = list(dir.path(), Path::new("content"), dir.path());
        write("b/b.md");
        write(".hidden.md");
        std::fs::remove_file(dir.path().join("e.md")).unwrap();
        let changed = [".hidden.md", "b/b.md", "e.md"].map(PathBuf::from);
        let updated = first.updated(dir.path(), &changed).expect("no walk needed");
        let walked = list(dir.path(), Path::new("content"), dir.path());
        assert_eq!(names(&updated), names(&walked));
        assert_eq!(names(&updated), ["a.md", "b/b.md", "b/c.md", "b/d.png"]);
        // A removed folder takes its files with it; a new folder needs a walk.
        std::fs::remove_dir_all(dir.path().join("b")).unwrap();
        let gone = updated.updated(dir.path(), &[PathBuf::from("b")]).unwrap();
        assert_eq!(names(&gone), ["a.md"]);
        write("f/g.md");
        assert!(gone.updated(dir.path(), &[PathBuf::from("f")]).is_none());
    }
}
