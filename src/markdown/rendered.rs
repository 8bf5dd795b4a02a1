//! What rendering a page returns: its HTML and what was found on the way (headings, links with
//! their positions, anchors, plain text for search, notes and errors for the author). Plain
//! data; the renderer fills it in.

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
    pub(super) too_large: bool,
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
    pub(super) fn push_text(&mut self, text: &str, separator: char) {
        if self.sections.is_empty() {
            self.sections.push(TextSection::default());
        }
        if let Some(section) = self.sections.last_mut() {
            section.text.push_str(text);
            section.text.push(separator);
        }
    }
}
