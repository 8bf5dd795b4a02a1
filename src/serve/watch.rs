//! Watching the site's sources: which file events matter, and turning a burst of them (an
//! editor's save dance, a `git checkout`) into one rebuild, told what changed by kind
//! (`sources::Changes`) so that it reads again only that.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher};

use crate::sources::{self, Changes, classify};

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
        for name in sources::folders(&self.content) {
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
    /// (relative to the root) that changed, by kind. `None` when nothing changed in time.
    pub fn next_change(
        &mut self,
        timeout: Duration,
        quiet: Duration,
        longest: Duration,
    ) -> Option<Changes> {
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
    ) -> Option<Changes> {
        let Backend::Events { events, .. } = &self.backend else {
            return None;
        };
        let mut changed = Changes::default();
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
    fn next_scanned_change(&mut self, timeout: Duration, longest: Duration) -> Option<Changes> {
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
        let changed = Changes::classify(
            current
                .iter()
                .filter(|(path, stamp)| last.get(*path) != Some(*stamp))
                .map(|(path, _)| path)
                .chain(last.keys().filter(|path| !current.contains_key(*path))),
            &self.content,
        );
        *last = current;
        (!changed.is_empty()).then_some(changed)
    }

    fn note(
        &self,
        event: notify::Result<notify::Event>,
        changed: &mut Changes,
        folder_event: &mut bool,
    ) {
        let Ok(event) = event else {
            // The watcher lost track (queue overflow): nobody knows what changed, so everything
            // is read again.
            *changed = Changes::everything();
            *folder_event = true;
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
                && sources::folders(&self.content)
                    .iter()
                    .any(|w| rel == Path::new(w))
            {
                *folder_event = true;
            }
            if let Some(source) = classify(rel, &self.content) {
                changed.insert(rel.to_path_buf(), source);
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
    for name in sources::folders(content) {
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
