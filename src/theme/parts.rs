//! How the single-file copy themes a site: each page as its parts (title, body attributes and
//! main content) instead of a whole document, and one frame that shows them. Both come from the
//! theme's own templates, through templates added here that extend them: a page's template
//! with its three blocks fenced by a mark, the home page with its stylesheet and script tags
//! left to the copy. So the copy never reads finished HTML back, and a theme's override of any
//! page template is honoured.

use serde::Serialize;

/// Fences each block in a page rendered for the copy. Content cannot hold it: Markdown text
/// with this control character is not a runbook, and the count of fences is checked.
const FENCE: &str = "\u{1}dontpanic-part\u{1}";

/// Where the frame's stylesheet and script tags were: the copy puts the theme's files there.
pub const ASSETS_MARK: &str = "\u{1}dontpanic-assets\u{1}";

/// The template that makes the frame.
pub const FRAME: &str = "single-file/frame";

/// The blocks of base.html that the copy needs, in the order they appear in a page.
pub const BLOCKS: [&str; 3] = ["title", "body_attributes", "main"];

/// One page of the copy, as its script puts it into the frame.
#[derive(Debug, Serialize)]
pub struct PageParts<'a> {
    /// The document title, as HTML text (entities as the template wrote them).
    pub title: &'a str,
    /// The attributes of `<body>`, as written in HTML (` data-page="…" class="…"`).
    pub body: &'a str,
    /// What goes inside `<main>`.
    pub main: &'a str,
}

/// The name of the template that renders `template`'s parts.
pub fn parts_template(template: &str) -> String {
    format!("single-file/{template}")
}

/// The templates to add for the copy: one per page template, and the frame.
pub fn templates(page_templates: &[&str]) -> Vec<(String, String)> {
    let fenced: String = BLOCKS
        .iter()
        .map(|b| format!("{{% block {b} %}}{FENCE}{{{{ super() }}}}{FENCE}{{% endblock {b} %}}"))
        .collect();
    let mut templates: Vec<(String, String)> = page_templates
        .iter()
        .map(|t| {
            (
                parts_template(t),
                format!("{{% extends \"{t}\" %}}{fenced}"),
            )
        })
        .collect();
    templates.push((
        FRAME.to_string(),
        format!(
            "{{% extends \"home.html\" %}}{{% block assets %}}{ASSETS_MARK}{{% endblock assets %}}\
             {{% block main %}}\n<noscript><p>This offline copy needs JavaScript to show its pages. \
             Open it in a browser with JavaScript on.</p></noscript>\n{{% endblock main %}}"
        ),
    ));
    templates
}

/// The parts of a page rendered through its parts template; `None` when the theme's base
/// template lacks one of `BLOCKS` (the fences are not all there).
pub fn split(rendered: &str) -> Option<PageParts<'_>> {
    let pieces: Vec<&str> = rendered.split(FENCE).collect();
    // Before, title, between, body attributes, between, main, after.
    if pieces.len() != 2 * BLOCKS.len() + 1 {
        return None;
    }
    Some(PageParts {
        title: pieces[1],
        body: pieces[3],
        main: pieces[5],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fenced_page_splits_into_its_three_parts() {
        let page = format!(
            "<html><title>{FENCE}T{FENCE}</title><body{FENCE} class=\"x\"{FENCE}><main>{FENCE}<p>M</p>{FENCE}</main>"
        );
        let parts = split(&page).unwrap();
        assert_eq!(
            (parts.title, parts.body, parts.main),
            ("T", " class=\"x\"", "<p>M</p>")
        );
        assert!(split("<html><title>T</title>").is_none());
    }
}
