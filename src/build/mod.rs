//! The pipeline, one way: load → render → link → theme → write. `prepare` runs everything up
//! to the link stage (what `check` and `serve` share); `write` adds the theme and the writer.
//! A `Cache` carried from one run to the next makes a rebuild redo only what changed.

mod binder;
mod cache;
mod offline;
mod single_file;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Asset, LoadOptions};
use crate::diagnostic::{self, Diagnostic, Level};
use crate::error::{Error, Result};
use crate::markdown;
use crate::output::{MemorySite, Protected, SiteFiles, Staging};
use crate::site::{self, PageId, Site};
use crate::theme::{BuildInfo, Theme};

pub use binder::render as render_binder;
pub use cache::Cache;
use cache::Changes;
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
    /// How broken links count: warnings for `build` and `serve`, errors for `check`.
    pub link_level: Level,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            root: PathBuf::from("."),
            output: None,
            drafts: false,
            base_url: None,
            link_level: Level::Warning,
        }
    }
}

/// Told how far the build is: `(done, total)` steps. Called from several threads.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// A site loaded, rendered and checked, ready to theme.
pub struct Prepared {
    pub site: Site,
    pub theme: Arc<Theme>,
    pub assets: Vec<Asset>,
    /// The files of the site's `static/` folder, copied to the root of the output.
    pub static_files: Vec<Asset>,
    /// Alias paths and the page each redirects to, found while linking.
    pub redirects: Vec<(String, PageId)>,
    pub root: PathBuf,
    /// Warnings so far; errors stop `prepare`.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took so far.
    pub timings: Vec<(&'static str, Duration)>,
    /// Write the search index and the binder with the pages (`serve` builds them only when a
    /// page asks for them).
    pub with_extras: bool,
    /// Which pages must be themed again (all of them, without a cache).
    changes: Changes,
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
fn source_folders(root: &Path) -> [PathBuf; 3] {
    [
        root.join("content"),
        root.join("themes"),
        root.join("static"),
    ]
}

pub fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(config::FILE_NAME);
    let shown = shown(root, config::FILE_NAME);
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = content::decode_text(&shown, bytes)?;
            Config::parse(&shown, &text)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}"))),
    }
}

fn validate(options: &BuildOptions, cache: &mut Cache, progress: Progress) -> Validated {
    let root = options.root.clone();
    let mut diagnostics = Vec::new();
    let mut config = load_config(&root).unwrap_or_else(|d| {
        diagnostics.push(d);
        Config::default()
    });
    if let Some(base_url) = &options.base_url {
        let text = format!("base_url = {}", toml::Value::String(base_url.clone()));
        match Config::parse(Path::new("--base-url"), &text) {
            Ok(parsed) => config.base_url = parsed.base_url,
            Err(d) => diagnostics.push(d),
        }
    }
    let themes_shown = shown(&root, "themes");
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        let hint = format!(
            "create {} or remove the theme setting",
            themes_shown.join(&config.theme).display()
        );
        diagnostics.push(
            Diagnostic::error(
                shown(&root, config::FILE_NAME),
                1,
                1,
                format!("theme '{}' not found in themes/", config.theme),
            )
            .with_hint(hint),
        );
    }
    let theme = match cache.theme(&theme_dir, &themes_shown.join(&config.theme)) {
        Ok(theme) => Some(theme),
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            None
        }
    };

    let loading = Instant::now();
    let content_shown = shown(&root, "content");
    let load_options = LoadOptions {
        drafts: options.drafts,
        max_page_bytes: config.limits.page_size_mb.saturating_mul(1024 * 1024),
    };
    let content = content::load(
        &root.join("content"),
        &content_shown,
        &load_options,
        cache.sources(),
    );
    diagnostics.extend(content.diagnostics.iter().cloned());
    let assets = content.assets.clone();
    // The site's static/ folder is read here too, so that its problems (a link out of the site)
    // stop `check` as they stop `build`.
    let (static_found, static_problems) =
        content::tree::walk(&root.join("static"), &shown(&root, "static"), &root);
    diagnostics.extend(static_problems);
    let static_files: Vec<Asset> = static_found
        .into_iter()
        .map(|f| Asset {
            source: f.path,
            rel_path: f.rel_path,
        })
        .collect();
    let paths = cache::site_paths(&content);
    cache.keep_sources(&content.pages);
    let mut site = Site::layout(config, content, content_shown);

    let mut timings = vec![("load", loading.elapsed())];
    let rendering = Instant::now();
    let moved = cache.moved_paths(&paths);
    let total = site.pages.len() * 2;
    let done = AtomicUsize::new(0);
    let rendered: Vec<Option<cache::RenderedPage>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let rendered = page.source.as_ref().map(|source| {
                cache.rendered(source, &moved, |body, title| {
                    markdown::render(body, title, &site.link_rewriter(id))
                })
            });
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            rendered
        })
        .collect();
    cache.keep_rendered(&site, &rendered);
    site.attach_rendered(
        rendered
            .into_iter()
            .map(|r| r.map(|r| r.rendered).unwrap_or_default())
            .collect(),
    );
    timings.push(("render", rendering.elapsed()));
    let linking = Instant::now();
    diagnostics.extend(site::links::check(&site, options.link_level));
    diagnostics.extend(crate::check::references::check(
        &site,
        &shown(&root, config::FILE_NAME),
    ));
    let (redirects, alias_problems) = site::redirects(&site);
    diagnostics.extend(alias_problems);
    diagnostics.extend(site::output_conflicts(&site, &assets));

    timings.push(("link", linking.elapsed()));
    diagnostic::sort(&mut diagnostics);
    Validated {
        site,
        theme,
        assets,
        static_files,
        redirects,
        root,
        diagnostics,
        timings,
        paths,
    }
}

/// Loads, renders and link-checks the site at `options.root`, reusing what `cache` holds from
/// the previous run. Every problem found is returned at once; warnings ride along in
/// `Prepared::diagnostics`.
pub fn prepare(options: &BuildOptions, cache: &mut Cache, progress: Progress) -> Result<Prepared> {
    let Validated {
        site,
        theme,
        assets,
        static_files,
        redirects,
        root,
        diagnostics,
        timings,
        paths,
    } = validate(options, cache, progress);
    match theme {
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => {
            let changes = cache.changes(&site, paths);
            Ok(Prepared {
                site,
                theme,
                assets,
                static_files,
                redirects,
                root,
                diagnostics,
                timings,
                with_extras: true,
                changes,
            })
        }
        _ => Err(Error::Site { diagnostics }),
    }
}

/// What `check` reports: every problem the build finds, with broken links as errors, and the
/// rules that keep runbooks true (`crate::check`). Never writes anything.
pub fn check(options: &BuildOptions, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let options = BuildOptions {
        link_level: Level::Error,
        ..options.clone()
    };
    let mut validated = validate(&options, &mut Cache::default(), &|_, _| {});
    validated
        .diagnostics
        .extend(crate::check::rules(&validated.site, today));
    diagnostic::sort(&mut validated.diagnostics);
    validated.diagnostics
}

/// The load, render and link stages' result, errors or not.
struct Validated {
    site: Site,
    theme: Option<Arc<Theme>>,
    assets: Vec<Asset>,
    static_files: Vec<Asset>,
    redirects: Vec<(String, PageId)>,
    root: PathBuf,
    diagnostics: Vec<Diagnostic>,
    timings: Vec<(&'static str, Duration)>,
    paths: std::collections::HashSet<String>,
}

/// Builds the site into its output folder. On any error the previous output is left untouched.
pub fn build(
    options: &BuildOptions,
    today: jiff::civil::Date,
    progress: Progress,
) -> Result<BuildReport> {
    let started = Instant::now();
    // An earlier build that was interrupted may have left the previous output set aside: it is
    // put back first, so that even a build that fails now leaves a site in place.
    let output = options.output.clone().unwrap_or_else(|| {
        let config = load_config(&options.root).unwrap_or_default();
        shown(&options.root, &config.output_dir)
    });
    crate::output::recover(&output)?;
    let prepared = prepare(options, &mut Cache::default(), progress)?;
    let root = &prepared.root;
    let sources = source_folders(root);
    let source_refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let staging = Staging::create(
        &output,
        &Protected {
            root,
            sources: &source_refs,
        },
    )?;
    let written = write::write_site(&prepared, &staging, &BuildInfo::new(today), progress)?;
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
    pub files: SiteFiles,
    /// The site model and theme, from which the search index and binder are built when asked for.
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    /// Pages whose HTML was rendered again (all of them on a full rebuild).
    pub pages_themed: usize,
}

/// Builds the site into memory, starting from `previous` and redoing only what `cache` says
/// changed. `serve` calls this on every change.
pub fn build_in_memory(
    options: &BuildOptions,
    cache: &mut Cache,
    previous: &SiteFiles,
    today: jiff::civil::Date,
) -> Result<Rebuilt> {
    let mut prepared = prepare(options, cache, &|_, _| {})?;
    prepared.with_extras = false;
    // A service worker would keep serving cached preview pages over the live ones.
    prepared.site.config.offline.service_worker = false;
    let build = BuildInfo::new(today);
    if cache.day_changed(today) {
        prepared.changes = Changes::All;
    }
    let sink = match &prepared.changes {
        Changes::All => MemorySite::reusing(previous.clone()),
        Changes::Pages(_) => MemorySite::starting_from(previous.clone()),
    };
    let pages_themed = write::write_site(&prepared, &sink, &build, &|_, _| {})?.pages_themed;
    if matches!(prepared.changes, Changes::Pages(_)) {
        sink.retain_written_or(|path| prepared.site.has_output(path));
    }
    Ok(Rebuilt {
        files: sink.finish(),
        pages: prepared.site.pages.len(),
        warnings: prepared.diagnostics,
        site: Arc::new(prepared.site),
        theme: prepared.theme,
        pages_themed,
    })
}
