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
    // Generated pages are left out: their content comes from templates, not text.
    let ids: Vec<PageId> = site
        .order
        .iter()
        .copied()
        .filter(|&id| site.pages[id].generated.is_none())
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
