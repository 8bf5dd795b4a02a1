//! The pipeline, one way: load → render → link → theme → write, each stage its own module
//! (`load`, `render`, `link`, then `write`) taking the previous one's value. The config is read
//! once per build (`configure`) and handed down. `prepare` runs everything up to the link stage
//! (what `check` and `serve` share); `write` adds the theme and the writer, in one of three
//! `Mode`s: a folder, a preview in memory, or one file. A `Cache` carried from one run to the
//! next makes a rebuild redo only what changed.

mod binder;
mod cache;
mod configure;
mod hosts;
mod link;
mod load;
mod offline;
mod render;
mod single_file;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config;
use crate::content::Asset;
use crate::diagnostic::{self, Diagnostic, Level};
use crate::error::{Error, Result};
use crate::output::{MemorySite, Protected, SiteFiles, Staging};
use crate::site::Site;
use crate::theme::{BuildInfo, Theme};

pub use binder::render_each as render_binder;
pub use cache::Cache;
pub use configure::{Configured, configure, load_config};
pub use single_file::{SingleFileReport, build_single_file};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: `dontpanic.toml`, `content/`, `themes/`, `static/`.
    pub root: PathBuf,
    /// Output folder; default: the config's `output_dir` under the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
    /// Overrides the config's `[publish] host`.
    pub host: Option<crate::config::Host>,
    /// Overrides the config's `content_dir`.
    pub content: Option<String>,
    /// How broken links count: warnings for `build` and `serve`, errors for `check`.
    pub link_level: Level,
    /// Alert rule files given on the command line, in addition to `[alerts] rules`.
    pub alert_rules: Vec<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            root: PathBuf::from("."),
            output: None,
            drafts: false,
            base_url: None,
            host: None,
            content: None,
            link_level: Level::Warning,
            alert_rules: Vec::new(),
        }
    }
}

/// Told how far the build is: `(done, total)` steps. Called from several threads.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

pub use crate::plan::Mode;

/// A site loaded, rendered and link-checked: what `check` reports on and what the theme and
/// write stages take. Errors or not; `prepare` refuses one with errors.
pub struct Prepared {
    pub site: Site,
    /// `None` when the theme has errors (they are among the diagnostics).
    theme: Option<Arc<Theme>>,
    pub assets: Vec<Asset>,
    /// The files of the site's `static/` folder, copied to the root of the output.
    pub static_files: Vec<Asset>,
    pub root: PathBuf,
    /// Every problem found; `prepare` returns only sites without errors.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took so far.
    pub timings: Vec<(&'static str, Duration)>,
    /// Every page source path, for the cache to tell what moved.
    source_paths: rustc_hash::FxHashSet<String>,
}

impl Prepared {
    /// The theme; a prepared site without errors always has one.
    pub fn theme(&self) -> Result<&Arc<Theme>> {
        self.theme.as_ref().ok_or_else(|| Error::Site {
            diagnostics: self.diagnostics.clone(),
        })
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time spent in each stage (theme and search index run side by side).
    pub timings: Vec<(&'static str, Duration)>,
}

/// How diagnostics name a folder of the root: `content` when building in the current folder.
pub fn shown(root: &Path, name: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(name)
    } else {
        root.join(name)
    }
}

/// The folders a site is built from: no output may be written into them.
fn source_folders(root: &Path, content_dir: &str) -> [PathBuf; 3] {
    crate::sources::folders(content_dir).map(|folder| root.join(folder))
}

/// The stages up to the link stage, each handing its value to the next: what `check` reports
/// on and what the theme and write stages take.
fn validate(
    options: &BuildOptions,
    configured: Configured,
    cache: &mut Cache,
    progress: Progress,
) -> Prepared {
    let loading = Instant::now();
    let load::Loaded {
        mut site,
        theme,
        assets,
        static_files,
        source_paths,
        mut diagnostics,
    } = load::run(options, configured, cache);
    let mut timings = vec![("load", loading.elapsed())];
    let rendering = Instant::now();
    render::run(&mut site, cache, &source_paths, progress);
    timings.push(("render", rendering.elapsed()));
    let linking = Instant::now();
    diagnostics.extend(link::run(
        &mut site,
        options.link_level,
        cache,
        &options.root,
        &assets,
        &static_files,
    ));
    timings.push(("link", linking.elapsed()));
    diagnostic::sort(&mut diagnostics);
    Prepared {
        site,
        theme,
        assets,
        static_files,
        root: options.root.clone(),
        diagnostics,
        timings,
        source_paths,
    }
}

/// Loads, renders and link-checks the site at `options.root` with its config as `configure`
/// read it, reusing what `cache` holds from the previous run. Every problem found is returned
/// at once; warnings ride along in `Prepared::diagnostics`.
pub fn prepare(
    options: &BuildOptions,
    configured: Configured,
    cache: &mut Cache,
    progress: Progress,
) -> Result<Prepared> {
    let mut prepared = validate(options, configured, cache, progress);
    if prepared.theme.is_none() || prepared.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Site {
            diagnostics: prepared.diagnostics,
        });
    }
    cache.keep_paths(std::mem::take(&mut prepared.source_paths));
    Ok(prepared)
}

/// The site model after the link stage, with every problem found: what `dontpanic alerts`
/// reads. Writes nothing.
pub fn inspect(options: &BuildOptions) -> (Site, Vec<Diagnostic>) {
    let options = BuildOptions {
        link_level: Level::Error,
        ..options.clone()
    };
    let configured = configure(&options);
    let prepared = validate(&options, configured, &mut Cache::default(), &|_, _| {});
    (prepared.site, prepared.diagnostics)
}

/// What `check` reports: every problem the build finds, with broken links as errors, and the
/// rules that keep runbooks true (`crate::check`). Never writes anything.
pub fn check(options: &BuildOptions, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let options = BuildOptions {
        link_level: Level::Error,
        ..options.clone()
    };
    let configured = configure(&options);
    let mut checked = validate(&options, configured, &mut Cache::default(), &|_, _| {});
    // What the search index would make of the pages, for the synonyms none of them matches.
    let unmatched_synonyms = crate::search::unmatched_synonyms(&checked.site);
    checked.diagnostics.extend(crate::check::rules(
        &checked.site,
        &shown(&options.root, config::FILE_NAME),
        unmatched_synonyms,
        today,
    ));
    diagnostic::sort(&mut checked.diagnostics);
    checked.diagnostics
}

/// Builds the site into its output folder. On any error the previous output is left untouched.
pub fn build(
    options: &BuildOptions,
    today: jiff::civil::Date,
    progress: Progress,
) -> Result<BuildReport> {
    let started = Instant::now();
    // The one read of the config for this build: it names the output folder, then goes down
    // the stages.
    let configured = configure(options);
    // An earlier build that was interrupted may have left the previous output set aside: it is
    // put back first, so that even a build that fails now leaves a site in place.
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| shown(&options.root, &configured.config.output_dir));
    crate::output::recover(&output)?;
    let prepared = prepare(options, configured, &mut Cache::default(), progress)?;
    let root = &prepared.root;
    let sources = source_folders(root, &prepared.site.config.content_dir);
    let source_refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let staging = Staging::create(
        &output,
        &Protected {
            root,
            sources: &source_refs,
        },
    )?;
    let theme = prepared.theme()?;
    let build = BuildInfo::new(today, Mode::Folder).with_theme(theme);
    let written = write::write_site(&prepared, theme, &staging, &build, &output, progress)?;
    staging.commit()?;
    Ok(BuildReport {
        pages: prepared.site.pages.len(),
        output,
        warnings: prepared.diagnostics,
        elapsed: started.elapsed(),
        timings: prepared
            .timings
            .iter()
            .copied()
            .chain(written.timings)
            .collect(),
    })
}

/// What one in-memory rebuild produced.
pub struct Rebuilt {
    /// Every file but the pages, which are themed when a browser asks for them.
    pub files: SiteFiles,
    /// The site model and theme, from which pages, the search index and the binder are made
    /// when asked for.
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
    /// The pages themed already (the ones asked to be warmed), by output path.
    pub themed: Vec<(String, Arc<[u8]>)>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
}

/// Builds the site into memory for `serve` with the config `configured` (read once for this
/// rebuild), starting from `previous` and reusing what `cache` holds: everything but the pages, which `serve` themes when asked. The pages at `warm`
/// (the ones open in a browser) and the home page are themed now, so that a reload finds them
/// ready, and so that a template error stops this build like any other error.
pub fn build_in_memory(
    options: &BuildOptions,
    configured: Configured,
    cache: &mut Cache,
    previous: &SiteFiles,
    today: jiff::civil::Date,
    warm: &[String],
) -> Result<Rebuilt> {
    let prepared = prepare(options, configured, cache, &|_, _| {})?;
    let theme = Arc::clone(prepared.theme()?);
    let build = BuildInfo::new(today, Mode::Preview).with_theme(&theme);
    let sink = MemorySite::reusing(previous.clone());
    write::write_site(&prepared, &theme, &sink, &build, Path::new(""), &|_, _| {})?;
    let site = prepared.site;
    let mut ids: Vec<usize> = warm.iter().filter_map(|url| site.page_id_at(url)).collect();
    ids.push(crate::site::HOME);
    ids.sort_unstable();
    ids.dedup();
    let themed: Vec<(String, Arc<[u8]>)> = ids
        .par_iter()
        .map(|&id| {
            theme
                .render_page(&site, id, &build)
                .map(|html| (site.pages[id].url.clone(), Arc::from(html.into_bytes())))
        })
        .collect::<std::result::Result<_, _>>()
        .map_err(|d| Error::Site {
            diagnostics: vec![d],
        })?;
    Ok(Rebuilt {
        files: sink.finish(),
        pages: site.pages.len(),
        warnings: prepared.diagnostics,
        site: Arc::new(site),
        theme,
        themed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(prepared: &Prepared) -> Vec<String> {
        prepared
            .diagnostics
            .iter()
            .filter(|d| d.code == "broken-anchor" || d.code == "broken-link")
            .map(|d| d.message.clone())
            .collect()
    }

    /// The preview reuses each page's link findings between rebuilds: they must still follow
    /// an edit of the page itself and of the page a link points into.
    #[test]
    fn remembered_link_findings_follow_edits_on_both_ends() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/_index.md", "# Home\n");
        write("content/a.md", "# A\n\nSee [the step](b.md#step).\n");
        write("content/b.md", "# B\n\n## Step\n\nDo it.\n");
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let mut cache = Cache::default();
        let mut build = |changed: &[&str]| {
            cache.note_changed(crate::sources::Changes::classify(changed, "content"));
            let configured = configure(&options);
            broken(&prepare(&options, configured, &mut cache, &|_, _| {}).unwrap())
        };
        assert!(build(&[]).is_empty());
        // The heading the link points at is renamed: page a, unchanged, now has a broken link.
        write("content/b.md", "# B\n\n## First step\n\nDo it.\n");
        let found = build(&["content/b.md"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("no heading '#step'"), "{found:?}");
        // Page a follows the rename; then links to a page that does not exist.
        write("content/a.md", "# A\n\nSee [the step](b.md#first-step).\n");
        assert!(build(&["content/a.md"]).is_empty());
        write("content/a.md", "# A\n\nSee [the step](c.md).\n");
        let found = build(&["content/a.md"]);
        assert!(found.len() == 1 && found[0].contains("c.md"), "{found:?}");
        // The missing page appears.
        write("content/c.md", "# C\n");
        assert!(build(&["content/c.md"]).is_empty());
    }
}
