//! Front matter keys that other documentation tools define (MkDocs and Material, Hugo and its
//! themes, Jekyll and Just the Docs, Docusaurus, Zola), so that pages written for them build
//! here as they are. A few mean something here and are mapped onto our fields; the rest are
//! kept, untouched, for templates under `page.extra`.

/// What a foreign key becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// The page's title in the navigation (Hugo `linkTitle`, Docusaurus `sidebar_label`).
    NavTitle,
    /// Order within the section (Docusaurus `sidebar_position`, Just the Docs `nav_order`).
    Weight,
    /// Jekyll's `published: false` is our `draft = true`.
    Published,
    /// Hugo's taxonomies that are lists of labels: added to `tags`.
    Tags,
    /// Kept for templates as `page.extra.<key>`.
    Kept,
}

/// The keys, by the tool that defines them. `date`/`lastmod` are kept, not mapped to
/// `last_reviewed`: a file changed for a typo is not a runbook checked against reality.
const KEYS: &[(&str, Foreign)] = &[
    // Hugo (and Hugo Book, Docsy, Geekdoc, Relearn themes)
    ("linkTitle", Foreign::NavTitle),
    ("date", Foreign::Kept),
    ("lastmod", Foreign::Kept),
    ("publishDate", Foreign::Kept),
    ("expiryDate", Foreign::Kept),
    ("slug", Foreign::Kept),
    ("url", Foreign::Kept),
    ("type", Foreign::Kept),
    ("layout", Foreign::Kept),
    ("menu", Foreign::Kept),
    ("categories", Foreign::Tags),
    ("keywords", Foreign::Kept),
    ("summary", Foreign::Kept),
    ("author", Foreign::Kept),
    ("authors", Foreign::Kept),
    ("images", Foreign::Kept),
    ("series", Foreign::Kept),
    ("headless", Foreign::Kept),
    ("cascade", Foreign::Kept),
    ("outputs", Foreign::Kept),
    ("markup", Foreign::Kept),
    ("sitemap", Foreign::Kept),
    ("build", Foreign::Kept),
    ("resources", Foreign::Kept),
    ("translationKey", Foreign::Kept),
    ("isCJKLanguage", Foreign::Kept),
    ("toc", Foreign::Kept),
    ("bookHidden", Foreign::Kept),
    ("bookCollapseSection", Foreign::Kept),
    ("bookFlatSection", Foreign::Kept),
    ("bookToc", Foreign::Kept),
    ("bookComments", Foreign::Kept),
    ("bookSearchExclude", Foreign::Kept),
    ("geekdocHidden", Foreign::Kept),
    ("geekdocCollapseSection", Foreign::Kept),
    ("pre", Foreign::Kept),
    ("chapter", Foreign::Kept),
    ("linktitle", Foreign::NavTitle),
    // MkDocs and Material for MkDocs (`hide` is ours too)
    ("search", Foreign::Kept),
    ("template", Foreign::Kept),
    ("status", Foreign::Kept),
    ("icon", Foreign::Kept),
    ("subtitle", Foreign::Kept),
    ("cover", Foreign::Kept),
    ("hero", Foreign::Kept),
    ("social", Foreign::Kept),
    ("comments", Foreign::Kept),
    // Jekyll, Just the Docs
    ("permalink", Foreign::Kept),
    ("published", Foreign::Published),
    ("excerpt", Foreign::Kept),
    ("nav_order", Foreign::Weight),
    ("parent", Foreign::Kept),
    ("grand_parent", Foreign::Kept),
    ("has_children", Foreign::Kept),
    ("nav_exclude", Foreign::Kept),
    ("has_toc", Foreign::Kept),
    // Docusaurus
    ("id", Foreign::Kept),
    ("sidebar_position", Foreign::Weight),
    ("sidebar_label", Foreign::NavTitle),
    ("sidebar_class_name", Foreign::Kept),
    ("hide_title", Foreign::Kept),
    ("hide_table_of_contents", Foreign::Kept),
    ("pagination_label", Foreign::Kept),
    ("image", Foreign::Kept),
    ("last_update", Foreign::Kept),
    // Zola
    ("taxonomies", Foreign::Kept),
    ("updated", Foreign::Kept),
    ("path", Foreign::Kept),
    ("in_search_index", Foreign::Kept),
    ("render", Foreign::Kept),
    ("insert_anchor_links", Foreign::Kept),
    ("sort_by", Foreign::Kept),
    ("paginate_by", Foreign::Kept),
];

/// What `key` means here, when another tool defines it.
pub fn foreign(key: &str) -> Option<Foreign> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f)
}
