//! The built site held in memory, for the preview server: written like a staging folder, then
//! frozen into an immutable map that is swapped in whole.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::{Sink, check_rel_path};
use crate::error::Result;

/// A file's identity on disk, to reuse its bytes when it did not change.
type Stamp = (SystemTime, u64);

/// A finished site: output path → bytes. Cheap to clone (the bytes are shared).
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    files: HashMap<String, Arc<[u8]>>,
    /// Source file and stamp of each copied file, to skip reading it again next time.
    copied: HashMap<String, (PathBuf, Stamp)>,
}

impl SiteFiles {
    pub fn get(&self, rel_path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(rel_path)
    }

    pub fn contains(&self, rel_path: &str) -> bool {
        self.files.contains_key(rel_path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

/// A site being written into memory. Starts from the previous site so that an incremental
/// rebuild only writes what changed; `retain` drops what no longer exists.
pub struct MemorySite {
    files: Mutex<SiteFiles>,
    previous: SiteFiles,
    written: Mutex<std::collections::HashSet<String>>,
}

impl MemorySite {
    pub fn new() -> Self {
        MemorySite::starting_from(SiteFiles::default())
    }

    /// Begins with every file of `previous`: files not written again stay as they were.
    pub fn starting_from(previous: SiteFiles) -> Self {
        MemorySite {
            files: Mutex::new(previous.clone()),
            previous,
            written: Mutex::default(),
        }
    }

    /// An empty site that may still reuse the bytes of `previous` for unchanged copied files.
    pub fn reusing(previous: SiteFiles) -> Self {
        MemorySite {
            files: Mutex::new(SiteFiles::default()),
            previous,
            written: Mutex::default(),
        }
    }

    /// Keeps the files written since this site was started, and of the older ones only those
    /// for which `keep` says yes (a deleted file goes away).
    pub fn retain_written_or(&self, keep: impl Fn(&str) -> bool) {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let keep = |path: &String| written.contains(path) || keep(path);
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.files.retain(|path, _| keep(path));
        files.copied.retain(|path, _| keep(path));
    }

    pub fn finish(self) -> SiteFiles {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(&self, rel_path: &str, bytes: Arc<[u8]>, copied: Option<(PathBuf, Stamp)>) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel_path.to_string());
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.files.insert(rel_path.to_string(), bytes);
        match copied {
            Some(source) => files.copied.insert(rel_path.to_string(), source),
            None => files.copied.remove(rel_path),
        };
    }
}

impl Default for MemorySite {
    fn default() -> Self {
        MemorySite::new()
    }
}

impl Sink for MemorySite {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()> {
        check_rel_path(rel_path)?;
        self.insert(rel_path, bytes.into(), None);
        Ok(())
    }

    fn copy(&self, source: &Path, rel_path: &str) -> Result<()> {
        check_rel_path(rel_path)?;
        let metadata =
            std::fs::metadata(source).map_err(|e| super::unreadable_source(source, &e))?;
        let stamp = (
            metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            metadata.len(),
        );
        if let (Some((old_source, old_stamp)), Some(bytes)) = (
            self.previous.copied.get(rel_path),
            self.previous.files.get(rel_path),
        ) && old_source == source
            && *old_stamp == stamp
        {
            self.insert(rel_path, bytes.clone(), Some((source.to_path_buf(), stamp)));
            return Ok(());
        }
        let bytes = std::fs::read(source).map_err(|e| super::unreadable_source(source, &e))?;
        self.insert(rel_path, bytes.into(), Some((source.to_path_buf(), stamp)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_kept_and_previous_files_survive_until_dropped() {
        let first = MemorySite::new();
        first.write("a.html", b"A".to_vec()).unwrap();
        first.write("b.html", b"B".to_vec()).unwrap();
        let first = first.finish();
        let second = MemorySite::starting_from(first);
        second.write("a.html", b"A2".to_vec()).unwrap();
        second.retain_written_or(|p| p != "b.html");
        let second = second.finish();
        assert_eq!(&**second.get("a.html").unwrap(), b"A2");
        assert!(!second.contains("b.html"));
    }

    #[test]
    fn paths_that_climb_out_are_refused() {
        let site = MemorySite::new();
        assert!(site.write("../x.html", Vec::new()).is_err());
        assert!(site.write("a//b.html", Vec::new()).is_err());
    }
}
