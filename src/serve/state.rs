//! What the server shows: the last good site and the errors of the last build, swapped whole
//! so that a request never sees half of a rebuild.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use crate::output::SiteFiles;
use crate::site::Site;

/// One served version of the site.
#[derive(Default)]
pub struct Snapshot {
    pub files: SiteFiles,
    /// The search index of this version, built the first time a page asks for it: most edits
    /// are previewed without anyone searching, and the reload should not wait for it.
    pub search: Arc<LazyIndex>,
    /// Counts builds (good or failed); pages compare it to know whether they are current.
    pub generation: u64,
    /// The last build's errors as a JSON array of lines, while it is failing.
    pub errors_json: Option<String>,
}

#[derive(Default)]
pub struct LazyIndex {
    site: Option<Arc<Site>>,
    files: OnceLock<HashMap<String, Arc<[u8]>>>,
}

impl LazyIndex {
    pub fn new(site: Arc<Site>) -> Self {
        LazyIndex {
            site: Some(site),
            files: OnceLock::new(),
        }
    }

    fn files(&self) -> &HashMap<String, Arc<[u8]>> {
        self.files.get_or_init(|| match &self.site {
            Some(site) => crate::search::build(site)
                .into_iter()
                .map(|file| (file.path, Arc::from(file.text.into_bytes())))
                .collect(),
            None => HashMap::new(),
        })
    }
}

impl Snapshot {
    /// The bytes of the file at `path` (site-relative), if the site has it.
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        if let Some(bytes) = self.files.get(path) {
            return Some(Arc::clone(bytes));
        }
        if is_index_file(path) {
            return self.search.files().get(path).cloned();
        }
        None
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains(path) || (is_index_file(path) && self.search.files().contains_key(path))
    }
}

/// The index's own files; the search page beside them is an ordinary page.
fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && path.ends_with(".js")
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
