//! The binder: every page in navigation order as one document, to print or save as a PDF for
//! the on-call kit. Each page's Markdown is rendered again with links that stay inside the
//! document and heading ids that cannot collide.

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::site::{BinderLinks, PageId, Site, binder_anchor};
use crate::theme::{BinderEntry, BuildInfo, Theme};

/// Pages in the binder at most: beyond this a printed binder helps nobody.
pub const LIMIT: usize = 2000;

pub fn render(site: &Site, theme: &Theme, build: &BuildInfo) -> Result<String, Diagnostic> {
    // Generated pages are left out: their content comes from templates, not text, and the
    // binder prints what a responder needs of them (contacts, severity, alerts) first. So is
    // the folder that only holds them.
    let ids: Vec<PageId> = site
        .order
        .iter()
        .copied()
        .filter(|&id| {
            let page = &site.pages[id];
            let only_generated = page.is_section
                && page.source.is_none()
                && page.folder == crate::site::generated::FOLDER;
            page.generated.is_none() && !only_generated
        })
        .take(LIMIT)
        .collect();
    let entries: Vec<BinderEntry> = ids
        .par_iter()
        .map(|&id| {
            let page = &site.pages[id];
            let html = page.source.as_ref().map_or_else(String::new, |source| {
                let links = BinderLinks { site, from: id };
                let prefix = format!("{}-", binder_anchor(id));
                markdown::render_with_prefix(&source.body, &links, &prefix).html
            });
            BinderEntry { id, html }
        })
        .collect();
    theme.render_binder(site, &entries, build)
}
