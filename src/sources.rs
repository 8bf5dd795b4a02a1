//! The site root's sources: the folders and the file a build reads (`content/`, `static/`,
//! `themes/`, `dontpanic.toml`), which of them a changed path belongs to, and what a set of
//! changes asks a rebuild to read again. Knows nothing of what is inside those files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The site's config file, in the root.
pub const CONFIG_FILE: &str = "dontpanic.toml";

/// The folder of files copied as they are to the root of the output.
pub const STATIC_DIR: &str = "static";
/// The folder of themes, one folder each (`themes/<name>/`).
pub const THEMES_DIR: &str = "themes";

/// The folders under the root that hold sources (the config file sits in the root itself):
/// the content folder (`content`, or the config's `content_dir`), `static` and `themes`.
pub fn folders(content: &str) -> [&str; 3] {
    [content, STATIC_DIR, THEMES_DIR]
}

/// What a changed path is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Content,
    Static,
    Theme,
    Config,
}

/// The kind of source at `path` (relative to the site root), or `None` for everything a
/// build does not read: the output folder, editor droppings, hidden files, other folders.
/// `content` is the content folder's name.
pub fn classify(rel: &Path, content: &str) -> Option<Source> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let (first, rest) = parts.split_first()?;
    // Hidden folders and files and editors' droppings: the same rule as the loader's.
    if parts.iter().any(|p| is_ignored_name(p)) {
        return None;
    }
    match (*first, rest.is_empty()) {
        (CONFIG_FILE, true) => Some(Source::Config),
        (folder, _) if folder == content => Some(Source::Content),
        (STATIC_DIR, _) => Some(Source::Static),
        (THEMES_DIR, _) => Some(Source::Theme),
        _ => None,
    }
}

/// The sources that changed since a build, each with its kind: what the next build reads
/// again. Everything else it may take from what the previous build held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    paths: BTreeMap<PathBuf, Source>,
}

impl Changes {
    /// The changes among `paths` (relative to the root); paths that are no source are left out.
    pub fn classify<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>, content: &str) -> Self {
        let mut changes = Changes::default();
        for path in paths {
            let path = path.as_ref();
            if let Some(source) = classify(path, content) {
                changes.insert(path.to_path_buf(), source);
            }
        }
        changes
    }

    /// Changes that make the next build read everything again, for when nobody knows what
    /// changed (a watcher that lost track): the config, which every stage depends on.
    pub fn everything() -> Self {
        let mut changes = Changes::default();
        changes.insert(PathBuf::from(CONFIG_FILE), Source::Config);
        changes
    }

    pub fn insert(&mut self, path: PathBuf, source: Source) {
        self.paths.insert(path, source);
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Every changed path, relative to the root, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.paths.keys().map(PathBuf::as_path)
    }

    /// The changed paths of one kind.
    pub fn of(&self, source: Source) -> impl Iterator<Item = &Path> {
        self.paths
            .iter()
            .filter(move |(_, s)| **s == source)
            .map(|(p, _)| p.as_path())
    }

    /// Whether a source of this kind changed.
    pub fn touches(&self, source: Source) -> bool {
        self.paths.values().any(|s| *s == source)
    }

    /// A stylesheet of the theme or of `static/` alone changed: pages can swap it without
    /// reloading.
    pub fn only_stylesheets(&self) -> bool {
        !self.paths.is_empty()
            && self.paths.iter().all(|(path, source)| {
                path.extension().is_some_and(|e| e == "css")
                    && matches!(source, Source::Static | Source::Theme)
            })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> Option<Source> {
        classify(Path::new(path), "content")
    }

    #[test]
    fn sources_are_told_apart() {
        assert_eq!(class("content/runbooks/disk.md"), Some(Source::Content));
        assert_eq!(class("content/img/graph.png"), Some(Source::Content));
        assert_eq!(class("static/logo.svg"), Some(Source::Static));
        assert_eq!(
            class("themes/default/templates/page.html"),
            Some(Source::Theme)
        );
        assert_eq!(class("dontpanic.toml"), Some(Source::Config));
        assert_eq!(
            classify(Path::new("docs/index.md"), "docs"),
            Some(Source::Content)
        );
    }

    #[test]
    fn output_editor_droppings_and_hidden_files_are_ignored() {
        for path in [
            "public/index.html",
            "target/debug/x",
            ".git/index",
            "content/.disk.md.swp",
            "content/disk.md~",
            "content/.#disk.md",
            "content/4913",
            "content/disk.md___jb_tmp___",
            "content/.hidden/page.md",
            "other.toml",
        ] {
            assert_eq!(class(path), None, "{path}");
        }
    }

    #[test]
    fn every_source_folder_classifies_as_a_source() {
        for folder in folders("docs") {
            assert!(
                classify(&Path::new(folder).join("a.md"), "docs").is_some(),
                "{folder}"
            );
        }
    }

    #[test]
    fn changes_are_kept_by_kind() {
        let changes = Changes::classify(
            [
                "content/a.md",
                "themes/default/templates/page.html",
                "public/x",
            ],
            "content",
        );
        assert_eq!(changes.len(), 2);
        assert!(changes.touches(Source::Content) && changes.touches(Source::Theme));
        assert!(!changes.touches(Source::Static) && !changes.touches(Source::Config));
        let content: Vec<&Path> = changes.of(Source::Content).collect();
        assert_eq!(content, [Path::new("content/a.md")]);
        assert!(Changes::everything().touches(Source::Config));
    }

    #[test]
    fn stylesheet_only_changes_are_recognised() {
        let css = Changes::classify(["themes/default/static/assets/style.css"], "content");
        assert!(css.only_stylesheets());
        let mixed = Changes::classify(["static/a.css", "content/a.md"], "content");
        assert!(!mixed.only_stylesheets());
        // A stylesheet in the content folder is a page's file, not one the pages link to.
        assert!(!Changes::classify(["content/a.css"], "content").only_stylesheets());
        assert!(!Changes::default().only_stylesheets());
    }
}
