//! One page's part of the search index: its terms with their counts per field and the section
//! where each weighs most, and its sections as the browser keeps them. Worked out for each page
//! on its own, so that pages are gathered side by side; the index then numbers the terms.

use rustc_hash::FxHashMap as HashMap;

use super::language::Stemming;
use super::scoring::{Counts, FIELDS, Field, Lengths};
use super::{generated, text};
use crate::site::{PageId, Site};

/// Text kept per section for snippets and phrase checks.
pub const SECTION_TEXT: usize = 800;

/// A document's sections as the browser keeps them: [anchor, heading, text].
pub type Sections = Vec<(Option<String>, String, String)>;

/// One term of one document.
pub struct DocumentTerm {
    pub term: String,
    /// The first form it was written in here, folded (for "did you mean").
    pub written: String,
    /// The section where it weighs most: results link to it.
    pub section: u32,
    pub counts: Counts,
}

/// What one page gives the index.
pub struct Gathered {
    pub terms: Vec<DocumentTerm>,
    pub lengths: Lengths,
    pub sections: Sections,
    /// Its words' stems where the browser cannot work them out (folded word → stem), sorted:
    /// empty for English and for languages without a stemmer.
    pub forms: Vec<(String, String)>,
}

/// Gathers one document's terms: counts per field and the weight per section.
struct DocumentTerms {
    ids: HashMap<String, u32>,
    terms: Vec<DocumentTerm>,
    by_section: HashMap<(u32, u32), u32>,
    lengths: Lengths,
    stemming: Stemming,
    forms: Vec<(String, String)>,
}

impl DocumentTerms {
    fn new(stemming: Stemming) -> DocumentTerms {
        DocumentTerms {
            ids: HashMap::default(),
            terms: Vec::new(),
            by_section: HashMap::default(),
            lengths: Lengths::default(),
            stemming,
            forms: Vec::new(),
        }
    }

    fn add(&mut self, text: &str, field: Field, section: u32) {
        const SECTION_WEIGHT: [u32; FIELDS] = [8, 4, 4, 2, 1];
        for token in text::tokens(text) {
            self.forms.extend(text::forms(token, self.stemming));
            for term in text::terms_in(token, self.stemming) {
                let halves = if term.is_part { 1 } else { 2 };
                let id = match self.ids.get(&term.text) {
                    Some(&id) => id,
                    None => {
                        let id = self.terms.len() as u32;
                        self.ids.insert(term.text.clone(), id);
                        self.terms.push(DocumentTerm {
                            term: term.text,
                            written: text::fold(token),
                            section: 0,
                            counts: Counts::default(),
                        });
                        id
                    }
                };
                let counts = &mut self.terms[id as usize].counts;
                counts[field as usize] = counts[field as usize].saturating_add(halves);
                self.lengths[field as usize] += u32::from(halves);
                *self.by_section.entry((id, section)).or_default() +=
                    SECTION_WEIGHT[field as usize] * u32::from(halves);
            }
        }
    }

    fn finish(mut self, sections: Sections) -> Gathered {
        let mut best: HashMap<u32, (u32, u32)> = HashMap::default();
        for ((id, section), weight) in self.by_section {
            let entry = best.entry(id).or_insert((section, weight));
            if weight > entry.1 || (weight == entry.1 && section < entry.0) {
                *entry = (section, weight);
            }
        }
        for (id, term) in self.terms.iter_mut().enumerate() {
            term.section = best.get(&(id as u32)).map_or(0, |b| b.0);
        }
        self.forms.sort_unstable();
        self.forms.dedup_by(|a, b| a.0 == b.0);
        Gathered {
            terms: self.terms,
            lengths: self.lengths,
            sections,
            forms: self.forms,
        }
    }
}

/// Everything page `id` says, for the index: title, description, names, a template's fields,
/// and its sections (the Markdown's, or what a generated page shows), its words stemmed as
/// `stemming` says.
pub fn gather(site: &Site, id: PageId, stemming: Stemming) -> Gathered {
    let page = &site.pages[id];
    let front = page.front();
    let mut found = DocumentTerms::new(stemming);
    found.add(&page.title, Field::Title, 0);
    if let Some(description) = &front.description {
        found.add(description, Field::Description, 0);
    }
    for name in front
        .alerts
        .iter()
        .chain(&front.tags)
        .chain(&front.services)
        .chain(&front.regions)
        .chain(&front.aliases)
    {
        found.add(name, Field::Names, 0);
    }
    let (labels, help) = generated::field_text(page);
    found.add(&labels, Field::Heading, 0);
    found.add(&help, Field::Body, 0);
    let sections = document_sections(site, id, &mut found);
    found.finish(sections)
}

fn document_sections(site: &Site, id: PageId, found: &mut DocumentTerms) -> Sections {
    let page = &site.pages[id];
    let mut sections = vec![(None, page.title.clone(), String::new())];
    let mut add_section = |anchor: Option<&str>, heading: &str, body: &str| {
        let index = match anchor {
            None => 0,
            Some(anchor) => {
                sections.push((Some(anchor.to_string()), heading.to_string(), String::new()));
                let index = (sections.len() - 1) as u32;
                found.add(heading, Field::Heading, index);
                index
            }
        };
        found.add(body, Field::Body, index);
        let kept = &mut sections[index as usize].2;
        kept.push_str(truncate(
            body.trim(),
            SECTION_TEXT.saturating_sub(kept.len()),
        ));
    };
    for section in &page.rendered.sections {
        add_section(section.anchor.as_deref(), &section.heading, &section.text);
    }
    if let Some(what) = &page.generated {
        for section in generated::sections(site, what) {
            add_section(section.anchor.as_deref(), &section.heading, &section.text);
        }
    }
    sections
}

/// At most `max` bytes of `text`, cut at a character boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
