//! The render loop: one pass over the parser's events for a page, each handed to the step that
//! owns it (headings, code blocks, callouts, links, raw HTML), then the page's HTML written
//! within its bound and what was found trimmed for keeping. The text it reads has been through
//! the pre-passes already; the bounds on nesting and size are checked by the caller.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::admonitions::Admonition;
use super::bounds::BoundedHtml;
use super::callouts::Callouts;
use super::code::{self, OpenBlock};
use super::first_step::FirstStep;
use super::headings::{self, Headings, Written};
use super::highlight::{Budget, HighlightMemo};
use super::lines::LineIndex;
use super::links::{capture_link, collect_html_ids, html_links, is_script_url, script_link_note};
use super::raw_pieces::{self, CleanPieces};
use super::{
    FORM_MARKER, LinkRewriter, MAX_ELEMENTS, RenderNote, Rendered, Settings, options, tasks,
};

/// What a page is rendered with besides its text.
pub struct Setup<'a> {
    pub links: &'a dyn LinkRewriter,
    /// Put before every heading id (the binder's).
    pub id_prefix: &'a str,
    /// For paper: plain code, no copy buttons, no "#" links.
    pub for_print: bool,
    pub settings: Settings,
    pub memo: &'a HighlightMemo,
}

/// One page being rendered.
pub struct Renderer<'a> {
    /// The page's text after the pre-passes.
    body: &'a str,
    links: &'a dyn LinkRewriter,
    max_html: usize,
    lines: LineIndex,
    out: Rendered,
    /// The page's events outside headings, to be written as HTML at the end.
    events: Vec<Event<'a>>,
    headings: Headings<'a>,
    callouts: Callouts<'a>,
    code: Option<OpenBlock>,
    code_writer: code::Writer<'a>,
    /// Set while a link or image with a script URL is being written as its plain text.
    neutralised: Option<bool>,
    first_step: FirstStep,
    /// Raw HTML so far ended inside a comment, whose links are not links.
    html_comment_open: bool,
    /// The page's raw HTML, cleaned (none when raw HTML is trusted or there is none).
    cleaned: Option<CleanPieces>,
}

impl<'a> Renderer<'a> {
    /// Ready to render `body`, with the `notes` the pre-passes left and the `admonitions` they
    /// found. Raw HTML is cleaned here, before the loop, as one document.
    pub fn new(
        body: &'a str,
        admonitions: Option<&'a HashMap<usize, Admonition>>,
        notes: Vec<RenderNote>,
        setup: Setup<'a>,
    ) -> Self {
        let lines = LineIndex::new(body);
        let mut out = Rendered {
            notes,
            ..Rendered::default()
        };
        let cleaned = (!setup.settings.trust_raw_html && body.contains('<'))
            .then(|| CleanPieces::clean(body, &lines, setup.links, &mut out));
        Renderer {
            body,
            links: setup.links,
            max_html: setup.settings.max_html,
            lines,
            out,
            events: Vec::new(),
            headings: Headings::new(setup.id_prefix, !setup.for_print),
            callouts: Callouts::new(admonitions),
            code: None,
            code_writer: code::Writer {
                for_print: setup.for_print,
                budget: Budget::default(),
                memo: setup.memo,
            },
            neutralised: None,
            first_step: FirstStep::default(),
            html_comment_open: false,
            cleaned,
        }
    }

    /// Reads every event, then writes the page. Stops early, marked too large, past
    /// `MAX_ELEMENTS`.
    pub fn run(mut self) -> Rendered {
        // Text runs come as one event: a line of ten million `[` is otherwise ten million
        // events, each buffered (1.4 GB for a 9.5 MB page).
        let parsed =
            TextMergeWithOffset::new(Parser::new_ext(self.body, options()).into_offset_iter());
        for (event, range) in raw_pieces::blocks_whole(parsed) {
            let event = match self.cleaned.as_mut() {
                Some(cleaned) => cleaned.swap(event),
                None => event,
            };
            if self.code.is_some() {
                self.in_code(event);
                continue;
            }
            let Some(event) = self.step(event, range.start) else {
                continue;
            };
            self.keep(event, range);
            if self.events.len() > MAX_ELEMENTS {
                self.out.too_large = true;
                return self.out;
            }
        }
        self.finish()
    }

    /// An event inside a code block: its text is gathered, and its end writes the block.
    fn in_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(t) => {
                if let Some(block) = self.code.as_mut() {
                    block.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = self.code.take() {
                    let html = self.code_writer.finish(block, &self.lines, &mut self.out);
                    self.events.push(Event::Html(html.into()));
                }
            }
            _ => {}
        }
    }

    /// The event as the page writes it, after the step that owns it saw it; `None` when that
    /// step keeps it (a heading being buffered, a code block, a script link's tags).
    fn step(&mut self, event: Event<'a>, at: usize) -> Option<Event<'a>> {
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let written = Written {
                    level,
                    id,
                    classes,
                    attrs,
                };
                let place = self.lines.locate(at);
                self.headings.open(written, &mut self.out, place);
                return None;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(html) = self.headings.close(&mut self.out) {
                    self.events.push(Event::Html(html.into()));
                }
                return None;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code = Some(OpenBlock::new(kind, at));
                return None;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let line = self.lines.locate(at).0;
                Event::Html(self.callouts.open(kind, line).into())
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(self.callouts.close().into()),
            Event::Start(Tag::Link { ref dest_url, .. })
            | Event::Start(Tag::Image { ref dest_url, .. })
                if is_script_url(dest_url, matches!(event, Event::Start(Tag::Image { .. }))) =>
            {
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                let note = script_link_note(dest_url, self.lines.locate(at));
                self.out.notes.push(note);
                self.neutralised = Some(is_image);
                return None;
            }
            Event::End(TagEnd::Link) if self.neutralised == Some(false) => {
                self.neutralised = None;
                return None;
            }
            Event::End(TagEnd::Image) if self.neutralised == Some(true) => {
                self.neutralised = None;
                return None;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.capture(dest_url, at, false),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: self.capture(dest_url, at, true),
                title,
                id,
            }),
            // Cleaned raw HTML had its links captured and rewritten before it was cleaned.
            Event::Html(html) | Event::InlineHtml(html)
                if self.cleaned.is_none() && may_hold_links(&html, self.html_comment_open) =>
            {
                Event::Html(self.raw_html_links(html, at))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // pulldown-cmark gives each footnote definition its label as id.
                self.out.anchors.push(label.to_string());
                Event::Start(Tag::FootnoteDefinition(label))
            }
            other => other,
        })
    }

    fn capture(&mut self, dest: CowStr<'a>, at: usize, is_image: bool) -> CowStr<'a> {
        capture_link(&mut self.out, &self.lines, self.links, dest, at, is_image)
    }

    /// Trusted raw HTML: its ids kept as anchors, its links captured and rewritten.
    fn raw_html_links(&mut self, html: CowStr<'a>, at: usize) -> CowStr<'a> {
        collect_html_ids(&html, &mut self.out.anchors);
        let rewritten = html_links(
            &html,
            at,
            &mut self.out,
            &self.lines,
            self.links,
            &mut self.html_comment_open,
        );
        rewritten.map_or(html, CowStr::from)
    }

    /// Keeps `event` in the open heading or the page, its text in the heading's or the page's
    /// search text.
    fn keep(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Event::Text(t) | Event::Code(t) = &event {
            if self.headings.is_open() {
                let source = match event {
                    Event::Text(_) => self.body.get(range),
                    _ => None,
                };
                self.headings.push_text(t, source);
            } else {
                self.out.push_text(t, ' ');
            }
        }
        if !self.headings.is_open() {
            self.first_step.observe(&event);
        }
        if let Err(event) = self.headings.push_event(event) {
            self.events.push(event);
        }
    }

    /// Writes the page's HTML within its bound, and trims what it found for keeping.
    fn finish(self) -> Rendered {
        let mut out = self.out;
        out.first_step = self.first_step.take();
        out.html
            .reserve((self.body.len() * 3 / 2).min(self.max_html));
        let events = tasks::mark(self.events);
        // Writing stops at the page's bound: a reference link to a long address, used over and
        // over, would otherwise turn a small page into hundreds of megabytes.
        let mut bounded = BoundedHtml {
            html: &mut out.html,
            max: self.max_html,
        };
        if pulldown_cmark::html::write_html_fmt(&mut bounded, events.into_iter()).is_err() {
            out.too_large = true;
            return out;
        }
        if let Some(cleaned) = &self.cleaned {
            out.html.push_str(cleaned.closing());
        }
        out.form_at = form_at(&out);
        shrink(&mut out);
        out
    }
}

/// Whether trusted raw HTML may hold an id or a link, or a comment that hides some.
fn may_hold_links(html: &str, comment_open: bool) -> bool {
    html.contains("id=")
        || html.contains("href=")
        || html.contains("src=")
        || html.contains("<!--")
        || comment_open
}

/// Where a template's form goes. Raw HTML passes through as written, and a code block showing
/// the marker is escaped, so only a real marker line is found. Without one, the form goes
/// before the first heading.
fn form_at(out: &Rendered) -> Option<usize> {
    out.html.find(FORM_MARKER).or_else(|| {
        out.headings
            .iter()
            .find_map(|h| headings::heading_at(&out.html, h))
    })
}

/// The page is kept for the whole build: none of the room its text grew into stays with it
/// (a third of the site model at 100,000 pages).
fn shrink(out: &mut Rendered) {
    out.html.shrink_to_fit();
    for section in &mut out.sections {
        section.text.shrink_to_fit();
    }
    out.sections.shrink_to_fit();
    out.links.shrink_to_fit();
    out.headings.shrink_to_fit();
    out.anchors.shrink_to_fit();
}

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, render};

    fn html(md: &str) -> String {
        render(md, &KeepLinks).html
    }

    #[test]
    fn gfm_extensions_render() {
        let out = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo\n\nTerm\n: Definition\n\nNote[^1]\n\n[^1]: Footnote.\n",
        );
        for needle in [
            "<table>",
            "<del>old</del>",
            "type=\"checkbox\"",
            "<dl>",
            "<dt>Term</dt>",
            "footnote",
        ] {
            assert!(out.contains(needle), "missing {needle} in {out}");
        }
    }

    #[test]
    fn smart_punctuation_and_raw_html() {
        let out = html("It's \"quoted\" -- ok\n\n<details><summary>More</summary>x</details>\n");
        assert!(out.contains("It’s “quoted” – ok"), "{out}");
        assert!(out.contains("<details><summary>More</summary>"));
    }
}
