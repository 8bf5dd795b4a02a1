//! What the server shows: the last good site and the errors of the last build, swapped whole
//! so that a request never sees half of a rebuild. Pages are themed when a browser asks for
//! them (and kept for the next request), so that an edit costs reading the changed file and
//! theming the pages that are open, whatever the size of the site.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use crate::output::SiteFiles;
use crate::site::{OutputPaths, Site};
use crate::theme::{BuildInfo, Theme};

/// One served version of the site.
#[derive(Default)]
pub struct Snapshot {
    /// Every file but the pages.
    pub files: SiteFiles,
    /// The pages, search index and binder of this version, made when first asked for.
    pub on_demand: Arc<OnDemand>,
    /// Counts builds (good or failed); pages compare it to know whether they are current.
    pub generation: u64,
    /// The last build's errors as a JSON array of lines, while it is failing.
    pub errors_json: Option<String>,
}

/// How many themed pages a version keeps: those open in browsers, and some more.
const PAGES_KEPT: usize = 64;
/// How many of the pages asked for last are themed again right after an edit.
pub const PAGES_WARMED: usize = 8;

/// What a version of the site makes when asked: pages, the search index and the binder. Most
/// edits are previewed without anyone searching, and with one or two pages open.
#[derive(Default)]
pub struct OnDemand {
    parts: Option<(Arc<Site>, Arc<Theme>, BuildInfo)>,
    extras: OnceLock<HashMap<String, Arc<[u8]>>>,
    /// Themed pages by output path, the one asked for last at the back.
    pages: Mutex<VecDeque<(String, Arc<[u8]>)>>,
}

impl OnDemand {
    /// `themed` holds pages themed already, by output path.
    pub fn new(
        site: Arc<Site>,
        theme: Arc<Theme>,
        today: jiff::civil::Date,
        themed: Vec<(String, Arc<[u8]>)>,
    ) -> Self {
        let build = BuildInfo::new(today, crate::plan::Mode::Preview).with_theme(&theme);
        OnDemand {
            parts: Some((site, theme, build)),
            extras: OnceLock::new(),
            pages: Mutex::new(themed.into_iter().collect()),
        }
    }

    /// The output paths of the pages asked for last, the latest first.
    pub fn recent_pages(&self, count: usize) -> Vec<String> {
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages
            .iter()
            .rev()
            .take(count)
            .map(|(p, _)| p.clone())
            .collect()
    }

    fn is_page(&self, path: &str) -> bool {
        self.parts
            .as_ref()
            .is_some_and(|(site, _, _)| site.page_id_at(path).is_some())
    }

    /// The page at `path`, themed now unless kept from an earlier request (and whether it was
    /// themed now). A template error gives a page that shows it (the build checked the
    /// templates on the open pages and the home page).
    fn page(&self, path: &str) -> Option<(Arc<[u8]>, bool)> {
        let (site, theme, build) = self.parts.as_ref()?;
        let id = site.page_id_at(path)?;
        {
            let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(at) = pages.iter().position(|(p, _)| p == path) {
                let entry = pages.remove(at)?;
                let bytes = Arc::clone(&entry.1);
                pages.push_back(entry);
                return Some((bytes, false));
            }
        }
        let html = on_big_stack("page", || match theme.render_page(site, id, build) {
            Ok(html) => html,
            Err(d) => format!(
                "<!doctype html><meta charset=\"utf-8\"><title>Template error</title><pre>{}</pre>",
                crate::html::escape(&d.to_string())
            ),
        })
        .unwrap_or_default();
        let bytes: Arc<[u8]> = Arc::from(html.into_bytes());
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.retain(|(p, _)| p != path);
        pages.push_back((path.to_string(), Arc::clone(&bytes)));
        while pages.len() > PAGES_KEPT {
            pages.pop_front();
        }
        Some((bytes, true))
    }

    fn extras(&self) -> &HashMap<String, Arc<[u8]>> {
        self.extras.get_or_init(|| {
            let Some((site, theme, build)) = &self.parts else {
                return HashMap::new();
            };
            on_big_stack("extras", || build_extras(site, theme, build)).unwrap_or_default()
        })
    }
}

/// Stack of the threads that theme pages and build the search index and the binder.
const BIG_STACK: usize = 16 * 1024 * 1024;

/// Runs `work` on a thread of its own: a request's thread has a small stack (there may be
/// thousands of them), too small for templating, indexing and compressing.
fn on_big_stack<T: Send>(name: &str, work: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(name.into())
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, work)
            .ok()
            .and_then(|handle| handle.join().ok())
    })
}

fn build_extras(site: &Site, theme: &Theme, build: &BuildInfo) -> HashMap<String, Arc<[u8]>> {
    use crate::plan::When;
    let plan = build.mode.plan(&site.config);
    let mut files: HashMap<String, Arc<[u8]>> = HashMap::new();
    if plan.search_index == When::Request {
        files.extend(
            crate::search::build(site)
                .into_iter()
                .map(|file| (file.path, Arc::from(file.text.into_bytes()))),
        );
    }
    if plan.binder != When::Request {
        return files;
    }
    // The pages went through the same theme without error, so the binder renders too; if it
    // does not, the binder is simply missing from the preview.
    let parts = Mutex::new(Vec::new());
    let rendered = crate::pipeline::render_binder(site, theme, build, &|path, html| {
        let mut parts = parts.lock().unwrap_or_else(|e| e.into_inner());
        parts.push((path, Arc::from(html.into_bytes())));
        Ok(())
    });
    if rendered.is_ok() {
        files.extend(parts.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    files
}

impl Snapshot {
    /// The bytes of the file at `path` (site-relative), if the site has it, and whether it is
    /// a page themed for this request.
    pub fn file_themed(&self, path: &str) -> Option<(Arc<[u8]>, bool)> {
        if let Some(bytes) = self.files.get(path) {
            return Some((Arc::clone(bytes), false));
        }
        if self.is_extra(path) {
            return self
                .on_demand
                .extras()
                .get(path)
                .cloned()
                .map(|b| (b, false));
        }
        self.on_demand.page(path)
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains(path)
            || self.on_demand.is_page(path)
            || (self.is_extra(path) && self.on_demand.extras().contains_key(path))
    }

    /// Where the site's generated files are (the defaults until a first good build).
    pub fn paths(&self) -> &OutputPaths {
        static DEFAULT: std::sync::LazyLock<OutputPaths> =
            std::sync::LazyLock::new(OutputPaths::default);
        self.on_demand
            .parts
            .as_ref()
            .map_or(&DEFAULT, |(site, _, _)| &site.paths)
    }

    /// The files built on demand: the index's own (the search page beside them is an ordinary
    /// page) and the binder.
    fn is_extra(&self, path: &str) -> bool {
        let paths = self.paths();
        paths.is_search_file(path) || paths.is_binder(path)
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
