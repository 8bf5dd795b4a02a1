//! What the server shows: the last good site and the errors of the last build, swapped whole
//! so that a request never sees half of a rebuild.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use crate::output::SiteFiles;
use crate::site::{OutputPaths, Site};
use crate::theme::{BuildInfo, Theme};

/// One served version of the site.
#[derive(Default)]
pub struct Snapshot {
    pub files: SiteFiles,
    /// The search index and binder of this version, built the first time a page asks for them:
    /// most edits are previewed without anyone searching, and the reload should not wait.
    pub extras: Arc<LazyExtras>,
    /// Counts builds (good or failed); pages compare it to know whether they are current.
    pub generation: u64,
    /// The last build's errors as a JSON array of lines, while it is failing.
    pub errors_json: Option<String>,
}

#[derive(Default)]
pub struct LazyExtras {
    parts: Option<(Arc<Site>, Arc<Theme>, BuildInfo)>,
    files: OnceLock<HashMap<String, Arc<[u8]>>>,
}

impl LazyExtras {
    pub fn new(site: Arc<Site>, theme: Arc<Theme>, today: jiff::civil::Date) -> Self {
        let build = BuildInfo::new(today, crate::pipeline::Mode::Preview).with_theme(&theme);
        LazyExtras {
            parts: Some((site, theme, build)),
            files: OnceLock::new(),
        }
    }

    fn files(&self) -> &HashMap<String, Arc<[u8]>> {
        self.files.get_or_init(|| {
            let Some((site, theme, build)) = &self.parts else {
                return HashMap::new();
            };
            // Built on a thread of its own: the request's thread has a small stack (there may
            // be thousands of them), too small for indexing, compressing and templating.
            std::thread::scope(|scope| {
                std::thread::Builder::new()
                    .name("extras".into())
                    .stack_size(EXTRAS_STACK)
                    .spawn_scoped(scope, || build_extras(site, theme, build))
                    .ok()
                    .and_then(|handle| handle.join().ok())
                    .unwrap_or_default()
            })
        })
    }
}

/// Stack of the thread that builds the search index and the binder.
const EXTRAS_STACK: usize = 16 * 1024 * 1024;

fn build_extras(site: &Site, theme: &Theme, build: &BuildInfo) -> HashMap<String, Arc<[u8]>> {
    let mut files: HashMap<String, Arc<[u8]>> = crate::search::build(site)
        .into_iter()
        .map(|file| (file.path, Arc::from(file.text.into_bytes())))
        .collect();
    // The pages went through the same theme without error, so the binder renders too; if it
    // does not, the binder is simply missing from the preview.
    if let Ok(binder) = crate::pipeline::render_binder(site, theme, build) {
        files.insert(site.paths.binder.clone(), Arc::from(binder.into_bytes()));
    }
    files
}

impl Snapshot {
    /// The bytes of the file at `path` (site-relative), if the site has it.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        if let Some(bytes) = self.files.get(path) {
            return Some(Arc::clone(bytes));
        }
        if self.is_extra(path) {
            return self.extras.files().get(path).cloned();
        }
        None
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains(path) || (self.is_extra(path) && self.extras.files().contains_key(path))
    }

    /// Where the site's generated files are (the defaults until a first good build).
    pub fn paths(&self) -> &OutputPaths {
        static DEFAULT: std::sync::LazyLock<OutputPaths> =
            std::sync::LazyLock::new(OutputPaths::default);
        self.extras
            .parts
            .as_ref()
            .map_or(&DEFAULT, |(site, _, _)| &site.paths)
    }

    /// The files built on demand: the index's own (the search page beside them is an ordinary
    /// page) and the binder.
    fn is_extra(&self, path: &str) -> bool {
        let paths = self.paths();
        paths.is_search_file(path) || path == paths.binder
    }
}

#[derive(Default)]
pub struct Current {
    snapshot: RwLock<Arc<Snapshot>>,
}

impl Current {
    pub fn get(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn set(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}
