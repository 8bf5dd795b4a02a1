//! The load stage: the theme, the content folder, the old tool's navigation, the site's
//! `static/` folder and the alert rule files, read and laid out as a `Site`. The only stage
//! that reads the site's sources; it takes the config already resolved.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{BuildOptions, Cache, Configured, cache, shown};
use crate::alerts::rules::{self, Pattern};
use crate::config::{self, Config};
use crate::content::{self, Asset, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::theme::Theme;

/// What the load stage hands on: the site laid out (not yet rendered), and what it read.
pub(super) struct Loaded {
    pub site: Site,
    /// `None` when the theme has errors (they are among the diagnostics).
    pub theme: Option<Arc<Theme>>,
    pub assets: Vec<Asset>,
    pub static_files: Vec<Asset>,
    /// Every page source path, for the cache to tell what moved.
    pub source_paths: rustc_hash::FxHashSet<String>,
    /// The config's problems, then every problem found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads everything the site is built from, reusing what `cache` holds, and lays it out.
pub(super) fn run(options: &BuildOptions, configured: Configured, cache: &mut Cache) -> Loaded {
    let root = &options.root;
    let Configured {
        config,
        mut diagnostics,
    } = configured;
    let theme = load_theme(root, &config, cache, &mut diagnostics);

    let content_shown = shown(root, &config.content_dir);
    let load_options = LoadOptions {
        drafts: options.drafts,
        max_page_bytes: config.limits.page_size_mb.saturating_mul(1024 * 1024),
        root: root.clone(),
    };
    let content_path = root.join(&config.content_dir);
    let listing = cache.listing(&content_path, &config.content_dir, &content_shown);
    let mut content = content::load_listed(
        &content_path,
        &content_shown,
        &load_options,
        cache.sources(),
        &listing,
    );
    diagnostics.extend(content.diagnostics.iter().cloned());
    // The old tool's navigation, when the repository has one; mdBook's SUMMARY.md is that
    // navigation, not a page.
    let (outline, outline_problems) = cache.outline(&config.content_dir, || {
        content::outline::load(root, &config.content_dir, config.foreign.as_ref())
    });
    diagnostics.extend(outline_problems);
    if let Some(consumed) = outline.as_ref().and_then(|o| o.consumes.as_deref()) {
        content.pages.retain(|p| p.rel_path != consumed);
    }
    // The pages as read from their files, for the next build to reuse by file; then, in a
    // site of several languages, each page and file where its language publishes it.
    cache.keep_sources(&content.pages);
    content::languages::lay_out(&mut content, &config.languages);
    let assets = content.assets.clone();
    // The site's static/ folder is read here too, so that its problems (a link out of the site)
    // stop `check` as they stop `build`.
    let (static_files, static_problems) = cache.static_files(|| {
        let static_dir = crate::sources::STATIC_DIR;
        let (found, problems) =
            content::tree::walk(&root.join(static_dir), &shown(root, static_dir), root);
        let files = found
            .into_iter()
            .map(|f| Asset {
                source: f.path,
                rel_path: f.rel_path,
            })
            .collect();
        (files, problems)
    });
    diagnostics.extend(static_problems);
    let source_paths = cache::site_paths(&content);
    let (alert_rules, rule_problems) = cache.alert_rules(
        &rule_patterns(root, &config, options),
        &config.content_dir,
        |patterns| rules::load(root, patterns),
    );
    diagnostics.extend(rule_problems);

    // The interface strings: read on every build (a few small files at most), so an edit to
    // one shows at once.
    let theme_dir = root.join(crate::sources::THEMES_DIR).join(&config.theme);
    let (strings, string_problems) = crate::strings::Catalogs::load(root, &theme_dir, |p| {
        shown(root, &p.strip_prefix(root).unwrap_or(p).to_string_lossy())
    });
    diagnostics.extend(string_problems);
    let mut site = Site::layout(config, content, content_shown);
    site.strings = strings;
    if let Some(outline) = &outline {
        site.apply_outline(outline);
    }
    site.add_static_files(static_files.iter().map(|f| f.rel_path.clone()));
    site.set_alert_rules(alert_rules);
    Loaded {
        site,
        theme,
        assets,
        static_files,
        source_paths,
        diagnostics,
    }
}

/// The theme the config names (the embedded default, overridden file by file from
/// `themes/<name>/`); `None` when it has errors, which join the diagnostics.
fn load_theme(
    root: &Path,
    config: &Config,
    cache: &mut Cache,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Arc<Theme>> {
    let themes_shown = shown(root, crate::sources::THEMES_DIR);
    let theme_dir = root.join(crate::sources::THEMES_DIR).join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        let hint = format!(
            "create {} or remove the theme setting",
            themes_shown.join(&config.theme).display()
        );
        diagnostics.push(
            Diagnostic::error(
                shown(root, config::FILE_NAME),
                1,
                1,
                format!("theme '{}' not found in themes/", config.theme),
            )
            .with_hint(hint),
        );
    }
    match cache.theme(&theme_dir, &themes_shown.join(&config.theme)) {
        Ok(theme) => Some(theme),
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            None
        }
    }
}

/// The alert rule file patterns, each with where it was written: the config's `[alerts] rules`
/// at their lines, then `--alert-rules` from the command line.
fn rule_patterns(root: &Path, config: &Config, options: &BuildOptions) -> Vec<Pattern> {
    let config_shown = shown(root, config::FILE_NAME);
    config
        .alerts
        .rules
        .iter()
        .map(|glob| Pattern {
            glob: glob.get_ref().clone(),
            written_in: config_shown.clone(),
            line: crate::diagnostic::line_col(&config.source, glob.span().start).0,
        })
        .chain(options.alert_rules.iter().map(|glob| Pattern {
            glob: glob.clone(),
            written_in: PathBuf::from("--alert-rules"),
            line: 0,
        }))
        .collect()
}
