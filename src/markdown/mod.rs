//! Markdown to HTML: heading ids and anchors, table of contents, GitHub alerts as callouts,
//! highlighted code with a copy button, and every link captured with its position. Knows no
//! templates and no files: link rewriting is passed in.

mod admonitions;
mod first_step;
mod highlight;
mod mkdocs_syntax;
mod prepass;
mod raw_html;
mod shortcodes;
pub mod slug;
mod tasks;
mod toc_markers;
mod variables;

use pulldown_cmark::utils::TextMergeWithOffset;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::html::escape;
use slug::{UniqueIds, slugify};

pub use highlight::highlight;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// A link or image destination as written, and where (1-based, in the Markdown body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub line: usize,
    pub column: usize,
    pub is_image: bool,
    /// `line` counts from the top of the file, not the body: the link is written in the front
    /// matter (a form field's help).
    pub in_front_matter: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The text of a leading `# Heading` that was taken as the page title (and not printed).
    pub title: Option<String>,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Ids a link's `#anchor` may point at: headings and `id="..."` in raw HTML.
    pub anchors: Vec<String>,
    /// Plain text of the page, split at its headings, for search.
    pub sections: Vec<TextSection>,
    /// What rendering changed or left out and the writer should hear about, in body lines.
    pub notes: Vec<RenderNote>,
    /// What stopped the page from being rendered (nesting too deep, HTML too large), in body
    /// lines: errors, which stop the build.
    pub errors: Vec<RenderNote>,
    /// Rendering stopped at the page's bound on HTML (the page is then refused).
    too_large: bool,
    /// The first line of the first numbered or checkbox item (else the first bullet item).
    pub first_step: Option<String>,
    /// Where a template's form goes: the byte offset in `html` of a `<!-- form -->` line, else
    /// of the first heading (the form follows the introduction).
    pub form_at: Option<usize>,
    /// Each form field's help, rendered (indexed like the front matter's `fields`).
    pub field_help: Vec<InlineText>,
}

/// A line of inline Markdown (a form field's help) as HTML and as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineText {
    pub html: String,
    pub text: String,
}

/// The line a template writes where its form goes; without it the form comes after the
/// page's introduction (the text before the first heading), or first when there is no heading.
pub const FORM_MARKER: &str = "<!-- form -->";

/// Something rendering did to the text that the page's author should know of: a code block
/// shown plain, a script link made plain text, an attribute left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderNote {
    pub line: usize,
    pub column: usize,
    pub code: &'static str,
    pub message: String,
    pub hint: &'static str,
}

/// The plain text under one heading (the first section is the text before any heading).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id, `None` for the text before the first heading.
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

impl Rendered {
    fn push_text(&mut self, text: &str, separator: char) {
        if self.sections.is_empty() {
            self.sections.push(TextSection::default());
        }
        if let Some(section) = self.sections.last_mut() {
            section.text.push_str(text);
            section.text.push(separator);
        }
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

/// Renders `body` with the default settings (raw HTML sanitised).
pub fn render(body: &str, links: &dyn LinkRewriter) -> Rendered {
    render_with(body, links, Settings::default())
}

/// Renders `body`. The first `# Heading` (when no other heading comes before it) is the page's
/// title: it is not printed, since the page shows one title (the front matter's, or this one),
/// and its id stays as an anchor at the top.
pub fn render_with(body: &str, links: &dyn LinkRewriter, settings: Settings) -> Rendered {
    render_as(body, links, Purpose::Page, settings)
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
    render_as(body, links, Purpose::Binder { id_prefix }, settings)
}

/// What a page is rendered for.
#[derive(Clone, Copy)]
enum Purpose<'a> {
    /// Its own page.
    Page,
    /// The binder, with its heading ids prefixed.
    Binder { id_prefix: &'a str },
}

fn render_as(
    body: &str,
    links: &dyn LinkRewriter,
    purpose: Purpose,
    settings: Settings,
) -> Rendered {
    if let Some((line, depth)) = too_deep(body) {
        return refused(RenderNote {
            line,
            column: 1,
            code: "page-too-deep",
            message: format!(
                "this line nests {depth} blockquotes or list items (at most {MAX_NESTING}); the page is not rendered"
            ),
            hint: "nest fewer levels: a reader cannot follow more than a few",
        });
    }
    let rendered = render_bounded(body, links, purpose, settings);
    if rendered.too_large || rendered.html.len() > settings.max_html {
        return refused(RenderNote {
            line: 1,
            column: 1,
            code: "page-too-large",
            message: format!(
                "the page renders to more than {} MB of HTML or {MAX_ELEMENTS} elements; it is not rendered",
                settings.max_html / (1024 * 1024)
            ),
            hint: "split the page, or raise [limits] page_size_mb (a page may render to five times it)",
        });
    }
    rendered
}

/// The page's HTML as it is written, refusing to grow past `max` bytes.
struct BoundedHtml<'a> {
    html: &'a mut String,
    max: usize,
}

impl std::fmt::Write for BoundedHtml<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.html.len() + s.len() > self.max {
            return Err(std::fmt::Error);
        }
        self.html.push_str(s);
        Ok(())
    }
}

/// A page that is not rendered: one paragraph that says so, and the error.
fn refused(error: RenderNote) -> Rendered {
    Rendered {
        html: "<p>This page could not be rendered: see the build's errors.</p>\n".into(),
        errors: vec![error],
        ..Rendered::default()
    }
}

/// The first line that opens more than `MAX_NESTING` blockquotes or list items, and how many.
fn too_deep(body: &str) -> Option<(usize, usize)> {
    for (number, line) in body.lines().enumerate() {
        let bytes = line.as_bytes();
        // Cheap first: a line with fewer marker characters than the limit cannot pass it.
        if bytes.len() <= MAX_NESTING {
            continue;
        }
        let mut depth = 0;
        let mut i = 0;
        loop {
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let Some(&c) = bytes.get(i) else { break };
            if c == b'>' {
                i += 1;
            } else if matches!(c, b'-' | b'*' | b'+')
                && bytes.get(i + 1).is_some_and(|b| *b == b' ' || *b == b'\t')
            {
                i += 2;
            } else if c.is_ascii_digit() {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 => i += digits + 1,
                    _ => break,
                }
            } else {
                break;
            }
            depth += 1;
        }
        if depth > MAX_NESTING {
            return Some((number + 1, depth));
        }
    }
    None
}

fn render_bounded(
    body: &str,
    links: &dyn LinkRewriter,
    purpose: Purpose,
    settings: Settings,
) -> Rendered {
    let (id_prefix, for_print) = match purpose {
        Purpose::Page => ("", false),
        Purpose::Binder { id_prefix } => (id_prefix, true),
    };
    let without_markers = toc_markers::remove(body);
    let body = without_markers.as_deref().unwrap_or(body);
    let mut out = Rendered::default();
    let shortcoded = shortcodes::rewrite(body, &|name| links.param(name));
    let body = match &shortcoded {
        Some((text, notes)) => {
            for (line, message) in notes {
                out.notes.push(RenderNote {
                    line: *line,
                    column: 1,
                    code: "hugo-shortcode",
                    message: message.clone(),
                    hint: if message.contains("has no value") {
                        "Hugo kept it under params in its config; dontpanic reads [extra]"
                    } else {
                        "write it as Markdown, or as a GitHub alert (> [!NOTE]) for a callout"
                    },
                });
            }
            text.as_str()
        }
        None => body,
    };
    let admonish = admonitions::from_admonish_fences(body);
    let body = admonish.as_deref().unwrap_or(body);
    let mkdocs = mkdocs_syntax::rewrite(body);
    let body = mkdocs.as_deref().unwrap_or(body);
    let rewritten = admonitions::rewrite(body);
    let (body, admonitions) = match &rewritten {
        Some((text, found)) => (text.as_str(), Some(found)),
        None => (body, None),
    };
    // How each open callout ends: `</div>`, or `</details>` for a folding admonition.
    let mut callout_ends: Vec<&'static str> = Vec::new();
    let lines = LineIndex::new(body);
    let mut ids = UniqueIds::default();
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<HeadingBuffer> = None;
    let mut code: Option<(String, String, usize)> = None;
    // Set while a link or image with a script URL is being written as its plain text.
    let mut neutralised: Option<bool> = None;
    let mut seen_heading = false;
    let mut first_step = first_step::FirstStep::default();
    // Raw HTML so far ended inside a comment, whose links are not links.
    let mut html_comment_open = false;
    let mut cleaned = (!settings.trust_raw_html && body.contains('<'))
        .then(|| clean_raw_html(body, &lines, links, &mut out));
    let mut next_piece = 0;
    let mut highlight_budget = highlight::Budget::default();

    // Text runs come as one event: a line of ten million `[` is otherwise ten million events,
    // each buffered (1.4 GB for a 9.5 MB page).
    let parsed = TextMergeWithOffset::new(Parser::new_ext(body, options()).into_offset_iter());
    for (event, range) in raw_html_blocks_whole(parsed) {
        let event = match (event, cleaned.as_mut()) {
            (Event::Html(_), Some(c)) => Event::Html(take_piece(c, &mut next_piece).into()),
            (Event::InlineHtml(_), Some(c)) => {
                Event::InlineHtml(take_piece(c, &mut next_piece).into())
            }
            (event, _) => event,
        };
        if let Some((_, text, _)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, text, offset) = code.take().unwrap_or_default();
                    out.push_text(&text, '\n');
                    let (html, plain_because) =
                        code_block(&text, &language, for_print, &mut highlight_budget);
                    if let Some(reason) = plain_because {
                        let (line, column) = lines.locate(offset);
                        out.notes.push(RenderNote {
                            line,
                            column,
                            code: "code-not-highlighted",
                            message: format!("{reason}; shown without highlighting"),
                            hint: "break the line up (a shell line can end with \\), or mark the block as text",
                        });
                    }
                    events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // The first H1 is the page's title when no heading came before it, whatever
                // precedes it (badges, comments, a table-of-contents marker).
                let first_heading = !seen_heading;
                seen_heading = true;
                let attrs = safe_attributes(attrs, &mut out, lines.locate(range.start));
                heading = Some(HeadingBuffer {
                    level,
                    id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    attrs,
                    events: Vec::new(),
                    text: String::new(),
                    slug_text: String::new(),
                    first_heading,
                });
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some(h) = heading.take() else { continue };
                let text = h.text.trim().to_string();
                let is_title =
                    h.level == HeadingLevel::H1 && h.first_heading && out.title.is_none();
                if is_title {
                    // One visible title per page (the front matter's, or this one), but links
                    // written against this heading's id still land at the top.
                    let id = ids.claim(&h.id.clone().unwrap_or_else(|| slugify(&h.slug_text)));
                    let id = format!("{id_prefix}{id}");
                    events.push(Event::Html(
                        format!(
                            "<span id=\"{}\" class=\"title-anchor\"></span>\n",
                            escape(&id)
                        )
                        .into(),
                    ));
                    out.anchors.push(id);
                    out.title = Some(text);
                    continue;
                }
                let id = ids.claim(&h.id.clone().unwrap_or_else(|| slugify(&h.slug_text)));
                let id = if id_prefix.is_empty() {
                    id
                } else {
                    format!("{id_prefix}{id}")
                };
                out.sections.push(TextSection {
                    anchor: Some(id.clone()),
                    heading: text.clone(),
                    text: String::new(),
                });
                // GitLab and MkDocs collapse repeated hyphens where GitHub keeps them
                // ("a--b" vs "a-b"): links written for them find the heading too.
                let alias = slug::collapse_hyphens(&id);
                let alias =
                    (alias != id && !alias.is_empty() && ids.claim_exact(&alias)).then_some(alias);
                events.push(Event::Html(
                    h.to_html(&id, alias.as_deref(), !for_print).into(),
                ));
                out.anchors.extend(alias);
                out.anchors.push(id.clone());
                out.headings.push(Heading {
                    level: h.level as u8,
                    id,
                    text,
                });
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new(), range.start));
                continue;
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(kind);
                let written = admonitions.and_then(|found| found.get(&lines.locate(range.start).0));
                let title = written
                    .and_then(|a| a.title.clone())
                    .unwrap_or_else(|| label.to_string());
                let title_html = escape(&title);
                match written.and_then(|a| a.folds) {
                    Some(open) => {
                        callout_ends.push("</details>\n");
                        Event::Html(
                            format!(
                                "<details class=\"callout callout-{class}\"{}><summary class=\"callout-title\">{}</summary>\n",
                                if open { " open" } else { "" },
                                if title.is_empty() { label.to_string() } else { title_html },
                            )
                            .into(),
                        )
                    }
                    None => {
                        callout_ends.push("</div>\n");
                        let heading = if title.is_empty() {
                            String::new()
                        } else {
                            format!("<p class=\"callout-title\">{title_html}</p>")
                        };
                        Event::Html(
                            format!(
                                "<div class=\"callout callout-{class}\" role=\"note\">{heading}\n"
                            )
                            .into(),
                        )
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                Event::Html(callout_ends.pop().unwrap_or("</div>\n").into())
            }
            Event::Start(Tag::Link { ref dest_url, .. })
            | Event::Start(Tag::Image { ref dest_url, .. })
                if is_script_url(dest_url, matches!(event, Event::Start(Tag::Image { .. }))) =>
            {
                let (line, column) = lines.locate(range.start);
                let scheme: String = dest_url
                    .trim_start()
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(20)
                    .collect();
                out.notes.push(RenderNote {
                    line,
                    column,
                    code: "unsafe-link",
                    message: format!(
                        "a link to a '{scheme}:' address could run code in the reader's browser; it is shown as plain text"
                    ),
                    hint: "link to a page, a file of the site or an http(s) address",
                });
                neutralised = Some(matches!(event, Event::Start(Tag::Image { .. })));
                continue;
            }
            Event::End(TagEnd::Link) if neutralised == Some(false) => {
                neutralised = None;
                continue;
            }
            Event::End(TagEnd::Image) if neutralised == Some(true) => {
                neutralised = None;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = capture_link(&mut out, &lines, links, dest_url, range.start, false);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = capture_link(&mut out, &lines, links, dest_url, range.start, true);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Cleaned raw HTML had its links captured and rewritten before it was cleaned.
            Event::Html(html) | Event::InlineHtml(html)
                if cleaned.is_none()
                    && (html.contains("id=")
                        || html.contains("href=")
                        || html.contains("src=")
                        || html.contains("<!--")
                        || html_comment_open) =>
            {
                collect_html_ids(&html, &mut out.anchors);
                let rewritten = html_links(
                    &html,
                    range.start,
                    &mut out,
                    &lines,
                    links,
                    &mut html_comment_open,
                );
                Event::Html(rewritten.map_or(html, CowStr::from))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // pulldown-cmark gives each footnote definition its label as id.
                out.anchors.push(label.to_string());
                Event::Start(Tag::FootnoteDefinition(label))
            }
            other => other,
        };
        if let Event::Text(t) | Event::Code(t) = &event {
            match heading.as_mut() {
                Some(h) => {
                    h.text.push_str(t);
                    // Ids are made from the text as written: GitHub does not turn `--` into a
                    // dash, so `## --latency` is `#--latency` there.
                    let typographic = t.contains(['–', '—', '‘', '’', '“', '”', '…']);
                    match body.get(range.clone()) {
                        Some(source) if typographic && matches!(event, Event::Text(_)) => {
                            h.slug_text.push_str(source)
                        }
                        _ => h.slug_text.push_str(t),
                    }
                }
                None => {
                    out.push_text(t, ' ');
                }
            }
        }
        if heading.is_none() {
            first_step.observe(&event);
        }
        match heading.as_mut() {
            Some(h) => h.events.push(event),
            None => events.push(event),
        }
        if events.len() > MAX_ELEMENTS {
            out.too_large = true;
            return out;
        }
    }
    out.first_step = first_step.take();
    out.html
        .reserve((body.len() * 3 / 2).min(settings.max_html));
    let events = tasks::mark(events);
    // Writing stops at the page's bound: a reference link to a long address, used over and
    // over, would otherwise turn a small page into hundreds of megabytes.
    let mut bounded = BoundedHtml {
        html: &mut out.html,
        max: settings.max_html,
    };
    if pulldown_cmark::html::write_html_fmt(&mut bounded, events.into_iter()).is_err() {
        out.too_large = true;
        return out;
    }
    if let Some(cleaned) = &cleaned {
        out.html.push_str(&cleaned.closing);
    }
    // Raw HTML passes through as written, and a code block showing the marker is escaped, so
    // only a real marker line is found. Without one, the form goes before the first heading.
    out.form_at = out
        .html
        .find(FORM_MARKER)
        .or_else(|| out.headings.iter().find_map(|h| heading_at(&out.html, h)));
    // The page is kept for the whole build: none of the room its text grew into stays with it
    // (a third of the site model at 100,000 pages).
    out.html.shrink_to_fit();
    for section in &mut out.sections {
        section.text.shrink_to_fit();
    }
    out.sections.shrink_to_fit();
    out.links.shrink_to_fit();
    out.headings.shrink_to_fit();
    out.anchors.shrink_to_fit();
    out
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
    for (event, range) in raw_html_blocks_whole(Parser::new_ext(body, options()).into_offset_iter())
    {
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

/// The next cleaned piece; the two passes read the same events, so one is always there.
fn take_piece(cleaned: &mut raw_html::Cleaned, next: &mut usize) -> String {
    let piece = cleaned.pieces.get_mut(*next).map(std::mem::take);
    *next += 1;
    piece.unwrap_or_default()
}

/// The parser's events with each raw HTML block as one `Html` event (it gives one per line):
/// a block is cleaned as a whole, so that a table's rows stay in their table.
fn raw_html_blocks_whole<'a>(
    events: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)> {
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

/// Where heading `h` starts in the page's HTML, the anchor kept in front of it included
/// (`HeadingBuffer::to_html` writes both).
fn heading_at(html: &str, h: &Heading) -> Option<usize> {
    let at = html.find(&format!("<h{} id=\"{}\"", h.level, escape(&h.id)))?;
    let alias = "class=\"anchor-alias\"></span>";
    Some(match html[..at].strip_suffix(alias) {
        Some(before) => before.rfind("<span").unwrap_or(at),
        None => at,
    })
}

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

fn capture_link<'a>(
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

/// Links in raw HTML (`<a href="x.md">`, `<img src="y.png">`) are captured and rewritten like
/// Markdown's, since pages moved from GitHub or MkDocs use them for images with a size, or
/// links that open elsewhere. `None` when nothing changed.
fn html_links(
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
        let value_at = found + name.len();
        let (start, end) = match html[value_at..].chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let Some(len) = html[value_at + 1..].find(quote) else {
                    continue;
                };
                (value_at + 1, value_at + 1 + len)
            }
            Some(_) => {
                let len = html[value_at..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(html.len() - value_at);
                (value_at, value_at + len)
            }
            None => continue,
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

struct HeadingBuffer<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    events: Vec<Event<'a>>,
    text: String,
    /// The text as written in the source, for the id.
    slug_text: String,
    first_heading: bool,
}

impl HeadingBuffer<'_> {
    /// The heading, with a "#" link to itself when `anchor_link`.
    fn to_html(&self, id: &str, alias: Option<&str>, anchor_link: bool) -> String {
        let tag = self.level;
        let mut html = alias.map_or_else(String::new, |a| {
            format!("<span id=\"{}\" class=\"anchor-alias\"></span>", escape(a))
        });
        html.push_str(&format!("<{tag} id=\"{}\"", escape(id)));
        if !self.classes.is_empty() {
            html.push_str(&format!(" class=\"{}\"", escape(&self.classes.join(" "))));
        }
        for (name, value) in &self.attrs {
            html.push_str(&format!(
                " {}=\"{}\"",
                escape(name),
                escape(value.as_deref().unwrap_or(""))
            ));
        }
        html.push('>');
        pulldown_cmark::html::push_html(&mut html, self.events.iter().cloned());
        if anchor_link {
            html.push_str(&format!(
                "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a>",
                escape(id)
            ));
        }
        html.push_str(&format!("</{tag}>\n"));
        html
    }
}

/// The block's HTML, and why it is not highlighted when it was too long or slow for that.
/// A fenced or indented block: highlighted with a copy button, or `for_print` plain without.
fn code_block(
    code: &str,
    language: &str,
    for_print: bool,
    budget: &mut highlight::Budget,
) -> (String, Option<String>) {
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(language))
    };
    if for_print {
        let plain = variables::highlight_with_placeholders(code, |code| {
            highlight::Highlighted::plain(code, None)
        });
        let html = format!(
            "<div class=\"code-block\"><pre><code{class}>{}</code></pre></div>\n",
            plain.html
        );
        return (html, None);
    }
    let highlighted =
        variables::highlight_with_placeholders(code, |code| highlight(code, language, budget));
    (
        format!(
            "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden>Copy</button><pre><code{class}>{}</code></pre></div>\n",
            highlighted.html
        ),
        highlighted.plain_because,
    )
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

/// The attributes `{...}` after a heading may set: `data-*` only (ids and classes have their
/// own syntax). Anything else (`onclick`, `style`, `href`) could run code or restyle the page;
/// it is left out with a note.
fn safe_attributes(
    attrs: Vec<(CowStr, Option<CowStr>)>,
    out: &mut Rendered,
    (line, column): (usize, usize),
) -> Vec<(String, Option<String>)> {
    let mut kept = Vec::new();
    for (name, value) in attrs {
        let name = name.to_string();
        let valid = name.len() > 5
            && name.starts_with("data-")
            && name[5..]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            kept.push((name, value.map(|v| v.to_string())));
        } else {
            out.notes.push(RenderNote {
                line,
                column,
                code: "unsafe-attribute",
                message: format!("heading attribute '{}' is left out", escape(&name)),
                hint: "after a heading, {#id .class data-name=value} are allowed",
            });
        }
    }
    kept
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

/// `id="..."` and `id='...'` values in raw HTML, so links to hand-made anchors check out.
fn collect_html_ids(html: &str, anchors: &mut Vec<String>) {
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

/// Byte offset to line and column, by binary search over line starts.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, offset - start + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &KeepLinks).html
    }

    #[test]
    fn headings_get_ids_and_anchor_links() {
        let out = render("## First ten minutes\n\n## First ten minutes\n", &KeepLinks);
        assert!(out.html.contains("<h2 id=\"first-ten-minutes\">First ten minutes<a class=\"anchor\" href=\"#first-ten-minutes\""), "{}", out.html);
        assert!(out.html.contains("id=\"first-ten-minutes-1\""));
        assert_eq!(out.headings.len(), 2);
    }

    #[test]
    fn explicit_heading_id_and_class_are_kept() {
        let out = html("## Escalate now {#escalate .quick}\n");
        assert!(
            out.contains("<h2 id=\"escalate\" class=\"quick\">Escalate now<a"),
            "{out}"
        );
    }

    #[test]
    fn the_first_h1_is_the_title_wherever_it_is_and_keeps_its_anchor() {
        let out = render("# Disk full\n\nText", &KeepLinks);
        assert_eq!(out.title.as_deref(), Some("Disk full"));
        assert!(!out.html.contains("<h1"), "{}", out.html);
        assert!(
            out.html
                .contains("<span id=\"disk-full\" class=\"title-anchor\">")
        );
        assert!(out.anchors.contains(&"disk-full".to_string()));
        // After a comment, badges and a table-of-contents marker.
        let out = render(
            "<!-- generated -->\n\n[![build](b.svg)](ci)\n\n[[_TOC_]]\n\n# Runbook: disk\n\n## Steps\n",
            &KeepLinks,
        );
        assert_eq!(out.title.as_deref(), Some("Runbook: disk"));
        assert!(
            !out.html.contains("<h1") && !out.html.contains("_TOC_"),
            "{}",
            out.html
        );
        // An H1 after another heading is a heading of the page.
        let out = render("## Intro\n\n# Later heading\n", &KeepLinks);
        assert_eq!(out.title, None);
        assert!(out.html.contains("<h1 id=\"later-heading\""));
    }

    #[test]
    fn gitlab_and_mkdocs_anchor_forms_find_the_heading() {
        let out = render("## Diagnosis & containment\n\n## --latency\n", &KeepLinks);
        for id in [
            "diagnosis--containment",
            "diagnosis-containment",
            "--latency",
            "latency",
        ] {
            assert!(
                out.anchors.contains(&id.to_string()),
                "{id}: {:?}",
                out.anchors
            );
        }
    }

    #[test]
    fn github_alerts_become_callouts() {
        let out = html("> [!WARNING]\n> Do not delete the bucket.\n");
        assert!(out.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{out}");
        assert!(out.contains("Do not delete the bucket."));
        assert!(!out.contains("[!WARNING]"));
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

    #[test]
    fn code_blocks_are_highlighted_with_a_copy_button() {
        let out = html("```bash\necho hi\n```\n\n```nosuchlang\n<x>\n```\n");
        assert!(
            out.contains("<button type=\"button\" class=\"copy-code\""),
            "{out}"
        );
        assert!(out.contains("class=\"language-bash\""));
        assert!(out.contains("hl-"));
        assert!(out.contains("&lt;x&gt;"));
    }

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
