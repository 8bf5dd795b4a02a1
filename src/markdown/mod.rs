//! Markdown to HTML: heading ids and anchors, table of contents, GitHub alerts as callouts,
//! highlighted code with a copy button, and every link captured with its position. Knows no
//! templates and no files: link rewriting is passed in, and so is the memo of highlighted code.
//!
//! This file is the entry points and the order of the steps; each step is its own module:
//! `prepass` rewrites other tools' syntax line for line, `render` runs the parser's events
//! through `headings`, `code`, `callouts`, `links` and `raw_pieces` (which hands raw HTML to
//! `raw_html` to be cleaned), and `bounds` refuses a page too deep or too large.

mod admonitions;
mod bounds;
mod callouts;
mod code;
mod first_step;
mod headings;
mod highlight;
mod inline;
mod lines;
mod links;
mod mkdocs_syntax;
mod prepass;
mod raw_html;
mod raw_pieces;
mod render;
mod rendered;
mod shortcodes;
pub mod slug;
mod tasks;
mod toc_markers;
mod variables;

use pulldown_cmark::Options;

pub use highlight::{HighlightMemo, highlight};
pub use inline::render_inline;
pub use links::is_script_url;
pub use rendered::{FORM_MARKER, Heading, InlineText, LinkRef, RenderNote, Rendered, TextSection};

/// Turns a link destination written in Markdown into the `href` of the built page.
pub trait LinkRewriter {
    /// `None` leaves the destination as written.
    fn rewrite(&self, dest: &str) -> Option<String>;

    /// The site's value named `name`, for Hugo's `{{< param >}}` (none by default).
    fn param(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Leaves every link as written (for text outside the site's pages).
pub struct KeepLinks;

impl LinkRewriter for KeepLinks {
    fn rewrite(&self, _: &str) -> Option<String> {
        None
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// How a site wants its pages rendered (from its config's `[markdown]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Settings {
    /// Keep raw HTML as written, script included, instead of sanitising it: for a site whose
    /// every author is trusted.
    pub trust_raw_html: bool,
    /// The most HTML one page may render to, in bytes.
    pub max_html: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trust_raw_html: false,
            max_html: 50 * 1024 * 1024,
        }
    }
}

/// Blockquotes and list items one line may open: a real page nests a few, and each `>` renders
/// as 26 bytes, so ten megabytes of them would be a page of 270 MB.
pub const MAX_NESTING: usize = 64;

/// Markdown elements (text runs, tags, cells) a page may render to: they are held until the
/// page is written, some 80 bytes each, and a table of a million rows is not a page a reader
/// can use. The densest real pages have a few tens of thousands.
pub const MAX_ELEMENTS: usize = 2_000_000;

/// Renders `body` with the default settings (raw HTML sanitised) and a memo of its own.
pub fn render(body: &str, links: &dyn LinkRewriter) -> Rendered {
    render_with(body, links, Settings::default(), &HighlightMemo::default())
}

/// Renders `body`. The first `# Heading` (when no other heading comes before it) is the page's
/// title: it is not printed, since the page shows one title (the front matter's, or this one),
/// and its id stays as an anchor at the top. Code already in `memo` is not highlighted again.
pub fn render_with(
    body: &str,
    links: &dyn LinkRewriter,
    settings: Settings,
    memo: &HighlightMemo,
) -> Rendered {
    render_as(body, links, Purpose::Page, settings, memo)
}

/// `render` for the binder, which puts pages together in one document to print: every heading
/// id is prefixed by `id_prefix` so that ids stay distinct, and what paper cannot use is left
/// out. Code is not highlighted: colour is often lost in print, and highlighting is most of
/// the time a large binder takes (at 100,000 pages, a third of the build). Headings have no
/// "#" link and code blocks no copy button, which print hides anyway.
pub fn render_for_binder(
    body: &str,
    links: &dyn LinkRewriter,
    id_prefix: &str,
    settings: Settings,
) -> Rendered {
    // Nothing is highlighted for print, so nothing would be remembered.
    let memo = HighlightMemo::default();
    render_as(body, links, Purpose::Binder { id_prefix }, settings, &memo)
}

/// What a page is rendered for.
#[derive(Clone, Copy)]
enum Purpose<'a> {
    /// Its own page.
    Page,
    /// The binder, with its heading ids prefixed.
    Binder { id_prefix: &'a str },
}

/// The steps, in order: refuse a page nested too deep, run the pre-passes, render the events,
/// refuse a page grown too large.
fn render_as(
    body: &str,
    links: &dyn LinkRewriter,
    purpose: Purpose,
    settings: Settings,
    memo: &HighlightMemo,
) -> Rendered {
    if let Some((line, depth)) = bounds::too_deep(body) {
        return bounds::refused(bounds::too_deep_error(line, depth));
    }
    let (id_prefix, for_print) = match purpose {
        Purpose::Page => ("", false),
        Purpose::Binder { id_prefix } => (id_prefix, true),
    };
    let prepassed = prepass::run(body, links);
    let setup = render::Setup {
        links,
        id_prefix,
        for_print,
        settings,
        memo,
    };
    let rendered = render::Renderer::new(
        &prepassed.text,
        prepassed.admonitions.as_ref(),
        prepassed.notes,
        setup,
    )
    .run();
    if rendered.too_large || rendered.html.len() > settings.max_html {
        return bounds::refused(bounds::too_large_error(settings.max_html));
    }
    rendered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binder_gets_plain_code_and_prefixed_ids_without_what_print_hides() {
        let body = "## First steps\n\n```bash\necho {{region}} | grep x\n```\n";
        let page = render(body, &KeepLinks).html;
        assert!(
            page.contains("hl-") && page.contains("class=\"copy-code\""),
            "{page}"
        );
        assert!(
            page.contains("<a class=\"anchor\" href=\"#first-steps\""),
            "{page}"
        );
        let binder = render_for_binder(body, &KeepLinks, "p7-", Settings::default()).html;
        assert!(
            binder.contains("<h2 id=\"p7-first-steps\">First steps</h2>"),
            "{binder}"
        );
        assert!(!binder.contains("hl-"), "{binder}");
        assert!(!binder.contains("copy-code") && !binder.contains("class=\"anchor\""));
        assert!(
            binder.contains("<code class=\"language-bash\">echo <span class=\"var\" data-var=\"region\">{{region}}</span> | grep x\n</code>"),
            "{binder}"
        );
    }

    #[test]
    fn a_memo_kept_between_renders_gives_the_same_page() {
        let body = "## Restart

```bash
systemctl restart nginx
```
";
        let alone = render(body, &KeepLinks).html;
        let memo = HighlightMemo::default();
        let first = render_with(body, &KeepLinks, Settings::default(), &memo).html;
        let again = render_with(body, &KeepLinks, Settings::default(), &memo).html;
        assert!(alone.contains("hl-"), "{alone}");
        assert_eq!(first, alone);
        assert_eq!(again, alone);
    }
}
