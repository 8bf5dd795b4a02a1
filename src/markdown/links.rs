//! Links and images: each destination captured with its line and column and rewritten by the
//! site's `LinkRewriter`, in Markdown and in raw HTML (`href=`, `src=`) alike; addresses that
//! would run script refused; `id="..."` in raw HTML kept as anchors.

use pulldown_cmark::CowStr;

use super::lines::LineIndex;
use super::{LinkRef, LinkRewriter, RenderNote, Rendered, raw_html};
use crate::html::escape;

/// Records `dest` as a link of the page (an image with `is_image`) written at byte `offset`,
/// and returns the address to write instead.
pub fn capture_link<'a>(
    out: &mut Rendered,
    lines: &LineIndex,
    links: &dyn LinkRewriter,
    dest: CowStr<'a>,
    offset: usize,
    is_image: bool,
) -> CowStr<'a> {
    let (line, column) = lines.locate(offset);
    out.links.push(LinkRef {
        dest: dest.to_string(),
        line,
        column,
        is_image,
        in_front_matter: false,
    });
    match links.rewrite(&dest) {
        Some(href) => href.into(),
        None => dest,
    }
}

/// The note for a Markdown link or image to `dest`, a script address, shown as its text.
pub fn script_link_note(dest: &str, (line, column): (usize, usize)) -> RenderNote {
    let scheme: String = dest
        .trim_start()
        .split(':')
        .next()
        .unwrap_or("")
        .chars()
        .take(20)
        .collect();
    RenderNote {
        line,
        column,
        code: "unsafe-link",
        message: format!(
            "a link to a '{scheme}:' address could run code in the reader's browser; it is shown as plain text"
        ),
        hint: "link to a page, a file of the site or an http(s) address",
    }
}

/// Links in raw HTML (`<a href="x.md">`, `<img src="y.png">`) are captured and rewritten like
/// Markdown's, since pages moved from GitHub or MkDocs use them for images with a size, or
/// links that open elsewhere. `None` when nothing changed.
pub fn html_links(
    html: &str,
    offset: usize,
    out: &mut Rendered,
    lines: &LineIndex,
    links: &dyn LinkRewriter,
    comment_open: &mut bool,
) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut result = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = lower[at..].find(['h', 's']).map(|i| at + i) {
        at = found + 1;
        let name = if lower[found..].starts_with("href=") {
            "href="
        } else if lower[found..].starts_with("src=") {
            "src="
        } else {
            continue;
        };
        // Not in a comment (one may run over several lines, each its own event).
        if in_comment(&lower[..found], *comment_open) {
            continue;
        }
        // An attribute: after whitespace, inside a tag.
        let before = lower[..found].chars().next_back();
        if !before.is_some_and(char::is_whitespace)
            || lower[..found]
                .rfind('<')
                .is_none_or(|lt| lower[lt..found].contains('>'))
        {
            continue;
        }
        let Some((start, end)) = attribute_value(html, found + name.len()) else {
            continue;
        };
        let dest = &html[start..end];
        let is_image = name == "src=";
        at = end;
        if dest.is_empty() || is_script_url(&raw_html::decode_entities(dest), is_image) {
            continue;
        }
        let href = capture_link(
            out,
            lines,
            links,
            CowStr::from(dest.to_string()),
            offset + start,
            is_image,
        );
        if href.as_ref() != dest {
            result.push_str(&html[copied..start]);
            result.push_str(&escape(&href));
            copied = end;
        }
    }
    *comment_open = in_comment(&lower, *comment_open);
    if copied == 0 {
        return None;
    }
    result.push_str(&html[copied..]);
    Some(result)
}

/// The byte range of the attribute value starting at `value_at` (quoted or not), if any.
fn attribute_value(html: &str, value_at: usize) -> Option<(usize, usize)> {
    match html[value_at..].chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let len = html[value_at + 1..].find(quote)?;
            Some((value_at + 1, value_at + 1 + len))
        }
        Some(_) => {
            let len = html[value_at..]
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(html.len() - value_at);
            Some((value_at, value_at + len))
        }
        None => None,
    }
}

/// Whether the end of `text` is inside an HTML comment, given whether its start was.
fn in_comment(text: &str, open_at_start: bool) -> bool {
    let last_open = text.rfind("<!--");
    let last_close = text.rfind("-->");
    match (last_open, last_close) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => open_at_start,
    }
}

/// Whether a link (or, with `is_image`, an image) address would run code when followed:
/// `javascript:`, `vbscript:`, and `data:` other than a raster image. Browsers ignore tabs,
/// newlines and leading controls in a scheme, so those are ignored here too.
pub fn is_script_url(dest: &str, is_image: bool) -> bool {
    let scheme: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take_while(|&c| c != ':' && c != '/' && c != '?' && c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .nth(scheme.chars().count())
        == Some(':');
    if !has_colon {
        return false;
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let rest = dest
                .trim_start()
                .get(5..)
                .unwrap_or("")
                .to_ascii_lowercase();
            let raster = [
                "image/png",
                "image/jpeg",
                "image/gif",
                "image/webp",
                "image/avif",
            ]
            .iter()
            .any(|kind| rest.starts_with(kind));
            !(is_image && raster)
        }
        _ => false,
    }
}

/// `id="..."` and `id='...'` values in raw HTML, so links to hand-made anchors check out.
pub fn collect_html_ids(html: &str, anchors: &mut Vec<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let preceded_ok = i == 0 || rest[..i].ends_with(|c: char| c.is_whitespace());
        rest = &rest[i + 3..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            break;
        };
        if preceded_ok {
            anchors.push(rest[1..1 + end].to_string());
        }
        rest = &rest[1 + end..];
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, LinkRewriter, render};

    fn html(md: &str) -> String {
        render(md, &KeepLinks).html
    }

    struct Upper;
    impl LinkRewriter for Upper {
        fn rewrite(&self, dest: &str) -> Option<String> {
            dest.contains(".md").then(|| dest.replace(".md", ".html"))
        }
    }

    #[test]
    fn links_are_rewritten_and_located() {
        let out = render(
            "Intro\n\nSee [lockout](../playbooks/lockout.md#first) and ![d](img/d.png).\n",
            &Upper,
        );
        assert!(
            out.html
                .contains("href=\"../playbooks/lockout.html#first\""),
            "{}",
            out.html
        );
        assert_eq!(out.links.len(), 2);
        assert_eq!((out.links[0].line, out.links[0].column), (3, 5));
        assert!(out.links[1].is_image);
    }

    #[test]
    fn raw_html_ids_are_anchors() {
        let out = html("<a id=\"manual\"></a>\n\nText <span id='inline'>x</span>\n");
        let out_anchors = render(
            "<a id=\"manual\"></a>\n\nText <span id='inline'>x</span>\n",
            &KeepLinks,
        )
        .anchors;
        assert!(out.contains("id=\"manual\""));
        assert_eq!(out_anchors, ["manual", "inline"]);
    }

    struct ToHtml;
    impl LinkRewriter for ToHtml {
        fn rewrite(&self, dest: &str) -> Option<String> {
            dest.strip_suffix(".md").map(|d| format!("{d}.html"))
        }
    }

    #[test]
    fn links_in_raw_html_are_captured_and_rewritten() {
        let md = "Intro <a href=\"guide.md\" target=\"_blank\">guide</a>.\n\n<p align=\"center\">\n  <img src='img/logo.png' width=100>\n  <a href=other.md>other</a>\n</p>\n\n<!-- <a href=\"hidden.md\"> -->\n\n<!--\n<a href=\"hidden.md\">\n-->\n<a href=\"last.md\">x</a>\n";
        let r = render(md, &ToHtml);
        assert!(
            r.html.contains("<a href=\"guide.html\" target=\"_blank\">"),
            "{}",
            r.html
        );
        // Cleaned raw HTML comes out with its attributes quoted.
        assert!(r.html.contains("<a href=\"other.html\">"), "{}", r.html);
        let found: Vec<(&str, usize, usize, bool)> = r
            .links
            .iter()
            .map(|l| (l.dest.as_str(), l.line, l.column, l.is_image))
            .collect();
        assert_eq!(
            found,
            [
                ("guide.md", 1, 16, false),
                ("img/logo.png", 4, 13, true),
                ("other.md", 5, 11, false),
                ("last.md", 13, 10, false)
            ]
        );
    }
}
