//! `build --single-file`: the whole site as one HTML file. The site is built into memory
//! through the same stages as a folder build, then `output::single_file` packs it into the
//! home page's frame and writes that one file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Mode;
use super::{BuildOptions, Cache, Progress, configure, prepare, shown, source_folders, write};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::output::Protected;
use crate::output::single_file::{self, Bundle, BundleError, Collected};
use crate::theme::{self, ASSETS_MARK, BuildInfo};

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
    // The one read of the config for this build: the checks before it, then the stages.
    let configured = configure(options);
    let config = &configured.config;
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
    cache.note_changed(crate::sources::Changes::default());
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
    let max_bytes = config.limits.single_file_mb.saturating_mul(1_000_000);
    let prepared = prepare(options, configured, &mut cache, progress)?;
    too_big_files(&prepared.assets, &prepared.root, max_bytes)?;
    // The theme renders each page as its parts, which the copy carries as they are.
    let theme = prepared.theme()?.for_single_file().map_err(Error::site)?;
    let build = BuildInfo::new(today, Mode::SingleFile).with_theme(&theme);
    let collected = Collected::new();
    write::write_site(&prepared, &theme, &collected, &build, target, progress)?;
    let (parts, files) = collected.finish();
    let site = &prepared.site;
    let paths = &site.paths;
    let frame = theme.render_frame(site, &build).map_err(Error::site)?;
    let (head, rest) = frame.split_once(ASSETS_MARK).unwrap_or((&frame, ""));

    // Pages in reading order (the home page first), then the ones the site generates.
    let mut in_order = vec![false; site.pages.len()];
    for &id in &site.order {
        in_order[id] = true;
    }
    let generated = (0..site.pages.len()).filter(|&id| !in_order[id]);
    // The copy is the default language's: its frame, navigation and strings are one
    // language's, and each language's pages would make it that many times larger.
    let mut pages: Vec<String> = site
        .order
        .iter()
        .copied()
        .chain(generated)
        .filter(|&id| site.pages[id].language == crate::languages::DEFAULT)
        .map(|id| site.pages[id].url.clone())
        .collect();
    pages.push(paths.search_page.clone());
    // The binder's parts, in order (one for most sites).
    let mut binder: Vec<String> = parts
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
        .filter(|p| paths.is_search_file(p) && p.starts_with(&paths.search_index))
        .map(str::to_string)
        .collect();
    scripts.sort();
    // Every stylesheet of the theme, in name order, and its scripts (all of them are in the
    // one that pages load, a theme's own too): a page's tags are not carried, so the copy
    // runs its scripts once, from the frame.
    let styles: Vec<String> = theme
        .assets
        .iter()
        .filter(|a| a.rel_path.ends_with(".css"))
        .map(|a| paths.theme_file(&a.rel_path))
        .collect();
    // The interface strings first: the theme's scripts read them as they start.
    let strings = theme::page_strings(site, crate::site::HOME);
    let theme_scripts: Vec<String> = strings
        .needs_script()
        .then(|| paths.theme_file(&strings.script_path()))
        .into_iter()
        .chain([paths.theme_file(theme::SCRIPTS)])
        .collect();
    let embedded: BTreeSet<String> = files
        .paths()
        .filter(|p| {
            let inlined = styles.iter().any(|i| i == p)
                || (p.starts_with(&paths.theme) && p.ends_with(".js"));
            !(inlined || p.ends_with(".html") || paths.is_search_file(p) || *p == paths.sitemap)
        })
        .map(str::to_string)
        // Files of the content (images, downloads) go in even when named .html.
        .chain(prepared.assets.iter().map(|a| a.rel_path.clone()))
        .collect();
    let embedded: Vec<String> = embedded.into_iter().collect();

    let html = single_file::bundle(&Bundle {
        frame: [head, rest],
        parts: &parts,
        files: &files,
        pages: &pages,
        not_found: &paths.not_found,
        styles: &styles,
        theme_scripts: &theme_scripts,
        router: &paths.theme_file(theme::ROUTER),
        redirects: &redirects,
        scripts: &scripts,
        embedded: &embedded,
    })
    .map_err(|e| bundle_error(&e, &prepared.root, &site.config.theme))?;

    if html.len() as u64 > max_bytes {
        return Err(Error::usage(
            format!(
                "the single-file copy would be {} MB; [limits] single_file_mb allows {}",
                html.len() / 1_000_000,
                site.config.limits.single_file_mb
            ),
            Some(
                "build a folder instead (dontpanic build), or raise [limits] single_file_mb in \
                 dontpanic.toml"
                    .into(),
            ),
        ));
    }
    single_file::write(target, &html, &protected)?;
    Ok(SingleFileReport {
        pages: site.pages.len(),
        path: target.to_path_buf(),
        bytes: html.len(),
        warnings: prepared.diagnostics,
        elapsed: started.elapsed(),
    })
}

/// Files of the content that would take the copy past its size limit, each named, before any
/// of them is read: a 200 MB video would otherwise be read, encoded and refused only at the end.
fn too_big_files(assets: &[crate::content::Asset], root: &Path, max_bytes: u64) -> Result<()> {
    let mut sizes: Vec<(u64, &Path)> = assets
        .iter()
        .filter_map(|a| Some((std::fs::metadata(&a.source).ok()?.len(), a.source.as_path())))
        .collect();
    // Base64 makes each file a third bigger in the copy.
    let carried = |bytes: u64| bytes / 3 * 4;
    let total: u64 = sizes.iter().map(|(bytes, _)| carried(*bytes)).sum();
    if total <= max_bytes {
        return Ok(());
    }
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let limit_mb = max_bytes / 1_000_000;
    let diagnostics = sizes
        .iter()
        .take(3)
        .map(|(bytes, path)| {
            let shown = path.strip_prefix(root).unwrap_or(path);
            Diagnostic::error(
                shown,
                0,
                0,
                format!(
                    "this file takes {} MB of the single-file copy, whose files add up to {} MB; \
                     [limits] single_file_mb allows {limit_mb}",
                    carried(*bytes).div_ceil(1_000_000),
                    total.div_ceil(1_000_000)
                ),
            )
            .with_code("single-file-too-big")
            .with_hint(
                "link to the file from a host instead of keeping it in the site, or raise \
                 [limits] single_file_mb in dontpanic.toml",
            )
        })
        .collect();
    Err(Error::Site { diagnostics })
}

/// A frame the copy cannot add its data to: said at the template that makes it.
fn bundle_error(error: &BundleError, root: &Path, theme: &str) -> Error {
    let path = shown(root, crate::sources::THEMES_DIR)
        .join(theme)
        .join("templates/base.html");
    let diagnostic = Diagnostic::error(path, 0, 0, error.to_string());
    Error::Site {
        diagnostics: vec![diagnostic.with_hint("keep </body> at the end of base.html")],
    }
}
