//! The context of one part of the binder: every page of the part rendered for paper, the list
//! of parts, and the operations directory with links into the binder.

use serde::Serialize;

use super::context::{BuildInfo, PageContext, generated_context};
use crate::site::{PageId, Site, url};

/// One part of the binder, as the parts list shows it.
#[derive(Serialize, Clone)]
pub struct BinderPart {
    pub number: usize,
    /// Its output path; in the context, its address from the part being written.
    pub path: String,
    pub first: String,
    pub last: String,
    pub pages: usize,
    /// The part being written (set in the context).
    pub current: bool,
}

/// One page's content rendered for the binder.
pub struct BinderEntry {
    pub id: PageId,
    pub html: String,
}

#[derive(Serialize)]
pub struct BinderPage<'a> {
    /// The id of the page's part of the binder (`p12`).
    pub anchor: String,
    pub title: &'a str,
    /// The sections above it: `Scenario playbooks › Account lockout`.
    pub path: String,
    pub kind: &'static str,
    pub severity: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub last_reviewed: Option<String>,
    pub content: &'a str,
    pub is_section: bool,
}

/// The context of part `index` of the binder (of `parts`), holding `entries`; `part_of` says
/// in which part each page is, for the alert index's links.
pub fn binder_context<'a>(
    site: &'a Site,
    entries: &'a [BinderEntry],
    parts: &[BinderPart],
    index: usize,
    part_of: &std::collections::HashMap<PageId, usize>,
    build: &'a BuildInfo,
) -> PageContext<'a> {
    let here = site.paths.binder_part(index);
    let mut ctx = generated_context(site, &here, "Binder", build);
    let in_binder = |id: PageId| crate::site::binder::binder_href(site, part_of, &here, id, None);
    ctx.operations = Some(super::operations::directory(site, build, &in_binder));
    ctx.binder_left_out = crate::site::binder::left_out(site, part_of);
    if parts.len() > 1 {
        ctx.binder_parts = parts
            .iter()
            .map(|part| BinderPart {
                path: url::relative(&here, &part.path),
                current: part.number == index + 1,
                ..part.clone()
            })
            .collect();
    }
    ctx.binder = entries
        .iter()
        .map(|entry| {
            let page = &site.pages[entry.id];
            let front = page.front();
            BinderPage {
                anchor: crate::site::binder_anchor(entry.id),
                title: &page.title,
                path: site
                    .ancestors(entry.id)
                    .iter()
                    .skip(1)
                    .map(|&a| site.pages[a].title.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
                kind: page.kind.as_str(),
                severity: front.severity.as_deref(),
                owner: front.owner.as_deref(),
                last_reviewed: front.last_reviewed.map(|d| d.to_string()),
                content: &entry.html,
                is_section: page.is_section,
            }
        })
        .collect();
    ctx
}
