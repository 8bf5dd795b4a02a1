//! The navigation another tool's config already gives a repository: MkDocs' `nav` in
//! `mkdocs.yml`, or mdBook's `SUMMARY.md`. Where one is found, it decides the order of the pages
//! it lists and their sidebar titles, as it did in the old tool. Pages it does not list follow,
//! ordered as usual. Read in the load stage; the site model applies it.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::foreign::Foreign;
use crate::diagnostic::Diagnostic;

/// mdBook's outline, in the content folder.
pub const SUMMARY: &str = "SUMMARY.md";

/// The order and titles an outline gives, by page path in the content folder as written there
/// (percent-encoded in a `SUMMARY.md` link).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outline {
    /// `guide/install.md` → its place (0 first) and the title the outline shows for it.
    pub pages: HashMap<String, Entry>,
    /// Folder → the title of the outline's section whose pages all sit in that folder.
    pub folders: HashMap<String, String>,
    /// Where the outline came from, as shown in messages: `mkdocs.yml`.
    pub source: String,
    /// The outline is a page of the content folder (`SUMMARY.md`) that is not itself a page.
    pub consumes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub position: usize,
    pub title: Option<String>,
}

/// The outline for the content folder `content_dir` under `root`: the `nav` of the MkDocs
/// config the config stage read (`foreign`), when its `docs_dir` is the content folder, else
/// `SUMMARY.md` in the content folder. An `mkdocs.yml` that does not read is a warning.
pub fn load(
    root: &Path,
    content_dir: &str,
    foreign: Option<&Foreign>,
) -> (Option<Outline>, Vec<Diagnostic>) {
    if let Some(mkdocs) = foreign.filter(|f| f.tool == "mkdocs") {
        let serves_here =
            mkdocs.content_dir.trim_end_matches('/') == content_dir.trim_end_matches('/');
        let outline = mkdocs
            .nav
            .as_ref()
            .filter(|_| serves_here)
            .map(|nav| from_mkdocs_nav(nav, &mkdocs.file));
        return (outline, Vec::new());
    }
    // MkDocs' config is looked for first: when it is there but not read, say why.
    if let Err(message) = crate::config::foreign::read(root, "mkdocs") {
        let warning = Diagnostic::warning(Path::new("mkdocs.yml"), 0, 0, message)
            .with_hint("the sidebar follows weights and titles instead")
            .with_code("outline-unread");
        return (None, vec![warning]);
    }
    let summary = root.join(content_dir).join(SUMMARY);
    if let Ok(text) = crate::files::read_to_string(&summary) {
        let shown = Path::new(content_dir).join(SUMMARY);
        let outline = from_summary(&text, &shown.to_string_lossy());
        return (Some(outline), Vec::new());
    }
    (None, Vec::new())
}

/// MkDocs' `nav`: a list whose items are a path, `Title: path`, or `Title: [items]` (a
/// section); `Title: https://...` is an external link (not a page).
pub fn from_mkdocs_nav(nav: &serde_json::Value, shown: &str) -> Outline {
    let mut outline = Outline {
        source: shown.to_string(),
        ..Outline::default()
    };
    if let Some(items) = nav.as_array() {
        walk_mkdocs(items, &mut outline);
    }
    outline
}

/// Adds the pages under `items` in order; returns their paths, for the section around them.
fn walk_mkdocs(items: &[serde_json::Value], outline: &mut Outline) -> Vec<String> {
    let mut paths = Vec::new();
    for item in items {
        match item {
            serde_json::Value::String(path) => paths.extend(add_page(outline, path, None)),
            serde_json::Value::Object(map) => {
                for (title, target) in map {
                    match target {
                        serde_json::Value::String(path) => {
                            paths.extend(add_page(outline, path, Some(title.clone())));
                        }
                        serde_json::Value::Array(children) => {
                            let inner = walk_mkdocs(children, outline);
                            if let Some(folder) = common_folder(&inner) {
                                outline.folders.entry(folder).or_insert(title.clone());
                            }
                            paths.extend(inner);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    paths
}

/// Records a page at the next position; external links and repeats are left out.
fn add_page(outline: &mut Outline, path: &str, title: Option<String>) -> Option<String> {
    let path = path.trim().trim_start_matches("./");
    if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
        return None;
    }
    let path = path.split('#').next().unwrap_or(path);
    // MkDocs accepts a folder's path for its index page.
    let path = if path.ends_with('/') {
        format!("{path}index.md")
    } else {
        path.to_string()
    };
    if outline.pages.contains_key(&path) {
        return None;
    }
    let position = outline.pages.len();
    outline.pages.insert(
        path.clone(),
        Entry {
            position,
            title: title.filter(|t| !t.trim().is_empty()),
        },
    );
    Some(path)
}

/// The deepest folder holding every one of `paths`, when that is not the top.
fn common_folder(paths: &[String]) -> Option<String> {
    let folder = |p: &str| {
        p.rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    };
    let mut common = folder(paths.first()?);
    for path in &paths[1..] {
        let other = folder(path);
        while !(other == common || other.starts_with(&format!("{common}/"))) {
            common = common
                .rsplit_once('/')
                .map_or(String::new(), |(d, _)| d.to_string());
            if common.is_empty() {
                break;
            }
        }
    }
    (!common.is_empty()).then_some(common)
}

/// mdBook's `SUMMARY.md`: every link in order is a chapter (its text the title); a chapter
/// with an empty target is a draft mdBook lists but does not build. A nested list's pages make
/// their parent chapter's folder a section titled like the chapter.
pub fn from_summary(text: &str, shown: &str) -> Outline {
    let mut outline = Outline {
        source: shown.to_string(),
        consumes: Some(SUMMARY.into()),
        ..Outline::default()
    };
    let mut link: Option<(String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = link.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, title)) = link.take()
                    && !dest.is_empty()
                {
                    add_page(&mut outline, &dest, Some(title.trim().to_string()));
                }
            }
            _ => {}
        }
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(outline: &Outline) -> Vec<(&str, Option<&str>)> {
        let mut pages: Vec<_> = outline.pages.iter().collect();
        pages.sort_by_key(|(_, e)| e.position);
        pages
            .into_iter()
            .map(|(p, e)| (p.as_str(), e.title.as_deref()))
            .collect()
    }

    /// The outline of a root holding `mkdocs.yml` with `yml`, read as a build reads it.
    fn outline_of(yml: &str, content_dir: &str) -> (Option<Outline>, Vec<Diagnostic>) {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("mkdocs.yml"), yml).unwrap();
        let foreign = crate::config::foreign::detect(root.path());
        load(root.path(), content_dir, foreign.as_ref())
    }

    #[test]
    fn mkdocs_nav_gives_order_titles_and_section_names() {
        let yml = "site_name: Ops\ntheme:\n  name: material\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Home: index.md\n  - 'Before an incident':\n      - before/roles.md\n      - Tiers: before/support-tiers.md\n  - Alerts:\n      - alerts/\n      - alerts/disk.md\n  - GitHub: https://github.com/acme/runbooks\n";
        let outline = outline_of(yml, "docs").0.unwrap();
        assert_eq!(
            order(&outline),
            [
                ("index.md", Some("Home")),
                ("before/roles.md", None),
                ("before/support-tiers.md", Some("Tiers")),
                ("alerts/index.md", None),
                ("alerts/disk.md", None),
            ]
        );
        assert_eq!(outline.folders["before"], "Before an incident");
        assert_eq!(outline.folders["alerts"], "Alerts");
    }

    #[test]
    fn a_mkdocs_file_for_another_folder_or_without_nav_gives_no_outline() {
        let yml = "site_name: Ops\ndocs_dir: site-docs\nnav:\n  - index.md\n";
        assert_eq!(outline_of(yml, "docs").0, None);
        assert_eq!(outline_of("site_name: Ops\n", "docs").0, None);
        let (outline, problems) = outline_of("nav: [", "docs");
        assert_eq!(outline, None);
        assert!(problems[0].to_string().contains("line"), "{problems:?}");
    }

    #[test]
    fn summary_chapters_in_order_and_drafts_left_out() {
        let md = "# Summary\n\n[Introduction](README.md)\n\n# Guide\n\n- [Install](guide/README.md)\n  - [On Linux](guide/linux.md)\n  - [Later]()\n- [`kubectl` tips](guide/kubectl%20tips.md)\n\n---\n\n[Contributors](misc/contributors.md)\n";
        let outline = from_summary(md, "src/SUMMARY.md");
        assert_eq!(
            order(&outline),
            [
                ("README.md", Some("Introduction")),
                ("guide/README.md", Some("Install")),
                ("guide/linux.md", Some("On Linux")),
                ("guide/kubectl%20tips.md", Some("kubectl tips")),
                ("misc/contributors.md", Some("Contributors")),
            ]
        );
    }
}
