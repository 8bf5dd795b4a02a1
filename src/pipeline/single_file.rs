//! `build --single-file`: the whole site as one HTML file. The site is built into memory
//! through the same stages as a folder build, then `output::single_file` packs it into the
//! home page's frame and writes that one file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Mode;
use super::{BuildOptions, Cache, Progress, prepare, shown, source_folders, write};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::output::single_file::{self, Bundle, BundleError};
use crate::output::{MemorySite, Protected};
use crate::theme::BuildInfo;

/// Bytes a page takes in the copy, for the refusal's estimate (measured: 23 MB for 10,000
/// generated runbooks). The default limit, `[limits] single_file_pages` = 20,000, makes a
/// file of some 46 MB, which browsers still open in a few seconds.
const BYTES_PER_PAGE: usize = 2_300;

#[derive(Debug)]
pub struct SingleFileReport {
    pub pages: usize,
    pub path: PathBuf,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site at `options.root` into the one file `target`. On any error, an earlier copy
/// at `target` stays as it was.
pub fn build_single_file(
    options: &BuildOptions,
    target: &Path,
    today: jiff::civil::Date,
    progress: Progress,
) -> Result<SingleFileReport> {
    let started = Instant::now();
    let root = &options.root;
    let (config, _) = super::configured(options);
    let sources = source_folders(root, &config.content_dir);
    let source_refs: Vec<&Path> = sources.iter().map(PathBuf::as_path).collect();
    let protected = Protected {
        root,
        sources: &source_refs,
    };
    single_file::check_target(target, &protected)?;
    // Counted before anything is read or rendered, so that a refusal comes at once. The build
    // then takes this listing as it is (nothing changed since) instead of walking again.
    let mut cache = Cache::default();
    let listing = cache.listing(
        &root.join(&config.content_dir),
        &config.content_dir,
        &shown(root, &config.content_dir),
    );
    cache.note_changed(&[]);
    let pages = listing
        .files
        .iter()
        .filter(|f| f.rel_path.ends_with(".md"))
        .count();
    let limit = config.limits.single_file_pages;
    if pages > limit {
        return Err(Error::usage(
            format!(
                "the site has {pages} pages; a single-file copy holds at most {limit} \
                 (it would be over {} MB, more than a browser opens comfortably)",
                pages * BYTES_PER_PAGE / 1_000_000
            ),
            Some(
                "build a folder instead (dontpanic build) and copy that, or raise [limits] \
                 single_file_pages in dontpanic.toml"
                    .into(),
            ),
        ));
    }
    let prepared = prepare(options, &mut cache, progress)?;
    let build = BuildInfo::new(today, Mode::SingleFile).with_theme(prepared.theme()?);
    let memory = MemorySite::new();
    write::write_site(&prepared, &memory, &build, target, progress)?;
    let files = memory.finish();
    let site = &prepared.site;
    let theme = prepared.theme()?;
    let paths = &site.paths;
    let shell = theme.render_shell(site, &build).map_err(|d| Error::Site {
        diagnostics: vec![d],
    })?;

    // Pages in reading order (the home page first), then the ones the site generates.
    let mut in_order = vec![false; site.pages.len()];
    for &id in &site.order {
        in_order[id] = true;
    }
    let generated = (0..site.pages.len()).filter(|&id| !in_order[id]);
    let mut pages: Vec<String> = site
        .order
        .iter()
        .copied()
        .chain(generated)
        .map(|id| site.pages[id].url.clone())
        .collect();
    pages.push(paths.search_page.clone());
    // The binder's parts, in order (one for most sites).
    let mut binder: Vec<String> = files
        .paths()
        .filter(|p| paths.is_binder(p))
        .map(str::to_string)
        .collect();
    binder.sort_by_key(|p| (p != &paths.binder, p.len(), p.clone()));
    pages.extend(binder);
    let mut redirects: Vec<(String, String)> = site
        .redirects
        .iter()
        .map(|(path, id)| (path.clone(), site.pages[*id].url.clone()))
        .collect();
    redirects.sort();
    // Sorted: the files come from a hash map, and the same site must make the same file.
    let mut scripts: Vec<String> = files
        .paths()
        .filter(|p| paths.is_search_file(p))
        .map(str::to_string)
        .collect();
    scripts.sort();
    let inlined: Vec<String> = theme
        .assets
        .iter()
        .map(|a| paths.theme_file(&a.rel_path))
        .filter(|p| p.ends_with(".js") || p.ends_with(".css"))
        .collect();
    let embedded: BTreeSet<String> = files
        .paths()
        .filter(|p| {
            !p.ends_with(".html")
                && !paths.is_search_file(p)
                && !inlined.iter().any(|i| i == p)
                && *p != paths.sitemap
        })
        .map(str::to_string)
        // Files of the content (images, downloads) go in even when named .html.
        .chain(prepared.assets.iter().map(|a| a.rel_path.clone()))
        .collect();
    let embedded: Vec<String> = embedded.into_iter().collect();

    let html = single_file::bundle(&Bundle {
        shell: &shell,
        files: &files,
        pages: &pages,
        not_found: &paths.not_found,
        router: &paths.theme_file(single_file::ROUTER),
        redirects: &redirects,
        scripts: &scripts,
        embedded: &embedded,
    })
    .map_err(|e| bundle_error(&e, &prepared.root, &site.config.theme))?;

    single_file::write(target, &html, &protected)?;
    Ok(SingleFileReport {
        pages: site.pages.len(),
        path: target.to_path_buf(),
        bytes: html.len(),
        warnings: prepared.diagnostics,
        elapsed: started.elapsed(),
    })
}

/// A theme whose pages the copy cannot take apart: said at the template that makes the frame.
fn bundle_error(error: &BundleError, root: &Path, theme: &str) -> Error {
    let path = shown(root, "themes")
        .join(theme)
        .join("templates/base.html");
    let diagnostic = Diagnostic::error(path, 0, 0, error.to_string());
    Error::Site {
        diagnostics: vec![diagnostic.with_hint(
            "keep <body> and one <main id=\"main\"> around each page's content in base.html",
        )],
    }
}
