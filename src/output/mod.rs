//! The only writer of the built site. `build` writes into a staging folder beside the output
//! and swaps it in only when the whole build succeeded: a failed build leaves the previous
//! output exactly as it was, and a successful one leaves nothing stale behind. `serve` writes
//! into memory instead, through the same `Sink` interface.

mod memory;
pub mod single_file;
mod sitemap;

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use memory::{MemorySite, SiteFiles};
pub use sitemap::sitemap;

/// Written into every output folder: proof that replacing the folder loses nothing of the user's.
pub const MARKER: &str = ".dontpanic-output";

/// Where the writer puts the site's files: a staging folder on disk, or memory for `serve`.
/// Several threads write different paths at once.
pub trait Sink: Sync {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()>;
    /// Copies the file at `source` (one of the site's sources) to `rel_path`.
    fn copy(&self, source: &Path, rel_path: &str) -> Result<()>;
}

/// What an output folder may never replace: the site root (or anything above it), and the
/// folders the site is built from.
pub struct Protected<'a> {
    pub root: &'a Path,
    pub sources: &'a [&'a Path],
}

pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Every file written, listed in the marker at the end: the next build replaces the folder
    /// only when it holds nothing else (a file someone put there would be lost).
    written: std::sync::Mutex<Vec<String>>,
}

/// What the marker says before its list of files.
const MARKER_NOTE: &str =
    "This folder is written by dontpanic build and replaced whole on every build.\n";
const MARKER_FILES: &str = "files:\n";

impl Staging {
    /// Prepares to replace `target`. Refuses a target that holds the site itself, or an existing
    /// folder that dontpanic did not write: replacing it would delete someone's files.
    /// A `target` that is a symbolic link is written through: the folder it points to is the one
    /// replaced, and the link stays as it was.
    pub fn create(target: &Path, protected: &Protected) -> Result<Staging> {
        let target = &through_link(target)?;
        check_target(target, protected)?;
        recover(target)?;
        let dir = beside(target, "staging")?;
        match fs::symlink_metadata(&dir) {
            // Only a real folder of ours is emptied; anything else under our name (a planted
            // link, a file) is removed itself, never what it points to.
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(&dir),
            Ok(_) => fs::remove_file(&dir),
            Err(_) => Ok(()),
        }
        .map_err(|e| Error::io(&dir, e))?;
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
            written: Default::default(),
        };
        staging.write(MARKER, MARKER_NOTE.as_bytes().to_vec())?;
        Ok(staging)
    }

    fn path_of(&self, rel_path: &str) -> Result<PathBuf> {
        check_rel_path(rel_path)?;
        let mut path = self.dir.clone();
        path.extend(rel_path.split('/'));
        Ok(path)
    }

    /// Swaps the staged site in for the target folder. Where the system can exchange two
    /// folders in one step (Linux), it does; elsewhere the old output is renamed aside first,
    /// and an interruption between the two renames is repaired by the next build (`recover`).
    /// Either way, at every moment the old or the new output is whole on disk.
    pub fn commit(mut self) -> Result<()> {
        let mut files =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort_unstable();
        files.dedup();
        let mut marker = String::from(MARKER_NOTE);
        marker.push_str(MARKER_FILES);
        for file in files.iter().filter(|f| *f != MARKER) {
            marker.push_str(file);
            marker.push('\n');
        }
        let marker_path = self.dir.join(MARKER);
        fs::write(&marker_path, marker).map_err(|e| Error::io(&marker_path, e))?;
        let target_exists = fs::symlink_metadata(&self.target).is_ok();
        if target_exists && exchange(&self.dir, &self.target).is_ok() {
            self.committed = true;
            // The staging name now holds the previous output.
            remove_folder(&self.dir)?;
            return Ok(());
        }
        let old = self
            .dir
            .with_file_name(format!("{}.old", file_name(&self.dir)));
        if target_exists {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back rather than leave no site at all.
            let _ = fs::rename(&old, &self.target);
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if is_real_folder(&old) {
            remove_folder(&old)?;
        }
        Ok(())
    }
}

/// Removes a folder this writer made (the previous output, a dead build's staging), its
/// top-level folders side by side: ten thousand files take seconds to remove one after the
/// other, most of it spent waiting on the disk. The marker goes last, so that a removal cut
/// short leaves a folder the next build still knows as its own to finish removing.
///
/// Links are never followed: `dir` itself must be a real folder (a link in its place is a
/// refusal), and a link inside it is removed as a link, never what it points to.
fn remove_folder(dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    if !is_real_folder(dir) {
        return Err(Error::usage(
            format!(
                "refusing to remove {}: it is not a folder that dontpanic wrote",
                dir.display()
            ),
            Some("remove it by hand if it is not needed".into()),
        ));
    }
    let marker = dir.join(MARKER);
    let entries: Vec<(PathBuf, bool)> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            // The entry's own type (lstat), so a link to a folder counts as a file.
            let is_dir = entry.file_type().ok()?.is_dir();
            Some((entry.path(), is_dir))
        })
        .filter(|(path, _)| *path != marker)
        .collect();
    entries.par_iter().try_for_each(|(path, is_dir)| {
        // std's remove_dir_all does not follow links, at the top or inside.
        let removed = if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
        removed.map_err(|e| Error::io(path, e))
    })?;
    if fs::symlink_metadata(&marker).is_ok() {
        fs::remove_file(&marker).map_err(|e| Error::io(&marker, e))?;
    }
    fs::remove_dir(dir).map_err(|e| Error::io(dir, e))
}

/// Whether `path` is a folder itself, not a link to one (lstat, not stat).
fn is_real_folder(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir())
}

/// Whether `path` is a regular file itself, not a link to one.
fn is_real_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

/// The output folder a build replaces: `target` itself, or, when `target` is a symbolic link,
/// the folder it points to, so that the link is written through and stays a link. A link that
/// leads nowhere, or to itself, is refused with both named.
pub fn through_link(target: &Path) -> Result<PathBuf> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(target.to_path_buf());
    };
    if !meta.is_symlink() {
        return Ok(target.to_path_buf());
    }
    let points_to = fs::read_link(target)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "?".into());
    match target.canonicalize() {
        Ok(real) if real.is_dir() => Ok(real),
        Ok(real) => Err(Error::usage(
            format!(
                "the output path {} is a symbolic link to {}, which is not a folder",
                target.display(),
                real.display()
            ),
            Some("point the link at a folder, or choose another output folder with -o".into()),
        )),
        Err(e) => {
            let why = if e.raw_os_error() == Some(libc::ELOOP) {
                "which points back to itself".to_string()
            } else {
                "which does not exist".to_string()
            };
            Err(Error::usage(
                format!(
                    "the output path {} is a symbolic link to {points_to}, {why}",
                    target.display()
                ),
                Some(
                    "create the folder it points to, remove the link, or choose another output folder with -o"
                        .into(),
                ),
            ))
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("dontpanic")
        .to_string()
}

/// Exchanges two folders in one step, so that no moment exists without either.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both arguments are NUL-terminated paths that live across the call; renameat2 only
    // reads them. AT_FDCWD resolves relative paths as rename(2) does.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Repairs what an interrupted earlier build left beside `target`: a previous output renamed
/// aside with no new one in its place is put back, and the staging folders of builds that are
/// no longer running are removed. Only folders carrying this writer's marker are touched.
/// Leftovers are checked with lstat: a link or file under a staging name is never followed or
/// emptied, whatever it points to.
pub fn recover(target: &Path) -> Result<()> {
    let target = &through_link(target)?;
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let prefix = format!(".{}.staging-", file_name(target));
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, is_old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = entry.path();
        if pid == std::process::id() || process_is_running(pid) {
            continue;
        }
        if !is_real_folder(&path) {
            // Not a folder this writer made: someone else's link or file, left alone.
            continue;
        }
        if !is_real_file(&path.join(MARKER)) {
            // A build stopped before it marked its folder leaves it empty: removing an empty
            // folder loses nothing, and one that is not empty is not ours to touch.
            let _ = fs::remove_dir(&path);
            continue;
        }
        leftovers.push((path, is_old));
    }
    if fs::symlink_metadata(target).is_err()
        && let Some((previous, _)) = leftovers.iter().find(|(_, is_old)| *is_old)
    {
        fs::rename(previous, target).map_err(|e| Error::io(previous, e))?;
    }
    for (path, _) in leftovers {
        if is_real_folder(&path) {
            remove_folder(&path)?;
        }
    }
    Ok(())
}

/// Whether process `pid` still runs (so its staging folder is in use). Where that cannot be
/// told (no /proc), the process is taken to have ended: two builds into the same folder at the
/// same moment are far rarer than an interrupted one.
fn process_is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    false
}

impl Sink for Staging {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        self.note_written(rel_path);
        Ok(())
    }

    fn copy(&self, source: &Path, rel_path: &str) -> Result<()> {
        let path = self.path_of(rel_path)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // A file of the site that cannot be read is the site's problem (exit 1, named like an
        // unreadable page); a copy that fails after that is the output's.
        fs::File::open(source).map_err(|e| unreadable_source(source, &e))?;
        fs::copy(source, &path).map_err(|e| Error::io(source, e))?;
        self.note_written(rel_path);
        Ok(())
    }
}

impl Staging {
    fn note_written(&self, rel_path: &str) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel_path.to_string());
    }
}

/// Files in an earlier output that its build did not write (someone put them there), when its
/// marker lists what the build wrote; at most `limit` of them.
fn files_not_written(target: &Path, limit: usize) -> Vec<String> {
    let Ok(marker) = fs::read_to_string(target.join(MARKER)) else {
        return Vec::new();
    };
    let Some((_, list)) = marker.split_once(MARKER_FILES) else {
        return Vec::new();
    };
    let written: std::collections::HashSet<&str> = list.lines().collect();
    let mut strangers = Vec::new();
    for entry in walkdir::WalkDir::new(target)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(std::result::Result::ok)
    {
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(target) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MARKER && !written.contains(rel.as_str()) {
            strangers.push(rel);
            if strangers.len() == limit {
                break;
            }
        }
    }
    strangers
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A site file (static or theme asset) that cannot be read, as a diagnostic of the site.
pub(crate) fn unreadable_source(source: &Path, error: &std::io::Error) -> Error {
    Error::site(
        crate::diagnostic::Diagnostic::error(source, 0, 0, format!("cannot read: {error}"))
            .with_hint("make the file readable, or remove it from the site"),
    )
}

/// Output paths come from the site model; one that would climb out is a bug, never written.
fn check_rel_path(rel_path: &str) -> Result<()> {
    let bad = |part: &str| part.is_empty() || part == "." || part == ".." || part.contains('\\');
    if rel_path.split('/').any(bad) {
        return Err(Error::usage(
            format!("refusing to write outside the output folder: {rel_path}"),
            None,
        ));
    }
    Ok(())
}

/// `path` as the file system will take it: absolute, with the symbolic links of the part that
/// exists resolved and `.` and `..` applied (`public/../content/out` is `content/out`).
pub fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut current = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => current.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                current.pop();
            }
            Component::Normal(name) => {
                current.push(name);
                if let Ok(real) = current.canonicalize() {
                    current = real;
                }
            }
        }
    }
    current
}

impl Protected<'_> {
    /// The protected folder that writing at `target` would replace or write into, if any: the
    /// site root or a folder above it, or a source folder or a folder below one.
    pub fn clash(&self, target: &Path) -> Option<&Path> {
        let target = resolved(target);
        if resolved(self.root).starts_with(&target) {
            return Some(self.root);
        }
        self.sources
            .iter()
            .find(|source| target.starts_with(resolved(source)))
            .copied()
    }
}

fn check_target(target: &Path, protected: &Protected) -> Result<()> {
    let refuse = |what: &Path| {
        Err(Error::usage(
            format!(
                "refusing to write the site into {}: it would replace {}",
                target.display(),
                what.display()
            ),
            Some("choose an output folder beside the content, e.g. -o public".into()),
        ))
    };
    if let Some(what) = protected.clash(target) {
        return refuse(what);
    }
    let meta = fs::symlink_metadata(target).ok();
    if meta.as_ref().is_some_and(|m| !m.is_dir()) {
        return Err(Error::usage(
            format!("the output path {} is a file", target.display()),
            Some("choose a folder path with -o".into()),
        ));
    }
    let strangers = if meta.is_some() {
        files_not_written(target, 5)
    } else {
        Vec::new()
    };
    if !strangers.is_empty() {
        return Err(Error::usage(
            format!(
                "{} holds files that dontpanic did not write, which replacing it would delete: {}",
                target.display(),
                strangers.join(", ")
            ),
            Some(
                "the output folder is replaced whole on every build: a file the site should \
                 publish (a CNAME, a verification file) belongs in static/; move these there or \
                 out, or delete them, then build again"
                    .into(),
            ),
        ));
    }
    if meta.is_some() && !is_real_file(&target.join(MARKER)) {
        let empty = fs::read_dir(target)
            .map_err(|e| Error::io(target, e))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::usage(
                format!(
                    "{} exists and was not written by dontpanic; refusing to replace it",
                    target.display()
                ),
                Some("pick another output folder with -o, or empty this one first".into()),
            ));
        }
    }
    Ok(())
}

/// A working path in the same folder as `target` (created if need be), named after it and
/// this process: `.public.staging-4242`. Being on the same file system, it can be renamed
/// over `target` in one step.
fn beside(target: &Path, what: &str) -> Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("dontpanic");
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// The media type of a file of the site, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}
