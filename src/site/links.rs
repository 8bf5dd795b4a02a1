//! The link stage: every link written in every page is resolved against the whole site. A link
//! to a page, anchor or file that does not exist is reported at its line. No I/O.

use crate::diagnostic::{Diagnostic, Level, did_you_mean};

use super::{PageId, Site, Target};

/// One diagnostic per broken link, at `level` (`build` warns; `check` makes them errors).
pub fn check(site: &Site, level: Level) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (id, page) in site.pages.iter().enumerate() {
        let Some(source) = &page.source else { continue };
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
        for link in &page.rendered.links {
            let Some(problem) = problem(site, id, &link.dest) else {
                continue;
            };
            let line = source.body_line_offset + link.line;
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
    }
    diagnostics
}

struct Problem {
    code: &'static str,
    message: String,
    hint: Option<String>,
}

fn problem(site: &Site, from: PageId, dest: &str) -> Option<Problem> {
    match site.resolve(from, dest) {
        Target::External | Target::Asset(_) => None,
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
            let hint = did_you_mean(&anchor, anchors.iter().map(String::as_str))
                .map(|a| format!("did you mean '#{a}'?"))
                .or_else(|| {
                    (!anchors.is_empty()).then(|| {
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
            hint: None,
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
                hint: did_you_mean(&path, site.source_paths())
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
