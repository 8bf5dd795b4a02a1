//! The render stage: each page's Markdown to HTML, headings, links and checklists, in
//! parallel, reusing the cache's pages that did not change; then the site settles titles and
//! reading order from them. Reads no files.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rustc_hash::FxHashSet as HashSet;

use super::{Cache, Progress, cache};
use crate::config::Config;
use crate::content::SourcePage;
use crate::markdown;
use crate::site::Site;

/// Renders every page of `site` (`source_paths`: every page's source, for the cache to tell
/// what moved) and attaches the results. Counts one step per page of `progress`'s total of two
/// per page (the theme stage counts the other).
pub(super) fn run(
    site: &mut Site,
    cache: &mut Cache,
    source_paths: &HashSet<String>,
    progress: Progress,
) {
    let moved = cache.moved_paths(source_paths);
    let settings = markdown_settings(&site.config);
    cache.render_with(settings);
    let total = site.pages.len() * 2;
    let done = AtomicUsize::new(0);
    let site_ref: &Site = site;
    let rendered: Vec<Option<cache::RenderedPage>> = site_ref
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let rendered = page.source.as_ref().map(|source| {
                cache.rendered(source, &moved, |body| {
                    let links = site_ref.link_rewriter(id);
                    render_page(source, body, &links, settings, cache.highlights())
                })
            });
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            rendered
        })
        .collect();
    cache.keep_rendered(site, &rendered);
    site.attach_rendered(
        rendered
            .into_iter()
            .map(|r| r.map(|r| r.rendered).unwrap_or_default())
            .collect(),
    );
}

/// The renderer's settings from the config: raw HTML trusted or not, and the HTML a page may
/// render to (five times the largest page file).
pub(super) fn markdown_settings(config: &Config) -> markdown::Settings {
    markdown::Settings {
        trust_raw_html: config.markdown.trust_raw_html,
        max_html: usize::try_from(config.limits.page_size_mb.saturating_mul(5 * 1024 * 1024))
            .unwrap_or(usize::MAX),
    }
}

/// A page's Markdown rendered: its body, and its form fields' help, whose links are checked
/// like the body's and reported at the help's line in the front matter.
fn render_page(
    source: &SourcePage,
    body: &str,
    links: &dyn markdown::LinkRewriter,
    settings: markdown::Settings,
    highlights: &markdown::HighlightMemo,
) -> markdown::Rendered {
    let mut rendered = markdown::render_with(body, links, settings, highlights);
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
