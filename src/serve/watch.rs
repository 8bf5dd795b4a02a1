//! Watching the site's sources: which file events matter, and turning a burst of them (an
//! editor's save dance, a `git checkout`) into one rebuild.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher};

use crate::content::tree::is_ignored_name;

/// What a changed path is to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Content,
    Static,
    Theme,
    Config,
}

/// The kind of source at `path` (relative to the site root), or `None` for everything a
/// rebuild does not read: the output folder, editor droppings, hidden files, other folders.
/// `content` is the content folder's name (`content`, or the config's `content_dir`).
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
        ("dontpanic.toml", true) => Some(Source::Config),
        (folder, _) if folder == content => Some(Source::Content),
        ("static", _) => Some(Source::Static),
        ("themes", _) => Some(Source::Theme),
        _ => None,
    }
}

/// A stylesheet alone changed: pages can swap it without reloading.
pub fn only_stylesheets(changed: &BTreeSet<PathBuf>, content: &str) -> bool {
    !changed.is_empty()
        && changed.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css")
                && matches!(classify(p, content), Some(Source::Static | Source::Theme))
        })
}

/// Folders under the root that hold sources (the config file sits in the root itself): the
/// content folder, `static` and `themes`.
fn source_folders(content: &str) -> [&str; 3] {
    [content, "static", "themes"]
}

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Tells when the site's sources changed, and which.
pub struct SourceWatcher {
    root: PathBuf,
    /// The content folder's name under the root.
    pub content: String,
    backend: Backend,
}

enum Backend {
    /// The system's change notifications (inotify and friends), through notify.
    Events {
        watcher: Box<dyn Watcher + Send>,
        events: Receiver<notify::Result<notify::Event>>,
        watched: BTreeSet<PathBuf>,
    },
    /// A scan of every source file's size and modification time (to the nanosecond: notify's
    /// own poller compares whole seconds and misses quick successive saves).
    Scan { last: Scan },
}

type Scan = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

impl SourceWatcher {
    /// Watches the root (for `dontpanic.toml` and for source folders appearing) and each
    /// source folder below it; with `poll`, scans them instead.
    pub fn new(root: &Path, content: &str, poll: bool) -> notify::Result<SourceWatcher> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let content = content.to_string();
        if poll {
            let last = scan(&root, &content);
            return Ok(SourceWatcher {
                root,
                content,
                backend: Backend::Scan { last },
            });
        }
        let (tx, events): (Sender<_>, _) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(event);
        })?;
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let mut source_watcher = SourceWatcher {
            root,
            content,
            backend: Backend::Events {
                watcher: Box::new(watcher),
                events,
                watched: BTreeSet::new(),
            },
        };
        source_watcher.refresh_watches();
        Ok(source_watcher)
    }

    /// Watches source folders that appeared (or were deleted and created again).
    fn refresh_watches(&mut self) {
        let Backend::Events {
            watcher, watched, ..
        } = &mut self.backend
        else {
            return;
        };
        for name in source_folders(&self.content) {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let known = watched.contains(&dir);
            if exists && !known {
                if watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    watched.insert(dir);
                }
            } else if !exists && known {
                let _ = watcher.unwatch(&dir);
                watched.remove(&dir);
            }
        }
    }

    /// Waits up to `timeout` for a change to the sources, then gathers the rest of the burst:
    /// returns once `quiet` has passed with no new change (or `longest` in all), with the paths
    /// (relative to the root) that changed. `None` when nothing changed in time.
    pub fn next_change(
        &mut self,
        timeout: Duration,
        quiet: Duration,
        longest: Duration,
    ) -> Option<BTreeSet<PathBuf>> {
        match &mut self.backend {
            Backend::Scan { .. } => self.next_scanned_change(timeout, longest),
            Backend::Events { .. } => self.next_event_change(timeout, quiet, longest),
        }
    }

    fn next_event_change(
        &mut self,
        timeout: Duration,
        quiet: Duration,
        longest: Duration,
    ) -> Option<BTreeSet<PathBuf>> {
        let Backend::Events { events, .. } = &self.backend else {
            return None;
        };
        let mut changed = BTreeSet::new();
        let mut folder_event = false;
        let first = events.recv_timeout(timeout).ok()?;
        self.note(first, &mut changed, &mut folder_event);
        let started = Instant::now();
        while started.elapsed() < longest {
            let Backend::Events { events, .. } = &self.backend else {
                break;
            };
            match events.recv_timeout(quiet) {
                Ok(event) => self.note(event, &mut changed, &mut folder_event),
                Err(_) => break,
            }
        }
        if folder_event {
            self.refresh_watches();
        }
        (!changed.is_empty()).then_some(changed)
    }

    /// Scans until the files differ from the last scan, then until two scans in a row agree.
    fn next_scanned_change(
        &mut self,
        timeout: Duration,
        longest: Duration,
    ) -> Option<BTreeSet<PathBuf>> {
        let Backend::Scan { last } = &mut self.backend else {
            return None;
        };
        let started = Instant::now();
        let mut current = scan(&self.root, &self.content);
        while current == *last {
            if started.elapsed() >= timeout {
                return None;
            }
            std::thread::sleep(POLL_INTERVAL);
            current = scan(&self.root, &self.content);
        }
        let settling = Instant::now();
        loop {
            std::thread::sleep(POLL_INTERVAL);
            let next = scan(&self.root, &self.content);
            let settled = next == current;
            current = next;
            if settled || settling.elapsed() >= longest {
                break;
            }
        }
        let mut changed: BTreeSet<PathBuf> = current
            .iter()
            .filter(|(path, stamp)| last.get(*path) != Some(*stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            last.keys()
                .filter(|path| !current.contains_key(*path))
                .cloned(),
        );
        *last = current;
        (!changed.is_empty()).then_some(changed)
    }

    fn note(
        &self,
        event: notify::Result<notify::Event>,
        changed: &mut BTreeSet<PathBuf>,
        folder_event: &mut bool,
    ) {
        let Ok(event) = event else {
            // The watcher lost track (queue overflow): rebuild to be safe.
            changed.insert(PathBuf::from(&self.content));
            return;
        };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if rel.components().count() == 1
                && source_folders(&self.content)
                    .iter()
                    .any(|w| rel == Path::new(w))
            {
                *folder_event = true;
            }
            if classify(rel, &self.content).is_some() {
                changed.insert(rel.to_path_buf());
            }
        }
    }
}

/// Size and modification time of every source file, by path relative to the root.
fn scan(root: &Path, content: &str) -> Scan {
    let mut files = Scan::new();
    let config = Path::new(crate::config::FILE_NAME);
    let mut record = |rel: &Path, metadata: std::fs::Metadata| {
        if classify(rel, content).is_some() {
            files.insert(
                rel.to_path_buf(),
                (metadata.len(), metadata.modified().ok()),
            );
        }
    };
    if let Ok(metadata) = std::fs::metadata(root.join(config)) {
        record(config, metadata);
    }
    for name in source_folders(content) {
        for entry in walkdir::WalkDir::new(root.join(name))
            .follow_links(true)
            .into_iter()
            .flatten()
        {
            if let (Ok(metadata), Ok(rel)) = (entry.metadata(), entry.path().strip_prefix(root))
                && metadata.is_file()
            {
                record(rel, metadata);
            }
        }
    }
    files
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
    fn stylesheet_only_changes_are_recognised() {
        let css: BTreeSet<PathBuf> =
            [PathBuf::from("themes/default/static/assets/style.css")].into();
        assert!(only_stylesheets(&css, "content"));
        let mixed: BTreeSet<PathBuf> =
            [PathBuf::from("static/a.css"), PathBuf::from("content/a.md")].into();
        assert!(!only_stylesheets(&mixed, "content"));
    }
}
