//! What one build keeps for the next, so that a rebuild redoes only what changed: the config,
//! the parsed theme, the `static/` listing, the outline and the alert rules (each read again
//! only when a change of its kind was seen), the content folder's listing (updated from the
//! paths a watcher saw change, not walked again), pages read from unchanged files, Markdown
//! rendered from unchanged text (with its highlighted code), and the paths that existed (a
//! link to one that appeared or went renders differently), and the memo of highlighted code
//! blocks. Owned by the caller (`serve`); nothing here is global.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::alerts::rules::{AlertRule, Pattern};
use crate::content::outline::Outline;
use crate::content::tree::Listing;
use crate::content::{Asset, Content, SourcePage};
use crate::diagnostic::Diagnostic;
use crate::markdown::{HighlightMemo, Rendered};
use crate::site::{Site, url};
use crate::sources::{Changes, Source};
use crate::theme::Theme;

/// What a stage read from the sources, with the problems met reading it: kept whole, so a
/// build that reuses it reports them again.
type Read<T> = (T, Vec<Diagnostic>);

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
    /// The config as this run sees it (the command line's overrides laid over it).
    config: Option<super::Configured>,
    /// The theme, the folder it was read from and that folder's fingerprint.
    theme: Option<(PathBuf, u64, Arc<Theme>)>,
    /// The site's `static/` files.
    static_files: Option<Read<Vec<Asset>>>,
    /// The outline, and the content folder it was looked for in.
    outline: Option<(String, Read<Option<Outline>>)>,
    alert_rules: Option<Read<Vec<AlertRule>>>,
    paths: Option<HashSet<String>>,
    /// The content folder's files as last listed, and which folder that was.
    listing: Option<(PathBuf, Arc<Listing>)>,
    /// What changed since the last build, when a watcher said; `None` when nobody knows.
    changed: Option<Changes>,
    /// What changed before the build under way (taken from `changed` as it began): what it
    /// reads again. `None` when nobody knows, and everything is read again.
    building: Option<Changes>,
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

    /// Starts a build: it reads again what changed since the last one (as noted with
    /// `note_changed`), everything when nobody said. A changed config may change every other
    /// source's meaning (the content folder, the theme's name, the rule files, the page size
    /// limit), so after one every source is read again; only what is keyed by its own inputs
    /// (rendered Markdown, link findings) stays.
    pub fn begin_build(&mut self) {
        self.building = self.changed.take();
        let config_changed = self
            .building
            .as_ref()
            .is_none_or(|changes| changes.touches(Source::Config));
        if config_changed {
            self.config = None;
            self.theme = None;
            self.static_files = None;
            self.outline = None;
            self.alert_rules = None;
            self.listing = None;
            self.sources.clear();
        }
    }

    /// Whether the build under way must read sources of this kind again.
    fn stale(&self, source: Source) -> bool {
        self.building
            .as_ref()
            .is_none_or(|changes| changes.touches(source))
    }

    /// The config, read with `load` unless only other sources changed.
    pub fn config(&mut self, load: impl FnOnce() -> super::Configured) -> super::Configured {
        kept(&mut self.config, false, load)
    }

    /// The theme in `dir`: the one kept when no theme file changed, else parsed again (when
    /// nobody said what changed, only if a file of `dir` differs from last time).
    pub fn theme(&mut self, dir: &Path, display: &Path) -> Result<Arc<Theme>, Vec<Diagnostic>> {
        if let Some((cached_dir, cached, theme)) = &self.theme
            && cached_dir == dir
        {
            match &self.building {
                Some(changes) if !changes.touches(Source::Theme) => return Ok(Arc::clone(theme)),
                None if *cached == folder_fingerprint(dir) => return Ok(Arc::clone(theme)),
                _ => {}
            }
        }
        // A theme that does not load is not kept: the next build tries again.
        self.theme = None;
        let fingerprint = folder_fingerprint(dir);
        let theme = Arc::new(Theme::load(dir, display)?);
        self.theme = Some((dir.to_path_buf(), fingerprint, Arc::clone(&theme)));
        Ok(theme)
    }

    /// The files of `static/`, listed with `load` unless none of them changed.
    pub fn static_files(&mut self, load: impl FnOnce() -> Read<Vec<Asset>>) -> Read<Vec<Asset>> {
        let stale = self.stale(Source::Static);
        kept(&mut self.static_files, stale, load)
    }

    /// The outline of the content folder `content_dir`, read with `load` unless neither the
    /// config nor the content folder's `SUMMARY.md` changed (MkDocs' `nav` comes with the
    /// config).
    pub fn outline(
        &mut self,
        content_dir: &str,
        load: impl FnOnce() -> Read<Option<Outline>>,
    ) -> Read<Option<Outline>> {
        let summary = Path::new(content_dir).join(crate::content::outline::SUMMARY);
        let stale = match (&self.building, &self.outline) {
            (Some(changes), Some((dir, _))) if dir == content_dir => changes
                .of(Source::Content)
                .any(|p| p == summary || p == Path::new(content_dir)),
            _ => true,
        };
        match &self.outline {
            Some((_, read)) if !stale => read.clone(),
            _ => {
                let read = load();
                self.outline = Some((content_dir.to_string(), read.clone()));
                read
            }
        }
    }

    /// The alert rules the `patterns` name, read with `load` unless no changed file is one of
    /// them (for rule files kept in the site's watched folders).
    pub fn alert_rules(
        &mut self,
        patterns: &[Pattern],
        content_dir: &str,
        load: impl FnOnce(&[Pattern]) -> Read<Vec<AlertRule>>,
    ) -> Read<Vec<AlertRule>> {
        // Rule files outside the watched folders (`monitoring/`, `../alerts`) are read again
        // on every build: no change of theirs is ever seen, and they are few.
        let unwatched = patterns.iter().any(|p| {
            let first = Path::new(&p.glob)
                .components()
                .find(|c| !matches!(c, std::path::Component::CurDir));
            first.is_none_or(|first| {
                crate::sources::classify(Path::new(first.as_os_str()), content_dir).is_none()
            })
        });
        let stale = unwatched
            || self.building.as_ref().is_none_or(|changes| {
                changes.paths().any(|path| {
                    patterns
                        .iter()
                        .any(|p| crate::alerts::rules::names(&p.glob, path))
                })
            });
        kept(&mut self.alert_rules, stale, || load(patterns))
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

    /// Tells the next build which sources changed, as a watcher saw them; without it, the
    /// next build reads every source again.
    pub fn note_changed(&mut self, changes: Changes) {
        self.changed = Some(changes);
    }

    /// The files of the content folder `dir` (named `content_dir` under the root): the last
    /// listing updated with the changes noted since, else a new walk.
    pub fn listing(&mut self, dir: &Path, content_dir: &str, display: &Path) -> Arc<Listing> {
        let updated = match (&self.listing, &self.building) {
            (Some((listed_dir, listing)), Some(changes)) if listed_dir == dir => {
                let in_content: Vec<PathBuf> = changes
                    .of(Source::Content)
                    .filter_map(|p| p.strip_prefix(content_dir).ok().map(Path::to_path_buf))
                    .collect();
                // A change to the folder itself needs a walk.
                if changes.paths().any(|p| p == Path::new(content_dir)) {
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

/// What `slot` holds, unless it is `stale` or empty: then what `load` reads, kept for the next
/// build.
fn kept<T: Clone>(slot: &mut Option<T>, stale: bool, load: impl FnOnce() -> T) -> T {
    match slot {
        Some(value) if !stale => value.clone(),
        _ => slot.insert(load()).clone(),
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
    use std::cell::Cell;

    fn changes(paths: &[&str]) -> Changes {
        Changes::classify(paths, "content")
    }

    /// Counts how often each source is read while a build with `changes` runs on `cache`.
    fn reads(cache: &mut Cache, changes: Option<Changes>) -> [usize; 4] {
        let counts = [Cell::new(0), Cell::new(0), Cell::new(0), Cell::new(0)];
        let count = |i: usize| counts[i].set(counts[i].get() + 1);
        if let Some(changes) = changes {
            cache.note_changed(changes);
        }
        cache.begin_build();
        cache.config(|| {
            count(0);
            super::super::Configured {
                config: crate::config::Config::default(),
                diagnostics: Vec::new(),
            }
        });
        cache.static_files(|| {
            count(1);
            (Vec::new(), Vec::new())
        });
        cache.outline("content", || {
            count(2);
            (None, Vec::new())
        });
        let patterns = [Pattern {
            glob: "content/alerts/*.yaml".into(),
            written_in: PathBuf::from("dontpanic.toml"),
            line: 1,
        }];
        cache.alert_rules(&patterns, "content", |_| {
            count(3);
            (Vec::new(), Vec::new())
        });
        counts.map(Cell::into_inner)
    }

    #[test]
    fn a_content_edit_reads_nothing_but_the_content_again() {
        let mut cache = Cache::default();
        assert_eq!(reads(&mut cache, None), [1, 1, 1, 1]);
        assert_eq!(
            reads(&mut cache, Some(changes(&["content/a.md"]))),
            [0, 0, 0, 0]
        );
    }

    #[test]
    fn each_kind_of_change_reads_its_own_sources_again() {
        let mut cache = Cache::default();
        reads(&mut cache, None);
        let static_edit = changes(&["static/logo.svg"]);
        assert_eq!(reads(&mut cache, Some(static_edit)), [0, 1, 0, 0]);
        let summary = changes(&["content/SUMMARY.md"]);
        assert_eq!(reads(&mut cache, Some(summary)), [0, 0, 1, 0]);
        // Rule files kept in the content folder: read again when one of them changed.
        let not_rules = changes(&["content/alerts.yaml"]);
        assert_eq!(reads(&mut cache, Some(not_rules)), [0, 0, 0, 0]);
        let rules = changes(&["content/alerts/db.yaml"]);
        assert_eq!(reads(&mut cache, Some(rules)), [0, 0, 0, 1]);
        let config = changes(&["dontpanic.toml"]);
        assert_eq!(reads(&mut cache, Some(config)), [1, 1, 1, 1]);
        // Rule files outside the watched folders: read again on every build.
        let outside = [Pattern {
            glob: "../monitoring/*.yaml".into(),
            written_in: PathBuf::from("dontpanic.toml"),
            line: 1,
        }];
        let mut read = 0;
        cache.note_changed(changes(&["content/a.md"]));
        cache.begin_build();
        cache.alert_rules(&outside, "content", |_| {
            read += 1;
            (Vec::new(), Vec::new())
        });
        assert_eq!(read, 1);
        // A build nobody said anything about reads everything.
        assert_eq!(reads(&mut cache, None), [1, 1, 1, 1]);
    }

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
