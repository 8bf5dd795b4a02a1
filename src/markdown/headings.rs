//! Headings: each buffered while its text is read, then given a unique id (GitHub's slug, with
//! GitLab's and MkDocs' form kept as an alias), a "#" link to itself, and an entry in the
//! page's headings, anchors and search sections. The first `# Heading` becomes the page's
//! title instead. Also where a heading lands in the finished HTML (for a template's form).

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use super::slug::{self, UniqueIds, slugify};
use super::{Heading, RenderNote, Rendered, TextSection};
use crate::html::escape;

/// The headings of one page as they are read.
pub struct Headings<'a> {
    ids: UniqueIds,
    /// Put before every id (the binder's, so that pages put together keep distinct ids).
    id_prefix: &'a str,
    /// Whether headings get a "#" link to themselves (not on paper).
    anchor_links: bool,
    seen_heading: bool,
    open: Option<HeadingBuffer<'a>>,
}

/// What a heading attribute list `{#id .class data-x=y}` gave, as the parser hands it.
pub struct Written<'a> {
    pub level: HeadingLevel,
    pub id: Option<CowStr<'a>>,
    pub classes: Vec<CowStr<'a>>,
    pub attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
}

impl<'a> Headings<'a> {
    pub fn new(id_prefix: &'a str, anchor_links: bool) -> Self {
        Headings {
            ids: UniqueIds::default(),
            id_prefix,
            anchor_links,
            seen_heading: false,
            open: None,
        }
    }

    /// Whether a heading is being read: its events and text go to it, not to the page.
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Starts buffering the heading written at `at` (line, column).
    pub fn open(&mut self, written: Written, out: &mut Rendered, at: (usize, usize)) {
        // The first H1 is the page's title when no heading came before it, whatever
        // precedes it (badges, comments, a table-of-contents marker).
        let first_heading = !self.seen_heading;
        self.seen_heading = true;
        let attrs = safe_attributes(written.attrs, out, at);
        self.open = Some(HeadingBuffer {
            level: written.level,
            id: written.id.map(|i| i.to_string()),
            classes: written.classes.iter().map(|c| c.to_string()).collect(),
            attrs,
            events: Vec::new(),
            text: String::new(),
            slug_text: String::new(),
            first_heading,
        });
    }

    /// Adds `text` to the open heading; `source` is the text as written, which the id is made
    /// from when smart punctuation changed it.
    pub fn push_text(&mut self, text: &str, source: Option<&str>) {
        let Some(h) = self.open.as_mut() else { return };
        h.text.push_str(text);
        // Ids are made from the text as written: GitHub does not turn `--` into a dash, so
        // `## --latency` is `#--latency` there.
        let typographic = text.contains(['–', '—', '‘', '’', '“', '”', '…']);
        match source {
            Some(source) if typographic => h.slug_text.push_str(source),
            _ => h.slug_text.push_str(text),
        }
    }

    /// Adds an event inside the open heading; `Err` gives it back when none is open.
    pub fn push_event(&mut self, event: Event<'a>) -> Result<(), Event<'a>> {
        match self.open.as_mut() {
            Some(h) => {
                h.events.push(event);
                Ok(())
            }
            None => Err(event),
        }
    }

    /// Ends the open heading: records it in `out` and returns its HTML (only an anchor when it
    /// is the page's title). `None` when no heading was open.
    pub fn close(&mut self, out: &mut Rendered) -> Option<String> {
        let h = self.open.take()?;
        let text = h.text.trim().to_string();
        let is_title = h.level == HeadingLevel::H1 && h.first_heading && out.title.is_none();
        let wanted = h.id.clone().unwrap_or_else(|| slugify(&h.slug_text));
        if is_title {
            // One visible title per page (the front matter's, or this one), but links
            // written against this heading's id still land at the top.
            let id = format!("{}{}", self.id_prefix, self.ids.claim(&wanted));
            let html = format!(
                "<span id=\"{}\" class=\"title-anchor\"></span>\n",
                escape(&id)
            );
            out.anchors.push(id);
            out.title = Some(text);
            return Some(html);
        }
        let id = self.ids.claim(&wanted);
        let id = if self.id_prefix.is_empty() {
            id
        } else {
            format!("{}{id}", self.id_prefix)
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
            (alias != id && !alias.is_empty() && self.ids.claim_exact(&alias)).then_some(alias);
        let html = h.to_html(&id, alias.as_deref(), self.anchor_links);
        out.anchors.extend(alias);
        out.anchors.push(id.clone());
        out.headings.push(Heading {
            level: h.level as u8,
            id,
            text,
        });
        Some(html)
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

/// Where heading `h` starts in the page's HTML, the anchor kept in front of it included
/// (`HeadingBuffer::to_html` writes both).
pub fn heading_at(html: &str, h: &Heading) -> Option<usize> {
    let at = html.find(&format!("<h{} id=\"{}\"", h.level, escape(&h.id)))?;
    let alias = "class=\"anchor-alias\"></span>";
    Some(match html[..at].strip_suffix(alias) {
        Some(before) => before.rfind("<span").unwrap_or(at),
        None => at,
    })
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

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, render};

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
}
