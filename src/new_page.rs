//! `new`: a page of a kind from the theme's archetype for it (`themes/<name>/archetypes/<kind>.md`,
//! or the built-in one), with its title and today's review date filled in. Never overwrites.

use std::fs;
use std::path::Path;

use crate::content::Kind;
use crate::error::{Error, Result};

/// Writes a new page of `kind` at `path`; `theme_dir` may hold an archetype that replaces the
/// built-in one.
pub fn new_page(
    kind: Kind,
    path: &Path,
    title: Option<&str>,
    theme_dir: &Path,
    today: jiff::civil::Date,
) -> Result<()> {
    if path.extension().is_none_or(|e| e != "md") {
        return Err(Error::usage(
            format!("{} is not a Markdown file", path.display()),
            Some("give the page a .md name".into()),
        ));
    }
    if path.exists() {
        return Err(Error::usage(
            format!(
                "{} already exists; refusing to overwrite it",
                path.display()
            ),
            None,
        ));
    }
    let name = format!("{}.md", kind.as_str());
    let archetype = match crate::files::read_to_string(&theme_dir.join("archetypes").join(&name)) {
        Ok(text) => text,
        Err(_) => crate::theme::default_theme()
            .get_file(format!("archetypes/{name}"))
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| Error::usage(format!("no archetype for {}", kind.as_str()), None))?
            .to_string(),
    };
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("page");
    let title = title.map_or_else(|| crate::site::url::humanize(stem), str::to_string);
    if title.chars().any(char::is_control) {
        return Err(Error::usage(
            "the title holds a line break or another control character",
            Some("give a title of one line: --title \"Disk full on db-1\"".into()),
        ));
    }
    // TOML strings (and YAML's double-quoted ones): the title goes between quotes, so quotes
    // and backslashes are escaped.
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = archetype
        .replace("{{ title }}", &escaped)
        .replace("{{ today }}", &today.to_string());
    // A theme's own archetype may put the title where this escaping is not enough: the page is
    // written only when it reads back with the title given.
    match crate::content::front_matter::split(path, &text) {
        Ok(split) if split.front.title.as_deref().is_none_or(|t| t == title) => {}
        _ => {
            return Err(Error::usage(
                format!(
                    "a page made from the {name} archetype with this title would not read back"
                ),
                Some("leave quotes and backslashes out of the title, or fix the archetype".into()),
            ));
        }
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    // create_new: a file that appeared meanwhile is still not overwritten.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(path, e))
}
