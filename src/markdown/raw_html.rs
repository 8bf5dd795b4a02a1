//! Raw HTML written in a page, made unable to run script: GFM's disallowed tags (`script`,
//! `style`, `iframe`, `textarea`...) are escaped so they show as text, then ammonia (an
//! html5ever sanitiser) keeps only the elements and attributes runbooks use. What was taken out
//! is reported at its line. A site whose authors are all trusted can keep raw HTML as written
//! (`[markdown] trust_raw_html`); the renderer then never calls this module.
//!
//! A page's raw HTML comes in pieces between Markdown (`<details>`, text, `</details>`), and a
//! piece alone is not a document: `<span class="x">` cleaned by itself would be closed at once.
//! So all of a page's pieces are cleaned together, in order, joined by a mark that the
//! sanitiser keeps as text, and split again at the marks.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Elements kept, beyond ammonia's own list of safe ones (which has `details`, `summary`,
/// `kbd`, `img`, `table`, `sup`, `br`, `div`, `span`...).
const EXTRA_TAGS: [&str; 3] = ["tfoot", "section", "picture"];

/// Attributes kept on any element.
const GENERIC_ATTRIBUTES: [&str; 7] = ["class", "id", "title", "lang", "dir", "role", "align"];

/// Attributes kept on one element, beyond ammonia's own (`href` on `a`, `src` and size on
/// `img`, spans on table cells...).
const TAG_ATTRIBUTES: [(&str, &[&str]); 7] = [
    ("a", &["name", "target", "rel"]),
    ("img", &["loading", "title"]),
    ("details", &["open"]),
    ("ol", &["type", "reversed"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("abbr", &["title"]),
];

/// GFM's disallowed raw HTML: escaped, so it is shown as text rather than interpreted
/// (an unclosed `<style>` or `<textarea>` would otherwise swallow the rest of the page).
const ESCAPED_TAGS: [&str; 9] = [
    "title",
    "textarea",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "script",
    "plaintext",
];

/// Between pieces: a private-use character and a number, which html5ever keeps as text.
const MARK: char = '\u{E000}';

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(EXTRA_TAGS)
        .add_generic_attributes(GENERIC_ATTRIBUTES)
        .add_generic_attribute_prefixes(["aria-"])
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel", "data"]))
        // Links are the site's own or the team's: no rel is forced on them.
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            let data = value.trim_start().get(..5).map(str::to_ascii_lowercase);
            if data.as_deref() == Some("data:")
                && !(element == "img" && attribute == "src" && is_raster_data(value))
            {
                return None;
            }
            Some(Cow::Borrowed(value))
        });
    let mut per_tag: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
    for (tag, attributes) in TAG_ATTRIBUTES {
        per_tag.entry(tag).or_default().extend(attributes.iter());
    }
    for (tag, attributes) in per_tag {
        builder.add_tag_attributes(tag, attributes);
    }
    builder
});

/// The elements the sanitiser keeps, to name the ones it takes out.
static KEPT_TAGS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| CLEANER.clone_tags());

fn is_raster_data(value: &str) -> bool {
    let lower = value.trim_start().to_ascii_lowercase();
    ["png", "jpeg", "gif", "webp", "avif"]
        .iter()
        .any(|kind| lower.starts_with(&format!("data:image/{kind}")))
}

/// A page's raw HTML pieces, cleaned: `pieces[i]` replaces the i-th piece as written, and
/// `closing` closes what the page's HTML left open, after the page's last element.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub pieces: Vec<String>,
    pub closing: String,
}

/// How deep raw HTML elements may nest. The HTML parser looks through every open element for
/// each new one, so its work grows with the square of the depth (100,000 nested `<div>`s took
/// minutes); real pages nest a few dozen at most.
pub const MAX_ELEMENT_DEPTH: usize = 512;

/// Elements that close themselves, or that the next of their kind closes (`<li>`, `<td>`,
/// `<p>`), so they never pile up however many are written.
const SELF_CLOSING: [&str; 25] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
];

/// The piece (index) and byte in it where the pieces, read in order, first open more than
/// [`MAX_ELEMENT_DEPTH`] elements inside each other.
pub fn too_deep(pieces: &[&str]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (index, piece) in pieces.iter().enumerate() {
        let bytes = piece.as_bytes();
        let mut at = 0;
        while let Some(found) = piece[at..].find('<') {
            let start = at + found;
            at = start + 1;
            let closing = bytes.get(at) == Some(&b'/');
            let name_at = if closing { at + 1 } else { at };
            let name_len = bytes[name_at..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !bytes[name_at].is_ascii_alphabetic() {
                continue;
            }
            let name = piece[name_at..name_at + name_len].to_ascii_lowercase();
            if SELF_CLOSING.contains(&name.as_str()) {
                continue;
            }
            let end = piece[name_at..].find('>').map(|i| name_at + i);
            if closing {
                depth = depth.saturating_sub(1);
            } else if end.is_none_or(|e| bytes[e - 1] != b'/') {
                depth += 1;
                if depth > MAX_ELEMENT_DEPTH {
                    return Some((index, start));
                }
            }
        }
    }
    None
}

/// Every piece shown as text: what a page gets when its raw HTML cannot be cleaned.
pub fn escaped(pieces: &[&str]) -> Cleaned {
    Cleaned {
        pieces: pieces.iter().map(|p| crate::html::escape(p)).collect(),
        closing: String::new(),
    }
}

/// Cleans the pieces of one page together. Comments that are whole pass as written (a
/// template's `<!-- form -->` marker is one). When the sanitiser moves text across pieces in a
/// way that cannot be split back, every piece is escaped instead: shown, never run.
pub fn clean(pieces: &[&str]) -> Cleaned {
    let mut joined = String::new();
    let mut sent = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        if is_whole_comment(piece) {
            continue;
        }
        joined.push_str(&escape_disallowed(piece));
        joined.push(MARK);
        joined.push_str(&i.to_string());
        joined.push(MARK);
        sent.push(i);
    }
    let mut cleaned: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
    let forged = sent.iter().any(|&i| pieces[i].contains(MARK));
    if sent.is_empty() {
        return Cleaned {
            pieces: cleaned,
            closing: String::new(),
        };
    }
    let output = CLEANER.clean(&joined).to_string();
    let split = (!forged && marks_outside_tags(&output))
        .then(|| split_at_marks(&output, &sent))
        .flatten();
    match split {
        Some((parts, closing)) => {
            for (i, part) in sent.iter().zip(parts) {
                cleaned[*i] = part;
            }
            Cleaned {
                pieces: cleaned,
                closing,
            }
        }
        None => {
            for i in sent {
                cleaned[i] = crate::html::escape(pieces[i]);
            }
            Cleaned {
                pieces: cleaned,
                closing: String::new(),
            }
        }
    }
}

/// The text before each mark, in order, and what follows the last; `None` when the marks are
/// not all there in the order they were written.
fn split_at_marks(output: &str, sent: &[usize]) -> Option<(Vec<String>, String)> {
    let mut parts = Vec::with_capacity(sent.len());
    let mut rest = output;
    for i in sent {
        let mark = format!("{MARK}{i}{MARK}");
        let at = rest.find(&mark)?;
        parts.push(rest[..at].to_string());
        rest = &rest[at + mark.len()..];
    }
    if rest.contains(MARK) {
        return None;
    }
    Some((parts, rest.to_string()))
}

/// Whether every mark in the sanitiser's output is in text, not inside a tag (a piece that
/// ends inside a tag, `<a title="x`, carries the mark into an attribute). The serializer
/// quotes every attribute value with `"` and escapes `<` in text, so this scan is exact.
fn marks_outside_tags(output: &str) -> bool {
    let mut in_tag = false;
    let mut in_quote = false;
    let mut previous = '\0';
    for c in output.chars() {
        match c {
            MARK if in_tag => return false,
            '"' if in_tag => in_quote = !in_quote,
            '>' if in_tag && !in_quote => in_tag = false,
            c if !in_tag
                && previous == '<'
                && (c.is_ascii_alphabetic() || c == '/' || c == '!') =>
            {
                in_tag = true
            }
            _ => {}
        }
        previous = c;
    }
    true
}

/// A piece that is one or more complete comments and nothing else.
fn is_whole_comment(piece: &str) -> bool {
    let mut rest = piece.trim();
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(body) = rest.strip_prefix("<!--") else {
            return false;
        };
        // `<!-->` and `<!--->` end a comment at once, as browsers read them.
        if body.starts_with('>') || body.starts_with("->") {
            return false;
        }
        let Some(end) = body.find("-->") else {
            return false;
        };
        if body[..end].contains("--!>") {
            return false;
        }
        rest = body[end + 3..].trim_start();
    }
    true
}

/// `piece` with GFM's disallowed tags (opening and closing) escaped.
fn escape_disallowed(piece: &str) -> Cow<'_, str> {
    let lower = piece.to_ascii_lowercase();
    let mut out = String::new();
    let mut copied = 0;
    for (at, _) in lower.match_indices('<') {
        let name_at = at + 1 + usize::from(lower[at + 1..].starts_with('/'));
        if disallowed_at(&lower, name_at).is_some() {
            out.push_str(&piece[copied..at]);
            out.push_str("&lt;");
            copied = at + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(piece);
    }
    out.push_str(&piece[copied..]);
    Cow::Owned(out)
}

/// The disallowed tag whose name starts at `at` in lower-cased `html`, if one does.
fn disallowed_at(lower: &str, at: usize) -> Option<&'static str> {
    let rest = &lower[at..];
    ESCAPED_TAGS.into_iter().find(|tag| {
        rest.starts_with(tag)
            && rest[tag.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
    })
}

/// What cleaning will take out of `piece` or show as text, said as a reader would: "<script>
/// (shown as text)", "the onerror attribute of <img>", "a javascript: link". For warnings only:
/// the sanitiser decides what is kept.
pub fn findings(piece: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut note = |what: String| {
        if !found.contains(&what) {
            found.push(what);
        }
    };
    let lower = piece.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut at = 0;
    while let Some(lt) = lower[at..].find('<').map(|i| at + i) {
        at = lt + 1;
        if lower[lt..].starts_with("<!--") {
            at = lower[lt..]
                .find("-->")
                .map_or(lower.len(), |end| lt + end + 3);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name: String = lower[name_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        if closing {
            continue;
        }
        if disallowed_at(&lower, name_at).is_some() {
            note(format!("<{name}> (shown as text)"));
        } else if !KEPT_TAGS.contains(name.as_str()) {
            note(format!("<{name}>"));
        }
        let (attributes, end) = attributes(&lower, name_at + name.len());
        at = end;
        for (attribute, value) in attributes {
            if attribute.starts_with("on") {
                note(format!("the {attribute} attribute of <{name}>"));
            } else if attribute == "style" {
                note(format!("the style attribute of <{name}>"));
            } else if matches!(
                attribute.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "poster" | "background"
            ) && super::is_script_url(&decode_entities(&value), name == "img")
            {
                let scheme: String = decode_entities(&value)
                    .trim()
                    .chars()
                    .take_while(|c| *c != ':')
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                note(format!("a {scheme}: address in <{name}>"));
            }
        }
    }
    found
}

/// The attributes of a tag whose attributes start at `from` (names lower-cased), and where
/// the tag ends.
fn attributes(lower: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = lower.as_bytes();
    let mut found = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (found, (i + 1).min(bytes.len()));
        }
        let start = i;
        while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            if bytes[i].is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        let name = lower[start..i].to_string();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = lower[i + 1..]
                        .find(quote as char)
                        .map_or(lower.len(), |e| i + 1 + e);
                    value = lower[i + 1..end].to_string();
                    i = (end + 1).min(bytes.len());
                }
                _ => {
                    let end = lower[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(lower.len(), |e| i + e);
                    value = lower[i..end].to_string();
                    i = end;
                }
            }
        }
        if name.is_empty() {
            // A stray character: step over it so the scan always moves on.
            i += 1;
        } else {
            found.push((name, value));
        }
    }
}

/// Numeric and the few named character references that spell a scheme (`&#106;avascript:`,
/// `java&Tab;script&colon;`), enough to recognise a script address for a warning.
pub(super) fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match name.to_ascii_lowercase().as_str() {
                    "colon" => Some(':' as u32),
                    "tab" => Some('\t' as u32),
                    "newline" => Some('\n' as u32),
                    _ => None,
                }
            };
            code.and_then(char::from_u32).map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(piece: &str) -> String {
        clean(&[piece]).pieces.remove(0)
    }

    #[test]
    fn deep_nesting_is_found_and_flat_repeats_are_not() {
        let deep = "<div>".repeat(MAX_ELEMENT_DEPTH + 1);
        assert_eq!(too_deep(&[&deep]), Some((0, 5 * MAX_ELEMENT_DEPTH)));
        let split = ["<section>"; MAX_ELEMENT_DEPTH + 1];
        assert_eq!(too_deep(&split), Some((MAX_ELEMENT_DEPTH, 0)));
        let closed = "<div><span>x</span></div>".repeat(10_000);
        assert_eq!(too_deep(&[&closed]), None);
        let rows = format!("<table>{}</table>", "<tr><td>a<td>b<br>".repeat(5_000));
        assert_eq!(too_deep(&[&rows]), None);
        let unclosed_p = "<p>text".repeat(5_000);
        assert_eq!(too_deep(&[&unclosed_p, "<img src=x/>", "a < b"]), None);
    }

    #[test]
    fn the_tags_runbooks_use_are_kept() {
        for kept in [
            "<details open><summary>More</summary>",
            "<kbd>Ctrl</kbd>",
            "<img src=\"a.png\" width=\"20\" height=\"10\" alt=\"A\">",
            "<sup>1</sup>",
            "<br>",
            "<div class=\"grid cards\">",
            "<span class=\"badge\">",
        ] {
            let cleaned = clean(&[kept]);
            let whole = format!("{}{}", cleaned.pieces[0], cleaned.closing);
            assert!(
                whole.starts_with(&kept.replace(" open>", " open=\"\">")),
                "{kept} became {whole}"
            );
        }
    }

    #[test]
    fn handlers_scripts_frames_and_script_addresses_go() {
        let cleaned = one(
            "<img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">x</a><object data=x></object><a href=\"jav&#x61;script:alert(1)\">y</a>",
        );
        for gone in ["onerror", "javascript", "<object", "alert(1)\">"] {
            assert!(!cleaned.contains(gone), "{gone} in {cleaned}");
        }
        assert!(cleaned.contains("<img src=\"x\">"), "{cleaned}");
    }

    #[test]
    fn gfm_disallowed_tags_show_as_text_and_an_open_style_swallows_nothing() {
        let cleaned = clean(&["<style>", "</p>"]);
        assert!(
            cleaned.pieces[0].starts_with("&lt;style&gt;"),
            "{cleaned:?}"
        );
        let script = one("<script>alert(1)</script>");
        assert_eq!(script, "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(one("<IFRAME src=x>"), "&lt;IFRAME src=x&gt;");
    }

    #[test]
    fn pieces_cleaned_together_keep_their_structure() {
        let cleaned = clean(&["<span class=\"x\">", "</span>", "<div>"]);
        assert_eq!(cleaned.pieces, ["<span class=\"x\">", "</span>", "<div>"]);
        assert_eq!(cleaned.closing, "</div>");
    }

    #[test]
    fn whole_comments_pass_and_others_go() {
        assert_eq!(one("<!-- form -->"), "<!-- form -->");
        assert_eq!(
            one("<!--> <img src=x onerror=alert(1)> -->"),
            " <img src=\"x\"> --&gt;"
        );
    }

    #[test]
    fn a_mark_written_in_the_page_cannot_confuse_the_split() {
        let forged = format!("<b>{MARK}1{MARK}</b><img src=x onerror=alert(1)>");
        let cleaned = clean(&[&forged, "<i>"]);
        let all = cleaned.pieces.join("");
        assert!(!all.contains("<img"), "{all}");
        // A piece that ends inside a tag would carry the next mark into an attribute.
        let open = clean(&["<a title=\"x", "<b>"]);
        assert!(open.pieces.iter().all(|p| !p.contains('<')), "{open:?}");
    }

    #[test]
    fn findings_name_what_goes() {
        assert_eq!(
            findings("<img src=x onerror=alert(1)><script>x</script><a href='JaVa&#115;cript:x'>"),
            [
                "the onerror attribute of <img>",
                "<script> (shown as text)",
                "a javascript: address in <a>"
            ]
        );
        assert_eq!(
            findings("<p style=\"color:red\">"),
            ["the style attribute of <p>"]
        );
        assert_eq!(
            findings("<svg onload=x>"),
            ["<svg>", "the onload attribute of <svg>"]
        );
        assert!(findings("<details><summary>x</summary></details><!-- <script> -->").is_empty());
    }
}
