//! The theme and write stages: each page through its template, then the theme's files, the
//! site's static files, the content's files, the 404 page, redirects and the sitemap, all into
//! one `Sink`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::{Prepared, Progress};
use crate::diagnostic;
use crate::error::{Error, Result};
use crate::output::{self, Sink};
use crate::plan::When;
use crate::search;
use crate::site::Site;
use crate::theme::{BuildInfo, RedirectContext, Theme};

/// What writing took.
pub struct Written {
    pub timings: Vec<(&'static str, Duration)>,
}

/// Writes the prepared site through `theme` (the prepared one, or for the single-file copy the
/// same made to render parts). `output` is where a folder ends up (host files may name it).
pub fn write_site(
    prepared: &Prepared,
    theme: &Theme,
    sink: &dyn Sink,
    build: &BuildInfo,
    output: &std::path::Path,
    progress: Progress,
) -> Result<Written> {
    let Prepared { site, assets, .. } = prepared;
    let paths = &site.paths;
    let plan = build.mode.plan(&site.config);
    // Only a service worker needs the hash of every file; the preview's memory sink keeps
    // unchanged files without reading them, and must keep doing so.
    let fingerprints = Fingerprints::new(sink, plan.service_worker);
    let sink: &dyn Sink = &fingerprints;
    // The preview themes each page when a browser asks for it.
    let pages: Vec<usize> = if plan.pages == When::Build {
        (0..site.pages.len()).collect()
    } else {
        Vec::new()
    };
    let total = site.pages.len() + pages.len();
    let done = AtomicUsize::new(site.pages.len());
    // The search index is built from the rendered text while the pages go through the theme.
    let theming = Instant::now();
    let ((failures, theme_time), (index, index_time)) = rayon::join(
        || -> (Vec<Error>, Duration) {
            let failures = pages
                .par_iter()
                .filter_map(|&id| {
                    let result = theme
                        .render_page(site, id, build)
                        .map_err(Error::site)
                        .and_then(|html| sink.write(&site.pages[id].url, html.into_bytes()));
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                    result.err()
                })
                .collect();
            (failures, theming.elapsed())
        },
        || {
            // Each file of the index is written as soon as it is made. The service worker
            // stores the terms on a first visit; documents of search results as they are used.
            let indexing = Instant::now();
            let documents = paths.search_file("d/");
            let mut stored = Vec::new();
            let mut written = Ok(());
            if plan.search_index == When::Build {
                search::build_each(site, &mut |file| {
                    if written.is_err() {
                        return;
                    }
                    if !file.path.starts_with(&documents) {
                        stored.push(file.path.clone());
                    }
                    written = sink.write(&file.path, file.text.into_bytes());
                });
            }
            (written.map(|()| stored), indexing.elapsed())
        },
    );
    let writing = Instant::now();
    if !failures.is_empty() {
        return Err(merge_errors(failures));
    }
    // What the service worker stores on a first visit: pages, assets and the search terms.
    let mut offline = super::offline::first_visit_pages(site);
    offline.extend(index?);
    if plan.binder == When::Build {
        let parts = std::sync::Mutex::new(Vec::new());
        super::binder::render_each(site, theme, build, &|path, html| {
            sink.write(&path, html.into_bytes())?;
            parts.lock().unwrap_or_else(|e| e.into_inner()).push(path);
            Ok(())
        })?;
        let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
        parts.sort_by_key(|path| (path.len(), path.clone()));
        if super::offline::stores_every_page(site) {
            offline.extend(parts);
        }
    }
    let search_page = theme.render_search(site, build).map_err(Error::site)?;
    sink.write(&paths.search_page, search_page.into_bytes())?;
    offline.extend([paths.search_page.clone(), paths.not_found.clone()]);

    for asset in &theme.assets {
        let path = paths.theme_file(&asset.rel_path);
        sink.write(&path, asset.bytes.clone())?;
        offline.push(path);
    }
    // The scripts' interface strings, one small file per language the pages use: pages load
    // it before the theme's scripts, rather than each carrying the strings.
    for strings in crate::theme::page_catalogs(site) {
        let path = paths.theme_file(&strings.script_path());
        sink.write(&path, strings.script().as_bytes().to_vec())?;
        offline.push(path);
    }
    for file in &prepared.static_files {
        sink.copy(&file.source, &file.rel_path)?;
    }
    for asset in assets {
        sink.copy(&asset.source, &asset.rel_path)?;
    }

    let not_found = theme.render_not_found(site, site.config.base_path().as_deref(), build);
    sink.write(
        &paths.not_found,
        not_found.map_err(Error::site)?.into_bytes(),
    )?;
    // The copy carries old addresses in its index, not as pages.
    let redirects: &[(String, usize)] = if plan.redirect_pages {
        &site.redirects
    } else {
        &[]
    };
    for (path, id) in redirects {
        let html = theme
            .render_redirect(&RedirectContext::new(site, path, *id, build))
            .map_err(Error::site)?;
        sink.write(path, html.into_bytes())?;
    }
    if plan.service_worker {
        sink.write(
            &paths.service_worker,
            super::offline::service_worker(&offline, fingerprints.version()).into_bytes(),
        )?;
    }
    if plan.host_files {
        sink.write(&paths.robots, robots_txt(site).into_bytes())?;
        if let Some(host) = site.config.publish.host {
            let files = super::hosts::files(site, host, output).map_err(|d| Error::Site {
                diagnostics: vec![d],
            })?;
            for (path, text) in files {
                sink.write(&path, text.into_bytes())?;
            }
        }
    }
    if plan.alerts_json {
        let alerts = crate::alerts::join::rows(site);
        if !alerts.is_empty() {
            let json = serde_json::to_string_pretty(&serde_json::json!({ "alerts": alerts }))
                .unwrap_or_default();
            sink.write(&paths.alerts_json, json.into_bytes())?;
        }
    }
    // A sitemap invites indexing: only a public site with a known address gets one.
    if let Some(base_url) = site.config.base_url.as_ref().filter(|_| plan.sitemap) {
        let pages = site.order.iter().map(|&id| {
            let page = &site.pages[id];
            (
                page.url.as_str(),
                page.front().last_reviewed.map(|d| d.to_string()),
            )
        });
        sink.write(
            &paths.sitemap,
            output::sitemap(base_url, pages).into_bytes(),
        )?;
    }
    Ok(Written {
        timings: vec![
            ("theme", theme_time),
            ("search index", index_time),
            ("files", writing.elapsed()),
        ],
    })
}

/// A sink that remembers a hash of every file written through it, so that the service worker's
/// version follows the files themselves: the same sources give the same version, any changed
/// file a new one, and no clock is involved.
struct Fingerprints<'a> {
    inner: &'a dyn Sink,
    /// Off, the sink passes everything straight through.
    active: bool,
    files: std::sync::Mutex<std::collections::BTreeMap<String, u64>>,
}

impl<'a> Fingerprints<'a> {
    fn new(inner: &'a dyn Sink, active: bool) -> Self {
        Fingerprints {
            inner,
            active,
            files: Default::default(),
        }
    }

    fn note(&self, rel_path: &str, bytes: &[u8]) {
        if !self.active {
            return;
        }
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel_path.to_string(), hasher.finish());
    }

    /// One hash of every file written so far, by path.
    fn version(&self) -> u64 {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut hasher = DefaultHasher::new();
        files.hash(&mut hasher);
        hasher.finish()
    }
}

impl Sink for Fingerprints<'_> {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()> {
        self.note(rel_path, &bytes);
        self.inner.write(rel_path, bytes)
    }

    /// When hashing, the file is read once and those bytes are what is written.
    fn copy(&self, source: &std::path::Path, rel_path: &str) -> Result<()> {
        if !self.active {
            return self.inner.copy(source, rel_path);
        }
        let bytes = std::fs::read(source).map_err(|e| Error::io(source, e))?;
        self.note(rel_path, &bytes);
        self.inner.write(rel_path, bytes)
    }
}

/// `robots.txt`: a private site (the default) asks every crawler to stay out; a public one lets
/// them in and names its sitemap.
fn robots_txt(site: &Site) -> String {
    if !site.config.publish.public {
        return "# This site is private ([publish] public = false): nothing here is to be indexed.\nUser-agent: *\nDisallow: /\n".into();
    }
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base_url) = &site.config.base_url {
        text.push_str(&format!("Sitemap: {base_url}{}\n", site.paths.sitemap));
    }
    text
}

/// Many pages failing on the same template line is one problem: report it once.
fn merge_errors(failures: Vec<Error>) -> Error {
    let mut diagnostics = Vec::new();
    for failure in failures {
        match failure {
            Error::Site {
                diagnostics: mut ds,
            } => diagnostics.append(&mut ds),
            other => return other,
        }
    }
    diagnostic::sort(&mut diagnostics);
    Error::Site { diagnostics }
}
