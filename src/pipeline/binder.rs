//! The binder: every page in navigation order, to print or save as a PDF for the on-call kit,
//! in parts of at most `site::binder::PART_PAGES` pages (one document for most sites). Each
//! page's Markdown is rendered again with links that stay inside the binder and heading ids
//! that cannot collide.

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::binder as binder_parts;
use crate::site::{BinderLinks, PageId, Site, binder_anchor};
use crate::theme::{BinderEntry, BinderPart, BuildInfo, Theme};

/// Every part of the binder, by output path.
pub fn render(
    site: &Site,
    theme: &Theme,
    build: &BuildInfo,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let parts = std::sync::Mutex::new(Vec::new());
    render_each::<std::convert::Infallible>(site, theme, build, &|path, html| {
        parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, html));
        Ok(())
    })
    .map_err(|e| match e {
        Emitted::Theme(d) => d,
        Emitted::Write(never) => match never {},
    })?;
    let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    parts.sort_by_key(|(path, _)| (path.len(), path.clone()));
    Ok(parts)
}

/// Why a part of the binder did not make it: its template failed, or `emit` did.
pub enum Emitted<E> {
    Theme(Diagnostic),
    Write(E),
}

/// Renders each part of the binder and hands it to `emit` at once, so that a large site's
/// binder is never held whole in memory (at 100,000 pages it is some 400 MB).
pub fn render_each<E: Send>(
    site: &Site,
    theme: &Theme,
    build: &BuildInfo,
    emit: &(dyn Fn(String, String) -> Result<(), E> + Sync),
) -> Result<(), Emitted<E>> {
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
                        markdown::render_with_prefix(&source.body, &links, &prefix).html
                    });
                    BinderEntry { id, html }
                })
                .collect();
            let html = theme
                .render_binder(site, &entries, &summaries, index, &part_of, build)
                .map_err(Emitted::Theme)?;
            emit(path, html).map_err(Emitted::Write)
        })
        .collect()
}

fn first_title<'a>(site: &'a Site, ids: &[PageId]) -> &'a str {
    ids.first().map_or("", |&id| site.pages[id].title.as_str())
}
