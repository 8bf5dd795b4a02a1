//! The link stage: every link written in every page is resolved against the whole site. A link
//! to a page, anchor or file that does not exist is reported at its line. No I/O.

use std::sync::Arc;

use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, Level, did_you_mean};
use crate::markdown::Rendered;

use super::{PageId, Site, Target};

/// One diagnostic per broken link, at `level` (`build` warns; `check` makes them errors).
pub fn check(site: &Site, level: Level) -> Vec<Diagnostic> {
    check_remembering(site, level, &mut Memo::default())
}

/// Each page's diagnostics from the last check, and what they were checked against: the
/// preview checks again only the pages whose text changed, as long as nothing a link can point
/// at (pages, addresses, headings, files, the config's settings for links) changed.
#[derive(Default)]
pub struct Memo {
    world: u64,
    pages: Vec<Checked>,
}

/// One page's last check: the rendered text and the source it was checked in (kept, so that an
/// equal address means the same page), and what was found.
type Checked = (Arc<Rendered>, Option<Arc<SourcePage>>, Vec<Diagnostic>);

/// `check`, reusing what `memo` holds from the last run where it still holds.
pub fn check_remembering(site: &Site, level: Level, memo: &mut Memo) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let world = world_key(site, level);
    let remembered =
        (memo.world == world && memo.pages.len() == site.pages.len()).then_some(&memo.pages);
    // Pages are checked side by side; their diagnostics keep the pages' order.
    let found: Vec<Vec<Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            if let Some((rendered, source, diagnostics)) = remembered.map(|m| &m[id])
                && Arc::ptr_eq(rendered, &page.rendered)
                && match (source, &page.source) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                }
            {
                return diagnostics.clone();
            }
            // A fallback is a copy of a default-language page, whose links are checked there
            // (its own lead to the same pages in its language, or the same files).
            if page.fallback {
                return Vec::new();
            }
            check_page(site, id, page, level)
        })
        .collect();
    memo.world = world;
    memo.pages = site
        .pages
        .iter()
        .zip(&found)
        .map(|(page, d)| (Arc::clone(&page.rendered), page.source.clone(), d.clone()))
        .collect();
    found.into_iter().flatten().collect()
}

/// A hash of everything a link is resolved against besides the page it is written in: the
/// config's settings for links, every page's place and headings, the content's other files,
/// drafts and unparsed pages.
fn world_key(site: &Site, level: Level) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    matches!(level, Level::Error).hash(&mut hasher);
    // The parts of the config a link is resolved with: a change of the site's description or
    // contacts leaves every link as it was.
    let config = &site.config;
    (
        &config.content_dir,
        &config.generated_prefix,
        config.repo_url.is_some(),
        config.limits.link_warnings_per_page,
        format!("{:?}", config.foreign),
    )
        .hash(&mut hasher);
    for page in &site.pages {
        (&page.rel_path, &page.url, &page.folder, page.is_section).hash(&mut hasher);
        page.source.is_some().hash(&mut hasher);
        page.rendered.anchors.hash(&mut hasher);
    }
    // The sets in any order: their hashes are added up.
    for set in [
        &site.assets,
        &site.static_files,
        &site.drafts,
        &site.unparsed,
    ] {
        let mut sum = 0u64;
        for item in set {
            let mut one = rustc_hash::FxHasher::default();
            item.hash(&mut one);
            sum = sum.wrapping_add(one.finish());
        }
        (set.len(), sum).hash(&mut hasher);
    }
    hasher.finish()
}

fn check_page(site: &Site, id: PageId, page: &super::Page, level: Level) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    {
        let Some(source) = &page.source else {
            return diagnostics;
        };
        // What rendering refused (errors) and what it changed or left out (warnings), at their
        // lines in the file.
        let errors = page.rendered.errors.iter().map(|n| (n, true));
        let notes = page.rendered.notes.iter().map(|n| (n, false));
        for (note, is_error) in errors.chain(notes) {
            let line = source.body_line_offset + note.line;
            let message = note.message.clone();
            let d = if is_error {
                Diagnostic::error(&page.display_path, line, note.column, message)
            } else {
                Diagnostic::warning(&page.display_path, line, note.column, message)
            };
            diagnostics.push(d.with_hint(note.hint).with_code(note.code));
        }
        let limit = site.config.limits.link_warnings_per_page;
        let mut anchor_sets = AnchorSets::default();
        let mut reported = 0;
        let mut unreported = 0;
        for link in &page.rendered.links {
            // Past the limit, broken links are only counted: suggestions cost a look at every
            // page, and thousands of lines help nobody.
            let Some(problem) = problem(site, id, &link.dest, reported < limit, &mut anchor_sets)
            else {
                continue;
            };
            if reported >= limit {
                unreported += 1;
                continue;
            }
            reported += 1;
            let line = if link.in_front_matter {
                link.line
            } else {
                source.body_line_offset + link.line
            };
            let mut d = match level {
                Level::Error => {
                    Diagnostic::error(&page.display_path, line, link.column, problem.message)
                }
                Level::Warning => {
                    Diagnostic::warning(&page.display_path, line, link.column, problem.message)
                }
            }
            .with_code(problem.code);
            if let Some(hint) = problem.hint {
                d = d.with_hint(hint);
            }
            diagnostics.push(d);
        }
        if unreported > 0 {
            let message = format!(
                "{unreported} more broken link{} on this page not shown",
                if unreported == 1 { "" } else { "s" }
            );
            let d = match level {
                Level::Error => Diagnostic::error(&page.display_path, 0, 0, message),
                Level::Warning => Diagnostic::warning(&page.display_path, 0, 0, message),
            };
            diagnostics.push(
                d.with_code("broken-link").with_hint(
                    "fix the ones above first, or raise [limits] link_warnings_per_page",
                ),
            );
        }
    }
    diagnostics
}

struct Problem {
    code: &'static str,
    message: String,
    hint: Option<String>,
}

/// The anchors of the pages one page links into, as sets: ten thousand links into a page of
/// ten thousand headings are then ten thousand lookups, not a hundred million comparisons.
#[derive(Default)]
struct AnchorSets<'a> {
    sets: rustc_hash::FxHashMap<PageId, rustc_hash::FxHashSet<&'a str>>,
}

impl<'a> AnchorSets<'a> {
    fn has(&mut self, site: &'a Site, id: PageId, anchor: &str) -> bool {
        let anchors = &site.pages[id].rendered.anchors;
        if anchors.len() <= 16 {
            return anchors.iter().any(|a| a == anchor);
        }
        self.sets
            .entry(id)
            .or_insert_with(|| anchors.iter().map(String::as_str).collect())
            .contains(anchor)
    }
}

/// What is wrong with the link `dest` on page `from`, if anything; with `hints`, the closest
/// existing page or heading too.
fn problem<'a>(
    site: &'a Site,
    from: PageId,
    dest: &str,
    hints: bool,
    anchor_sets: &mut AnchorSets<'a>,
) -> Option<Problem> {
    match site.resolve(from, dest) {
        Target::External | Target::Asset(_) | Target::Unparsed | Target::Repository(_) => None,
        Target::Page { anchor: None, .. } => None,
        Target::Page {
            id,
            anchor: Some(anchor),
        } => {
            if anchor_sets.has(site, id, &anchor) {
                return None;
            }
            let anchors = &site.pages[id].rendered.anchors;
            let target = if id == from {
                "this page".to_string()
            } else {
                format!("'{}'", site.pages[id].rel_path)
            };
            let hint = hints
                .then(|| did_you_mean(&anchor, anchors.iter().map(String::as_str)))
                .flatten()
                .map(|a| format!("did you mean '#{a}'?"))
                .or_else(|| {
                    (hints && !anchors.is_empty()).then(|| {
                        format!(
                            "headings there: {}",
                            list(anchors.iter().map(|a| format!("#{a}")))
                        )
                    })
                });
            Some(Problem {
                code: "broken-anchor",
                message: format!("link to '{dest}': {target} has no heading '#{anchor}'"),
                hint,
            })
        }
        Target::Draft(path) => Some(Problem {
            code: "draft-link",
            message: format!("link to '{dest}': '{path}' is a draft and is left out of this build"),
            hint: Some("publish the page (draft = false) or build with --drafts".into()),
        }),
        Target::Missing(None) => Some(Problem {
            code: "broken-link",
            message: format!("link to '{dest}' leads outside the content folder"),
            hint: Some(
                "set repo_url in dontpanic.toml to link to the file in the hosted repository"
                    .into(),
            ),
        }),
        Target::Missing(Some(path)) => {
            let what = if path.ends_with(".md") {
                "page"
            } else {
                "file"
            };
            Some(Problem {
                code: "broken-link",
                message: format!("link to '{dest}': no {what} at '{path}'"),
                hint: hints
                    .then(|| did_you_mean(&path, site.source_paths()))
                    .flatten()
                    .map(|p| format!("did you mean '{p}'?")),
            })
        }
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.len() > 6 {
        format!("{}, ...", items[..6].join(", "))
    } else {
        items.join(", ")
    }
}
