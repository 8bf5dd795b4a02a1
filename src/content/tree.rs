//! Walking a source folder of the site (`content/`, `static/`, a theme): the one place that
//! decides which files on disk are part of the site.
//!
//! - Hidden files and folders, and what editors leave beside the files being edited (swap,
//!   backup, lock and temp files), are not part of the site, dangling or not.
//! - A symbolic link is followed when its target is inside the site root; a link that leads out
//!   of it would publish (and serve) what is not part of the site, such as `~/.ssh`: that is an
//!   error naming the link and its target, and nothing behind it is read.
//! - A link that leads nowhere is a warning, and is left out.

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
                let dangling = std::fs::symlink_metadata(&path)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && std::fs::metadata(&path).is_err();
                if dangling {
                    let target = std::fs::read_link(&path).unwrap_or_default();
                    problems.push(
                        Diagnostic::warning(
                            shown(&path),
                            0,
                            0,
                            format!(
                                "symbolic link to {}, which does not exist; left out",
                                target.display()
                            ),
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
        if !entry.file_type().is_file() {
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
        files.push(Found {
            metadata: entry.metadata().ok(),
            path: entry.into_path(),
            rel_path,
        });
    }
    (files, problems)
}

/// Names that are never part of the site: hidden files, and editors' swap, backup, lock and
/// temp files (vim, emacs, JetBrains, Kate, macOS and Windows folder files).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || [".swp", ".swx", ".swo", ".tmp", ".bck", ".bak", ".kate-swp"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.contains("___jb_")
        || name == "4913"
        || name == "Thumbs.db"
        || name == "desktop.ini"
}

/// The path relative to `dir`, with `/`, in Unicode NFC: macOS writes `café.md` decomposed
/// (NFD), while links and addresses typed elsewhere are composed; one form keeps them equal.
fn relative_slash_path(dir: &Path, path: &Path) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let rel = path.strip_prefix(dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/").nfc().collect())
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
}
