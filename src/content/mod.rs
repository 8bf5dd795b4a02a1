//! The content folder: walking it, reading each page's front matter, telling section pages from
//! ordinary pages, and listing the other files (images, attachments) that ship beside them.
//! Knows nothing of HTML. The only module that reads `content/`.

mod foreign_keys;
pub mod front_matter;
mod include_rules;
pub mod includes;
pub mod languages;
mod loader;
pub mod outline;
pub mod tree;

use std::path::PathBuf;

pub use front_matter::{Date, Field, FrontMatter, Kind, Period};
pub use loader::{LoadOptions, decode as decode_text, load, load_listed, parse_page};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::positions::{Position, Positions};

/// File names that make a page the section page of its folder, strongest first.
pub const SECTION_FILES: [&str; 3] = ["_index.md", "index.md", "README.md"];

/// Whether the file at `rel_path` is the page of its folder (by its name, `SECTION_FILES`).
pub fn is_section_file(rel_path: &str) -> bool {
    let file_name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    SECTION_FILES.contains(&file_name)
}

/// One Markdown file, read and split.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Path relative to the content folder, with `/` separators: `runbooks/disk-full.md`.
    pub rel_path: String,
    /// The path to print in diagnostics: `content/runbooks/disk-full.md`.
    pub display_path: PathBuf,
    pub front: FrontMatter,
    /// The front matter as written (scanned for secrets like the body).
    pub front_source: String,
    /// Where each front matter key and list item is written, in lines of the file, as the
    /// parser read it: for diagnostics about a field found after parsing.
    pub front_positions: Positions,
    pub body: String,
    /// Lines of the file before the body (front matter and its delimiters).
    pub body_line_offset: usize,
    /// True for `_index.md`, `index.md` or `README.md`: the page of its folder.
    pub is_section: bool,
    /// Problems in the page that do not stop the build (unknown front matter keys), reported on
    /// every load, also when the page is reused from the cache.
    pub warnings: Vec<Diagnostic>,
    /// The body pastes in other files (MkDocs snippets, mdBook includes): the page is read
    /// again on every load, since those files may have changed.
    pub includes_files: bool,
    /// Modification time and size of the file when it was read, to notice that it changed.
    pub stamp: Option<(std::time::SystemTime, u64)>,
    /// The page's language in a site of several (`languages`); the default language's 0.
    pub language: crate::languages::LanguageId,
    /// A page of the default language shown under another language's address, because that
    /// language has no translation of it yet.
    pub fallback: bool,
    /// Where the file is in the content folder when the page was moved to its language's place
    /// (`playbooks/lockout.zh.md`, now `zh/playbooks/lockout.md`): what an edit link opens.
    pub written_as: Option<String>,
}

impl SourcePage {
    /// The file's path in the content folder, as written.
    pub fn file_path(&self) -> &str {
        self.written_as.as_deref().unwrap_or(&self.rel_path)
    }
}

impl SourcePage {
    /// The folder this page belongs to (for a section page, the folder it stands for), `""` at
    /// the top.
    pub fn folder(&self) -> &str {
        self.rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Where front matter field `key` is written; the top of the file (its opening delimiter)
    /// for a field the page does not write.
    pub fn field_position(&self, key: &str) -> Position {
        self.front_positions
            .key(&[key])
            .unwrap_or(Position { line: 1, column: 1 })
    }

    /// The line of the item of list field `key` that is `value` (a list written over several
    /// lines has one item a line); the field's line when the list does not hold it.
    pub fn item_line(&self, key: &str, list: &[String], value: &str) -> usize {
        list.iter()
            .position(|item| item == value)
            .and_then(|index| self.front_positions.value(&[key, &index.to_string()]))
            .map_or_else(|| self.field_position(key).line, |at| at.line)
    }

    pub fn file_stem(&self) -> &str {
        let name = self.rel_path.rsplit('/').next().unwrap_or(&self.rel_path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// A file that is not a page, copied to the output at the same relative path.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub rel_path: String,
}

/// Everything `load` found in the content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<std::sync::Arc<SourcePage>>,
    pub assets: Vec<Asset>,
    /// Pages left out because they are drafts, so that links to them get a clear message.
    pub drafts: Vec<String>,
    /// Pages that could not be read or parsed (their errors are among the diagnostics): links
    /// to them are not reported as well.
    pub unparsed: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
pub mod loader_for_tests {
    /// A page with no front matter at `rel_path`, for model tests.
    pub fn page(rel_path: &str) -> super::SourcePage {
        let display = std::path::Path::new("content").join(rel_path);
        super::loader::parse_page(rel_path, &display, "").expect("empty page parses")
    }
}
