//! Just enough HTML reading to take built pages apart: start tags with their attributes and
//! positions, the text of `<title>`, and the inside of one element. The pages are the theme's
//! own output, so this reads well-formed HTML; it skips comments and the raw text of scripts
//! and styles so that nothing inside them is mistaken for a tag.

use std::ops::Range;

/// A start tag: where it is in the document and its attributes, entity-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Lowercased element name.
    pub name: String,
    /// From `<` to just after `>`.
    pub span: Range<usize>,
    pub attrs: Vec<(String, String)>,
    /// Where the element ends, after its end tag, for the raw-text elements (`script`,
    /// `style`, `textarea`, `title`), which hold no tags; `span.end` for the others.
    pub element_end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of the document, in order.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            at = rest
                .find("-->")
                .map_or(html.len(), |end| start + end + "-->".len());
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len() - 1);
        if name_len == 0 || !bytes[start + 1].is_ascii_alphabetic() {
            at = start + 1;
            continue;
        }
        let name = rest[1..1 + name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, start + 1 + name_len);
        let element_end = if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            end_tag(html, &name, end).map_or(html.len(), |r| r.end)
        } else {
            end
        };
        tags.push(Tag {
            name,
            span: start..end,
            attrs,
            element_end,
        });
        at = element_end;
    }
    tags
}

/// The next `</name>` at or after `from`: its span.
pub fn end_tag(html: &str, name: &str, from: usize) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        if let Some(end) = end_tag_at(html, name, start) {
            return Some(start..end);
        }
        at = start + 2;
    }
    None
}

/// The end of `</name>` (case as written) when one starts at `start`.
fn end_tag_at(html: &str, name: &str, start: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let name_end = start + 2 + name.len();
    let named = bytes
        .get(start + 2..name_end)
        .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
    match bytes.get(name_end) {
        Some(&c) if named && (c == b'>' || c.is_ascii_whitespace()) => {
            html[name_end..].find('>').map(|close| name_end + close + 1)
        }
        _ => None,
    }
}

/// The inside of the element whose start tag is `tag`: up to its last end tag in the document,
/// for elements that do not nest (`main`, `body`).
pub fn inner_of_unique(html: &str, tag: &Tag) -> Option<Range<usize>> {
    let end = html[tag.span.end..]
        .rmatch_indices("</")
        .map(|(at, _)| tag.span.end + at)
        .find(|&at| end_tag_at(html, &tag.name, at).is_some())?;
    Some(tag.span.end..end)
}

/// The document's title as plain text, from its tags.
pub fn title(html: &str, tags: &[Tag]) -> Option<String> {
    let tag = tags.iter().find(|t| t.name == "title")?;
    let end = end_tag(html, "title", tag.span.end)?;
    Some(decode_entities(html[tag.span.end..end.start].trim()))
}

/// Reads attributes from `at` (just after the tag name) to the closing `>`; returns them with
/// the position after `>`.
fn attributes(html: &str, mut at: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (attrs, html.len());
        }
        if bytes[at] == b'>' {
            return (attrs, at + 1);
        }
        let name_start = at;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            if bytes[at].is_ascii_whitespace() {
                break;
            }
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if at < bytes.len() && (bytes[at] == b'"' || bytes[at] == b'\'') {
                let quote = bytes[at] as char;
                let end = html[at + 1..]
                    .find(quote)
                    .map_or(html.len(), |e| at + 1 + e);
                value = decode_entities(&html[at + 1..end]);
                at = (end + 1).min(html.len());
            } else {
                let start = at;
                while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                    at += 1;
                }
                value = decode_entities(&html[start..at]);
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Turns `&amp;`, `&quot;`, `&#x27;`, `&#39;` and the like back into characters. Unknown
/// entities stay as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let entity = &rest[1..semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
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

    fn first(html: &str, name: &str) -> Option<Tag> {
        start_tags(html).into_iter().find(|t| t.name == name)
    }

    #[test]
    fn reads_tags_and_attributes_in_every_quoting() {
        let html = r#"<body class="kind-page is-home" data-title='Don&#x27;t Panic' hidden data-x=plain><p>x</p></body>"#;
        let body = first(html, "body").unwrap();
        assert_eq!(body.attr("class"), Some("kind-page is-home"));
        assert_eq!(body.attr("data-title"), Some("Don't Panic"));
        assert_eq!(body.attr("hidden"), Some(""));
        assert_eq!(body.attr("data-x"), Some("plain"));
        assert_eq!(&html[body.span.clone()], &html[..html.find("<p>").unwrap()]);
    }

    #[test]
    fn skips_comments_and_the_text_of_scripts() {
        let html = "<!-- <script src=\"a.js\"></script> --><script>if (a<b) document.write('<link href=x>')</script><link rel=\"stylesheet\" href=\"s.css\">";
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["script", "link"]);
        assert_eq!(tags[1].attr("href"), Some("s.css"));
    }

    #[test]
    fn finds_the_inside_of_main_and_the_title() {
        let html = "<title>Disk full · Don&#x27;t Panic</title><main id=\"main\">\n<h1>Disk</h1>\n</main></body>";
        let main = first(html, "main").unwrap();
        let inner = inner_of_unique(html, &main).unwrap();
        assert_eq!(&html[inner], "\n<h1>Disk</h1>\n");
        assert_eq!(
            title(html, &start_tags(html)).unwrap(),
            "Disk full · Don't Panic"
        );
    }

    #[test]
    fn end_tags_need_a_real_end() {
        let html = "<script>var s = '</scripts>';</script >after";
        let tag = first(html, "script").unwrap();
        let end = end_tag(html, "script", tag.span.end).unwrap();
        assert_eq!(&html[end.end..], "after");
    }

    #[test]
    fn unknown_entities_stay_as_written() {
        assert_eq!(
            decode_entities("a &bogus; &amp; b & c"),
            "a &bogus; & b & c"
        );
        assert_eq!(decode_entities("&#128293;"), "🔥");
    }
}
