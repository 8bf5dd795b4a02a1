//! The binder: every page in reading order, for printing, in parts of a bounded size so that
//! every page of a large site can be printed; and its links, which stay inside it.

use std::collections::HashMap;

use super::{PageId, Site, Target, url};
use crate::markdown::LinkRewriter;

/// Pages in one part of the binder at most: a part is one document to print, and a browser
/// lays out a few hundred pages at once without trouble.
pub const PART_PAGES: usize = 500;

/// Pages a binder holds whole at most. Nobody prints ten thousand pages, and a site's binder of
/// that size was a quarter of its output: past this, the binder is the responder's kit (see
/// `is_kit`).
pub const WHOLE_PAGES: usize = 2_000;

/// The binder's pages in parts: reading order, generated pages left out (the binder prints
/// their facts first), and on a site of more than `WHOLE_PAGES` pages only the responder's kit.
/// A top-level section that does not fit in what is left of a part starts the next one; one
/// bigger than a part fills the part it starts in and goes on in the next.
pub fn parts(site: &Site) -> Vec<Vec<PageId>> {
    parts_of(site, PART_PAGES, WHOLE_PAGES)
}

/// What a large site's binder holds: what a responder reaches for on paper when the network is
/// gone. The home page, the playbooks, checklists and templates (the directory of contacts,
/// severities and alerts comes first in every binder anyway). Runbooks, a large site's bulk,
/// are left to the site and the single-file copy.
fn is_kit(site: &Site, id: PageId) -> bool {
    use crate::content::Kind;
    id == super::HOME
        || matches!(
            site.pages[id].kind,
            Kind::Playbook | Kind::Checklist | Kind::Template
        )
}

/// The pages a whole binder would hold, in reading order.
fn printable(site: &Site) -> Vec<PageId> {
    site.order
        .iter()
        .copied()
        .filter(|&id| {
            let page = &site.pages[id];
            let only_generated =
                page.is_section && page.source.is_none() && page.folder == super::generated::FOLDER;
            // The default language's pages: the binder is one language's book.
            page.generated.is_none()
                && !only_generated
                && page.language == crate::languages::DEFAULT
        })
        .collect()
}

/// How many pages a whole binder would hold that this one leaves out (none on a site of up to
/// `WHOLE_PAGES` pages).
pub fn left_out(site: &Site, part_of: &HashMap<PageId, usize>) -> usize {
    printable(site).len().saturating_sub(part_of.len())
}

fn parts_of(site: &Site, size: usize, whole: usize) -> Vec<Vec<PageId>> {
    let mut pages = printable(site);
    if pages.len() > whole {
        pages.retain(|&id| is_kit(site, id));
    }
    // Runs of pages under one top-level section (the home page is a run of its own).
    let mut runs: Vec<Vec<PageId>> = Vec::new();
    let mut current_top = None;
    for id in pages {
        let top = site.ancestors(id).get(1).copied().or(Some(id));
        if top != current_top || runs.is_empty() {
            runs.push(Vec::new());
            current_top = top;
        }
        if let Some(run) = runs.last_mut() {
            run.push(id);
        }
    }
    let size = size.max(1);
    let mut parts: Vec<Vec<PageId>> = vec![Vec::new()];
    for run in runs {
        let used = parts.last().map_or(0, Vec::len);
        if used + run.len() > size && run.len() <= size {
            // A section that fits in a part of its own starts one.
            parts.push(Vec::new());
        }
        // Otherwise it goes in here, and one bigger than a part fills this one and goes on.
        for &id in &run {
            if parts.last().is_some_and(|p| p.len() >= size) {
                parts.push(Vec::new());
            }
            if let Some(part) = parts.last_mut() {
                part.push(id);
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Where each page is in the binder: its part, by page.
pub fn part_of(parts: &[Vec<PageId>]) -> HashMap<PageId, usize> {
    parts
        .iter()
        .enumerate()
        .flat_map(|(part, ids)| ids.iter().map(move |&id| (id, part)))
        .collect()
}

/// The address of page `id` in the binder, from the part at `from` (`#p12`, or
/// `binder-3.html#p12` when it is in another part); `None` when it is not in the binder.
pub fn binder_href(
    site: &Site,
    part_of: &HashMap<PageId, usize>,
    from: &str,
    id: PageId,
    anchor: Option<&str>,
) -> Option<String> {
    let part = *part_of.get(&id)?;
    let target = site.paths.binder_part(part);
    let fragment = match anchor {
        Some(anchor) => format!("{}-{anchor}", binder_anchor(id)),
        None => binder_anchor(id),
    };
    if target == from {
        Some(format!("#{fragment}"))
    } else {
        Some(format!("{}#{fragment}", url::relative(from, &target)))
    }
}

/// The binder's anchor for page `id` (its sections' ids start with it too).
pub fn binder_anchor(id: PageId) -> String {
    format!("p{id}")
}

/// Rewrites the links of page `from` for the binder, where every page is a part of one
/// document: links to pages become links within it.
pub struct BinderLinks<'a> {
    pub site: &'a Site,
    pub from: PageId,
    /// The part being written.
    pub part: &'a str,
    pub part_of: &'a HashMap<PageId, usize>,
}

impl LinkRewriter for BinderLinks<'_> {
    fn rewrite(&self, dest: &str) -> Option<String> {
        match self.site.resolve(self.from, dest) {
            Target::Page { id, anchor } => {
                binder_href(self.site, self.part_of, self.part, id, anchor.as_deref()).or_else(
                    || {
                        // Not in the binder (a generated page): link to it where it is.
                        let href = url::relative(self.part, &self.site.pages[id].url);
                        Some(anchor.map_or_else(|| href.clone(), |a| format!("{href}#{a}")))
                    },
                )
            }
            Target::Asset(path) => Some(url::relative(self.part, &path)),
            Target::Repository(url) => Some(url),
            _ => None,
        }
    }

    fn param(&self, name: &str) -> Option<String> {
        self.site.config.param(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader_for_tests::page;

    #[test]
    fn parts_are_bounded_and_end_at_top_level_sections_when_they_can() {
        let mut sources = vec![page("_index.md")];
        for (folder, count) in [("a", 3), ("b", 2), ("c", 7)] {
            sources.push(page(&format!("{folder}/_index.md")));
            for i in 0..count {
                sources.push(page(&format!("{folder}/p{i}.md")));
            }
        }
        let content = crate::content::Content {
            pages: sources.into_iter().map(std::sync::Arc::new).collect(),
            ..Default::default()
        };
        let mut site = Site::layout(
            crate::config::Config::default(),
            content,
            std::path::PathBuf::from("content"),
        );
        site.attach_rendered(vec![std::sync::Arc::default(); site.pages.len()]);
        let parts = parts_of(&site, 5, WHOLE_PAGES);
        let sizes: Vec<usize> = parts.iter().map(Vec::len).collect();
        // home + a (4 pages) = 5; b (3) starts a part; c (8) fills it and goes on.
        assert_eq!(sizes, [5, 5, 5, 1]);
        let all: Vec<PageId> = parts.concat();
        assert_eq!(all.len(), site.pages.len());
        let where_ = part_of(&parts);
        let last = *parts[3].last().unwrap();
        assert_eq!(
            binder_href(&site, &where_, &site.paths.binder_part(0), last, Some("x")).unwrap(),
            format!("binder-4.html#p{last}-x")
        );
        assert_eq!(
            binder_href(&site, &where_, &site.paths.binder_part(3), last, None).unwrap(),
            format!("#p{last}")
        );
        // Past the whole binder's size, only the kit: here the home page, as no page is a
        // playbook, checklist or template.
        assert_eq!(parts_of(&site, 5, 10), [vec![crate::site::HOME]]);
    }
}
