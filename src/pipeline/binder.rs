//! The binder: every page in navigation order, to print or save as a PDF for the on-call kit,
//! in parts of at most `site::binder::PART_PAGES` pages (one document for most sites). Each
//! page's Markdown is rendered again with links that stay inside the binder and heading ids
//! that cannot collide, its code plain (see `markdown::render_for_binder`).

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::markdown;
use crate::site::binder as binder_parts;
use crate::site::{BinderLinks, PageId, Site, binder_anchor};
use crate::theme::{BinderEntry, BinderPart, BuildInfo, Theme};

/// Renders each part of the binder and hands it to `emit` at once, so that a large site's
/// binder is never held whole in memory (at 100,000 pages it is some 400 MB).
/// `emit` gets each part's output path and HTML; a template error stops the binder.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    build: &BuildInfo,
    emit: &(dyn Fn(String, String) -> Result<()> + Sync),
) -> Result<()> {
    let parts = binder_parts::parts(site);
    let part_of = binder_parts::part_of(&parts);
    let summaries: Vec<BinderPart> = parts
        .iter()
        .enumerate()
        .map(|(index, ids)| BinderPart {
            number: index + 1,
            path: site.paths.binder_part(index),
            first: first_title(site, ids).to_string(),
            last: ids
                .last()
                .map_or(String::new(), |&id| site.pages[id].title.clone()),
            pages: ids.len(),
            current: false,
        })
        .collect();
    parts
        .par_iter()
        .enumerate()
        .map(|(index, ids)| {
            let path = site.paths.binder_part(index);
            let entries: Vec<BinderEntry> = ids
                .par_iter()
                .map(|&id| {
                    let page = &site.pages[id];
                    let html = page.source.as_ref().map_or_else(String::new, |source| {
                        let links = BinderLinks {
                            site,
                            from: id,
                            part: &path,
                            part_of: &part_of,
                        };
                        let prefix = format!("{}-", binder_anchor(id));
                        markdown::render_for_binder(
                            &source.body,
                            &links,
                            &prefix,
                            super::render::markdown_settings(&site.config),
                        )
                        .html
                    });
                    BinderEntry { id, html }
                })
                .collect();
            let html = theme
                .render_binder(site, &entries, &summaries, index, &part_of, build)
                .map_err(|d| Error::Site {
                    diagnostics: vec![d],
                })?;
            emit(path, html)
        })
        .collect()
}

fn first_title<'a>(site: &'a Site, ids: &[PageId]) -> &'a str {
    ids.first().map_or("", |&id| site.pages[id].title.as_str())
}
