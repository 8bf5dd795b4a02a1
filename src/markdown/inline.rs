//! One line of inline Markdown rendered on its own (a form field's help): links rewritten and
//! captured like a page's, anything that is not inline text shown as text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::lines::LineIndex;
use super::links::{capture_link, is_script_url};
use super::{InlineText, LinkRef, LinkRewriter, Rendered, options};

/// Renders one line of inline Markdown (links, code, emphasis): a form field's help. Block
/// syntax is not expected there; a paragraph's wrapper is left out. Links are rewritten like
/// the page's and returned with the column they start at, to be checked like the page's.
pub fn render_inline(text: &str, links: &dyn LinkRewriter) -> (InlineText, Vec<LinkRef>) {
    let mut out = Rendered::default();
    let lines = LineIndex::new(text);
    let mut plain = String::new();
    let mut events: Vec<Event> = Vec::new();
    // For each open link or image: whether it is written as a link (else only its text).
    let mut kept: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => continue,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !is_script_url(&dest_url, false) => {
                kept.push(true);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: capture_link(&mut out, &lines, links, dest_url, range.start, false),
                    title,
                    id,
                })
            }
            // A script link or an image in one line of help is shown as its text.
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                kept.push(false);
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if kept.pop() == Some(true) {
                    Event::End(TagEnd::Link)
                } else {
                    continue;
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Text(t) => {
                plain.push_str(&t);
                Event::Text(t)
            }
            Event::Code(c) => {
                plain.push_str(&c);
                Event::Code(c)
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                Event::Text(" ".into())
            }
            other => other,
        };
        events.push(event);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (
        InlineText {
            html: html.trim_end().to_string(),
            text: plain.trim().to_string(),
        },
        out.links,
    )
}
