//! What one build keeps for the next, so that a rebuild redoes only what changed: the content
//! folder's listing (updated from the paths a watcher saw change, not walked again), pages
//! read from unchanged files, Markdown rendered from unchanged text (with its highlighted
//! code), the parsed theme, the paths that existed (a link to one that appeared or went
//! renders differently), and the memo of highlighted code blocks. Owned by the caller
//! (`serve`); nothing here is global.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::tree::Listing;
use crate::content::{Content, SourcePage};
use crate::diagnostic::Diagnostic;
use crate::markdown::{HighlightMemo, Rendered};
use crate::site::{Site, url};
use crate::theme::Theme;

/// A page's rendered Markdown with the hash of the text it was rendered from.
pub struct RenderedPage {
    pub key: u64,
    pub rendered: Arc<Rendered>,
}

struct CachedRender {
    source: Arc<SourcePage>,
    key: u64,
    rendered: Arc<Rendered>,
}

#[derive(Default)]
pub struct Cache {
    sources: Vec<Arc<SourcePage>>,
    rendered: HashMap<String, CachedRender>,
    theme: Option<(u64, Arc<Theme>)>,
    paths: Option<HashSet<String>>,
    /// The content folder's files as last listed, and which folder that was.
    listing: Option<(PathBuf, Arc<Listing>)>,
    /// What changed since that listing (relative to the site root), when a watcher said;
    /// `None` when nobody knows, and the folder is walked again.
    changed: Option<Vec<PathBuf>>,
    /// The link stage's findings per page, for the next build to reuse.
    pub links: crate::site::links::Memo,
    /// The Markdown settings the pages were rendered with.
    settings: crate::markdown::Settings,
    /// Code blocks highlighted lately, shared by the pages rendered in parallel and kept from
    /// one build to the next.
    highlights: HighlightMemo,
}

impl Cache {
    /// Forgets what the last build kept, for the next to start afresh (after a failed build,
    /// which may have left half of its state), but not the highlighted code: a block's
    /// highlighting depends on its text and language alone.
    pub fn start_afresh(&mut self) {
        *self = Cache {
            highlights: std::mem::take(&mut self.highlights),
            ..Cache::default()
        };
    }

    /// The memo of highlighted code to render pages with.
    pub fn highlights(&self) -> &HighlightMemo {
        &self.highlights
    }

    /// The theme in `dir`, parsed again only when one of its files changed.
    pub fn theme(&mut self, dir: &Path, display: &Path) -> Result<Arc<Theme>, Vec<Diagnostic>> {
        let fingerprint = folder_fingerprint(dir);
        if let Some((cached, theme)) = &self.theme
            && *cached == fingerprint
        {
            return Ok(Arc::clone(theme));
        }
        let theme = Arc::new(Theme::load(dir, display)?);
        self.theme = Some((fingerprint, Arc::clone(&theme)));
        Ok(theme)
    }

    /// Pages read last time, for `content::load` to reuse when their file did not change.
    pub fn sources(&self) -> &[Arc<SourcePage>] {
        &self.sources
    }

    pub fn keep_sources(&mut self, pages: &[Arc<SourcePage>]) {
        self.sources = pages.to_vec();
    }

    /// Paths that appeared or disappeared since the last build: links to them render differently.
    pub fn moved_paths(&self, paths: &HashSet<String>) -> HashSet<String> {
        match &self.paths {
            Some(previous) => previous.symmetric_difference(paths).cloned().collect(),
            None => HashSet::default(),
        }
    }

    /// The rendered Markdown of `source`: from the cache when its text and title are unchanged
    /// and none of its links points at a path that appeared or disappeared, else from `render`.
    /// The page's text is hashed only when its file was read again.
    pub fn rendered(
        &self,
        source: &Arc<SourcePage>,
        moved: &HashSet<String>,
        render: impl FnOnce(&str) -> Rendered,
    ) -> RenderedPage {
        let cached = self.rendered.get(&source.rel_path);
        let key = match cached {
            Some(entry) if Arc::ptr_eq(&entry.source, source) => entry.key,
            _ => render_key(source),
        };
        if let Some(entry) = cached
            && entry.key == key
            && !links_into(source.folder(), &entry.rendered, moved)
        {
            return RenderedPage {
                key,
                rendered: Arc::clone(&entry.rendered),
            };
        }
        let rendered = Arc::new(render(&source.body));
        RenderedPage { key, rendered }
    }

    /// Forgets every rendered page when the site's Markdown settings changed: the same text
    /// renders differently under others.
    pub fn render_with(&mut self, settings: crate::markdown::Settings) {
        if self.settings != settings {
            self.rendered.clear();
            self.settings = settings;
        }
    }

    pub fn keep_rendered(&mut self, site: &Site, rendered: &[Option<RenderedPage>]) {
        // The same pages as last time (every edit but adding or removing one): updated in
        // place, without copying ten thousand names.
        let mut updated = 0;
        let all_known = site.pages.iter().zip(rendered).all(|(page, r)| {
            let (Some(source), Some(r)) = (page.source.as_ref(), r.as_ref()) else {
                return true;
            };
            let Some(entry) = self.rendered.get_mut(&source.rel_path) else {
                return false;
            };
            entry.source = Arc::clone(source);
            entry.key = r.key;
            entry.rendered = Arc::clone(&r.rendered);
            updated += 1;
            true
        });
        // Every page was there, and nothing else is.
        if all_known && updated == self.rendered.len() {
            return;
        }
        self.rendered = site
            .pages
            .iter()
            .zip(rendered)
            .filter_map(|(page, r)| {
                let (source, r) = (page.source.as_ref()?, r.as_ref()?);
                let entry = CachedRender {
                    source: Arc::clone(source),
                    key: r.key,
                    rendered: Arc::clone(&r.rendered),
                };
                Some((source.rel_path.clone(), entry))
            })
            .collect();
    }

    /// Tells the next build which files changed (relative to the site root), as a watcher
    /// saw them; without it, the next build walks the content folder.
    pub fn note_changed(&mut self, changed: &[PathBuf]) {
        self.changed = Some(changed.to_vec());
    }

    /// The files of the content folder `dir` (named `content_dir` under the root): the last
    /// listing updated with the changes noted since, else a new walk.
    pub fn listing(&mut self, dir: &Path, content_dir: &str, display: &Path) -> Arc<Listing> {
        let changed = self.changed.take();
        let updated = match (&self.listing, changed) {
            (Some((listed_dir, listing)), Some(changed)) if listed_dir == dir => {
                let in_content: Vec<PathBuf> = changed
                    .iter()
                    .filter_map(|p| p.strip_prefix(content_dir).ok().map(Path::to_path_buf))
                    .collect();
                // A change to the folder itself (or one the watcher could not name) needs a walk.
                if changed.iter().any(|p| p == Path::new(content_dir)) {
                    None
                } else if in_content.is_empty() {
                    // Only the config, the theme or static files changed.
                    Some(Arc::clone(listing))
                } else {
                    listing.updated(dir, &in_content).map(Arc::new)
                }
            }
            _ => None,
        };
        let listing = updated.unwrap_or_else(|| {
            Arc::new(crate::content::tree::list(
                dir,
                display,
                dir.parent().unwrap_or(Path::new(".")),
            ))
        });
        self.listing = Some((dir.to_path_buf(), Arc::clone(&listing)));
        listing
    }

    /// Remembers the paths of this build, for the next one's `moved_paths`.
    pub fn keep_paths(&mut self, paths: HashSet<String>) {
        self.paths = Some(paths);
    }
}

/// Every path whose existence decides how a link renders: pages, their folders, files, drafts.
pub fn site_paths(content: &Content) -> HashSet<String> {
    let mut paths = HashSet::default();
    for page in &content.pages {
        paths.insert(page.rel_path.clone());
        let mut folder = page.folder();
        loop {
            // A folder already there has its parents there too.
            if paths.contains(folder) {
                break;
            }
            paths.insert(folder.to_string());
            match folder.rsplit_once('/') {
                Some((parent, _)) => folder = parent,
                None if !folder.is_empty() => folder = "",
                None => break,
            }
        }
    }
    paths.extend(content.assets.iter().map(|a| a.rel_path.clone()));
    paths.extend(content.drafts.iter().cloned());
    paths
}

fn render_key(source: &SourcePage) -> u64 {
    let mut hasher = DefaultHasher::new();
    source.body.hash(&mut hasher);
    source.front.title.hash(&mut hasher);
    for field in &source.front.fields {
        field.help.hash(&mut hasher);
    }
    hasher.finish()
}

fn links_into(folder: &str, rendered: &Rendered, moved: &HashSet<String>) -> bool {
    !moved.is_empty()
        && rendered.links.iter().any(|link| {
            let path = link.dest.split(['#', '?']).next().unwrap_or("");
            !path.is_empty()
                && url::join_normalized(folder, &url::decode_path(path))
                    .is_some_and(|p| moved.contains(&p))
        })
}

/// Names, sizes and modification times of every file under `dir` (0 when there is none).
fn folder_fingerprint(dir: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if let Ok(metadata) = entry.metadata()
            && metadata.is_file()
        {
            (entry.path(), metadata.len(), metadata.modified().ok()).hash(&mut hasher);
        }
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{KeepLinks, Settings, render_with};

    #[test]
    fn starting_afresh_keeps_the_highlighted_code_and_nothing_else() {
        let mut cache = Cache::default();
        cache.keep_paths(HashSet::from_iter(["runbooks/disk.md".to_string()]));
        let body = "```bash\ndf -h /var\n```\n";
        render_with(body, &KeepLinks, Settings::default(), cache.highlights());
        assert_eq!(cache.highlights().blocks(), 1);
        cache.start_afresh();
        assert_eq!(cache.highlights().blocks(), 1);
        assert!(cache.paths.is_none());
    }
}
