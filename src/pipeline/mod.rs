//! The pipeline, one way: load → render → link → theme → write. `prepare` runs everything up
//! to the link stage (what `check` and `serve` share); `write` adds the theme and the writer,
//! in one of three `Mode`s: a folder, a preview in memory, or one file. A `Cache` carried from
//! one run to the next makes a rebuild redo only what changed.

mod binder;
mod cache;
mod hosts;
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
use crate::site::{self, Site};
use crate::theme::{BuildInfo, Theme};

pub use binder::render_each as render_binder;
pub use cache::Cache;
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

/// The site's config as this run sees it: `dontpanic.toml` (defaults when it has errors, which
/// are returned) with the command line's `--base-url`, `--host` and `--content` laid over it.
fn configured(options: &BuildOptions) -> (Config, Vec<Diagnostic>) {
    let (mut config, mut diagnostics) =
        load_config(&options.root).unwrap_or_else(|d| (Config::default(), vec![d]));
    if let Some(base_url) = &options.base_url {
        let text = format!("base_url = {}", toml::Value::String(base_url.clone()));
        match Config::parse(Path::new("--base-url"), &text) {
            Ok((parsed, problems)) => {
                config.base_url = parsed.base_url;
                diagnostics.extend(problems);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if options.host.is_some() {
        config.publish.host = options.host;
    }
    if let Some(content) = &options.content {
        config.content_dir = content.clone();
    }
    (config, diagnostics)
}

/// The name of the content folder under the root: `--content`, else the config's
/// `content_dir`, else `content`.
pub fn content_dir_name(options: &BuildOptions) -> String {
    configured(options).0.content_dir
}

/// The folders a site is built from: no output may be written into them.
fn source_folders(root: &Path, content_dir: &str) -> [PathBuf; 3] {
    [
        root.join(content_dir),
        root.join("themes"),
        root.join("static"),
    ]
}

/// The site's config, and the errors about addresses in it that no link may have (left out of
/// it); `Err` when the file does not read.
pub fn load_config(root: &Path) -> Result<(Config, Vec<Diagnostic>), Diagnostic> {
    let foreign = config::foreign::detect(root);
    let path = root.join(config::FILE_NAME);
    let shown = shown(root, config::FILE_NAME);
    let (mut config, problems) = match crate::files::read(&path) {
        Ok(bytes) => {
            let text = content::decode_text(&shown, bytes)?;
            Config::parse(&shown, &text)?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Without one, a repository built by another tool keeps that tool's settings.
            let mut config = Config::default();
            let problems = match &foreign {
                Some(foreign) => config.take_foreign(foreign, &self::shown(root, &foreign.file)),
                None => Vec::new(),
            };
            (config, problems)
        }
        Err(e) => return Err(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}"))),
    };
    config.foreign = foreign;
    if config.repo_url.is_none()
        && let Some((url, branch)) = config::git_origin(root)
    {
        config.repo_url = Some(url);
        if let Some(branch) = branch {
            config.repo_branch = branch;
        }
    }
    Ok((config, problems))
}

fn validate(options: &BuildOptions, cache: &mut Cache, progress: Progress) -> Prepared {
    let root = options.root.clone();
    let (config, mut diagnostics) = configured(options);
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
    let content_shown = shown(&root, &config.content_dir);
    let load_options = LoadOptions {
        drafts: options.drafts,
        max_page_bytes: config.limits.page_size_mb.saturating_mul(1024 * 1024),
        root: root.clone(),
    };
    let content_path = root.join(&config.content_dir);
    let listing = cache.listing(&content_path, &config.content_dir, &content_shown);
    let content = content::load_listed(
        &content_path,
        &content_shown,
        &load_options,
        cache.sources(),
        &listing,
    );
    diagnostics.extend(content.diagnostics.iter().cloned());
    // The old tool's navigation, when the repository has one; mdBook's SUMMARY.md is that
    // navigation, not a page.
    let (outline, outline_problems) =
        content::outline::load(&root, &config.content_dir, config.foreign.as_ref());
    diagnostics.extend(outline_problems);
    let mut content = content;
    if let Some(consumed) = outline.as_ref().and_then(|o| o.consumes.as_deref()) {
        content.pages.retain(|p| p.rel_path != consumed);
    }
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
    // Each pattern with where it was written: the config's line, or the command line.
    let config_shown = shown(&root, config::FILE_NAME);
    let rule_files: Vec<crate::alerts::rules::Pattern> = config
        .alerts
        .rules
        .iter()
        .map(|glob| crate::alerts::rules::Pattern {
            glob: glob.get_ref().clone(),
            written_in: config_shown.clone(),
            line: crate::diagnostic::line_col(&config.source, glob.span().start).0,
        })
        .chain(
            options
                .alert_rules
                .iter()
                .map(|glob| crate::alerts::rules::Pattern {
                    glob: glob.clone(),
                    written_in: PathBuf::from("--alert-rules"),
                    line: 0,
                }),
        )
        .collect();
    let (alert_rules, rule_problems) = crate::alerts::rules::load(&root, &rule_files);
    diagnostics.extend(rule_problems);
    let mut site = Site::layout(config, content, content_shown);
    if let Some(outline) = &outline {
        site.apply_outline(outline);
    }
    site.add_static_files(static_files.iter().map(|f| f.rel_path.clone()));
    site.set_alert_rules(alert_rules);

    let mut timings = vec![("load", loading.elapsed())];
    let rendering = Instant::now();
    let moved = cache.moved_paths(&paths);
    let settings = markdown_settings(&site.config);
    cache.render_with(settings);
    let total = site.pages.len() * 2;
    let done = AtomicUsize::new(0);
    let rendered: Vec<Option<cache::RenderedPage>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let rendered = page.source.as_ref().map(|source| {
                cache.rendered(source, &moved, |body| {
                    render_page(source, body, &site.link_rewriter(id), settings)
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
    diagnostics.extend(site::links::check_remembering(
        &site,
        options.link_level,
        &mut cache.links,
    ));
    diagnostics.extend(crate::check::references::check(
        &site,
        &shown(&root, config::FILE_NAME),
    ));
    let (aliases, alias_problems) = site::redirects(&site);
    diagnostics.extend(alias_problems);
    site.settle_redirects(aliases);
    // The build reports what is wrong between alerts and runbooks; `check` at the levels the
    // config sets.
    let mut alert_levels = site.config.alerts.clone();
    if options.link_level == Level::Warning {
        use crate::config::Level as L;
        alert_levels.missing_runbook = L::Warning;
        alert_levels.broken_url = L::Warning;
        alert_levels.url_mismatch = L::Warning;
        alert_levels.unknown_alert = L::Warning;
    }
    diagnostics.extend(crate::alerts::join::check(&site, &alert_levels));
    diagnostics.extend(site::output_conflicts(
        &site,
        &assets,
        &static_files,
        &shown(&root, "static"),
    ));

    timings.push(("link", linking.elapsed()));
    diagnostic::sort(&mut diagnostics);
    Prepared {
        site,
        theme,
        assets,
        static_files,
        root,
        diagnostics,
        timings,
        source_paths: paths,
    }
}

/// Loads, renders and link-checks the site at `options.root`, reusing what `cache` holds from
/// the previous run. Every problem found is returned at once; warnings ride along in
/// `Prepared::diagnostics`.
pub fn prepare(options: &BuildOptions, cache: &mut Cache, progress: Progress) -> Result<Prepared> {
    let mut prepared = validate(options, cache, progress);
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
    let prepared = validate(&options, &mut Cache::default(), &|_, _| {});
    (prepared.site, prepared.diagnostics)
}

/// What `check` reports: every problem the build finds, with broken links as errors, and the
/// rules that keep runbooks true (`crate::check`). Never writes anything.
pub fn check(options: &BuildOptions, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let options = BuildOptions {
        link_level: Level::Error,
        ..options.clone()
    };
    let mut checked = validate(&options, &mut Cache::default(), &|_, _| {});
    checked.diagnostics.extend(crate::check::rules(
        &checked.site,
        &shown(&options.root, config::FILE_NAME),
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
    // An earlier build that was interrupted may have left the previous output set aside: it is
    // put back first, so that even a build that fails now leaves a site in place.
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| shown(&options.root, &configured(options).0.output_dir));
    crate::output::recover(&output)?;
    let prepared = prepare(options, &mut Cache::default(), progress)?;
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

/// Builds the site into memory for `serve`, starting from `previous` and reusing what `cache`
/// holds: everything but the pages, which `serve` themes when asked. The pages at `warm`
/// (the ones open in a browser) and the home page are themed now, so that a reload finds them
/// ready, and so that a template error stops this build like any other error.
pub fn build_in_memory(
    options: &BuildOptions,
    cache: &mut Cache,
    previous: &SiteFiles,
    today: jiff::civil::Date,
    warm: &[String],
) -> Result<Rebuilt> {
    let prepared = prepare(options, cache, &|_, _| {})?;
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

/// The renderer's settings from the config: raw HTML trusted or not, and the HTML a page may
/// render to (five times the largest page file).
fn markdown_settings(config: &Config) -> markdown::Settings {
    markdown::Settings {
        trust_raw_html: config.markdown.trust_raw_html,
        max_html: usize::try_from(config.limits.page_size_mb.saturating_mul(5 * 1024 * 1024))
            .unwrap_or(usize::MAX),
    }
}

/// A page's Markdown rendered: its body, and its form fields' help, whose links are checked
/// like the body's and reported at the help's line in the front matter.
fn render_page(
    source: &crate::content::SourcePage,
    body: &str,
    links: &dyn markdown::LinkRewriter,
    settings: markdown::Settings,
) -> markdown::Rendered {
    let mut rendered = markdown::render_with(body, links, settings);
    for field in &source.front.fields {
        let (help, help_links) = markdown::render_inline(&field.help, links);
        let (line, column) = front_matter_position(&source.front_source, &field.help);
        rendered
            .links
            .extend(help_links.into_iter().map(|link| markdown::LinkRef {
                line,
                column: column + link.column,
                in_front_matter: true,
                ..link
            }));
        rendered.field_help.push(help);
    }
    rendered
}

/// The file line (counting the opening `+++`) on which `text` starts, and the column before
/// it; line 1 when it is not found as written (escaped in TOML).
fn front_matter_position(front_source: &str, text: &str) -> (usize, usize) {
    let needle = text.lines().next().unwrap_or("");
    if needle.is_empty() {
        return (1, 0);
    }
    front_source
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            line.find(needle)
                .map(|at| (i + 2, line[..at].chars().count()))
        })
        .unwrap_or((1, 0))
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
            let changed: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
            cache.note_changed(&changed);
            broken(&prepare(&options, &mut cache, &|_, _| {}).unwrap())
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
