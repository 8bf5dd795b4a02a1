//! The glue between the renderer and `raw_html`: a page's raw HTML pieces gathered in the
//! order the renderer meets them (each block whole), their links captured and rewritten, the
//! lot cleaned together, and the cleaned pieces handed back one by one in place of the raw ones.

use std::ops::Range;

use pulldown_cmark::{Event, Parser};

use super::lines::LineIndex;
use super::links::{collect_html_ids, html_links};
use super::{LinkRewriter, RenderNote, Rendered, options, raw_html};

/// The page's raw HTML, cleaned, and how many of its pieces were handed back.
pub struct CleanPieces {
    cleaned: raw_html::Cleaned,
    next: usize,
}

impl CleanPieces {
    /// The raw HTML of `body` cleaned, each thing taken out reported in `out` at its line.
    pub fn clean(
        body: &str,
        lines: &LineIndex,
        links: &dyn LinkRewriter,
        out: &mut Rendered,
    ) -> Self {
        CleanPieces {
            cleaned: clean_raw_html(body, lines, links, out),
            next: 0,
        }
    }

    /// `event` with its raw HTML replaced by the next cleaned piece; other events as they are.
    pub fn swap<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Html(_) => Event::Html(self.take_piece().into()),
            Event::InlineHtml(_) => Event::InlineHtml(self.take_piece().into()),
            event => event,
        }
    }

    /// What closes the elements the page's raw HTML left open, to write after the page.
    pub fn closing(&self) -> &str {
        &self.cleaned.closing
    }

    /// The next cleaned piece; the two passes read the same events, so one is always there.
    fn take_piece(&mut self) -> String {
        let piece = self.cleaned.pieces.get_mut(self.next).map(std::mem::take);
        self.next += 1;
        piece.unwrap_or_default()
    }
}

/// The page's raw HTML pieces cleaned together (`raw_html`), each thing taken out reported at
/// its line. Pieces are counted as the renderer meets them, so the same event sequence is read.
fn clean_raw_html(
    body: &str,
    lines: &LineIndex,
    links: &dyn LinkRewriter,
    out: &mut Rendered,
) -> raw_html::Cleaned {
    let mut pieces: Vec<(String, usize)> = Vec::new();
    let mut comment_open = false;
    for (event, range) in blocks_whole(Parser::new_ext(body, options()).into_offset_iter()) {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            // Links are captured where they are written, and rewritten before cleaning.
            collect_html_ids(&html, &mut out.anchors);
            let rewritten = html_links(&html, range.start, out, lines, links, &mut comment_open);
            pieces.push((rewritten.unwrap_or_else(|| html.to_string()), range.start));
        }
    }
    for (piece, offset) in &pieces {
        let found = raw_html::findings(piece);
        if found.is_empty() {
            continue;
        }
        let (line, column) = lines.locate(*offset);
        out.notes.push(RenderNote {
            line,
            column,
            code: "unsafe-html",
            message: format!(
                "raw HTML that could run code in the reader's browser was left out: {}",
                found.join(", ")
            ),
            hint: "write it as Markdown; a site whose every author is trusted can set [markdown] trust_raw_html = true",
        });
    }
    let texts: Vec<&str> = pieces.iter().map(|(p, _)| p.as_str()).collect();
    if let Some((piece, at)) = raw_html::too_deep(&texts) {
        let (line, column) = lines.locate(pieces[piece].1 + at);
        out.errors.push(RenderNote {
            line,
            column,
            code: "page-too-deep",
            message: format!(
                "raw HTML nests more than {} elements inside each other here; it is shown as text",
                raw_html::MAX_ELEMENT_DEPTH
            ),
            hint: "close the elements you open, or nest fewer levels",
        });
        return raw_html::escaped(&texts);
    }
    raw_html::clean(&texts)
}

/// The parser's events with each raw HTML block as one `Html` event (it gives one per line):
/// a block is cleaned as a whole, so that a table's rows stay in their table.
pub fn blocks_whole<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    let mut events = events.peekable();
    std::iter::from_fn(move || {
        let (event, range) = events.next()?;
        let Event::Html(first) = event else {
            return Some((event, range));
        };
        let mut block: Option<String> = None;
        let mut end = range.end;
        while let Some((Event::Html(more), more_range)) = events.peek() {
            block
                .get_or_insert_with(|| first.to_string())
                .push_str(more);
            end = more_range.end;
            events.next();
        }
        match block {
            Some(text) => Some((Event::Html(text.into()), range.start..end)),
            None => Some((Event::Html(first), range)),
        }
    })
}
