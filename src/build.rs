//! The pipeline, one way: load → render → link → theme → write. `prepare` runs everything up
//! to the link stage (what `check` and `serve` share); `build` adds the theme and the writer.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::{self, Asset, LoadOptions};
use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::markdown::{self, Rendered};
use crate::output::{self, Protected, Staging};
use crate::site::{self, HOME, Site};
use crate::theme::{BuildInfo, RedirectContext, Theme};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root: `dontpanic.toml`, `content/`, `themes/`, `static/`.
    pub root: PathBuf,
    /// Output folder; default: the config's `output_dir` under the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides the config's `base_url`.
    pub base_url: Option<String>,
}

/// Told how far the build is: `(done, total)` pages. Called from several threads.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// A site loaded, rendered and checked, ready to theme.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub assets: Vec<Asset>,
    pub root: PathBuf,
    /// Warnings so far; errors stop `prepare`.
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// How diagnostics name a folder of the root: `content` when building in the current folder.
fn shown(root: &Path, name: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(name)
    } else {
        root.join(name)
    }
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

/// Loads, renders and link-checks the site at `options.root`. Every problem found is returned
/// at once; warnings ride along in `Prepared::diagnostics`.
pub fn prepare(options: &BuildOptions, progress: Progress) -> Result<Prepared> {
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
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                shown(&root, config::FILE_NAME),
                1,
                1,
                format!("theme '{}' not found in themes/", config.theme),
            )
            .with_hint(format!(
                "create {} or remove the theme setting",
                shown(&root, "themes").join(&config.theme).display()
            )),
        );
    }
    let theme = Theme::load(&theme_dir, &shown(&root, "themes").join(&config.theme));
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            None
        }
    };

    let content_shown = shown(&root, "content");
    let content = content::load(
        &root.join("content"),
        &content_shown,
        &LoadOptions {
            drafts: options.drafts,
        },
    );
    diagnostics.extend(content.diagnostics.iter().cloned());
    let assets = content.assets.clone();
    let mut site = Site::layout(config, content, content_shown);

    let total = site.pages.len() * 2;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let rendered: Vec<Rendered> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let rendered = match &page.source {
                Some(source) => markdown::render(
                    &source.body,
                    source.front.title.as_deref(),
                    &site.link_rewriter(id),
                ),
                None => Rendered::default(),
            };
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            rendered
        })
        .collect();
    site.attach_rendered(rendered);
    diagnostics.extend(site::links::check(&site));
    let (_, alias_problems) = site::redirects(&site);
    diagnostics.extend(alias_problems);
    diagnostics.extend(site::output_conflicts(&site, &assets));

    diagnostic::sort(&mut diagnostics);
    match theme {
        Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Prepared {
            site,
            theme,
            assets,
            root,
            diagnostics,
        }),
        _ => Err(Error::Site { diagnostics }),
    }
}

/// Builds the site into its output folder. On any error the previous output is left untouched.
pub fn build(
    options: &BuildOptions,
    today: jiff::civil::Date,
    progress: Progress,
) -> Result<BuildReport> {
    let started = Instant::now();
    let prepared = prepare(options, progress)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| shown(&prepared.root, &prepared.site.config.output_dir));
    let root = &prepared.root;
    let sources = [
        root.join("content"),
        root.join("themes"),
        root.join("static"),
    ];
    let source_refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let staging = Staging::create(
        &output,
        &Protected {
            root,
            sources: &source_refs,
        },
    )?;
    write_site(&prepared, &staging, &BuildInfo::new(today), progress)?;
    staging.commit()?;
    Ok(BuildReport {
        pages: prepared.site.pages.len(),
        output,
        warnings: prepared.diagnostics,
        elapsed: started.elapsed(),
    })
}

fn write_site(
    prepared: &Prepared,
    staging: &Staging,
    build: &BuildInfo,
    progress: Progress,
) -> Result<()> {
    let Prepared {
        site,
        theme,
        assets,
        root,
        ..
    } = prepared;
    let total = site.pages.len() * 2;
    let done = std::sync::atomic::AtomicUsize::new(site.pages.len());
    let failures: Vec<Result<(), Error>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let html = theme
                .render_page(site, id, build)
                .map_err(|d| Error::Site {
                    diagnostics: vec![d],
                })?;
            staging.write(&page.url, html.as_bytes())?;
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
            Ok(())
        })
        .filter(Result::is_err)
        .collect();
    if !failures.is_empty() {
        return Err(merge_errors(failures));
    }

    for asset in &theme.assets {
        staging.write(&asset.rel_path, &asset.bytes)?;
    }
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir)
            .follow_links(true)
            .into_iter()
        {
            let entry = entry.map_err(|e| Error::io(&static_dir, e.into()))?;
            if entry.file_type().is_file()
                && let Some(rel) = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .ok()
                    .and_then(|r| r.to_str())
            {
                staging.copy(entry.path(), &rel.replace('\\', "/"))?;
            }
        }
    }
    for asset in assets {
        staging.copy(&asset.source, &asset.rel_path)?;
    }

    let site_error = |d: Diagnostic| Error::Site {
        diagnostics: vec![d],
    };
    let not_found_root = site
        .config
        .base_url
        .as_deref()
        .and_then(|u| u.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    staging.write(
        "404.html",
        theme
            .render_not_found(site, &not_found_root, build)
            .map_err(site_error)?
            .as_bytes(),
    )?;
    let (redirects, _) = site::redirects(site);
    for (path, id) in redirects {
        let html = theme
            .render_redirect(&RedirectContext::new(site, &path, id))
            .map_err(site_error)?;
        staging.write(&path, html.as_bytes())?;
    }
    if let Some(base_url) = &site.config.base_url {
        let pages = site.order.iter().map(|&id| {
            let page = &site.pages[id];
            (
                page.url.as_str(),
                page.front().last_reviewed.map(|d| d.to_string()),
            )
        });
        staging.write("sitemap.xml", output::sitemap(base_url, pages).as_bytes())?;
    }
    debug_assert_eq!(site.order.first(), Some(&HOME));
    Ok(())
}

/// Many pages failing on the same template line is one problem: report it once.
fn merge_errors(failures: Vec<Result<(), Error>>) -> Error {
    let mut diagnostics = Vec::new();
    for failure in failures {
        match failure {
            Err(Error::Site {
                diagnostics: mut ds,
            }) => diagnostics.append(&mut ds),
            Err(other) => return other,
            Ok(()) => {}
        }
    }
    diagnostic::sort(&mut diagnostics);
    Error::Site { diagnostics }
}
