//! Links for the binder, where every page is a part of one printable document.

use super::{PageId, Site, Target, url};
use crate::markdown::LinkRewriter;

/// The binder's anchor for page `id` (its sections' ids start with it too).
pub fn binder_anchor(id: PageId) -> String {
    format!("p{id}")
}

/// Rewrites the links of page `from` for the binder, where every page is a part of one
/// document: links to pages become links within it.
pub struct BinderLinks<'a> {
    pub site: &'a Site,
    pub from: PageId,
}

impl LinkRewriter for BinderLinks<'_> {
    fn rewrite(&self, dest: &str) -> Option<String> {
        match self.site.resolve(self.from, dest) {
            // Generated pages are not in the binder: link to them where they are.
            Target::Page { id, anchor } if self.site.pages[id].generated.is_some() => {
                let href = url::relative(&self.site.paths.binder, &self.site.pages[id].url);
                Some(anchor.map_or_else(|| href.clone(), |a| format!("{href}#{a}")))
            }
            Target::Page {
                id,
                anchor: Some(anchor),
            } => Some(format!("#{}-{anchor}", binder_anchor(id))),
            Target::Page { id, anchor: None } => Some(format!("#{}", binder_anchor(id))),
            Target::Asset(path) => Some(url::relative(&self.site.paths.binder, &path)),
            Target::Repository(url) => Some(url),
            _ => None,
        }
    }

    fn param(&self, name: &str) -> Option<String> {
        self.site.config.param(name)
    }
}
