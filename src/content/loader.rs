//! Walks `content/` and reads every page in parallel. Collects every problem instead of
//! stopping at the first.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use rayon::prelude::*;

use super::{Asset, Content, SourcePage};
use super::{front_matter, tree};
use crate::diagnostic::{self, Diagnostic};

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub drafts: bool,
    /// Page files bigger than this are not read (an error says so).
    pub max_page_bytes: u64,
    /// The site's root: files pages include are read from inside it only.
    pub root: std::path::PathBuf,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            drafts: false,
            max_page_bytes: 10 * 1024 * 1024,
            root: std::path::PathBuf::from("."),
        }
    }
}

/// Reads the content folder `dir`; `display_dir` is how diagnostics name it (`content`, or
/// `my-site/content`). Pages of `previous` whose file has not changed (same modification time
/// and size) are reused rather than read and parsed again.
pub fn load(
    dir: &Path,
    display_dir: &Path,
    options: &LoadOptions,
    previous: &[Arc<SourcePage>],
) -> Content {
    let site_root = dir.parent().unwrap_or(Path::new("."));
    let listing = tree::list(dir, display_dir, site_root);
    load_listed(dir, display_dir, options, previous, &listing)
}

/// `load`, from the files of `listing` (a walk of `dir`, or one updated from a watcher's news).
pub fn load_listed(
    dir: &Path,
    display_dir: &Path,
    options: &LoadOptions,
    previous: &[Arc<SourcePage>],
    listing: &tree::Listing,
) -> Content {
    let mut content = Content::default();
    if !dir.is_dir() {
        content.diagnostics.push(
            Diagnostic::error(display_dir, 0, 0, "the content folder does not exist")
                .with_hint("point at the folder that holds the pages with --content DIR (content_dir in dontpanic.toml), create it, or run `dontpanic init` to start a new site"),
        );
        return content;
    }
    content.diagnostics.extend(listing.problems.iter().cloned());
    // Borrowed from the listing: a preview rebuild reads one or two of ten thousand files, and
    // copying every name to look them up cost more than that.
    let mut page_files = Vec::new();
    for file in &listing.files {
        if file.rel_path.ends_with(".md") {
            let stamp = file
                .metadata
                .as_ref()
                .map(|m| (m.modified().unwrap_or(UNIX_EPOCH), m.len()));
            page_files.push((file.path.as_path(), &file.rel_path, stamp));
        } else {
            content.assets.push(Asset {
                source: file.path.clone(),
                rel_path: file.rel_path.clone(),
            });
        }
    }

    let previous: HashMap<&str, &Arc<SourcePage>> =
        previous.iter().map(|p| (p.rel_path.as_str(), p)).collect();
    let load_one =
        |path: &Path, rel: &str, stamp: &Option<(std::time::SystemTime, u64)>| match previous
            .get(rel)
        {
            Some(page) if stamp.is_some() && page.stamp == *stamp && !page.includes_files => {
                Ok(Arc::clone(page))
            }
            _ => {
                let shown = display_path(dir, display_dir, path);
                if let Some(size) = stamp.map(|(_, size)| size)
                    && size > options.max_page_bytes
                {
                    return Err(vec![too_big(&shown, size, options.max_page_bytes)]);
                }
                read_page(path, rel, &shown).map(|mut page| {
                    page.stamp = *stamp;
                    let budget =
                        super::includes::Budget::new(options.max_page_bytes, page.body.len());
                    let place = super::includes::Place {
                        budget: &budget,
                        root: &options.root,
                        content: dir,
                        folder: path.parent().unwrap_or(dir),
                    };
                    if let Some((body, problems)) =
                        super::includes::expand(&page.body, &place, &shown, page.body_line_offset)
                    {
                        page.body = body;
                        page.warnings.extend(problems);
                        page.includes_files = true;
                    }
                    Arc::new(page)
                })
            }
        };
    let results: Vec<(&String, PageResult)> = page_files
        .par_iter()
        .map(|&(path, rel, ref stamp)| (rel, load_one(path, rel, stamp)))
        .collect();
    for (rel, result) in results {
        match result {
            Ok(page) if page.front.draft && !options.drafts => {
                content.drafts.push(page.rel_path.clone())
            }
            Ok(page) => {
                content.diagnostics.extend(page.warnings.iter().cloned());
                if !page.is_section && page.front.title.is_none() && page.body.trim().is_empty() {
                    content.diagnostics.push(
                        Diagnostic::warning(
                            &page.display_path,
                            1,
                            1,
                            "the page is empty: it has no title and no text",
                        )
                        .with_hint("write a '# Title' and some text, or delete the file")
                        .with_code("empty-page"),
                    );
                }
                content.pages.push(page)
            }
            Err(mut diagnostics) => {
                content.diagnostics.append(&mut diagnostics);
                content.unparsed.push(rel.clone());
            }
        }
    }
    check_one_section_page_per_folder(&mut content);
    content
}

/// A page read and parsed, or everything wrong with it.
type PageResult = Result<Arc<SourcePage>, Vec<Diagnostic>>;

fn too_big(display: &Path, size: u64, limit: u64) -> Diagnostic {
    let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    Diagnostic::error(
        display,
        0,
        0,
        format!(
            "the page is {:.1} MB, more than the limit of {:.0} MB",
            mb(size),
            mb(limit)
        ),
    )
    .with_hint("split it into several pages, or raise [limits] page_size_mb in dontpanic.toml")
    .with_code("page-too-big")
}

fn read_page(path: &Path, rel_path: &str, display: &Path) -> Result<SourcePage, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            display,
            0,
            0,
            format!("cannot read: {e}"),
        )]
    })?;
    let text = decode(display, bytes).map_err(|d| vec![d])?;
    parse_page(rel_path, display, &text)
}

/// Builds a page from its text; pure, so tests feed strings.
pub fn parse_page(
    rel_path: &str,
    display: &Path,
    text: &str,
) -> Result<SourcePage, Vec<Diagnostic>> {
    let split = front_matter::split(display, text)?;
    Ok(SourcePage {
        rel_path: rel_path.to_string(),
        display_path: display.to_path_buf(),
        front_source: split.front_source.to_string(),
        front_positions: split.positions,
        body: split.body.to_string(),
        body_line_offset: split.body_line_offset,
        front: split.front,
        is_section: super::is_section_file(rel_path),
        warnings: split.warnings,
        includes_files: false,
        stamp: None,
        language: crate::languages::DEFAULT,
        fallback: false,
        written_as: None,
    })
}

/// UTF-8 text with any byte-order mark dropped and CRLF turned into LF (line numbers stay right).
pub fn decode(display: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if looks_like_utf16(&bytes) {
        return Err(Diagnostic::error(
            display,
            0,
            0,
            "the file is UTF-16 text, which is not supported",
        )
        .with_hint(
            "save it as UTF-8 (most editors have an 'encoding' or 'save with encoding' option)",
        )
        .with_code("encoding"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let (line, column) = diagnostic::line_col(valid, at);
        Diagnostic::error(display, line, column, "the file is not valid UTF-8 text").with_hint(
            "save it as UTF-8 (most editors have an 'encoding' or 'save with encoding' option)",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}

/// UTF-16 (as some Windows editors save): a byte-order mark, or every other byte zero in the
/// first line of ASCII text.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(200)];
    head.len() >= 4 && {
        let zeros = head.iter().filter(|&&b| b == 0).count();
        zeros * 3 >= head.len()
    }
}

/// A folder may have one section page; with two, which one wins would be a surprise.
fn check_one_section_page_per_folder(content: &mut Content) {
    let mut by_folder: std::collections::BTreeMap<&str, Vec<&SourcePage>> = Default::default();
    for page in content.pages.iter().filter(|p| p.is_section) {
        by_folder.entry(page.folder()).or_default().push(page);
    }
    let mut problems = Vec::new();
    for (folder, pages) in by_folder.into_iter().filter(|(_, p)| p.len() > 1) {
        let names: Vec<&str> = pages
            .iter()
            .map(|p| p.rel_path.rsplit('/').next().unwrap_or(""))
            .collect();
        let shown = if folder.is_empty() {
            "the content folder"
        } else {
            folder
        };
        for page in &pages[1..] {
            problems.push(
                Diagnostic::error(
                    &page.display_path,
                    1,
                    1,
                    format!(
                        "{shown} has more than one section page ({})",
                        names.join(", ")
                    ),
                )
                .with_hint(format!(
                    "keep {} as the section page and rename or merge the others",
                    names[0]
                )),
            );
        }
    }
    content.diagnostics.extend(problems);
}

fn display_path(dir: &Path, display_dir: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(dir)
        .map_or(path.to_path_buf(), |rel| display_dir.join(rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(
            Path::new("a.md"),
            b"\xef\xbb\xbf+++\r\ntitle = \"x\"\r\n+++\r\nbody\r\n".to_vec(),
        )
        .unwrap();
        assert_eq!(text, "+++\ntitle = \"x\"\n+++\nbody\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let e = decode(Path::new("a.md"), b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 5));
        assert!(e.message.contains("not valid UTF-8"));
    }

    #[test]
    fn section_files_are_recognised() {
        for name in ["_index.md", "index.md", "README.md"] {
            let page = parse_page(&format!("runbooks/{name}"), Path::new("x"), "text").unwrap();
            assert!(page.is_section, "{name}");
            assert_eq!(page.folder(), "runbooks");
        }
        assert!(
            !parse_page("runbooks/disk.md", Path::new("x"), "")
                .unwrap()
                .is_section
        );
    }
}
