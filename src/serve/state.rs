//! What the server shows: the last good site and the errors of the last build, swapped whole
//! so that a request never sees half of a rebuild.

use std::sync::{Arc, RwLock};

use crate::output::SiteFiles;

/// One served version of the site.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: SiteFiles,
    /// Counts builds (good or failed); pages compare it to know whether they are current.
    pub generation: u64,
    /// The last build's errors as a JSON array of lines, while it is failing.
    pub errors_json: Option<String>,
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
