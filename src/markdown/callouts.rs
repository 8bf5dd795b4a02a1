//! GitHub alerts (`> [!WARNING]`) drawn as callouts: a titled `<div>`, or a `<details>` that
//! folds when the alert was written as a folding admonition (`??? note`), with the title the
//! admonition gave.

use std::collections::HashMap;

use pulldown_cmark::BlockQuoteKind;

use super::admonitions::Admonition;
use crate::html::escape;

/// The callouts of one page as they open and close.
pub struct Callouts<'a> {
    /// The admonitions the pre-pass rewrote as alerts, by the line of the alert.
    admonitions: Option<&'a HashMap<usize, Admonition>>,
    /// How each open callout ends: `</div>`, or `</details>` for a folding admonition.
    ends: Vec<&'static str>,
}

impl<'a> Callouts<'a> {
    pub fn new(admonitions: Option<&'a HashMap<usize, Admonition>>) -> Self {
        Callouts {
            admonitions,
            ends: Vec::new(),
        }
    }

    /// The opening HTML of the alert of `kind` on `line`.
    pub fn open(&mut self, kind: BlockQuoteKind, line: usize) -> String {
        let (class, label) = callout(kind);
        let written = self.admonitions.and_then(|found| found.get(&line));
        let title = written
            .and_then(|a| a.title.clone())
            .unwrap_or_else(|| label.to_string());
        let title_html = escape(&title);
        match written.and_then(|a| a.folds) {
            Some(open) => {
                self.ends.push("</details>\n");
                format!(
                    "<details class=\"callout callout-{class}\"{}><summary class=\"callout-title\">{}</summary>\n",
                    if open { " open" } else { "" },
                    if title.is_empty() {
                        label.to_string()
                    } else {
                        title_html
                    },
                )
            }
            None => {
                self.ends.push("</div>\n");
                let heading = if title.is_empty() {
                    String::new()
                } else {
                    format!("<p class=\"callout-title\">{title_html}</p>")
                };
                format!("<div class=\"callout callout-{class}\" role=\"note\">{heading}\n")
            }
        }
    }

    /// The closing HTML of the innermost open callout.
    pub fn close(&mut self) -> &'static str {
        self.ends.pop().unwrap_or("</div>\n")
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, render};

    fn html(md: &str) -> String {
        render(md, &KeepLinks).html
    }

    #[test]
    fn github_alerts_become_callouts() {
        let out = html("> [!WARNING]\n> Do not delete the bucket.\n");
        assert!(out.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{out}");
        assert!(out.contains("Do not delete the bucket."));
        assert!(!out.contains("[!WARNING]"));
    }
}
