//! The line-for-line pre-passes over a page's text before it is parsed (TOC markers, Hugo
//! shortcodes, mdBook admonish blocks, MkDocs syntax, admonitions), run in order, and what they
//! share: they leave fenced code alone, and keep each line's ending so that line numbers in
//! messages stay right.

use std::borrow::Cow;
use std::collections::HashMap;

use super::admonitions::{self, Admonition};
use super::{LinkRewriter, RenderNote, mkdocs_syntax, shortcodes, toc_markers};

/// A page's text once the pre-passes ran over it (borrowed when none changed it).
pub struct Prepassed<'a> {
    pub text: Cow<'a, str>,
    /// The admonitions drawn as callouts, by the line of their alert.
    pub admonitions: Option<HashMap<usize, Admonition>>,
    /// What the shortcodes pass could not do, for the author.
    pub notes: Vec<RenderNote>,
}

/// Runs every pre-pass over `body`, each on what the one before it left. Hugo's `param`
/// shortcode asks `links` for the site's values.
pub fn run<'a>(body: &'a str, links: &dyn LinkRewriter) -> Prepassed<'a> {
    let mut text = Cow::Borrowed(body);
    if let Some(changed) = toc_markers::remove(&text) {
        text = Cow::Owned(changed);
    }
    let mut notes = Vec::new();
    if let Some((changed, found)) = shortcodes::rewrite(&text, &|name| links.param(name)) {
        notes = found.into_iter().map(shortcode_note).collect();
        text = Cow::Owned(changed);
    }
    if let Some(changed) = admonitions::from_admonish_fences(&text) {
        text = Cow::Owned(changed);
    }
    if let Some(changed) = mkdocs_syntax::rewrite(&text) {
        text = Cow::Owned(changed);
    }
    let mut found_admonitions = None;
    if let Some((changed, found)) = admonitions::rewrite(&text) {
        text = Cow::Owned(changed);
        found_admonitions = Some(found);
    }
    Prepassed {
        text,
        admonitions: found_admonitions,
        notes,
    }
}

fn shortcode_note((line, message): shortcodes::Note) -> RenderNote {
    let hint = if message.contains("has no value") {
        "Hugo kept it under params in its config; dontpanic reads [extra]"
    } else {
        "write it as Markdown, or as a GitHub alert (> [!NOTE]) for a callout"
    };
    RenderNote {
        line,
        column: 1,
        code: "hugo-shortcode",
        message,
        hint,
    }
}

/// Follows fenced code blocks line by line.
#[derive(Debug, Default)]
pub struct Fences {
    open: Option<&'static str>,
}

impl Fences {
    /// Whether the lines read so far left a fenced code block open.
    pub fn is_inside(&self) -> bool {
        self.open.is_some()
    }

    /// Whether `line` belongs to a fenced code block (its fences included); reading the lines
    /// in order keeps track of where blocks open and close.
    pub fn is_code(&mut self, line: &str) -> bool {
        let bare = line.trim();
        if let Some(open) = self.open {
            if bare.starts_with(open) {
                self.open = None;
            }
            return true;
        }
        for fence in ["```", "~~~"] {
            if bare.starts_with(fence) {
                self.open = Some(fence);
                return true;
            }
        }
        false
    }
}

/// The line's ending, to keep when a line is replaced.
pub fn ending(line: &str) -> &'static str {
    if line.ends_with('\n') { "\n" } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::KeepLinks;

    #[test]
    fn the_passes_run_in_turn_and_an_unknown_shortcode_is_noted_at_its_line() {
        let body = "[[_TOC_]]\n\n!!! warning \"Careful\"\n    Drain first.\n\n{{< unknown >}}\n";
        let done = run(body, &KeepLinks);
        assert!(!done.text.contains("_TOC_"), "{}", done.text);
        assert!(done.text.contains("> [!WARNING]"), "{}", done.text);
        assert_eq!(done.text.lines().count(), body.lines().count());
        let admonitions = done.admonitions.expect("the admonition is found");
        assert_eq!(admonitions.len(), 1);
        assert_eq!(done.notes.len(), 1, "{:?}", done.notes);
        assert_eq!(
            (done.notes[0].code, done.notes[0].line),
            ("hugo-shortcode", 6)
        );
    }

    #[test]
    fn a_page_without_other_tools_syntax_is_borrowed_as_it_is() {
        let body = "# Title\n\nText.\n";
        let done = run(body, &KeepLinks);
        assert!(matches!(done.text, Cow::Borrowed(_)));
        assert!(done.admonitions.is_none() && done.notes.is_empty());
    }
}
