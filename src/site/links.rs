//! The link stage: every link written in every page is resolved against the whole site. A link
//! to a page, anchor or file that does not exist is reported at its line. No I/O.

use crate::diagnostic::{Diagnostic, Level, did_you_mean};

use super::{PageId, Site, Target};

/// One diagnostic per broken link, at `level` (`build` warns; `check` makes them errors).
pub fn check(site: &Site, level: Level) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // Pages are checked side by side; their diagnostics keep the pages' order.
    site.pages
        .par_iter()
        .enumerate()
        .flat_map_iter(|(id, page)| check_page(site, id, page, level))
        .collect()
}

fn check_page(site: &Site, id: PageId, page: &super::Page, level: Level) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    {
        let Some(source) = &page.source else {
            return diagnostics;
        };
        for note in &page.rendered.notes {
            diagnostics.push(
                Diagnostic::warning(
                    &page.display_path,
                    source.body_line_offset + note.line,
                    note.column,
                    note.message.clone(),
                )
                .with_hint(note.hint)
                .with_code(note.code),
            );
        }
        let limit = site.config.limits.link_warnings_per_page;
        let mut reported = 0;
        let mut unreported = 0;
        for link in &page.rendered.links {
            // Past the limit, broken links are only counted: suggestions cost a look at every
            // page, and thousands of lines help nobody.
            let Some(problem) = problem(site, id, &link.dest, reported < limit) else {
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

/// What is wrong with the link `dest` on page `from`, if anything; with `hints`, the closest
/// existing page or heading too.
fn problem(site: &Site, from: PageId, dest: &str, hints: bool) -> Option<Problem> {
    match site.resolve(from, dest) {
        Target::External | Target::Asset(_) | Target::Unparsed | Target::Repository(_) => None,
        Target::Page { anchor: None, .. } => None,
        Target::Page {
            id,
            anchor: Some(anchor),
        } => {
            let anchors = &site.pages[id].rendered.anchors;
            if anchors.contains(&anchor) {
                return None;
            }
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
