//! Watching the site's sources: which file events matter, and turning a burst of them (an
//! editor's save dance, a `git checkout`) into one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::content::is_editor_leftover;

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
pub fn classify(rel: &Path) -> Option<Source> {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let (first, rest) = parts.split_first()?;
    let name = parts.last()?;
    if parts.iter().any(|p| p.starts_with('.'))
        || is_editor_leftover(name)
        || name.contains("___jb_")
    {
        return None;
    }
    match (*first, rest.is_empty()) {
        ("dontpanic.toml", true) => Some(Source::Config),
        ("content", _) => Some(Source::Content),
        ("static", _) => Some(Source::Static),
        ("themes", _) => Some(Source::Theme),
        _ => None,
    }
}

/// A stylesheet alone changed: pages can swap it without reloading.
pub fn only_stylesheets(changed: &BTreeSet<PathBuf>) -> bool {
    !changed.is_empty()
        && changed.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css")
                && matches!(classify(p), Some(Source::Static | Source::Theme))
        })
}

/// Folders and the config file under `root` that hold sources.
const WATCHED: [&str; 3] = ["content", "static", "themes"];

pub struct SourceWatcher {
    root: PathBuf,
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl SourceWatcher {
    /// Watches the root (for `dontpanic.toml` and for source folders appearing) and each
    /// source folder below it. `poll` uses polling for file systems that send no events.
    pub fn new(root: &Path, poll: bool) -> notify::Result<SourceWatcher> {
        let (tx, events): (Sender<_>, _) = channel();
        let handler = move |event| {
            let _ = tx.send(event);
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            let config = notify::Config::default().with_poll_interval(Duration::from_millis(300));
            Box::new(notify::PollWatcher::new(handler, config)?)
        } else {
            Box::new(notify::recommended_watcher(handler)?)
        };
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let mut watcher = SourceWatcher {
            root,
            watcher,
            events,
            watched: BTreeSet::new(),
        };
        watcher
            .watcher
            .watch(&watcher.root.clone(), RecursiveMode::NonRecursive)?;
        watcher.refresh_watches();
        Ok(watcher)
    }

    /// Watches source folders that appeared (or were deleted and created again).
    fn refresh_watches(&mut self) {
        for name in WATCHED {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let known = self.watched.contains(&dir);
            if exists && !known {
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !exists && known {
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }

    /// Waits up to `timeout` for a change to the sources, then gathers the rest of the burst:
    /// returns once `quiet` has passed with no new event (or `longest` in all), with the paths
    /// (relative to the root) that changed. `None` when nothing changed in time.
    pub fn next_change(
        &mut self,
        timeout: Duration,
        quiet: Duration,
        longest: Duration,
    ) -> Option<BTreeSet<PathBuf>> {
        let mut changed = BTreeSet::new();
        let mut folder_event = false;
        let first = self.events.recv_timeout(timeout).ok()?;
        self.note(first, &mut changed, &mut folder_event);
        let started = Instant::now();
        while started.elapsed() < longest {
            match self.events.recv_timeout(quiet) {
                Ok(event) => self.note(event, &mut changed, &mut folder_event),
                Err(_) => break,
            }
        }
        if folder_event {
            self.refresh_watches();
        }
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
            changed.insert(PathBuf::from("content"));
            return;
        };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths {
            let Ok(rel) = path.strip_prefix(&self.root) else {
                continue;
            };
            if rel.components().count() == 1 && WATCHED.iter().any(|w| rel == Path::new(w)) {
                *folder_event = true;
            }
            if classify(rel).is_some() {
                changed.insert(rel.to_path_buf());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> Option<Source> {
        classify(Path::new(path))
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
        assert!(only_stylesheets(&css));
        let mixed: BTreeSet<PathBuf> =
            [PathBuf::from("static/a.css"), PathBuf::from("content/a.md")].into();
        assert!(!only_stylesheets(&mixed));
    }
}
